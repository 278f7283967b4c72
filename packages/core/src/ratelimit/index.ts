export * as RateLimit from "./index";

import { Clock } from "../util/clock";
import { RateLimitedError } from "../util/errors";
import { RateLimitStore } from "./ratelimit.dynamo";

export interface Limit {
  /** What is limited, e.g. "login-ip". */
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
