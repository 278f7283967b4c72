import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  batchGet,
  dynamo,
  failedConditions,
  isConditionFailed,
  queryUpTo,
  retryOnConflict,
  tableName,
} from "../dynamo";
import { ImageView } from "../image/schema";
import { Clock } from "../util/clock";
import type * as Profile from "./schema";

/** Key formats (see dynamo/README.md). */
const keys = {
  profile: (userId: string) => ({ pk: `USER#${userId}`, sk: "PROFILE" }),
  follow: (followerId: string, creatorId: string) => ({
    pk: `USER#${followerId}`,
    sk: `FOLLOWS#${creatorId}`,
  }),
  followersOf: (creatorId: string) => `FOLLOWERS#${creatorId}`,
};

// Counters are created by ADD on an absent item, so a profile may hold counts and nothing else yet.
const StoredItem = z
  .object({
    userId: z.string(),
    bio: z.string().default(""),
    avatarUrl: z.string().nullable().default(null),
    links: z.array(z.object({ label: z.string(), url: z.string() })).default([]),
    avatar: ImageView.nullable().default(null),
    banner: ImageView.nullable().default(null),
    verified: z.boolean().default(false),
    followerCount: z.number().int().default(0),
    followingCount: z.number().int().default(0),
    fanoutMode: z.enum(["push", "pull"]).optional(),
    fanoutModeAt: z.string().optional(),
    suspendedAt: z.string().optional(),
  })
  .transform((item): Profile.Stored => item);

const FollowItem = z.object({ followerId: z.string(), creatorId: z.string() });

/** Every profile write names itself and its owner, so an ADD-created item is still a typed profile. */
const ownProfile = "#type = :profile, userId = :userId";

function counterUpdate(userId: string, counter: "followerCount" | "followingCount", delta: 1 | -1) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.profile(userId),
      UpdateExpression: `SET ${ownProfile} ADD ${counter} :delta`,
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":profile": "profile", ":userId": userId, ":delta": delta },
    },
  };
}

export const ProfileStore = {
  /** AP6: a user's profile. */
  async get(userId: string): Promise<Profile.Stored | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.profile(userId) }));
    return found.Item ? StoredItem.parse(found.Item) : undefined;
  },

  /** AP6 (batch): many profiles by user id. */
  async getMany(userIds: string[]): Promise<Map<string, Profile.Stored>> {
    const items = await batchGet([...new Set(userIds)].map(keys.profile));
    return new Map(items.map((item) => StoredItem.parse(item)).map((profile) => [profile.userId, profile]));
  },

  /** AP6 (write): sets only the fields given; counters and badge are untouched. */
  async update(userId: string, fields: Partial<Profile.Fields>): Promise<void> {
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
    const sets = entries.map((_entry, index) => `#f${index} = :f${index}`);
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.profile(userId),
        UpdateExpression: `SET ${[ownProfile, ...sets].join(", ")}`,
        ExpressionAttributeNames: {
          "#type": "type",
          ...Object.fromEntries(entries.map(([name], index) => [`#f${index}`, name])),
        },
        ExpressionAttributeValues: {
          ":profile": "profile",
          ":userId": userId,
          ...Object.fromEntries(entries.map(([, value], index) => [`:f${index}`, value])),
        },
      }),
    );
  },

  async setVerified(userId: string, verified: boolean): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.profile(userId),
        UpdateExpression: `SET ${ownProfile}, verified = :verified`,
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: { ":profile": "profile", ":userId": userId, ":verified": verified },
      }),
    );
  },

  /**
   * AP7 (write): the follow item and both counters in one transaction. The put is conditional on the
   * follow not existing, so a repeated follow cancels the whole transaction and no counter moves: counts
   * always equal the follow items. A lost race on a hot counter is retried.
   */
  async follow(followerId: string, creatorId: string): Promise<void> {
    const followedAt = Clock.now().toISOString();
    try {
      await retryOnConflict(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName(),
                  Item: {
                    ...keys.follow(followerId, creatorId),
                    type: "follow",
                    gsi1pk: keys.followersOf(creatorId),
                    gsi1sk: `${followedAt}#${followerId}`,
                    followerId,
                    creatorId,
                    followedAt,
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              counterUpdate(creatorId, "followerCount", 1),
              counterUpdate(followerId, "followingCount", 1),
            ],
          }),
        ),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) return; // already following
      throw error;
    }
  },

  /** AP7 (delete): the mirror of follow; the delete is conditional on the follow existing. */
  async unfollow(followerId: string, creatorId: string): Promise<void> {
    try {
      await retryOnConflict(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: tableName(),
                  Key: keys.follow(followerId, creatorId),
                  ConditionExpression: "attribute_exists(pk)",
                },
              },
              counterUpdate(creatorId, "followerCount", -1),
              counterUpdate(followerId, "followingCount", -1),
            ],
          }),
        ),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) return; // was not following
      throw error;
    }
  },

  /**
   * AP180: switch a creator's fan-out mode. Conditional on the mode still being the one decided from (or
   * still unset) and on the last switch being old enough (the cool-down), so concurrent deciders switch
   * once and a switch cannot follow another within the cool-down.
   */
  async switchFanoutMode(
    creatorId: string,
    change: { from: "push" | "pull" | undefined; to: "push" | "pull"; at: Date; lastSwitchNotAfter: Date },
  ): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.profile(creatorId),
          UpdateExpression: `SET ${ownProfile}, #mode = :to, #modeAt = :at`,
          ConditionExpression: `${change.from ? "#mode = :from" : "attribute_not_exists(#mode)"} AND (attribute_not_exists(#modeAt) OR #modeAt <= :edge)`,
          ExpressionAttributeNames: { "#type": "type", "#mode": "fanoutMode", "#modeAt": "fanoutModeAt" },
          ExpressionAttributeValues: {
            ":profile": "profile",
            ":userId": creatorId,
            ":to": change.to,
            ":at": change.at.toISOString(),
            ":edge": change.lastSwitchNotAfter.toISOString(),
            ...(change.from ? { ":from": change.from } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP7: does this follow exist. */
  async isFollowing(followerId: string, creatorId: string): Promise<boolean> {
    const found = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.follow(followerId, creatorId),
        ConsistentRead: true,
      }),
    );
    return found.Item !== undefined;
  },

  /**
   * AP8: the first `max` creators a user follows (by creator id), and whether that is all of them. Paged
   * reads stop at `max`, so the cost is bounded however many creators the user follows.
   */
  async followedCreatorIds(followerId: string, max: number): Promise<{ ids: string[]; complete: boolean }> {
    const { items, complete } = await queryUpTo(
      {
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :follows)",
        ExpressionAttributeValues: { ":pk": `USER#${followerId}`, ":follows": "FOLLOWS#" },
      },
      max,
    );
    return { ids: items.map((item) => FollowItem.parse(item).creatorId), complete };
  },

  /** AP223: which of these creators the user follows (BatchGetItem of the follow items). */
  async followsAmong(followerId: string, creatorIds: string[]): Promise<Set<string>> {
    const items = await batchGet(
      [...new Set(creatorIds)].map((creatorId) => keys.follow(followerId, creatorId)),
    );
    return new Set(items.map((item) => FollowItem.parse(item).creatorId));
  },

  /** AP9: a creator's followers, one page at a time (gsi1). */
  async followersPage(
    creatorId: string,
    after: Record<string, unknown> | undefined,
  ): Promise<{ followerIds: string[]; next: Record<string, unknown> | undefined }> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.followersOf(creatorId) },
        ExclusiveStartKey: after,
        Limit: 500,
      }),
    );
    return {
      followerIds: (page.Items ?? []).map((item) => FollowItem.parse(item).followerId),
      next: page.LastEvaluatedKey,
    };
  },
};
