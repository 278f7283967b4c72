import * as z from "zod";
import { dateTimeWithin } from "../util/date-window";

export const Interval = z.enum(["hour", "day"]);
export type Interval = z.infer<typeof Interval>;

/** `?from=&to=&interval=`; from and to are ISO timestamps, by default the last 7 days (day) or 48 hours. */
export const RangeQuery = z.object({
  from: dateTimeWithin({ futureDays: 366 }).optional(),
  to: dateTimeWithin({ futureDays: 366 }).optional(),
  interval: Interval.default("day"),
});
export type RangeQuery = z.input<typeof RangeQuery>;

export const Breakdown = z.array(z.object({ key: z.string(), humanClicks: z.number().int() }));
export type Breakdown = z.infer<typeof Breakdown>;

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

export type Granularity = "H" | "D" | "T";

/** One bucket of one scope, every shard summed. */
export interface Counter {
  bucket: string;
  humanClicks: number;
  botClicks: number;
  duplicateClicks: number;
  /** `ref:<host>` → human clicks, and likewise `dev:`, `cty:`, `brw:`; `<dim>:(other)` holds the folded rest. */
  breakdowns: Record<string, number>;
}

/** A bucket a click adds to. */
export interface CounterTarget {
  scope: string;
  granularity: Granularity;
  bucket: string;
  /** Epoch seconds after which the bucket may go; undefined keeps it. */
  ttl: number | undefined;
  /** Whether the bucket keeps human-click breakdowns (hour and day buckets do; lifetime totals do not). */
  breakdowns: boolean;
}

export type Kind = "human" | "duplicate" | "bot";

/** The duplicate window of one (link, IP hash), as its `click_seen` marker stores it. */
export interface Window {
  /** Epoch ms: clicks before this are repeats of the opener. */
  until: number;
  /** The click that opened the window (counted as human). */
  opener: string;
}

/**
 * A `click_seen` marker as read: the window, and which aggregation chunk wrote it with the window it
 * replaced (so a chunk retried after a crash decides again from the state it first saw).
 */
export interface Marker extends Window {
  writer: string | undefined;
  prior: Window | undefined;
}
