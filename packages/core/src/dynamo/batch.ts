import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { backoffDelay, sleep } from "../util/retry";
import { dynamo, tableName } from "./client";

type Key = Record<string, unknown>;

/**
 * Reads many items by key: 100 keys a request (BatchGetItem's limit), unprocessed keys asked again with a
 * short backoff until none are left (strongly consistent with `consistent`). Answers the raw items in no particular order; missing keys are absent.
 */
export async function batchGet(
  keys: Key[],
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Key[] = keys.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(backoffDelay(attempt, { baseMs: 50, capMs: 1000, jitter: "none" }));
      const page = await dynamo().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName()]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) },
          },
        }),
      );
      items.push(...(page.Responses?.[tableName()] ?? []));
      pending = page.UnprocessedKeys?.[tableName()]?.Keys ?? [];
    }
  }
  return items;
}
