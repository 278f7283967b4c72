import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, failedConditions, tableName } from "../dynamo";
import * as SigningSecret from "./schema";

/**
 * Key formats (see dynamo/README.md):
 * - secret `BRAND#<brandId>` / `SECRET#<secretId>`; `sealed` is the AES-256-GCM ciphertext, never the value
 * - active counter `BRAND#<brandId>` / `SECRETS#<kind>`, `active` = number of unrevoked secrets of that kind
 */
const keys = {
  secret: (brandId: string, secretId: string) => ({ pk: `BRAND#${brandId}`, sk: `SECRET#${secretId}` }),
  counter: (brandId: string, kind: string) => ({ pk: `BRAND#${brandId}`, sk: `SECRETS#${kind}` }),
};

let stored: z.ZodType<{ info: SigningSecret.Info; sealed: string }> | undefined;
const Stored = () =>
  (stored ??= SigningSecret.Info.extend({ sealed: z.string() }).transform(({ sealed, ...info }) => ({
    info,
    sealed,
  })));

export const SigningSecretStore = {
  /**
   * AP48 (insert): the secret and its kind's counter in one transaction; the counter only goes up while it
   * is below `max`, so two concurrent creations can never leave three active secrets.
   */
  async insert(info: SigningSecret.Info, sealed: string, max: number): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.counter(info.brandId, info.kind),
                UpdateExpression: "SET #type = :type ADD active :one",
                ConditionExpression: "attribute_not_exists(active) OR active < :max",
                ExpressionAttributeNames: { "#type": "type" },
                ExpressionAttributeValues: { ":type": "secret_counter", ":one": 1, ":max": max },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.secret(info.brandId, info.id), type: "signing_secret", ...info, sealed },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) throw new SigningSecret.TooManySecretsError();
      throw error;
    }
  },

  /** AP49: a brand's secrets (a handful), each with its sealed value. Strongly consistent: a revoke is final at once. */
  async list(brandId: string): Promise<{ info: SigningSecret.Info; sealed: string }[]> {
    const found = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :secret)",
        ExpressionAttributeValues: { ":pk": `BRAND#${brandId}`, ":secret": "SECRET#" },
        ConsistentRead: true,
      }),
    );
    return (found.Items ?? []).map((item) => Stored().parse(item));
  },

  /** AP48 (revoke): mark it revoked and free its slot, only if it was still active. */
  async revoke(info: SigningSecret.Info, revokedAt: string): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.secret(info.brandId, info.id),
                UpdateExpression: "SET revokedAt = :at",
                ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
                ExpressionAttributeValues: { ":at": revokedAt },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.counter(info.brandId, info.kind),
                UpdateExpression: "ADD active :minusOne",
                ExpressionAttributeValues: { ":minusOne": -1 },
              },
            },
          ],
        }),
      );
    } catch (error) {
      // Revoked concurrently by someone else: the outcome the caller wanted.
      if (failedConditions(error)?.includes(0)) return;
      throw error;
    }
  },
};
