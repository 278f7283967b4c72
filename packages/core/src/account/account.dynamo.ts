import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, isConditionFailed, tableName } from "../dynamo";
import { StoredToken, type TokenPurpose } from "./schema";

/** `TOKEN#<purpose>#<sha256(token)>`: the purpose in the key, so a reset token cannot verify an email. */
const key = (purpose: TokenPurpose, tokenDigest: string) => ({
  pk: `TOKEN#${purpose}#${tokenDigest}`,
  sk: "TOKEN",
});

export const AccountStore = {
  /** AP208: stores a mailed token's digest; TTL removes it a day after it expires. */
  async putToken(tokenDigest: string, token: StoredToken): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key(token.purpose, tokenDigest),
          type: "account_token",
          ...token,
          ttl: Math.floor(Date.parse(token.expiresAt) / 1000) + 86_400,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  /** AP208: reads a token without using it up (to check it before a password is judged). */
  async getToken(purpose: TokenPurpose, tokenDigest: string): Promise<StoredToken | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: key(purpose, tokenDigest), ConsistentRead: true }),
    );
    return found.Item ? StoredToken.parse(found.Item) : undefined;
  },

  /**
   * AP208: uses a token up. A conditional delete returning the old item: of two racing uses exactly one
   * gets the token back, the other undefined, so a token works once.
   */
  async takeToken(purpose: TokenPurpose, tokenDigest: string): Promise<StoredToken | undefined> {
    try {
      const taken = await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: key(purpose, tokenDigest),
          ConditionExpression: "attribute_exists(pk)",
          ReturnValues: "ALL_OLD",
        }),
      );
      return taken.Attributes ? StoredToken.parse(taken.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  },
};
