import { describe, expect, it } from "vitest";
import { monthOf, previousMonth } from "./audit.dynamo";

describe("audit months", () => {
  it.each([
    ["2026-11", "2026-10"],
    ["2026-01", "2025-12"],
    ["2025-10", "2025-09"],
  ])("the month before %s is %s", (month, before) => {
    expect(previousMonth(month)).toBe(before);
  });

  it("buckets an entry by the month of its time", () => {
    expect(monthOf("2026-11-29T08:25:45.123Z")).toBe("2026-11");
  });
});
