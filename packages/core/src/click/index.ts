export * as Click from "./index";

import * as z from "zod";
import { config } from "../config";
import { Link } from "../link";
import { Clock } from "../util/clock";
import { createId } from "../util/id";
import { ClickStore } from "./click.dynamo";
import { hashIp } from "./ip-hash";
import { buildLocation } from "./location";
import { classifyRequest } from "./user-agent";

export { buildLocation } from "./location";
export { classifyRequest, classifyUserAgent } from "./user-agent";

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
   * Same IP hash and link as a human click counted less than an hour before. Decided exactly by the
   * aggregator (a conditional marker write) and stored back on the click; absent until then.
   */
  duplicate: z.boolean().optional(),
});
export type Info = z.infer<typeof Info>;

/** What the redirect knows about a request; transport-neutral so Lambda and the local server share it. */
export interface VisitRequest {
  code: string;
  method: string;
  ip: string;
  userAgent: string | undefined;
  referer: string | undefined;
  /** Raw value of the trusted country header, when the transport has one. */
  country: string | undefined;
}

export type VisitAnswer = { found: true; location: string; clickId: string } | { found: false };

/** Stores a click durably; resolves only once it is stored. */
export type Recorder = (click: Info) => Promise<void>;

/** One PutItem per click: what the redirect Lambda uses (no background work survives a Lambda return). */
export const recordNow: Recorder = (click) => ClickStore.put(click);

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

function referrerHostOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    const host = new URL(referer).hostname.toLowerCase().replace(/^www\./, "");
    return host && host.length <= 253 ? host : undefined;
  } catch {
    return undefined;
  }
}

function countryOf(raw: string | undefined): string | undefined {
  const value = raw?.trim().toUpperCase();
  return value && /^[A-Z]{2}$/.test(value) && value !== "XX" ? value : undefined;
}

/**
 * The redirect: resolve the code (one key lookup, briefly cached), record the click (one write, awaited),
 * answer where to send the visitor. Unknown, malformed and disabled codes are not found and record nothing.
 * A click that cannot be stored is logged in full (so it can be replayed) and the visitor is still sent on:
 * losing the sale would be worse than a late click.
 */
export async function visit(request: VisitRequest, record: Recorder = recordNow): Promise<VisitAnswer> {
  const link = await Link.resolve(request.code);
  if (!link || link.disabled) return { found: false };
  const now = Clock.now();
  const visitor = classifyRequest(request.method, request.userAgent);
  const click: Info = {
    id: createId("clk"),
    code: link.code,
    creatorId: link.creatorId,
    guideId: link.guideId,
    at: now.toISOString(),
    ipHash: hashIp(request.ip, now),
    device: visitor.device,
    browser: visitor.browser,
    referrerHost: referrerHostOf(request.referer),
    country: countryOf(request.country),
    bot: visitor.bot,
  };
  try {
    await record(click);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "click not recorded", click, error: String(error) }));
  }
  return { found: true, location: buildLocation(link.url, link.utm, click.id), clickId: click.id };
}

/** The header a trusted CDN puts the visitor's country in, if any (lower-case). */
export function countryHeader(): string | undefined {
  return config().countryHeader;
}

/** A click by the id the merchant got as `sg_click`; undefined for ids we never issued (or expired ones). */
export async function get(clickId: string): Promise<Info | undefined> {
  return /^clk_[0-9A-Z]{26}$/.test(clickId) ? ClickStore.get(clickId) : undefined;
}

/** AP24: every click of a link. For audits and tests; the dashboards read the aggregates. */
export function listByLink(code: string): Promise<Info[]> {
  return ClickStore.listByLink(code);
}
