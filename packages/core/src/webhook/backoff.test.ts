import { describe, expect, it } from "vitest";
import { afterFailure, BASE_SECONDS, CAP_SECONDS, ceilingSeconds, RETRY_WINDOW_SECONDS } from "./backoff";

const HOUR = 3_600_000;

describe("webhook retry backoff", () => {
  it("doubles the ceiling from 30 s and caps it at 6 h", () => {
    expect([1, 2, 3, 4, 5].map(ceilingSeconds)).toEqual([30, 60, 120, 240, 480]);
    expect(ceilingSeconds(10)).toBe(BASE_SECONDS * 2 ** 9);
    expect(ceilingSeconds(11)).toBe(CAP_SECONDS);
    expect(ceilingSeconds(50)).toBe(CAP_SECONDS);
  });

  it.each([
    [1, 0, 0],
    [1, 0.5, 15],
    [1, 0.999, 29],
    [4, 0.5, 120],
    [20, 0.999_999, CAP_SECONDS - 1],
  ])(
    "after attempt %i with jitter %f waits %i s (full jitter: 0 up to the ceiling)",
    (attempt, random, wait) => {
      const decision = afterFailure(attempt, 0, 1000, random);
      expect(decision).toEqual({ give: "retry", waitSeconds: wait, nextAttemptAtMs: 1000 + wait * 1000 });
    },
  );

  it("keeps every wait between 0 and the ceiling whatever the random draw", () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.999_999, 1, -1]) {
        const decision = afterFailure(attempt, 0, 0, random);
        if (decision.give !== "retry") throw new Error("expected a retry");
        expect(decision.waitSeconds).toBeGreaterThanOrEqual(0);
        expect(decision.waitSeconds).toBeLessThanOrEqual(ceilingSeconds(attempt));
      }
    }
  });

  it("retries until an attempt fails 24 h after the first, then gives up", () => {
    expect(afterFailure(9, 0, RETRY_WINDOW_SECONDS * 1000 - 1, 0.5).give).toBe("retry");
    expect(afterFailure(9, 0, RETRY_WINDOW_SECONDS * 1000, 0.5)).toEqual({ give: "up" });
    expect(afterFailure(2, 5 * HOUR, 5 * HOUR + 25 * HOUR, 0)).toEqual({ give: "up" });
  });

  it("spans at least 24 h even when every wait is as long as it can be", () => {
    // The schedule with the longest waits: the last retry is still at most 6 h after the 24 h mark.
    let now = 0;
    let attempt = 1;
    for (;;) {
      const decision = afterFailure(attempt, 0, now, 0.999_999);
      if (decision.give === "up") break;
      now = decision.nextAttemptAtMs;
      attempt++;
    }
    expect(now).toBeGreaterThanOrEqual(RETRY_WINDOW_SECONDS * 1000);
    expect(now).toBeLessThan(RETRY_WINDOW_SECONDS * 1000 + CAP_SECONDS * 1000);
    expect(attempt).toBeGreaterThan(10);
  });
});
