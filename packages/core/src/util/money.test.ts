import { describe, expect, it } from "vitest";
import { divideHalfUp, format, Money, minorUnits } from "./money";

describe("minorUnits", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["19.9", "USD", 1990],
    ["20", "USD", 2000],
    ["0.10", "EUR", 10],
    ["1500", "JPY", 1500],
    ["1500.00", "JPY", 1500],
    ["1.234", "KWD", 1234],
    ["0.005", "KWD", 5],
    ["199.98", "USD", 19998],
    ["0.29", "USD", 29],
    ["1.005", "EUR", Number.NaN],
    ["12.5", "JPY", Number.NaN],
    ["-1.00", "USD", Number.NaN],
    ["1e3", "USD", Number.NaN],
  ])("%s %s is %d minor units (NaN: refused)", (decimal, currency, expected) => {
    if (Number.isNaN(expected)) expect(() => minorUnits(decimal, currency)).toThrow();
    else expect(minorUnits(decimal, currency)).toBe(expected);
  });
});

describe("divideHalfUp", () => {
  it.each([
    [15n, 10n, 2],
    [14n, 10n, 1],
    [25n, 10n, 3],
    [-15n, 10n, -2],
    [3_333_000n, 10_000n, 333],
    [12_345n * 1_000n, 10_000n, 1235],
  ])("%d / %d rounds half-up to %d", (numerator, denominator, expected) => {
    expect(divideHalfUp(numerator, denominator)).toBe(expected);
  });
});

describe("format", () => {
  it("shows each currency with its own number of decimals", () => {
    expect(format({ amount: 1999, currency: "USD" })).toBe("19.99 USD");
    expect(format({ amount: 5, currency: "USD" })).toBe("0.05 USD");
    expect(format({ amount: 1500, currency: "JPY" })).toBe("1500 JPY");
    expect(format({ amount: 1234, currency: "KWD" })).toBe("1.234 KWD");
  });
});
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
