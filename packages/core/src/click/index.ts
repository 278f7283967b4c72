export * as Click from "./index";

import { ClickStore } from "./click.dynamo";
import type { Info } from "./schema";
import type { Recorder } from "./visit";

export { buildLocation } from "./location";
export * from "./schema";
export { classifyRequest, classifyUserAgent } from "./user-agent";
export {
  countryHeader,
  type Recorder,
  recordNow,
  type VisitAnswer,
  type VisitRequest,
  visit,
} from "./visit";

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
