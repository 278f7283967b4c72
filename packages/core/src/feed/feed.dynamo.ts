import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, isConditionFailed, queryAll, tableName } from "../dynamo";

/** Key formats (see dynamo/README.md). */
const keys = {
  feed: (followerId: string) => `FEED#${followerId}`,
  entry: (followerId: string, position: string) => ({ pk: `FEED#${followerId}`, sk: position }),
  ofGuide: (guideId: string) => `FEEDGUIDE#${guideId}`,
  fromCreator: (followerId: string, creatorId: string) => `FEEDFROM#${followerId}#${creatorId}`,
  size: (followerId: string) => ({ pk: `FEEDSIZE#${followerId}`, sk: "SIZE" }),
  trending: { pk: "TRENDING", sk: "CURRENT" },
};

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
