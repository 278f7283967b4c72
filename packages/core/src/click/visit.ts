import { config } from "../config";
import { blockedDomainOfUrl } from "../domain-block/blocklist";
import { resolve } from "../link/resolve";
import { Clock } from "../util/clock";
import { createId } from "../util/id";
import type { Info } from "./index";
import { hashIp } from "./ip-hash";
import { buildLocation } from "./location";
import { putClick } from "./record.dynamo";
import { classifyRequest } from "./user-agent";

// The redirect's hot path, free of zod and the AWS SDK: the redirect Lambda's bundle is this file's imports.

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

/** Why a link that exists no longer redirects: switched off by the platform, not by its creator. */
export type GoneReason = { kind: "account_suspended" } | { kind: "domain_blocked"; domain: string };

export type VisitAnswer =
  | { found: true; location: string; clickId: string }
  | { found: false; gone?: GoneReason };

/** Stores a click durably; resolves only once it is stored. */
export type Recorder = (click: Info) => Promise<void>;

/** One PutItem per click: what the redirect Lambda uses (no background work survives a Lambda return). */
export const recordNow: Recorder = putClick;

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
  const link = await resolve(request.code);
  if (!link || link.disabled) return { found: false };
  // Both checks are memory reads on the hot path: the reason is on the (cached) link item, the blocklist is
  // one item cached per process for a minute (domain-block/blocklist.ts). Neither records a click.
  if (link.disabledReason) return { found: false, gone: { kind: link.disabledReason } };
  const blocked = await blockedDomainOfUrl(link.url);
  if (blocked) return { found: false, gone: { kind: "domain_blocked", domain: blocked } };
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
