export * as Stats from "./index";

import * as z from "zod";
import type { Click } from "../click";
import { Link } from "../link";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { dateTimeWithin } from "../util/date-window";
import { ValidationError } from "../util/errors";
import { type Counter, type CounterTarget, type Outcome, StatsStore } from "./stats.dynamo";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Hourly buckets are kept 90 days; daily and lifetime ones for good. */
const HOURLY_RETENTION_SECONDS = 90 * 86_400;
const MAX_BUCKETS = { hour: 31 * 24, day: 400 } as const;

export const Interval = z.enum(["hour", "day"]);
export type Interval = z.infer<typeof Interval>;

/** `?from=&to=&interval=`; from and to are ISO timestamps, by default the last 7 days (day) or 48 hours. */
export const RangeQuery = z.object({
  from: dateTimeWithin({ futureDays: 366 }).optional(),
  to: dateTimeWithin({ futureDays: 366 }).optional(),
  interval: Interval.default("day"),
});
export type RangeQuery = z.input<typeof RangeQuery>;

const Breakdown = z.array(z.object({ key: z.string(), humanClicks: z.number().int() }));

/** Human clicks over time with breakdowns; bot and duplicate clicks are counted apart, never mixed in. */
export const Summary = z.object({
  interval: Interval,
  from: z.string(),
  to: z.string(),
  totals: z.object({
    humanClicks: z.number().int(),
    botClicks: z.number().int(),
    duplicateClicks: z.number().int(),
  }),
  series: z.array(
    z.object({
      t: z.string(),
      humanClicks: z.number().int(),
      botClicks: z.number().int(),
      duplicateClicks: z.number().int(),
    }),
  ),
  breakdowns: z.object({ referrer: Breakdown, device: Breakdown, country: Breakdown, browser: Breakdown }),
});
export type Summary = z.infer<typeof Summary>;

export const Totals = z.object({
  humanClicks: z.number().int(),
  botClicks: z.number().int(),
  duplicateClicks: z.number().int(),
});
export type Totals = z.infer<typeof Totals>;

const scopes = {
  link: (code: string) => `LINK#${code}`,
  creator: (creatorId: string) => `CREATOR#${creatorId}`,
  guide: (creatorId: string, guideId: string) => `CREATOR#${creatorId}#GUIDE#${guideId}`,
};

const hourBucket = (at: Date) => at.toISOString().slice(0, 13);
const dayBucket = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Stream consumer for one new click: adds it, exactly once, to the hourly and daily buckets of its link,
 * its creator and its guide (plus the link's lifetime total) as a human, duplicate or bot click.
 */
export async function addClick(click: Click.Info): Promise<Outcome> {
  const at = new Date(click.at);
  const hourTtl = Math.floor(at.getTime() / 1000) + HOURLY_RETENTION_SECONDS;
  const scopesOfClick = [
    scopes.link(click.code),
    scopes.creator(click.creatorId),
    ...(click.guideId ? [scopes.guide(click.creatorId, click.guideId)] : []),
  ];
  const targets: CounterTarget[] = scopesOfClick.flatMap((scope) => [
    { scope, granularity: "H" as const, bucket: hourBucket(at), ttl: hourTtl },
    { scope, granularity: "D" as const, bucket: dayBucket(at), ttl: undefined },
  ]);
  targets.push({ scope: scopes.link(click.code), granularity: "T", bucket: "all", ttl: undefined });
  // A guide's lifetime total feeds trending (one read per guide when the ranking is rebuilt).
  if (click.guideId) {
    targets.push({
      scope: scopes.guide(click.creatorId, click.guideId),
      granularity: "T",
      bucket: "all",
      ttl: undefined,
    });
  }
  return StatsStore.add(click, targets, Clock.now());
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

function breakdown(counters: Counter[], prefix: string): z.infer<typeof Breakdown> {
  const sums = new Map<string, number>();
  for (const counter of counters)
    for (const [name, count] of Object.entries(counter.breakdowns))
      if (name.startsWith(prefix))
        sums.set(name.slice(prefix.length), (sums.get(name.slice(prefix.length)) ?? 0) + count);
  return [...sums]
    .map(([key, humanClicks]) => ({ key, humanClicks }))
    .sort((a, b) => b.humanClicks - a.humanClicks || a.key.localeCompare(b.key));
}

async function summarize(scope: string, query: RangeQuery): Promise<Summary> {
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
