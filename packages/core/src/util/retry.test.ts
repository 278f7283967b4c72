import { describe, expect, it } from "vitest";
import { type Backoff, backoffDelay, retry } from "./retry";

describe("backoffDelay", () => {
  const schedule: Backoff = { baseMs: 100, capMs: 1000 };
  it.each<[number, number, Backoff, number]>([
    [1, 0.999, { ...schedule, jitter: "none" }, 100],
    [2, 0.5, { ...schedule, jitter: "none" }, 200],
    [4, 0, { ...schedule, jitter: "none" }, 800],
    [5, 0, { ...schedule, jitter: "none" }, 1000],
    [60, 0, { ...schedule, jitter: "none" }, 1000],
    [0, 0, { ...schedule, jitter: "none" }, 100],
    [1, 0, schedule, 0],
    [1, 0.5, schedule, 50],
    [3, 0.5, schedule, 200],
    [3, 0.999, schedule, 399],
    [9, 0.5, schedule, 500],
    [3, 7, schedule, 400],
    [3, -1, schedule, 0],
  ])("after failure %i with random %d: %j waits %i ms", (attempt, random, backoff, expected) => {
    expect(backoffDelay(attempt, backoff, random)).toBe(expected);
  });

  it("stays below the ceiling with the default random", () => {
    for (let attempt = 1; attempt < 20; attempt++) {
      const wait = backoffDelay(attempt, schedule);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(Math.min(1000, 100 * 2 ** (attempt - 1)));
    }
  });
});

describe("retry", () => {
  const fast = { baseMs: 1, capMs: 2 };

  it("answers the first success, passing the attempt number", async () => {
    const seen: number[] = [];
    const answer = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error("busy");
        return "done";
      },
      { ...fast, attempts: 5 },
    );
    expect([answer, seen]).toEqual(["done", [1, 2, 3]]);
  });

  it("rethrows the last failure once the attempts are spent", async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error(`failure ${calls}`);
        },
        { ...fast, attempts: 3 },
      ),
    ).rejects.toThrow("failure 3");
    expect(calls).toBe(3);
  });

  it("rethrows at once what retryable refuses", async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error("final");
        },
        { ...fast, attempts: 10, retryable: (error) => (error as Error).message !== "final" },
      ),
    ).rejects.toThrow("final");
    expect(calls).toBe(1);
  });
});
