import { describe, expect, it } from "vitest";
import { check, dateTimeWithin } from "./date-window";

const now = Date.parse("2026-06-01T12:00:00Z");
const DAY = 86_400_000;

describe("date windows", () => {
  it.each([
    ["year 9999", Date.parse("9999-12-31T00:00:00Z"), { futureMinutes: 5 }, /5 minutes from now/],
    ["six minutes ahead", now + 6 * 60_000, { futureMinutes: 5 }, /5 minutes from now/],
    ["1999", Date.parse("1999-12-31T23:59:59Z"), { futureDays: 1 }, /2000-01-01/],
    ["a second ahead of a past-only window", now + 1_000, {}, /not be in the future/],
    ["a year and a day back", now - 366 * DAY, { pastDays: 365, futureMinutes: 5 }, /last 365 days/],
  ])("refuses %s", (_label, value, window, reason) => {
    expect(check(value, window, now)).toMatch(reason);
  });

  it.each([
    ["now", now, { futureMinutes: 5 }],
    ["five minutes ahead", now + 5 * 60_000, { futureMinutes: 5 }],
    ["2000-01-01 exactly", Date.parse("2000-01-01T00:00:00Z"), {}],
    ["364 days back", now - 364 * DAY, { pastDays: 365 }],
  ])("accepts %s", (_label, value, window) => {
    expect(check(value, window, now)).toBeUndefined();
  });

  it("names the rule's code on the issue, and still refuses a malformed value as a date-time", () => {
    const parsed = dateTimeWithin({ futureMinutes: 5 }).safeParse("9999-01-01T00:00:00Z");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: "custom", params: { code: "date_out_of_range" } });
    expect(dateTimeWithin({ futureMinutes: 5 }).safeParse("yesterday").success).toBe(false);
  });
});
