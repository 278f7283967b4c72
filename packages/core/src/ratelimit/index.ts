export * as RateLimit from "./index";

import { config } from "../config";
import { Clock } from "../util/clock";
import { RateLimitedError } from "../util/errors";
import { type PolicyName, policies, type RateKey } from "./policies";
import { RateLimitStore } from "./ratelimit.dynamo";

export { type PolicyName, policies, type RateKey, type RatePolicy, type RateRule } from "./policies";

export interface Limit {
  /** What is limited, e.g. "login:address". */
  bucket: string;
  /** Whom it is limited for, e.g. an IP or an email. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one attempt and throws once the limit is passed. A sliding window, estimated from two fixed ones:
 * this window's count plus the previous window's, weighted by how much of it still lies within the last
 * `windowSeconds`. A plain fixed window would let 2x the limit through around each boundary (10 attempts
 * at :59 and 10 more at :00). The counters live in the table, so every Lambda instance sees the same count.
 */
export async function hit({ bucket, key, limit, windowSeconds }: Limit): Promise<void> {
  const nowMs = Clock.nowMs();
  const windowMs = windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowSeconds;
  const windowEnd = windowStart + windowSeconds;
  const subject = `${bucket}#${key}`;
  const [current, previous] = await Promise.all([
    RateLimitStore.increment(subject, windowStart, windowEnd),
    RateLimitStore.count(subject, windowStart - windowSeconds),
  ]);
  const previousWeight = 1 - (nowMs - windowStart * 1000) / windowMs;
  const estimate = current + previous * previousWeight;
  if (estimate > limit) {
    // Until this window ends the estimate cannot fall below what this window alone holds.
    throw new RateLimitedError(Math.max(1, Math.ceil(windowEnd - nowMs / 1000)));
  }
}

/** A rule's limit, after any SHOPGUIDE_RATE_LIMITS override. */
export function limitOf(name: PolicyName, per: RateKey): number | undefined {
  const rule = policies[name].rules.find((candidate) => candidate.per === per);
  return rule ? (config().rateLimits[`${name}.${per}`] ?? rule.limit) : undefined;
}

/**
 * Counts one request against every rule of a named policy (see policies.ts), all rules at once, and throws
 * RateLimitedError when any is past its limit (the longest wait when several are). A rule whose key the
 * caller lacks (no signed-in user, no email in the body) is skipped: the route refuses such a request itself.
 */
export async function enforce(name: PolicyName, keys: Partial<Record<RateKey, string>>): Promise<void> {
  const outcomes = await Promise.allSettled(
    policies[name].rules.flatMap((rule) => {
      const key = keys[rule.per];
      if (key === undefined) return [];
      const limit = limitOf(name, rule.per) ?? rule.limit;
      if (limit === Number.POSITIVE_INFINITY) return []; // switched off by SHOPGUIDE_RATE_LIMITS
      return [hit({ bucket: `${name}:${rule.per}`, key, limit, windowSeconds: rule.windowSeconds })];
    }),
  );
  const refusals: RateLimitedError[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") continue;
    if (!(outcome.reason instanceof RateLimitedError)) throw outcome.reason;
    refusals.push(outcome.reason);
  }
  if (refusals.length > 0)
    throw new RateLimitedError(Math.max(...refusals.map((refusal) => refusal.retryAfterSeconds)));
}
