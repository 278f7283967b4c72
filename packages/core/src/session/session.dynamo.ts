import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, tableName } from "../dynamo";
import type { Session } from "./index";

const key = (tokenDigest: string) => ({ pk: `SESSION#${tokenDigest}`, sk: "SESSION" });

const StoredSession = z.object({ userId: z.string(), createdAt: z.string(), expiresAt: z.string() });

export const SessionStore = {
  async put(tokenDigest: string, session: Session.Info): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key(tokenDigest),
          type: "session",
          ...session,
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

  async delete(tokenDigest: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: key(tokenDigest) }));
  },
};
