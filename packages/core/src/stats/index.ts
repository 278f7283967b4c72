export * as Stats from "./index";

import { createHash } from "node:crypto";
import type { Click } from "../click";
import { Link } from "../link";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { ValidationError } from "../util/errors";
import { backoffDelay, CONTENTION, sleep } from "../util/retry";
import {
  chunkEnd,
  countedKeyOf,
  dayBucket,
  hourBucket,
  judgeVisitor,
  OTHER,
  planBreakdowns,
  scopes,
  sumDeltas,
} from "./aggregate";
import type { Counter, Kind, Marker, Window } from "./schema";
import { type Breakdown, type Interval, RangeQuery, type Summary, type Totals } from "./schema";
import { COUNTER_SHARDS, type CounterUpdate, StaleReadError, StatsStore } from "./stats.dynamo";

export { BREAKDOWN_LIMIT, DUPLICATE_WINDOW_MS, scopes } from "./aggregate";
export { Breakdown, Interval, RangeQuery, Summary, Totals } from "./schema";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_BUCKETS = { hour: 31 * 24, day: 400 } as const;
/** Entries a breakdown answers with over a range; the rest is summed into `(other)`. */
const BREAKDOWN_ANSWER = 20;
/** Tries at a chunk whose reads went stale under a racing chunk (markers or breakdown slots). */
const CHUNK_ATTEMPTS = 8;

export type Outcome = "counted" | "duplicate" | "bot" | "already_counted";

/** What one call of `aggregate` did. */
export interface Aggregation {
  /** Per click, in order. */
  outcomes: Outcome[];
  /** Chunks written (each one transaction). */
  chunks: number;
  /** Counter item updates written, summed over the chunks: one per distinct bucket per chunk. */
  counterWrites: number;
  /** Duplicate-window markers written: one per visitor whose window opened. */
  markerWrites: number;
  /** Human clicks newly counted per guide (for trending), only from chunks this call wrote. */
  guideClicks: Map<string, { creatorId: string; humanClicks: number }>;
}

/** A chunk's shard: fixed per chunk, spread across chunks. */
function shardOfChunk(chunkKey: string): number {
  return (createHash("sha256").update(chunkKey).digest()[0] ?? 0) % COUNTER_SHARDS;
}

const visitorKey = (click: Click.Info) => `${click.code}#${click.ipHash}`;

/**
 * Judges a chunk's human candidates against their visitors' windows and stores the windows that moved.
 * A marker this very chunk wrote on an earlier, unfinished attempt is judged from the window it replaced
 * (`prior`), so a retried chunk decides as its first attempt did.
 */
async function judge(
  chunkKey: string,
  clicks: Click.Info[],
): Promise<{ kinds: Map<string, Kind>; writes: number }> {
  const kinds = new Map<string, Kind>();
  const byVisitor = new Map<string, Click.Info[]>();
  for (const click of clicks) {
    if (click.bot) kinds.set(click.id, "bot");
    else byVisitor.set(visitorKey(click), [...(byVisitor.get(visitorKey(click)) ?? []), click]);
  }
  let writes = 0;
  let pending = [...byVisitor.values()];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > CHUNK_ATTEMPTS) throw new Error(`Chunk ${chunkKey}: duplicate markers kept changing`);
    if (attempt > 1) await sleep(backoffDelay(attempt - 1, CONTENTION));
    const markers = await StatsStore.markers(pending.map((group) => group[0] as Click.Info));
    const stale: Click.Info[][] = [];
    for (let start = 0; start < pending.length; start += 25) {
      await Promise.all(
        pending.slice(start, start + 25).map(async (group) => {
          const first = group[0] as Click.Info;
          const read: Marker | undefined = markers.get(visitorKey(first));
          const base: Window | undefined =
            read && read.writer === chunkKey
              ? read.prior
              : read && { until: read.until, opener: read.opener };
          const judged = judgeVisitor(base, group);
          try {
            if (judged.window) {
              await StatsStore.putMarker(first, judged.window, read, chunkKey, base);
              writes++;
            }
            for (const [id, kind] of judged.kinds) kinds.set(id, kind);
          } catch (error) {
            if (!(error instanceof StaleReadError)) throw error;
            stale.push(group);
          }
        }),
      );
    }
    pending = stale;
  }
  return { kinds, writes };
}

/**
 * Counts one chunk: drop the clicks already counted (their ids in the counted sets), judge the rest, sum
 * them per counter item, plan bounded breakdowns, and commit it all in one transaction conditional on the
 * counted sets being as read. A lost race (another delivery of the same clicks, or a breakdown slot taken)
 * reads again and decides again. Answers each click's outcome.
 */
async function countChunk(
  clicks: Click.Info[],
  result: Aggregation,
  now: Date,
): Promise<Map<string, Outcome>> {
  const chunkKey = (clicks[0] as Click.Info).id;
  const shard = shardOfChunk(chunkKey);
  for (let attempt = 1; ; attempt++) {
    const outcomes = new Map<string, Outcome>();
    const sets = await StatsStore.counted([...new Set(clicks.map(countedKeyOf))]);
    const fresh = clicks.filter((click) => !sets.get(countedKeyOf(click))?.has(click.id));
    for (const click of clicks) if (!fresh.includes(click)) outcomes.set(click.id, "already_counted");
    if (fresh.length === 0) return outcomes;
    const { kinds, writes } = await judge(chunkKey, fresh);
    const deltas = sumDeltas(fresh, kinds);
    const stored = await StatsStore.breakdownsOf(deltas, shard);
    const updates: CounterUpdate[] = deltas.map((delta) => ({
      delta,
      shard,
      plan: delta.target.breakdowns
        ? planBreakdowns(stored.get(StatsStore.keyOf(delta, shard)) ?? {}, delta.breakdowns)
        : undefined,
    }));
    const counted = new Map<string, string[]>();
    for (const click of fresh)
      counted.set(countedKeyOf(click), [...(counted.get(countedKeyOf(click)) ?? []), click.id]);
    try {
      await StatsStore.commitChunk(
        [...counted].map(([key, add]) => ({ key, add, read: sets.get(key)?.size ?? 0 })),
        updates,
        now,
      );
    } catch (error) {
      if (!(error instanceof StaleReadError) || attempt >= CHUNK_ATTEMPTS) throw error;
      await sleep(backoffDelay(attempt, CONTENTION));
      continue;
    }
    result.chunks++;
    result.counterWrites += updates.length;
    result.markerWrites += writes;
    for (const click of fresh) {
      const kind = kinds.get(click.id) ?? "human";
      outcomes.set(click.id, kind === "human" ? "counted" : kind);
      if (!click.guideId || kind !== "human") continue;
      const entry = result.guideClicks.get(click.guideId) ?? { creatorId: click.creatorId, humanClicks: 0 };
      entry.humanClicks++;
      result.guideClicks.set(click.guideId, entry);
    }
    return outcomes;
  }
}

/**
 * Stream consumer for a run of new clicks (one stream batch, in order): counts each exactly once in the
 * hourly and daily buckets of its link, creator and guide and the lifetime totals of its link and guide, as
 * a human, repeat or bot click, writing each counter item once per chunk rather than once per click.
 *
 * Exactly once, whatever the batch boundaries: each click's id joins the counted set of its (link, tenth of
 * a second) in the same transaction as the chunk's counter updates, conditional on the set being as read.
 * A redelivered or replayed click finds its id there and adds nothing; two deliveries racing cancel one.
 * The set is the click's "aggregated" marker, batched: per-click markers on the click item (what this
 * replaced) cost 2-3 WCU a click on their own (the item and its index entry), more than the whole budget,
 * while a set is one small write per link and tenth of a second per chunk. A per-batch item keyed by
 * sequence numbers would not do: a replay (or Lambda bisecting a batch) cuts batches differently.
 *
 * Throws `ChunkFailedError` carrying the index of the first click of the chunk that failed; earlier
 * chunks stay counted (and a retry skips them by their ids).
 */
export async function aggregate(clicks: Click.Info[]): Promise<Aggregation> {
  const result: Aggregation = {
    outcomes: [],
    chunks: 0,
    counterWrites: 0,
    markerWrites: 0,
    guideClicks: new Map(),
  };
  const now = Clock.now();
  let start = 0;
  while (start < clicks.length) {
    const end = chunkEnd(clicks, start);
    const chunk = clicks.slice(start, end);
    try {
      const outcomes = await countChunk(chunk, result, now);
      for (const click of chunk) result.outcomes.push(outcomes.get(click.id) ?? "already_counted");
    } catch (error) {
      throw new ChunkFailedError(start, result, error);
    }
    start = end;
  }
  return result;
}

/** A chunk could not be counted; clicks before `index` were. */
export class ChunkFailedError extends Error {
  constructor(
    readonly index: number,
    readonly partial: Aggregation,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
  }
}

function parseRange(query: RangeQuery): { interval: Interval; from: Date; to: Date } {
  const parsed = RangeQuery.parse(query);
  const step = parsed.interval === "hour" ? HOUR_MS : DAY_MS;
  const to = parsed.to ? new Date(parsed.to) : Clock.now();
  const from = parsed.from
    ? new Date(parsed.from)
    : new Date(to.getTime() - (parsed.interval === "hour" ? 47 : 6) * step);
  if (from.getTime() > to.getTime())
    throw new ValidationError([{ path: "from", message: "from is after to" }]);
  if ((to.getTime() - from.getTime()) / step > MAX_BUCKETS[parsed.interval]) {
    throw new ValidationError([
      { path: "from", message: `At most ${MAX_BUCKETS[parsed.interval]} ${parsed.interval}s at a time` },
    ]);
  }
  return { interval: parsed.interval, from, to };
}

/**
 * One dimension over a range: buckets summed by name, the biggest `BREAKDOWN_ANSWER` entries named and the
 * rest (and what each bucket had already folded) answered as `(other)`, last.
 */
function breakdown(counters: Counter[], prefix: string): Breakdown {
  const sums = new Map<string, number>();
  for (const counter of counters)
    for (const [name, count] of Object.entries(counter.breakdowns))
      if (name.startsWith(prefix))
        sums.set(name.slice(prefix.length), (sums.get(name.slice(prefix.length)) ?? 0) + count);
  let other = sums.get(OTHER) ?? 0;
  sums.delete(OTHER);
  const named = [...sums]
    .map(([key, humanClicks]) => ({ key, humanClicks }))
    .sort((a, b) => b.humanClicks - a.humanClicks || a.key.localeCompare(b.key));
  for (const entry of named.slice(BREAKDOWN_ANSWER)) other += entry.humanClicks;
  return [...named.slice(0, BREAKDOWN_ANSWER), ...(other > 0 ? [{ key: OTHER, humanClicks: other }] : [])];
}

/** One scope's clicks over a range (`scopes.link(code)`...); the caller has checked who may look. */
export async function summarize(scope: string, query: RangeQuery): Promise<Summary> {
  const { interval, from, to } = parseRange(query);
  const bucketOf = interval === "hour" ? hourBucket : dayBucket;
  const step = interval === "hour" ? HOUR_MS : DAY_MS;
  const counters = await StatsStore.range(
    scope,
    interval === "hour" ? "H" : "D",
    bucketOf(from),
    bucketOf(to),
  );
  const byBucket = new Map(counters.map((counter) => [counter.bucket, counter]));
  const series: Summary["series"] = [];
  const first = new Date(`${bucketOf(from)}${interval === "hour" ? ":00:00.000Z" : "T00:00:00.000Z"}`);
  for (let t = first.getTime(); t <= to.getTime(); t += step) {
    const bucket = bucketOf(new Date(t));
    const counter = byBucket.get(bucket);
    series.push({
      t: new Date(t).toISOString(),
      humanClicks: counter?.humanClicks ?? 0,
      botClicks: counter?.botClicks ?? 0,
      duplicateClicks: counter?.duplicateClicks ?? 0,
    });
  }
  const sum = (field: "humanClicks" | "botClicks" | "duplicateClicks") =>
    counters.reduce((total, counter) => total + counter[field], 0);
  return {
    interval,
    from: from.toISOString(),
    to: to.toISOString(),
    totals: {
      humanClicks: sum("humanClicks"),
      botClicks: sum("botClicks"),
      duplicateClicks: sum("duplicateClicks"),
    },
    series,
    breakdowns: {
      referrer: breakdown(counters, "ref:"),
      device: breakdown(counters, "dev:"),
      country: breakdown(counters, "cty:"),
      browser: breakdown(counters, "brw:"),
    },
  };
}

/** One link's clicks; only its creator (or an admin) may look. */
export async function forLink(actor: Actor, code: string, query: RangeQuery): Promise<Summary> {
  const link = await Link.getOwned(actor, code);
  return summarize(scopes.link(link.code), query);
}

/** All of the calling creator's clicks, or one of their guides' with `guideId`. */
export async function forCreator(
  actor: Actor,
  query: RangeQuery & { guideId?: string | undefined },
): Promise<Summary> {
  const creator = Actor.requireRole(actor, "creator");
  const { guideId, ...range } = query;
  return summarize(guideId ? scopes.guide(creator.userId, guideId) : scopes.creator(creator.userId), range);
}

/** Lifetime totals per link code, for the links table. */
export async function totalsForLinks(codes: string[]): Promise<Map<string, Totals>> {
  const totals = await StatsStore.totals(codes.map(scopes.link));
  return new Map(
    codes.map((code) => {
      const counter = totals.get(scopes.link(code));
      return [
        code,
        {
          humanClicks: counter?.humanClicks ?? 0,
          botClicks: counter?.botClicks ?? 0,
          duplicateClicks: counter?.duplicateClicks ?? 0,
        },
      ];
    }),
  );
}

/** Lifetime human (non-duplicate) clicks of each guide, keyed by guide id; for the trending ranking. */
export async function humanClicksOfGuides(
  guides: { creatorId: string; guideId: string }[],
): Promise<Map<string, number>> {
  const totals = await StatsStore.totals(guides.map((guide) => scopes.guide(guide.creatorId, guide.guideId)));
  return new Map(
    guides.map((guide) => [
      guide.guideId,
      totals.get(scopes.guide(guide.creatorId, guide.guideId))?.humanClicks ?? 0,
    ]),
  );
}
