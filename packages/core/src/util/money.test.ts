import { describe, expect, it } from "vitest";
import { Money } from "./money";

describe("Money", () => {
  it("takes integer minor units and an ISO 4217 code, upper-cased", () => {
    expect(Money.parse({ amount: 2990, currency: "usd" })).toEqual({ amount: 2990, currency: "USD" });
    expect(Money.parse({ amount: 1500, currency: "JPY" })).toEqual({ amount: 1500, currency: "JPY" });
  });

  it.each([
    [{ amount: 29.9, currency: "USD" }],
    [{ amount: -1, currency: "USD" }],
    [{ amount: 100, currency: "XYZ" }],
    [{ amount: 100, currency: "dollars" }],
    [{ amount: "100", currency: "USD" }],
  ])("refuses %j", (money) => {
    expect(Money.safeParse(money).success).toBe(false);
  });
});
