import { describe, expect, it } from "vitest";
import { lastEnded, periodOf } from "./index";

describe("statement periods (UTC)", () => {
  it.each([
    ["monthly", "2026-11-22T13:00:00Z", "2026-11-01", "2026-12-01"],
    ["monthly", "2026-12-31T23:59:59Z", "2026-12-01", "2027-01-01"],
    ["weekly", "2026-11-22T13:00:00Z", "2026-11-16", "2026-11-23"],
    ["weekly", "2026-11-23T00:00:00Z", "2026-11-23", "2026-11-30"],
  ] as const)("%s period of %s is %s to %s", (kind, at, start, end) => {
    const period = periodOf(kind, new Date(at));
    expect([period.start.toISOString().slice(0, 10), period.end.toISOString().slice(0, 10)]).toEqual([
      start,
      end,
    ]);
  });

  it("the last ended period is the one before the current", () => {
    expect(lastEnded("monthly", new Date("2027-01-01T00:00:00Z")).start.toISOString()).toBe(
      "2026-12-01T00:00:00.000Z",
    );
    expect(lastEnded("weekly", new Date("2026-11-24T08:00:00Z")).end.toISOString()).toBe(
      "2026-11-23T00:00:00.000Z",
    );
  });
});
