import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, failedConditions, type Page, pagedQuery, queryAll, queryUpTo, tableName } from "../dynamo";
import { Info, PreferencesInput } from "./schema";

/**
 * `NOTIFY#<userId>` / `N#<id>`: the id starts with when the thing happened and ends with a digest of the
 * source event (see Notification.idFor), so the list sorts newest first and a redelivered event writes the
 * same key, which the conditional put refuses.
 */
const keys = {
  notification: (userId: string, id: string) => ({ pk: `NOTIFY#${userId}`, sk: `N#${id}` }),
  unread: (userId: string) => ({ pk: `NOTIFY#${userId}`, sk: "UNREAD" }),
  preferences: (userId: string) => ({ pk: `NOTIFY#${userId}`, sk: "PREFS" }),
  /** One person owed a digest for one UTC day: the day's bucket is due once the day is over. */
  digest: (day: string, userId: string) => ({ pk: `DIGEST#${day}`, sk: userId }),
};

/** The bound of one day's digest reading: more feed items than this in a day are summarised as "and more". */
const DIGEST_ITEMS = 50;

const Stored = Info.extend({ pk: z.string(), sk: z.string() });
const toNotification = (item: Record<string, unknown>): Info => {
  const { pk: _pk, sk: _sk, ...notification } = Stored.parse(item);
  return notification;
};

export const NotificationStore = {
  /**
   * AP211: adds a notification and counts it unread, both or neither. False when it already exists (the
   * same source event delivered again).
   */
  async add(userId: string, notification: Info): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.notification(userId, notification.id),
                  type: "notification",
                  userId,
                  ...notification,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.unread(userId),
                UpdateExpression: "SET #type = :type ADD unread :one",
                ExpressionAttributeNames: { "#type": "type" },
                ExpressionAttributeValues: { ":type": "notification_unread", ":one": 1 },
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

  /** AP210: a person's notifications, newest first (the unread counter item is not among them). */
  list(userId: string, cursor: string | undefined, limit: number): Promise<Page<Info>> {
    return pagedQuery({
      pattern: "AP210",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :n)",
        ExpressionAttributeValues: { ":pk": `NOTIFY#${userId}`, ":n": "N#" },
        ScanIndexForward: false,
      },
      cursor,
      limit,
      parse: toNotification,
    });
  },

  /** AP213: the unread count. */
  async unread(userId: string): Promise<number> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.unread(userId), ConsistentRead: true }),
    );
    const unread = Number(found.Item?.unread ?? 0);
    return Math.max(0, unread);
  },

  /** AP210 (bounded by what is unread): every unread notification's key, to mark all read. */
  async unreadIds(userId: string): Promise<string[]> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :n)",
      FilterExpression: "#read = :no",
      ExpressionAttributeNames: { "#read": "read" },
      ExpressionAttributeValues: { ":pk": `NOTIFY#${userId}`, ":n": "N#", ":no": false },
      ProjectionExpression: "sk",
    });
    return items.map((item) => z.string().parse(item.sk).slice("N#".length));
  },

  /** AP212: one notification read and the counter down by one, only if it was unread (so never twice). */
  async markRead(userId: string, id: string): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.notification(userId, id),
                UpdateExpression: "SET #read = :yes",
                ConditionExpression: "attribute_exists(pk) AND #read = :no",
                ExpressionAttributeNames: { "#read": "read" },
                ExpressionAttributeValues: { ":yes": true, ":no": false },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.unread(userId),
                UpdateExpression: "ADD unread :minus",
                ExpressionAttributeValues: { ":minus": -1 },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!failedConditions(error)?.includes(0)) throw error;
    }
  },

  /** AP280: a person's stored notification choices (only the kinds they changed). */
  async preferences(userId: string): Promise<PreferencesInput> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.preferences(userId), ConsistentRead: true }),
    );
    return PreferencesInput.parse(found.Item?.preferences ?? {});
  },

  /** AP280: stores a person's choices whole (the domain merged them). */
  async putPreferences(userId: string, preferences: PreferencesInput): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.preferences(userId), type: "notification_preferences", userId, preferences },
      }),
    );
  },

  /** AP281: the person is owed the digest of that day (a plain put: the same entry twice is one entry). */
  async enterDigest(day: string, userId: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.digest(day, userId), type: "notification_digest", day, userId },
      }),
    );
  },

  /** AP281: the day's digest was mailed (or had nothing left to say). */
  async leaveDigest(day: string, userId: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.digest(day, userId) }));
  },

  /** AP282: who is still owed one day's digest, at most `max` of them (the job resumes with the rest). */
  async owedDigest(day: string, max: number): Promise<string[]> {
    const { items } = await queryUpTo(
      {
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `DIGEST#${day}` },
        ProjectionExpression: "sk",
      },
      max,
    );
    return items.map((item) => z.string().parse(item.sk));
  },

  /**
   * AP283: one person's unread feed items of one time range (notification ids start with their time, so
   * the range is a key condition), oldest first, at most DIGEST_ITEMS, and whether there are more.
   */
  async unreadFeedItems(
    userId: string,
    fromId: string,
    toId: string,
  ): Promise<{ items: Info[]; complete: boolean }> {
    const { items, complete } = await queryUpTo(
      {
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        FilterExpression: "#read = :no AND kind = :kind",
        ExpressionAttributeNames: { "#read": "read" },
        ExpressionAttributeValues: {
          ":pk": `NOTIFY#${userId}`,
          ":from": `N#${fromId}`,
          ":to": `N#${toId}`,
          ":no": false,
          ":kind": "guide_published",
        },
      },
      DIGEST_ITEMS,
    );
    return { items: items.map(toNotification), complete };
  },
};
