/**
 * The pure half of click aggregation: which buckets a click adds to, how a stream batch is cut into
 * chunks, how a chunk's clicks are judged (human, repeat, bot) against a visitor's window, what each
 * counter item receives, and how a breakdown stays bounded. No I/O here; `stats.dynamo.ts` reads and
 * writes, `index.ts` runs the steps.
 */
import type { Click } from "../click";
import type { Counter, CounterTarget, Kind, Window } from "./schema";

/** Hourly buckets are kept 90 days; daily and lifetime ones for good. */
export const HOURLY_RETENTION_SECONDS = 90 * 86_400;
/** A repeat click from the same visitor on the same link within this long of the last counted one. */
export const DUPLICATE_WINDOW_MS = 3_600_000;
/**
 * Named entries each breakdown dimension keeps per counter item; everything else adds to `<dim>:(other)`.
 * The referrer is client-controlled, so without a bound a script could grow one item toward 400 KB.
 */
export const BREAKDOWN_LIMIT = 10;
/** The folded rest of a dimension. */
export const OTHER = "(other)";
export const DIMENSIONS = ["ref", "dev", "cty", "brw"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/**
 * Items per chunk: a chunk is written as one transaction (at most 100 items) holding its counter updates
 * and the counted sets of its clicks.
 */
export const MAX_ITEMS_PER_CHUNK = 100;

export const scopes = {
  link: (code: string) => `LINK#${code}`,
  creator: (creatorId: string) => `CREATOR#${creatorId}`,
  guide: (creatorId: string, guideId: string) => `CREATOR#${creatorId}#GUIDE#${guideId}`,
};

export const hourBucket = (at: Date) => at.toISOString().slice(0, 13);
export const dayBucket = (at: Date) => at.toISOString().slice(0, 10);

/** The hourly and daily buckets of a click's link, creator and guide, and the link's and guide's lifetime totals. */
export function targetsOf(click: Click.Info): CounterTarget[] {
  const at = new Date(click.at);
  const hourTtl = Math.floor(at.getTime() / 1000) + HOURLY_RETENTION_SECONDS;
  const link = scopes.link(click.code);
  const guide = click.guideId ? scopes.guide(click.creatorId, click.guideId) : undefined;
  const timed = [link, scopes.creator(click.creatorId), ...(guide ? [guide] : [])].flatMap((scope) => [
    { scope, granularity: "H" as const, bucket: hourBucket(at), ttl: hourTtl, breakdowns: true },
    { scope, granularity: "D" as const, bucket: dayBucket(at), ttl: undefined, breakdowns: true },
  ]);
  // Lifetime totals feed the links table (link) and trending's click count (guide); no breakdowns there.
  const lifetime = [link, ...(guide ? [guide] : [])].map((scope) => ({
    scope,
    granularity: "T" as const,
    bucket: "all",
    ttl: undefined,
    breakdowns: false,
  }));
  return [...timed, ...lifetime];
}

export const targetKey = (target: Pick<CounterTarget, "scope" | "granularity" | "bucket">) =>
  `${target.scope}|${target.granularity}#${target.bucket}`;

/** The breakdown attributes of a human click: `ref:<host>`, `dev:<device>`, `cty:<country>`, `brw:<browser>`. */
export function breakdownAttributes(click: Click.Info): string[] {
  return [
    `ref:${click.referrerHost ?? "(direct)"}`,
    `dev:${click.device}`,
    `cty:${click.country ?? "(unknown)"}`,
    `brw:${click.browser}`,
  ];
}

/**
 * The counted set a click's id joins once it is counted: its link and tenth of a second. Small (the clicks
 * of one link in 100 ms) and found from the click alone, so any delivery of the click, in any batch, checks
 * the same set.
 */
export const countedKeyOf = (click: Click.Info) => `${click.code}#${click.at.slice(0, 21)}`;

/**
 * Cuts a run of clicks into chunks from `start`: as many clicks as fit in one transaction (their counter
 * items and counted sets). Answers the end (exclusive) of the chunk.
 */
export function chunkEnd(clicks: Click.Info[], start: number, maxItems = MAX_ITEMS_PER_CHUNK): number {
  const keys = new Set<string>();
  let end = start;
  while (end < clicks.length) {
    const click = clicks[end] as Click.Info;
    const next = [...targetsOf(click).map(targetKey), `counted|${countedKeyOf(click)}`];
    const added = next.filter((key) => !keys.has(key)).length;
    if (end > start && keys.size + added > maxItems) break;
    for (const key of next) keys.add(key);
    end++;
  }
  return end;
}

/**
 * Judges one visitor's clicks on one link, oldest first, from the window stored before the chunk: a click
 * inside the window is a repeat, any other opens a new window and is counted. The window only moves
 * forward, so a late-delivered earlier click is judged against a later window (it can only become a repeat,
 * never a second count); the click that opened the stored window is its own opener again when a chunk is
 * retried. Answers the kinds and the window to store (undefined when it did not change).
 */
export function judgeVisitor(
  base: Window | undefined,
  clicks: Click.Info[],
): { kinds: Map<string, Kind>; window: Window | undefined } {
  const kinds = new Map<string, Kind>();
  let window = base;
  let changed = false;
  const ordered = [...clicks].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
  for (const click of ordered) {
    const at = Date.parse(click.at);
    if (window && click.id === window.opener) kinds.set(click.id, "human");
    else if (window && window.until > at) kinds.set(click.id, "duplicate");
    else {
      kinds.set(click.id, "human");
      window = { until: at + DUPLICATE_WINDOW_MS, opener: click.id };
      changed = true;
    }
  }
  return { kinds, window: changed ? window : undefined };
}

/** What one chunk adds to one counter item. */
export interface Delta {
  target: CounterTarget;
  humanClicks: number;
  botClicks: number;
  duplicateClicks: number;
  /** Human clicks per breakdown attribute (only for targets that keep breakdowns). */
  breakdowns: Map<string, number>;
}

/** Sums a chunk's judged clicks per counter item: one write per item, whatever the number of clicks. */
export function sumDeltas(clicks: Click.Info[], kinds: Map<string, Kind>): Delta[] {
  const deltas = new Map<string, Delta>();
  for (const click of clicks) {
    const kind = kinds.get(click.id) ?? (click.bot ? "bot" : "human");
    for (const target of targetsOf(click)) {
      const key = targetKey(target);
      let delta = deltas.get(key);
      if (!delta) {
        delta = { target, humanClicks: 0, botClicks: 0, duplicateClicks: 0, breakdowns: new Map() };
        deltas.set(key, delta);
      }
      if (kind === "human") delta.humanClicks++;
      else if (kind === "bot") delta.botClicks++;
      else delta.duplicateClicks++;
      if (kind === "human" && target.breakdowns)
        for (const attribute of breakdownAttributes(click))
          delta.breakdowns.set(attribute, (delta.breakdowns.get(attribute) ?? 0) + 1);
    }
  }
  return [...deltas.values()];
}

/** How a chunk's breakdown counts land on one stored counter item without letting it grow past the bound. */
export interface BreakdownPlan {
  /** Entries already named on the item: ADD, on condition they still exist. */
  add: Map<string, number>;
  /** Entries new to the item: ADD, on condition they do not exist yet. */
  create: Map<string, number>;
  /** Named entries pushed out by a bigger newcomer: REMOVE, on condition their count is unchanged. */
  evict: Map<string, number>;
  /** `<dim>:(other)` → what it receives (the evicted counts and the newcomers that did not make it). */
  other: Map<string, number>;
  /** Named entries per dimension before and after (stored as `n:<dim>`, the guard against racing chunks). */
  named: Map<Dimension, { before: number; after: number }>;
}

const dimensionOf = (attribute: string) => attribute.slice(0, 3) as Dimension;

/**
 * Top-N by a space-saving rule, exact in sum: a dimension keeps at most `limit` named entries; a newcomer
 * takes a free slot, or replaces the smallest named entry when it brings more in this chunk than that entry
 * holds (the evicted count moves to "other", so no click is lost), or else adds to "other".
 */
export function planBreakdowns(
  stored: Record<string, number>,
  additions: Map<string, number>,
  limit = BREAKDOWN_LIMIT,
): BreakdownPlan {
  const plan: BreakdownPlan = {
    add: new Map(),
    create: new Map(),
    evict: new Map(),
    other: new Map(),
    named: new Map(),
  };
  for (const dimension of DIMENSIONS) {
    const otherKey = `${dimension}:${OTHER}`;
    const named = new Map(
      Object.entries(stored).filter(([name]) => dimensionOf(name) === dimension && name !== otherKey),
    );
    const before = named.size;
    const incoming = [...additions]
      .filter(([name]) => dimensionOf(name) === dimension)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    // Entries already named first, so none of them is evicted by a newcomer of the same chunk.
    for (const [name, count] of incoming) if (named.has(name)) plan.add.set(name, count);
    for (const [name, count] of incoming) {
      if (plan.add.has(name)) continue;
      if (name === otherKey) plan.other.set(otherKey, (plan.other.get(otherKey) ?? 0) + count);
      else if (named.size < limit) {
        plan.create.set(name, count);
        named.set(name, count);
      } else {
        // The smallest stored entry this chunk does not touch; newcomers of this chunk are never evicted.
        let smallest: [string, number] | undefined;
        for (const [storedName, storedCount] of named)
          if (!plan.add.has(storedName) && !plan.create.has(storedName))
            if (!smallest || storedCount < smallest[1]) smallest = [storedName, storedCount];
        if (smallest && count > smallest[1]) {
          named.delete(smallest[0]);
          plan.evict.set(smallest[0], smallest[1]);
          plan.other.set(otherKey, (plan.other.get(otherKey) ?? 0) + smallest[1]);
          plan.create.set(name, count);
          named.set(name, count);
        } else plan.other.set(otherKey, (plan.other.get(otherKey) ?? 0) + count);
      }
    }
    if (named.size !== before) plan.named.set(dimension, { before, after: named.size });
  }
  return plan;
}

/** Sums one bucket's shards; breakdowns summed by name. */
export function sumByBucket(counters: Counter[]): Counter[] {
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

export function emptyCounter(bucket: string): Counter {
  return { bucket, humanClicks: 0, botClicks: 0, duplicateClicks: 0, breakdowns: {} };
}
