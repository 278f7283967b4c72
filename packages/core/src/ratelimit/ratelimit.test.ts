import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Clock } from "../util/clock";
import { RateLimitedError } from "../util/errors";
import { RateLimit } from "./index";

const limit = (key: string) => ({ bucket: "test", key, limit: 10, windowSeconds: 60 });

/** Moves the platform clock to `secondsIntoWindow` into a fresh minute (it only ever moves forward). */
function moveTo(secondsIntoWindow: number): void {
  const into = (Clock.nowMs() % 60_000) / 1000;
  Clock.advance(60 - into + secondsIntoWindow);
}

async function attempts(key: string, count: number): Promise<number> {
  let refused = 0;
  for (let attempt = 0; attempt < count; attempt++) {
    await RateLimit.hit(limit(key)).catch((error: unknown) => {
      if (!(error instanceof RateLimitedError)) throw error;
      refused++;
    });
  }
  return refused;
}

describe("rate limits", () => {
  it("refuse the attempt past the limit within a window, with a Retry-After within the minute", async () => {
    const key = randomUUID();
    moveTo(5);
    expect(await attempts(key, 10)).toBe(0);
    const blocked = await RateLimit.hit(limit(key)).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(RateLimitedError);
    expect((blocked as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((blocked as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("do not let twice the limit through around a window boundary", async () => {
    const key = randomUUID();
    moveTo(59);
    expect(await attempts(key, 10)).toBe(0);
    Clock.advance(2); // one second into the next fixed window
    expect(await attempts(key, 10)).toBe(10);
  });

  it("let attempts through again once the last minute holds fewer than the limit", async () => {
    const key = randomUUID();
    moveTo(0);
    expect(await attempts(key, 10)).toBe(0);
    moveTo(45); // the previous window now weighs a quarter: 2.5 of its 10 still count
    expect(await attempts(key, 7)).toBe(0);
    expect(await attempts(key, 1)).toBe(1);
    moveTo(0);
    moveTo(0); // two windows on, nothing from before counts
    expect(await attempts(key, 10)).toBe(0);
  });
});
