import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, failedConditions, isConditionFailed, queryAll, tableName } from "../dynamo";
import { DIRECTORY_SHARDS, shardOf, sortKeys } from "./directory-rank";
import { DirectoryEntry, type DirectorySort, Interests } from "./schema";

/** Key formats (see dynamo/README.md). */
const keys = {
  entry: (creatorId: string, scope: string) => ({ pk: `DIRECTORY#${creatorId}`, sk: `SCOPE#${scope}` }),
  creator: (creatorId: string) => `DIRECTORY#${creatorId}`,
  /** One index partition per scope and shard, on gsi1 (by followers) and gsi2 (by activity). */
  listing: (scope: string, shard: number) => `CREATORS#${scope}#${shard}`,
  interests: (userId: string) => ({ pk: `USER#${userId}`, sk: "INTERESTS" }),
  /** A creator's published guides per category: one count item per category, one marker per guide counted. */
  categories: (creatorId: string) => `DIRCAT#${creatorId}`,
  categoryCount: (creatorId: string, category: string) => ({
    pk: `DIRCAT#${creatorId}`,
    sk: `COUNT#${category}`,
  }),
  categoryGuide: (creatorId: string, category: string, guideId: string) => ({
    pk: `DIRCAT#${creatorId}`,
    sk: `GUIDE#${category}#${guideId}`,
  }),
};

const CountItem = z.object({ sk: z.string(), published: z.number().int() });

/** Which index serves which sort. */
const indexOf = { followers: "gsi1", active: "gsi2" } as const satisfies Record<DirectorySort, string>;

const EntryItem = DirectoryEntry.extend({ type: z.literal("directory_entry") }).transform(
  ({ type: _type, ...entry }): DirectoryEntry => entry,
);

/** A stored entry with its index keys; an unlisted entry (suspended creator) carries none, so it leaves both. */
function itemOf(entry: DirectoryEntry) {
  const partition = keys.listing(entry.scope, shardOf(entry.creatorId));
  return {
    ...keys.entry(entry.creatorId, entry.scope),
    type: "directory_entry",
    ...entry,
    ...(entry.listed && {
      gsi1pk: partition,
      gsi1sk: sortKeys.followers(entry),
      gsi2pk: partition,
      gsi2sk: sortKeys.active(entry),
    }),
  };
}

export class DirectoryRaceError extends Error {
  constructor(creatorId: string, options: { cause: unknown }) {
    super(`The directory entry of ${creatorId} changed while it was being written`, options);
  }
}

export const DiscoveryStore = {
  /** AP241: a creator's directory entries, one per scope (consistent: the refresh decides on them). */
  async entriesOf(creatorId: string): Promise<DirectoryEntry[]> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.creator(creatorId) },
      ConsistentRead: true,
    });
    return items.map((item) => EntryItem.parse(item));
  },

  /**
   * AP242: writes one entry, only if it is still as `seen` (its `lastPublishedAt`, or absent), so of two
   * racing refreshes one wins and the other throws; the stream then redelivers it and it decides again.
   */
  async putEntry(entry: DirectoryEntry, seen: DirectoryEntry | undefined): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: itemOf(entry),
          ...(seen
            ? {
                ConditionExpression: "lastPublishedAt = :seen",
                ExpressionAttributeValues: { ":seen": seen.lastPublishedAt },
              }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new DirectoryRaceError(entry.creatorId, { cause: error });
      throw error;
    }
  },

  /**
   * AP243 (followers) / AP244 (active): the first `limit` listed creators of a scope before a sort key,
   * merged from every shard's index partition (one Query each, descending, `limit` items at most).
   */
  async page(
    scope: string,
    sort: DirectorySort,
    before: string | undefined,
    limit: number,
  ): Promise<{ entries: DirectoryEntry[]; last: string | undefined }> {
    const index = indexOf[sort];
    const shards = await Promise.all(
      Array.from({ length: DIRECTORY_SHARDS }, (_, shard) =>
        dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: index,
            KeyConditionExpression: `#pk = :pk${before ? " AND #sk < :before" : ""}`,
            ExpressionAttributeNames: { "#pk": `${index}pk`, ...(before ? { "#sk": `${index}sk` } : {}) },
            ExpressionAttributeValues: {
              ":pk": keys.listing(scope, shard),
              ...(before ? { ":before": before } : {}),
            },
            ScanIndexForward: false,
            Limit: limit,
          }),
        ),
      ),
    );
    const sortKey = `${index}sk`;
    const merged = shards
      .flatMap((found) => found.Items ?? [])
      .map((item) => ({ key: z.string().parse(item[sortKey]), entry: EntryItem.parse(item) }))
      .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
    const taken = merged.slice(0, limit);
    const more = merged.length > limit || shards.some((found) => found.LastEvaluatedKey);
    return { entries: taken.map((row) => row.entry), last: more ? taken.at(-1)?.key : undefined };
  },

  /** AP245: a user's chosen interests. */
  async interests(userId: string): Promise<Interests> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.interests(userId) }),
    );
    return found.Item ? Interests.parse(found.Item) : { categories: [] };
  },

  /** AP245 (write): replaces a user's interests whole. */
  async setInterests(userId: string, interests: Interests, at: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.interests(userId), type: "interests", userId, ...interests, updatedAt: at },
      }),
    );
  },

  /**
   * AP332: a creator's count of public guides per category (absent: never counted, see Discovery.refreshCreator),
   * at most one item per category.
   */
  async categoryCounts(creatorId: string): Promise<Map<string, number>> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :count)",
      ExpressionAttributeValues: { ":pk": keys.categories(creatorId), ":count": "COUNT#" },
      ConsistentRead: true,
    });
    return new Map(
      items
        .map((item) => CountItem.parse(item))
        .map((item) => [item.sk.slice("COUNT#".length), item.published]),
    );
  },

  /**
   * AP331: counts a public guide in (`+1`) or out of (`-1`) a category of its creator, with the guide's marker
   * in the same transaction: the marker's condition makes a redelivered record count nothing twice. Answers
   * false when it was counted so already.
   */
  async countInCategory(
    creatorId: string,
    category: string,
    guideId: string,
    delta: 1 | -1,
    at: string,
  ): Promise<boolean> {
    const marker = keys.categoryGuide(creatorId, category, guideId);
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            delta === 1
              ? {
                  Put: {
                    TableName: tableName(),
                    Item: { ...marker, type: "directory_category_guide", creatorId, category, guideId },
                    ConditionExpression: "attribute_not_exists(pk)",
                  },
                }
              : {
                  Delete: {
                    TableName: tableName(),
                    Key: marker,
                    ConditionExpression: "attribute_exists(pk)",
                  },
                },
            {
              Update: {
                TableName: tableName(),
                Key: keys.categoryCount(creatorId, category),
                UpdateExpression:
                  "ADD published :delta SET #type = :type, creatorId = :creatorId, category = :category, updatedAt = :at",
                ExpressionAttributeNames: { "#type": "type" },
                ExpressionAttributeValues: {
                  ":delta": delta,
                  ":type": "directory_category_count",
                  ":creatorId": creatorId,
                  ":category": category,
                  ":at": at,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.includes(0)) return false;
      throw error;
    }
  },

  /**
   * AP342: a creator's count in `category` made to exist, at 0 when it did not (ADD 0 changes nothing
   * otherwise): the upgrade backfill's way of saying "counted, and none", for a creator with no public guide.
   */
  async ensureCount(creatorId: string, category: string, at: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.categoryCount(creatorId, category),
        UpdateExpression:
          "ADD published :zero SET #type = :type, creatorId = :creatorId, category = :category, updatedAt = if_not_exists(updatedAt, :at)",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: {
          ":zero": 0,
          ":type": "directory_category_count",
          ":creatorId": creatorId,
          ":category": category,
          ":at": at,
        },
      }),
    );
  },

  /** AP242 (delete): a scope the creator left, only if still as `seen` (as putEntry). */
  async deleteEntry(seen: DirectoryEntry): Promise<void> {
    try {
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.entry(seen.creatorId, seen.scope),
          ConditionExpression: "lastPublishedAt = :seen",
          ExpressionAttributeValues: { ":seen": seen.lastPublishedAt },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new DirectoryRaceError(seen.creatorId, { cause: error });
      throw error;
    }
  },
};
