import { DeleteCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { TransactWriteItem } from "../audit";
import { dynamo, failedConditions, isConditionFailed, tableName } from "../dynamo";
import { Sweep } from "./schema";

/**
 * Key formats (see dynamo/README.md, "Account suspension"): the user `USER#<userId>` / `USER` and profile
 * `USER#<userId>` / `PROFILE` carry `suspendedAt`; the sweep's work item is `ACCOUNTSWEEPS` / `<userId>`.
 */
const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: "USER" }),
  profile: (userId: string) => ({ pk: `USER#${userId}`, sk: "PROFILE" }),
  sweep: (userId: string) => ({ pk: "ACCOUNTSWEEPS", sk: userId }),
};

/** The most sweeps one job run reads: suspensions are human-paced, so a run rarely sees more than a few. */
const SWEEPS_PER_RUN = 100;

const StoredSweep = Sweep.extend({ pk: z.string(), sk: z.string() }).transform(
  ({ pk: _pk, sk: _sk, ...sweep }) => sweep,
);

export class AccountStateChangedError extends Error {}

export const SuspensionStore = {
  /**
   * AP257: suspend (`at` given) or restore (`at` null) in one transaction: the user item `suspendedAt` set
   * only if absent (or removed only if present), the profile's copy likewise (a profile may be missing:
   * the Update makes one holding only that), the sweep item replaced, and the audit entry. A condition that
   * fails means the account was not in the state the action starts from.
   */
  async setSuspended(
    userId: string,
    at: string | null,
    sweep: Sweep,
    audit: TransactWriteItem,
  ): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.user(userId),
                ...(at
                  ? {
                      UpdateExpression: "SET suspendedAt = :at",
                      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(suspendedAt)",
                      ExpressionAttributeValues: { ":at": at },
                    }
                  : {
                      UpdateExpression: "REMOVE suspendedAt",
                      ConditionExpression: "attribute_exists(pk) AND attribute_exists(suspendedAt)",
                    }),
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.profile(userId),
                ...(at
                  ? {
                      UpdateExpression: "SET suspendedAt = :at, #type = :type, userId = :userId",
                      ExpressionAttributeNames: { "#type": "type" },
                      ExpressionAttributeValues: { ":at": at, ":type": "profile", ":userId": userId },
                    }
                  : { UpdateExpression: "REMOVE suspendedAt" }),
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.sweep(userId), type: "account_sweep", ...sweep },
              },
            },
            audit,
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) throw new AccountStateChangedError();
      throw error;
    }
  },

  /** AP258: the sweeps waiting, oldest account id first, at most SWEEPS_PER_RUN (consistent). */
  async listSweeps(): Promise<Sweep[]> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "ACCOUNTSWEEPS" },
        ConsistentRead: true,
        Limit: SWEEPS_PER_RUN,
      }),
    );
    return (page.Items ?? []).map((item) => StoredSweep.parse(item));
  },

  /**
   * AP258 (checkpoint): where the sweep resumes, only while it is still the same action (`version`); false
   * when a newer action replaced it, so the run drops the old one.
   */
  async checkpoint(sweep: Sweep): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.sweep(sweep.userId),
          UpdateExpression: sweep.cursor
            ? "SET phase = :phase, #cursor = :cursor"
            : "SET phase = :phase REMOVE #cursor",
          ConditionExpression: "version = :version",
          ExpressionAttributeNames: { "#cursor": "cursor" },
          ExpressionAttributeValues: {
            ":phase": sweep.phase,
            ":version": sweep.version,
            ...(sweep.cursor ? { ":cursor": sweep.cursor } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP258 (done): the sweep item goes, only if no newer action replaced it meanwhile. */
  async finish(sweep: Sweep): Promise<void> {
    try {
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.sweep(sweep.userId),
          ConditionExpression: "version = :version",
          ExpressionAttributeValues: { ":version": sweep.version },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },
};
