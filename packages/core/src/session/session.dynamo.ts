import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, queryAll, tableName } from "../dynamo";
import type * as Session from "./schema";

const key = (tokenDigest: string) => ({ pk: `SESSION#${tokenDigest}`, sk: "SESSION" });

const StoredSession = z.object({ userId: z.string(), createdAt: z.string(), expiresAt: z.string() });
const ListedSession = StoredSession.extend({ pk: z.string().startsWith("SESSION#") }).transform(
  ({ pk, ...session }) => ({ ...session, tokenDigest: pk.slice("SESSION#".length) }),
);

export const SessionStore = {
  async put(tokenDigest: string, session: Session.Info): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key(tokenDigest),
          type: "session",
          ...session,
          // AP209: a user's sessions, oldest first (sign out everywhere, the sessions list).
          gsi1pk: `SESSIONS#${session.userId}`,
          gsi1sk: `${session.createdAt}#${tokenDigest}`,
          ttl: Math.floor(Date.parse(session.expiresAt) / 1000),
        },
      }),
    );
  },

  /** AP4: a session by the digest of its token. */
  async get(tokenDigest: string): Promise<Session.Info | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key(tokenDigest) }));
    return found.Item ? StoredSession.parse(found.Item) : undefined;
  },

  /**
   * AP209: every session of a user (bounded: 30-day sessions expire, TTL removes them). Sessions made before
   * this index existed carry no gsi1 keys and are not listed; they expire on their own.
   */
  async listForUser(userId: string): Promise<(Session.Info & { tokenDigest: string })[]> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": `SESSIONS#${userId}` },
    });
    return items.map((item) => ListedSession.parse(item));
  },

  async delete(tokenDigest: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: key(tokenDigest) }));
  },
};
