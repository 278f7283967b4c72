/**
 * The one backoff rule and retry loop. Dependency-free and tiny on purpose: the redirect Lambda's AWS
 * call (aws/json-call.ts) imports it on the hot path.
 */

export interface Backoff {
  /** The ceiling of the first wait. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /** "full" (the default): a random wait in [0, ceiling), so racers spread out; "none": the ceiling itself. */
  jitter?: "full" | "none";
}

/**
 * The wait after the `attempt`-th failure (1-based): the ceiling doubles from `baseMs` up to `capMs`,
 * and full jitter draws uniformly below it. `random` is in [0, 1) (Math.random unless a test fixes it).
 */
export function backoffDelay(attempt: number, backoff: Backoff, random = Math.random()): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  if (backoff.jitter === "none") return ceiling;
  return Math.floor(Math.min(Math.max(random, 0), 1) * ceiling);
}

/** For writes racing on one DynamoDB item: 20 ms doubling up to a second, jittered. */
export const CONTENTION: Backoff = { baseMs: 20, capMs: 1000 };

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export interface RetryOptions extends Backoff {
  /** At most this many calls of `work` in all (the first one included). */
  attempts: number;
  /** Whether a failure is worth another call; the default retries every failure. */
  retryable?: (error: unknown) => boolean;
}

/**
 * Calls `work` until it resolves, waiting `backoffDelay` after each retryable failure; rethrows the last
 * failure once `attempts` calls are spent, and any failure `retryable` refuses at once. `work` gets the
 * 1-based attempt number. Only for work that is safe to repeat (a conditional write, an idempotent read).
 */
export async function retry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !(options.retryable?.(error) ?? true)) throw error;
      await sleep(backoffDelay(attempt, options));
    }
  }
}
