import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { dynamo, isConditionFailed, tableName } from "../dynamo";
import { createId } from "../util/id";
import { CaughtMail, type SuppressionReason } from "./schema";

/** Key formats (see dynamo/README.md). */
const keys = {
  sent: (eventId: string) => ({ pk: `MAILSENT#${eventId}`, sk: "MAILSENT" }),
  suppression: (email: string) => ({ pk: `SUPPRESS#${email}`, sk: "SUPPRESS" }),
  caught: (to: string, at: string) => ({ pk: `DEVMAIL#${to}`, sk: `${at}#${createId("eml")}` }),
};

/** The send log outlives any redelivery window (stream records live 24 hours, jobs retry for days). */
const SENT_LOG_DAYS = 30;
/** The dev mailbox keeps a week. */
const CAUGHT_DAYS = 7;

/** Where caught mail is stored: the platform's own table, or (the tests' shared catcher) a file's table. */
export interface CaughtTarget {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export const MailStore = {
  /**
   * AP206: claims the right to send the mail of one event. A conditional put: exactly one caller (first
   * delivery or any retry, in any process) gets true; everyone after it gets false and sends nothing.
   */
  async claim(eventId: string, to: string, at: Date): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.sent(eventId),
            type: "mail_sent",
            to,
            at: at.toISOString(),
            ttl: Math.floor(at.getTime() / 1000) + SENT_LOG_DAYS * 86_400,
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

  /** AP206: gives a claim back when delivery failed, so the retry of the same event may send. */
  async release(eventId: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.sent(eventId) }));
  },

  /** AP207: is this address suppressed (hard bounce, complaint)? */
  async isSuppressed(email: string): Promise<boolean> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.suppression(email), ProjectionExpression: "pk" }),
    );
    return Boolean(found.Item);
  },

  /** AP207: records a suppression (the first reason and time are kept). */
  async suppress(email: string, reason: SuppressionReason, at: Date): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.suppression(email), type: "mail_suppression", email, reason, at: at.toISOString() },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },

  /** AP205 (write): one mail the local catcher received, kept a week. */
  async recordCaught(mail: CaughtMail, target?: CaughtTarget): Promise<void> {
    // An empty map is left out: the stream decoder cannot read one back from DynamoDB Local.
    const { headers, ...rest } = mail;
    await (target?.client ?? dynamo()).send(
      new PutCommand({
        TableName: target?.tableName ?? tableName(),
        Item: {
          ...keys.caught(mail.to, mail.at),
          type: "dev_mail",
          ...rest,
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          ttl: Math.floor(Date.parse(mail.at) / 1000) + CAUGHT_DAYS * 86_400,
        },
      }),
    );
  },

  /** AP205: the newest 50 mails caught for an address, newest first. */
  async listCaught(to: string): Promise<CaughtMail[]> {
    const found = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `DEVMAIL#${to}` },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    return (found.Items ?? []).map((item) => CaughtMail.parse(item));
  },
};
