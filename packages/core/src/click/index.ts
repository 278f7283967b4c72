export * as Click from "./index";

import * as z from "zod";
import { ClickStore } from "./click.dynamo";
import type { Recorder } from "./visit";

export { buildLocation } from "./location";
export { classifyRequest, classifyUserAgent } from "./user-agent";
export {
  countryHeader,
  type Recorder,
  recordNow,
  type VisitAnswer,
  type VisitRequest,
  visit,
} from "./visit";

export const Device = z.enum(["mobile", "tablet", "desktop", "bot", "other"]);

/** One visit of a short link, as stored. No raw IP: only a hash under a salt that changes every day. */
export const Info = z.object({
  id: z.string(),
  code: z.string(),
  creatorId: z.string(),
  guideId: z.string().optional(),
  at: z.string(),
  ipHash: z.string(),
  device: Device,
  browser: z.string(),
  /** Host of the Referer, without `www.`; absent for direct visits. */
  referrerHost: z.string().optional(),
  /** ISO 3166 alpha-2 from a trusted CDN header; absent when unknown. */
  country: z.string().optional(),
  bot: z.boolean(),
  /**
   * Same IP hash and link as a human click counted less than an hour before. Clicks aggregated before
   * issue 13 carry it; since then the aggregator keeps the judgment in the counters only and never
   * rewrites the click (that write alone cost more than counting the click).
   */
  duplicate: z.boolean().optional(),
});
export type Info = z.infer<typeof Info>;

/**
 * Group commit for a long-lived server: clicks arriving in the same event-loop turn share BatchWriteItem
 * calls (25 per call, several in flight at once), and each caller's promise settles with the batch
 * carrying its click, so nothing is acknowledged before it is stored.
 */
export function groupCommit(): Recorder {
  let pending: { click: Info; done: () => void; failed: (error: unknown) => void }[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const waiting = pending;
    pending = [];
    for (let start = 0; start < waiting.length; start += 25) {
      const batch = waiting.slice(start, start + 25);
      ClickStore.putMany(batch.map((entry) => entry.click)).then(
        () => {
          for (const entry of batch) entry.done();
        },
        (error) => {
          for (const entry of batch) entry.failed(error);
        },
      );
    }
  };
  return (click) =>
    new Promise<void>((done, failed) => {
      pending.push({ click, done, failed });
      if (pending.length >= 25) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** A click by the id the merchant got as `sg_click`; undefined for ids we never issued (or expired ones). */
export async function get(clickId: string): Promise<Info | undefined> {
  return /^clk_[0-9A-Z]{26}$/.test(clickId) ? ClickStore.get(clickId) : undefined;
}

/** AP24: every click of a link. For audits and tests; the dashboards read the aggregates. */
export function listByLink(code: string): Promise<Info[]> {
  return ClickStore.listByLink(code);
}
