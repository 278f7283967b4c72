import { BatchWriteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, queryAll, tableName } from "../dynamo";
import { backoffDelay, sleep } from "../util/retry";
import { CLICK_INDEX_SHARDS, clickKeys, toItem } from "./item";
import * as Click from "./schema";

const MAX_BATCH = 25;
const MAX_ATTEMPTS = 8;

export const ClickStore = {
  /**
   * AP23, group-committed: up to 25 clicks per BatchWriteItem, retrying what DynamoDB leaves unprocessed
   * with backoff. Resolves only once every click is stored; rejects if some still are not.
   */
  async putMany(clicks: Click.Info[]): Promise<void> {
    for (let start = 0; start < clicks.length; start += MAX_BATCH) {
      let requests = clicks
        .slice(start, start + MAX_BATCH)
        .map((click) => ({ PutRequest: { Item: toItem(click) } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) throw new Error(`${requests.length} clicks left unprocessed`);
        const answer = await dynamo().send(
          new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }),
        );
        requests = (answer.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
        if (requests.length > 0)
          await sleep(backoffDelay(attempt, { baseMs: 10, capMs: 1000, jitter: "none" }));
      }
    }
  },

  /** AP23: one click by id (conversion attribution reads the `sg_click` a store sends back). */
  async get(clickId: string): Promise<Click.Info | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: clickKeys.click(clickId) }),
    );
    return found.Item ? Click.Info.parse(found.Item) : undefined;
  },

  /** AP24: a link's clicks, oldest first, from every index shard. For audits and tests, not the hot path. */
  async listByLink(code: string): Promise<Click.Info[]> {
    const shards = await Promise.all(
      Array.from({ length: CLICK_INDEX_SHARDS }, (_, shard) =>
        queryAll({
          TableName: tableName(),
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": `LINK#${code}#CLICKS#${shard}` },
        }),
      ),
    );
    return shards
      .flat()
      .map((item) => Click.Info.parse(item))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  },
};
