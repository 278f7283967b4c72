import { backoffDelay } from "../util/retry";

/**
 * When a failed delivery is tried again: exponential backoff with full jitter. The n-th retry waits a random
 * time between 0 and min(CAP, BASE × 2^(n-1)), so receivers that fail together do not get retried together.
 * Retries go on until an attempt fails at least RETRY_WINDOW after the first one; then the delivery is failed.
 */
export const BASE_SECONDS = 30;
export const CAP_SECONDS = 6 * 3600;
export const RETRY_WINDOW_SECONDS = 24 * 3600;

/** The longest wait after the `attempt`-th attempt failed (1-based): 30 s, 60 s, 120 s, ... up to 6 h. */
export function ceilingSeconds(attempt: number): number {
  return backoffDelay(attempt, { ...SCHEDULE, jitter: "none" }) / 1000;
}

const SCHEDULE = { baseMs: BASE_SECONDS * 1000, capMs: CAP_SECONDS * 1000 };

/**
 * What to do after the `attempt`-th attempt failed at `failedAtMs`, given when the first attempt was made.
 * `random` is in [0, 1) (Math.random in production; fixed in tests), so the wait is in [0, ceiling).
 */
export function afterFailure(
  attempt: number,
  firstAttemptAtMs: number,
  failedAtMs: number,
  random: number,
): { give: "up" } | { give: "retry"; waitSeconds: number; nextAttemptAtMs: number } {
  if (failedAtMs - firstAttemptAtMs >= RETRY_WINDOW_SECONDS * 1000) return { give: "up" };
  const waitSeconds = Math.floor(backoffDelay(attempt, SCHEDULE, random) / 1000);
  return { give: "retry", waitSeconds, nextAttemptAtMs: failedAtMs + waitSeconds * 1000 };
}
