import { PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  batchGet,
  dynamo,
  failedConditions,
  isConditionFailed,
  isTransactionConflict,
  queryAll,
  tableName,
} from "../dynamo";
import { type BreakdownPlan, type Delta, emptyCounter, sumByBucket } from "./aggregate";
import type { Counter, Granularity, Marker, Window } from "./schema";

/**
 * Counters are sharded: each aggregation chunk adds to one of COUNTER_SHARDS copies of every bucket it
 * touches (chosen from the chunk's key), and readers sum the copies. One item takes about 1 000 WCU/s; with
 * chunks from many stream shards landing on one viral link's current hour at once, a single copy would be
 * its ceiling, eight spread it over eight partitions.
 */
export const COUNTER_SHARDS = 8;

/** How long a click's "counted" entry outlives the stream's 24-hour retention (and any replay of it). */
const COUNTED_TTL_SECONDS = 3 * 86_400;

/**
 * Key formats (see dynamo/README.md):
 * - counter: `STATS#<scope>#<shard>` / `<H|D|T>#<bucket>`; scope is `LINK#<code>`, `CREATOR#<creatorId>` or
 *   `CREATOR#<creatorId>#GUIDE#<guideId>`; bucket is `2026-11-21T23` (hour), `2026-11-21` (day) or `all`.
 * - duplicate marker: `CLICKSEEN#<code>#<ipHash>` / `SEEN`, `until` = end of its one-hour window (epoch ms).
 * - counted set: `CLICKDONE#<code>#<yyyy-mm-ddThh:mm:ss.d>` / `DONE`, `ids`: the click ids of that link and
 *   tenth of a second already counted (the idempotency record; 1 000 clicks a second on one link keep it ~3 KB).
 */
const keys = {
  counter: (scope: string, shard: number, granularity: Granularity, bucket: string) => ({
    pk: `STATS#${scope}#${shard}`,
    sk: `${granularity}#${bucket}`,
  }),
  seen: (code: string, ipHash: string) => ({ pk: `CLICKSEEN#${code}#${ipHash}`, sk: "SEEN" }),
  counted: (countedKey: string) => ({ pk: `CLICKDONE#${countedKey}`, sk: "DONE" }),
};

const WindowItem = z.object({ until: z.number().int(), opener: z.string().default("") });
const MarkerItem = z.object({
  until: z.number().int(),
  opener: z.string().default(""),
  writer: z.string().optional(),
  prior: WindowItem.optional(),
});
const CountedItem = z.object({ pk: z.string(), ids: z.set(z.string()).optional() });

/** A conditional write lost to another writer: the caller reads again and decides again. */
export class StaleReadError extends Error {
  constructor(what: string) {
    super(`${what} changed while it was being decided on`);
  }
}

export interface CounterUpdate {
  delta: Delta;
  shard: number;
  plan: BreakdownPlan | undefined;
}

function counterUpdate({ delta, shard, plan }: CounterUpdate) {
  const names: Record<string, string> = { "#type": "type" };
  const values: Record<string, unknown> = { ":type": "click_counter" };
  const adds: string[] = [];
  const sets = ["#type = :type"];
  const removes: string[] = [];
  const conditions: string[] = [];
  let n = 0;
  const name = (attribute: string) => {
    const placeholder = `#a${n++}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const value = (v: unknown) => {
    const placeholder = `:v${n++}`;
    values[placeholder] = v;
    return placeholder;
  };
  for (const field of ["humanClicks", "botClicks", "duplicateClicks"] as const)
    if (delta[field] !== 0) adds.push(`${name(field)} ${value(delta[field])}`);
  if (plan) {
    for (const [attribute, count] of plan.add) {
      const placeholder = name(attribute);
      adds.push(`${placeholder} ${value(count)}`);
      conditions.push(`attribute_exists(${placeholder})`);
    }
    for (const [attribute, count] of plan.create) {
      const placeholder = name(attribute);
      adds.push(`${placeholder} ${value(count)}`);
      conditions.push(`attribute_not_exists(${placeholder})`);
    }
    for (const [attribute, count] of plan.evict) {
      const placeholder = name(attribute);
      removes.push(placeholder);
      conditions.push(`${placeholder} = ${value(count)}`);
    }
    for (const [attribute, count] of plan.other) adds.push(`${name(attribute)} ${value(count)}`);
    // The named-entry count is the guard against two chunks filling the last free slot at once.
    for (const [dimension, { before, after }] of plan.named) {
      const placeholder = name(`n:${dimension}`);
      sets.push(`${placeholder} = ${value(after)}`);
      conditions.push(
        before === 0 ? `attribute_not_exists(${placeholder})` : `${placeholder} = ${value(before)}`,
      );
    }
  }
  if (delta.target.ttl) sets.push(`${name("ttl")} = ${value(delta.target.ttl)}`);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.counter(delta.target.scope, shard, delta.target.granularity, delta.target.bucket),
      UpdateExpression: [
        adds.length ? `ADD ${adds.join(", ")}` : "",
        `SET ${sets.join(", ")}`,
        removes.length ? `REMOVE ${removes.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join(" "),
      ...(conditions.length ? { ConditionExpression: conditions.join(" AND ") } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export const StatsStore = {
  /**
   * AP170: which of these clicks were counted already, from the counted sets of their (link, tenth of a
   * second); answers each set read with its size, for the commit's condition.
   */
  async counted(countedKeys: string[]): Promise<Map<string, Set<string>>> {
    const found = new Map<string, Set<string>>(countedKeys.map((key) => [key, new Set()]));
    if (countedKeys.length === 0) return found;
    const items = await batchGet(
      countedKeys.map((key) => keys.counted(key)),
      { consistent: true },
    );
    for (const item of items) {
      const parsed = CountedItem.parse(item);
      found.set(parsed.pk.slice("CLICKDONE#".length), parsed.ids ?? new Set());
    }
    return found;
  },

  /** AP26: the duplicate markers of some (link, IP hash) pairs, keyed `<code>#<ipHash>`. */
  async markers(visitors: { code: string; ipHash: string }[]): Promise<Map<string, Marker>> {
    const found = new Map<string, Marker>();
    if (visitors.length === 0) return found;
    const items = await batchGet(
      visitors.map((visitor) => keys.seen(visitor.code, visitor.ipHash)),
      { consistent: true },
    );
    for (const item of items) {
      const parsed = MarkerItem.parse(item);
      found.set(String(item.pk).slice("CLICKSEEN#".length), {
        until: parsed.until,
        opener: parsed.opener,
        writer: parsed.writer,
        prior: parsed.prior,
      });
    }
    return found;
  },

  /**
   * AP171: store a visitor's new window, conditional on the marker still being the one read (so two chunks
   * judging one visitor at once cannot both open a window). `writer` and `prior` let a retried chunk find
   * the window it replaced. Throws StaleReadError when the marker moved.
   */
  async putMarker(
    visitor: { code: string; ipHash: string },
    window: Window,
    read: Marker | undefined,
    writer: string,
    prior: Window | undefined,
  ): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.seen(visitor.code, visitor.ipHash),
            type: "click_seen",
            until: window.until,
            opener: window.opener,
            writer,
            ...(prior ? { prior } : {}),
            ttl: Math.ceil(window.until / 1000) + 60,
          },
          // Unchanged since the read: same window end and same writer (or still absent).
          ConditionExpression: read
            ? `#until = :until AND ${read.writer ? "#writer = :writer" : "attribute_not_exists(#writer)"}`
            : "attribute_not_exists(pk)",
          ...(read
            ? {
                ExpressionAttributeNames: {
                  "#until": "until",
                  ...(read.writer ? { "#writer": "writer" } : {}),
                },
                ExpressionAttributeValues: {
                  ":until": read.until,
                  ...(read.writer ? { ":writer": read.writer } : {}),
                },
              }
            : {}),
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new StaleReadError("A duplicate marker");
      throw error;
    }
  },

  /** AP172: the stored breakdown entries of some counter items of one shard (to plan a bounded update). */
  async breakdownsOf(deltas: Delta[], shard: number): Promise<Map<string, Record<string, number>>> {
    const wanted = deltas.filter((delta) => delta.target.breakdowns);
    const found = new Map<string, Record<string, number>>();
    if (wanted.length === 0) return found;
    const items = await batchGet(
      wanted.map((delta) =>
        keys.counter(delta.target.scope, shard, delta.target.granularity, delta.target.bucket),
      ),
      { consistent: true },
    );
    for (const item of items) found.set(`${item.pk}|${item.sk}`, toCounter(item).breakdowns);
    return found;
  },

  keyOf(delta: Delta, shard: number): string {
    const key = keys.counter(delta.target.scope, shard, delta.target.granularity, delta.target.bucket);
    return `${key.pk}|${key.sk}`;
  },

  /**
   * AP173: one chunk, counted once: its click ids added to their counted sets, each on condition that the
   * set still holds what was read (so a concurrent delivery of the same clicks cancels one of the two), and
   * one update per counter item, in one transaction. Throws StaleReadError when a set or a breakdown moved.
   */
  async commitChunk(
    counted: { key: string; read: number; add: string[] }[],
    updates: CounterUpdate[],
    now: Date,
  ): Promise<void> {
    const ttl = Math.floor(now.getTime() / 1000) + COUNTED_TTL_SECONDS;
    const items: NonNullable<TransactWriteCommandInput["TransactItems"]> = [
      ...counted.map((set) => ({
        Update: {
          TableName: tableName(),
          Key: keys.counted(set.key),
          UpdateExpression: "ADD #ids :ids SET #type = :type, #ttl = :ttl",
          // Unchanged since the read: no other delivery counted a click of this set meanwhile.
          ConditionExpression: set.read === 0 ? "attribute_not_exists(#ids)" : "size(#ids) = :read",
          ExpressionAttributeNames: { "#ids": "ids", "#type": "type", "#ttl": "ttl" },
          ExpressionAttributeValues: {
            ":ids": new Set(set.add),
            ":type": "click_counted",
            ":ttl": ttl,
            ...(set.read === 0 ? {} : { ":read": set.read }),
          },
        },
      })),
      ...updates.map(counterUpdate),
    ];
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (failedConditions(error)?.length || isTransactionConflict(error))
        throw new StaleReadError("A counter");
      throw error;
    }
  },

  /** AP27: the buckets of one scope between two bucket names (inclusive), every shard summed per bucket. */
  async range(scope: string, granularity: Granularity, from: string, to: string): Promise<Counter[]> {
    const shards = await Promise.all(
      Array.from({ length: COUNTER_SHARDS }, (_, shard) =>
        queryAll({
          TableName: tableName(),
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": `STATS#${scope}#${shard}`,
            ":from": `${granularity}#${from}`,
            ":to": `${granularity}#${to}`,
          },
        }),
      ),
    );
    return sumByBucket(shards.flat().map(toCounter));
  },

  /** AP28: lifetime totals of many scopes at once (BatchGetItem over every shard). */
  async totals(scopes: string[]): Promise<Map<string, Counter>> {
    const wanted = scopes.flatMap((scope) =>
      Array.from({ length: COUNTER_SHARDS }, (_, shard) => keys.counter(scope, shard, "T", "all")),
    );
    const byScope = new Map<string, Counter[]>();
    for (const item of await batchGet(wanted)) {
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

const CounterItem = z.looseObject({
  sk: z.string(),
  humanClicks: z.number().int().default(0),
  botClicks: z.number().int().default(0),
  duplicateClicks: z.number().int().default(0),
});
const Count = z.number().int();

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
