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
 * Counts one attempt in the current fixed window and throws once the limit is passed. The counter lives
 * in the table, so every Lambda instance sees the same count.
 */
export async function hit({ bucket, key, limit, windowSeconds }: Limit): Promise<void> {
  const now = Clock.nowSeconds();
  const windowStart = now - (now % windowSeconds);
  const windowEnd = windowStart + windowSeconds;
  const count = await RateLimitStore.increment(`${bucket}#${key}`, windowStart, windowEnd);
  if (count > limit) throw new RateLimitedError(Math.max(1, windowEnd - now));
}
