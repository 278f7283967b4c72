import { createHash } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, isConditionFailed, queryAll, tableName } from "../dynamo";
import { heatKey } from "./trending";

/** Key formats (see dynamo/README.md). */
const keys = {
  feed: (followerId: string) => `FEED#${followerId}`,
  entry: (followerId: string, position: string) => ({ pk: `FEED#${followerId}`, sk: position }),
  ofGuide: (guideId: string) => `FEEDGUIDE#${guideId}`,
  fromCreator: (followerId: string, creatorId: string) => `FEEDFROM#${followerId}#${creatorId}`,
  size: (followerId: string) => ({ pk: `FEEDSIZE#${followerId}`, sk: "SIZE" }),
  trending: { pk: "TRENDING", sk: "CURRENT" },
  trend: (guideId: string) => ({ pk: `TREND#${guideId}`, sk: "TREND" }),
  /** The hot-guide index is spread over TREND_SHARDS partitions by guide, so no one key takes every like. */
  hot: (guideId: string) =>
    `TRENDING#${(createHash("sha256").update(guideId).digest()[0] ?? 0) % TREND_SHARDS}`,
};

/** Partitions of the hot-guide index (gsi3 `TRENDING#<n>`); the ranking job reads the top of each. */
export const TREND_SHARDS = 16;

/** One guide's heat (see trending.ts) and the engagement it has been credited with. */
export const Trend = z.object({
  guideId: z.string(),
  creatorId: z.string(),
  publishedAt: z.string(),
  /** log2 of the heat; orders as the current score. */
  logHeat: z.number(),
  /** The highest like and save counts credited: an unlike and a like again add nothing twice. */
  likes: z.number().int(),
  saves: z.number().int(),
  clicks: z.number().int(),
});
export type Trend = z.infer<typeof Trend>;

/** A conditional write lost to a concurrent one: read again and decide again. */
export class TrendMovedError extends Error {
  constructor(guideId: string) {
    super(`The trend of ${guideId} moved while it was being updated`);
  }
}

export interface FeedEntry {
  followerId: string;
  guideId: string;
  creatorId: string;
  position: string;
}

const EntryItem = z.object({
  followerId: z.string(),
  guideId: z.string(),
  creatorId: z.string(),
  position: z.string(),
});

const Size = z.object({ size: z.number().int() });

export const TrendingList = z.object({
  computedAt: z.string(),
  entries: z.array(z.object({ guideId: z.string(), score: z.number() })),
});
export type TrendingList = z.infer<typeof TrendingList>;

export const FeedStore = {
  /**
   * AP17 (write): one feed entry, conditional on not being there yet, so a redelivered fan-out neither
   * duplicates the entry nor counts it twice. Answers whether it was new.
   */
  async putEntry(entry: FeedEntry): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.entry(entry.followerId, entry.position),
            type: "feed_entry",
            gsi1pk: keys.ofGuide(entry.guideId),
            gsi1sk: keys.feed(entry.followerId),
            gsi2pk: keys.fromCreator(entry.followerId, entry.creatorId),
            gsi2sk: entry.position,
            ...entry,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP17 (delete): answers whether it was there, so the size counter only moves for real removals. */
  async deleteEntry(followerId: string, position: string): Promise<boolean> {
    try {
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.entry(followerId, position),
          ConditionExpression: "attribute_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP18: how many entries a follower's stored feed holds (approximate under crashes; only drives trimming). */
  async addToSize(followerId: string, delta: number): Promise<number> {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.size(followerId),
        UpdateExpression: "SET #type = :type ADD size :delta",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: { ":type": "feed_size", ":delta": delta },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Size.parse(result.Attributes).size;
  },

  /** AP17: a follower's stored feed before a position, newest first. */
  async page(
    followerId: string,
    before: string | undefined,
    limit: number,
    order: "newest" | "oldest" = "newest",
  ): Promise<{ entries: FeedEntry[]; more: boolean }> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: `pk = :pk${before ? " AND sk < :before" : ""}`,
        ExpressionAttributeValues: { ":pk": keys.feed(followerId), ...(before ? { ":before": before } : {}) },
        ScanIndexForward: order === "oldest",
        Limit: limit,
      }),
    );
    return {
      entries: (page.Items ?? []).map((item) => EntryItem.parse(item)),
      more: !!page.LastEvaluatedKey,
    };
  },

  /** AP19: every feed entry of one guide, across all followers (gsi1), to retract it. */
  async entriesOfGuide(guideId: string): Promise<FeedEntry[]> {
    return entriesOf({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk" }, keys.ofGuide(guideId));
  },

  /** AP160: a follower's feed entries from one creator (gsi2), to remove them on unfollow. */
  async entriesFromCreator(followerId: string, creatorId: string): Promise<FeedEntry[]> {
    return entriesOf(
      { IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk" },
      keys.fromCreator(followerId, creatorId),
    );
  },

  /** AP161: the precomputed trending list. */
  async trending(): Promise<TrendingList | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.trending }));
    return found.Item ? TrendingList.parse(found.Item) : undefined;
  },

  /** AP174: one guide's heat (consistent: it is read to be updated). */
  async trend(guideId: string): Promise<Trend | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.trend(guideId), ConsistentRead: true }),
    );
    return found.Item ? Trend.parse(found.Item) : undefined;
  },

  /**
   * AP175: store a guide's new heat, on condition it is still the one read (two updates racing on one
   * guide cannot lose one's points), and file it in the hot-guide index under its heat. Kept until 30 days
   * after publishing (the trending list looks back that far at most).
   */
  async putTrend(trend: Trend, read: Trend | undefined): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.trend(trend.guideId),
            type: "trend",
            ...trend,
            gsi3pk: keys.hot(trend.guideId),
            gsi3sk: `${heatKey(trend.logHeat)}#${trend.guideId}`,
            ttl: Math.floor(Date.parse(trend.publishedAt) / 1000) + 30 * 86_400,
          },
          ConditionExpression: read
            ? "logHeat = :read AND publishedAt = :publishedAt"
            : "attribute_not_exists(pk)",
          ...(read
            ? { ExpressionAttributeValues: { ":read": read.logHeat, ":publishedAt": read.publishedAt } }
            : {}),
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new TrendMovedError(trend.guideId);
      throw error;
    }
  },

  /** AP175 (delete): a guide that left its published state leaves the index. */
  async deleteTrend(guideId: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.trend(guideId) }));
  },

  /** AP176: the hottest guides of one index partition, hottest first (a bounded read: `limit` items). */
  async hottest(shard: number, limit: number): Promise<Trend[]> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk",
        ExpressionAttributeValues: { ":pk": `TRENDING#${shard}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => Trend.parse(item));
  },

  /** AP161 (write): replaces the list whole; two jobs racing both write a valid list, the last one wins. */
  async putTrending(list: TrendingList): Promise<void> {
    await dynamo().send(
      new PutCommand({ TableName: tableName(), Item: { ...keys.trending, type: "trending", ...list } }),
    );
  },
};

async function entriesOf(
  query: { IndexName: string; KeyConditionExpression: string },
  pk: string,
): Promise<FeedEntry[]> {
  const items = await queryAll({
    TableName: tableName(),
    ...query,
    ExpressionAttributeValues: { ":pk": pk },
  });
  return items.map((item) => EntryItem.parse(item));
}
