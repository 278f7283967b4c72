import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Click } from "../click";
import { clickKeys, shardOf } from "../click/item";
import { batchGet, dynamo, failedConditions, tableName } from "../dynamo";

/**
 * Counters are sharded: each click adds to one of COUNTER_SHARDS copies of every bucket (chosen from its
 * click id), and readers sum the copies. One item takes about 1 000 WCU/s and a transactional write costs
 * two, so an unsharded bucket would cap a viral link, and a creator's busiest hour, near 500 clicks/s.
 */
export const COUNTER_SHARDS = 8;

export type Granularity = "H" | "D" | "T";

/**
 * Key formats (see dynamo/README.md):
 * - counter: `STATS#<scope>#<shard>` / `<H|D|T>#<bucket>`; scope is `LINK#<code>`, `CREATOR#<creatorId>` or
 *   `CREATOR#<creatorId>#GUIDE#<guideId>`; bucket is `2026-11-21T23` (hour), `2026-11-21` (day) or `all`.
 * - duplicate marker: `CLICKSEEN#<code>#<ipHash>` / `SEEN`, `until` = end of its one-hour window (epoch ms).
 */
const keys = {
  counter: (scope: string, shard: number, granularity: Granularity, bucket: string) => ({
    pk: `STATS#${scope}#${shard}`,
    sk: `${granularity}#${bucket}`,
  }),
  seen: (code: string, ipHash: string) => ({ pk: `CLICKSEEN#${code}#${ipHash}`, sk: "SEEN" }),
};

export interface CounterTarget {
  scope: string;
  granularity: Granularity;
  bucket: string;
  /** Epoch seconds after which the bucket may go; undefined keeps it. */
  ttl: number | undefined;
}

export type Outcome = "counted" | "duplicate" | "bot" | "already_counted";

const DUPLICATE_WINDOW_MS = 3_600_000;

const SeenMarker = z.object({ until: z.number().int() });

/** The breakdown attributes of a counter: `ref:<host>`, `dev:<device>`, `cty:<country>`, `brw:<browser>`. */
export function breakdownAttributes(click: Click.Info): string[] {
  return [
    `ref:${click.referrerHost ?? "(direct)"}`,
    `dev:${click.device}`,
    `cty:${click.country ?? "(unknown)"}`,
    `brw:${click.browser}`,
  ];
}

function counterUpdate(
  target: CounterTarget,
  shard: number,
  counter: "humanClicks" | "botClicks" | "duplicateClicks",
  breakdowns: string[],
) {
  const names: Record<string, string> = { "#type": "type", "#counter": counter };
  const values: Record<string, unknown> = { ":one": 1, ":type": "click_counter" };
  const adds = ["#counter :one"];
  const sets = ["#type = :type"];
  breakdowns.forEach((attribute, index) => {
    names[`#b${index}`] = attribute;
    adds.push(`#b${index} :one`);
  });
  if (target.ttl) {
    names["#ttl"] = "ttl";
    values[":ttl"] = target.ttl;
    sets.push("#ttl = :ttl");
  }
  return {
    Update: {
      TableName: tableName(),
      Key: keys.counter(target.scope, shard, target.granularity, target.bucket),
      UpdateExpression: `ADD ${adds.join(", ")} SET ${sets.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function clickUpdate(click: Click.Info, duplicate: boolean, now: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: clickKeys.click(click.id),
      UpdateExpression: "SET duplicate = :duplicate, aggregatedAt = :now",
      // The click's own flag is the idempotency record: a redelivered click finds it set and adds nothing.
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(aggregatedAt)",
      ExpressionAttributeValues: { ":duplicate": duplicate, ":now": now },
    },
  };
}

export const StatsStore = {
  /**
   * AP25 + AP26: add one click to its buckets, exactly once. A human click first tries to claim the
   * (link, IP hash) marker for an hour; the claim, the counters and the click's own `duplicate` flag go in
   * one transaction, so a redelivered record or a lost race changes nothing twice.
   */
  async add(click: Click.Info, targets: CounterTarget[], now: Date): Promise<Outcome> {
    const shard = shardOf(click.id, COUNTER_SHARDS);
    const at = Date.parse(click.at);
    const run = async (kind: "human" | "duplicate" | "bot") => {
      const counter = kind === "human" ? "humanClicks" : kind === "bot" ? "botClicks" : "duplicateClicks";
      const breakdowns = kind === "human" ? breakdownAttributes(click) : [];
      const items: NonNullable<TransactWriteCommandInput["TransactItems"]> = [
        clickUpdate(click, kind === "duplicate", now.toISOString()),
      ];
      if (kind === "duplicate") {
        items.push({
          ConditionCheck: {
            TableName: tableName(),
            Key: keys.seen(click.code, click.ipHash),
            // Still inside the window of a counted click: otherwise this one must be counted instead.
            ConditionExpression: "attribute_exists(pk) AND #until > :at",
            ExpressionAttributeNames: { "#until": "until" },
            ExpressionAttributeValues: { ":at": at },
          },
        });
      }
      if (kind === "human") {
        const until = at + DUPLICATE_WINDOW_MS;
        items.push({
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.seen(click.code, click.ipHash),
              type: "click_seen",
              until,
              ttl: Math.ceil(until / 1000) + 60,
            },
            // Free when no marker exists or the last counted click's hour is over (TTL deletion lags).
            ConditionExpression: "attribute_not_exists(pk) OR #until <= :at",
            ExpressionAttributeNames: { "#until": "until" },
            ExpressionAttributeValues: { ":at": at },
          },
        });
      }
      for (const target of targets) items.push(counterUpdate(target, shard, counter, breakdowns));
      try {
        await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
        return "done" as const;
      } catch (error) {
        const failed = failedConditions(error);
        if (failed?.includes(0)) return "already" as const;
        if (failed?.includes(1)) return "wrong_guess" as const;
        throw error;
      }
    };
    if (click.bot) return (await run("bot")) === "already" ? "already_counted" : "bot";
    // Guess from the marker (one read), then let the transaction's condition on it confirm the guess, so
    // a repeat click costs a read and one transaction rather than a failed transaction and a second one.
    const marker = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.seen(click.code, click.ipHash),
        ConsistentRead: true,
      }),
    );
    const until = marker.Item ? SeenMarker.parse(marker.Item).until : undefined;
    let kind: "human" | "duplicate" = until !== undefined && until > at ? "duplicate" : "human";
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await run(kind);
      if (result === "done") return kind === "human" ? "counted" : "duplicate";
      if (result === "already") return "already_counted";
      kind = kind === "human" ? "duplicate" : "human";
    }
    throw new Error(`Click ${click.id}: the duplicate window kept changing under us`);
  },

  /** AP27: the buckets of one scope between two bucket names (inclusive), every shard summed per bucket. */
  async range(scope: string, granularity: Granularity, from: string, to: string): Promise<Counter[]> {
    const shards = await Promise.all(
      Array.from({ length: COUNTER_SHARDS }, async (_, shard) => {
        const items: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
              ExpressionAttributeValues: {
                ":pk": `STATS#${scope}#${shard}`,
                ":from": `${granularity}#${from}`,
                ":to": `${granularity}#${to}`,
              },
              ExclusiveStartKey: start,
            }),
          );
          items.push(...(page.Items ?? []));
          start = page.LastEvaluatedKey;
        } while (start);
        return items;
      }),
    );
    return sumByBucket(shards.flat().map(toCounter));
  },

  /** AP28: lifetime totals of many scopes at once (BatchGetItem over every shard). */
  async totals(scopes: string[]): Promise<Map<string, Counter>> {
    const wanted = scopes.flatMap((scope) =>
      Array.from({ length: COUNTER_SHARDS }, (_, shard) => ({
        scope,
        key: keys.counter(scope, shard, "T", "all"),
      })),
    );
    const byScope = new Map<string, Counter[]>();
    for (const item of await batchGet(wanted.map((entry) => entry.key))) {
      const scope = String(item.pk)
        .replace(/^STATS#/, "")
        .replace(/#\d+$/, "");
      byScope.set(scope, [...(byScope.get(scope) ?? []), toCounter(item)]);
    }
    return new Map(
      scopes.map((scope) => [scope, sumByBucket(byScope.get(scope) ?? [])[0] ?? emptyCounter("all")]),
    );
  },
};

export interface Counter {
  bucket: string;
  humanClicks: number;
  botClicks: number;
  duplicateClicks: number;
  /** `ref:<host>` → human clicks, and likewise `dev:`, `cty:`, `brw:`. */
  breakdowns: Record<string, number>;
}

const CounterItem = z.looseObject({
  sk: z.string(),
  humanClicks: z.number().int().default(0),
  botClicks: z.number().int().default(0),
  duplicateClicks: z.number().int().default(0),
});
const Count = z.number().int();

function emptyCounter(bucket: string): Counter {
  return { bucket, humanClicks: 0, botClicks: 0, duplicateClicks: 0, breakdowns: {} };
}

function toCounter(item: Record<string, unknown>): Counter {
  const parsed = CounterItem.parse(item);
  const breakdowns: Record<string, number> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (/^(ref|dev|cty|brw):/.test(name)) breakdowns[name] = Count.parse(value);
  }
  return {
    bucket: parsed.sk.slice(2),
    humanClicks: parsed.humanClicks,
    botClicks: parsed.botClicks,
    duplicateClicks: parsed.duplicateClicks,
    breakdowns,
  };
}

function sumByBucket(counters: Counter[]): Counter[] {
  const sums = new Map<string, Counter>();
  for (const counter of counters) {
    const sum = sums.get(counter.bucket) ?? emptyCounter(counter.bucket);
    sum.humanClicks += counter.humanClicks;
    sum.botClicks += counter.botClicks;
    sum.duplicateClicks += counter.duplicateClicks;
    for (const [name, count] of Object.entries(counter.breakdowns))
      sum.breakdowns[name] = (sum.breakdowns[name] ?? 0) + count;
    sums.set(counter.bucket, sum);
  }
  return [...sums.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : 1));
}
