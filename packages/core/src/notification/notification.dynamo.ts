import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, failedConditions, type Page, pagedQuery, queryAll, tableName } from "../dynamo";
import { Info } from "./schema";

/**
 * `NOTIFY#<userId>` / `N#<id>`: the id starts with when the thing happened and ends with a digest of the
 * source event (see Notification.idFor), so the list sorts newest first and a redelivered event writes the
 * same key, which the conditional put refuses.
 */
const keys = {
  notification: (userId: string, id: string) => ({ pk: `NOTIFY#${userId}`, sk: `N#${id}` }),
  unread: (userId: string) => ({ pk: `NOTIFY#${userId}`, sk: "UNREAD" }),
};

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
};
