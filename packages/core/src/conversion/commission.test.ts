import { describe, expect, it } from "vitest";
import type { Campaign } from "../campaign";
import { afterRefund, budgetCapArithmetic, compute, refundArithmetic } from "./commission";

const campaign = (overrides: Partial<Campaign.Info> = {}): Campaign.Info => ({
  id: "cmp_1",
  brandId: "brd_1",
  brandName: "Brand",
  type: "commission",
  name: "Test",
  rule: { kind: "percent", bps: 1000 },
  currency: "USD",
  attributionWindowDays: 30,
  holdDays: 30,
  holdFromReturnWindow: false,
  startsAt: "2026-01-01T00:00:00.000Z",
  enrollment: "open",
  status: "active",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

const line = (productId: string, quantity: number, amount: number) => ({
  productId,
  sku: undefined,
  quantity,
  amount,
});

describe("compute", () => {
  it("takes basis points of the order and rounds half-up once, at the end", () => {
    expect(compute(campaign(), 12_345, "USD", []).amount).toBe(1235); // 1234.5 → 1235
    expect(compute(campaign(), 12_344, "USD", []).amount).toBe(1234); // 1234.4 → 1234
    // Two lines of 1234.5 and 0.5 minor units: exact sum 1235.0 → 1235 (rounding each line would give 1236).
    expect(compute(campaign(), 0, "USD", [line("a", 1, 12_345), line("b", 1, 5)]).amount).toBe(1235);
  });

  it("pays flat amounts per order once and per unit by quantity", () => {
    const perOrder = campaign({
      rule: { kind: "flat", amount: { amount: 500, currency: "USD" }, per: "order" },
    });
    expect(compute(perOrder, 10_000, "USD", [line("a", 3, 9_000), line("b", 1, 1_000)]).amount).toBe(500);
    const perUnit = campaign({
      rule: { kind: "flat", amount: { amount: 200, currency: "USD" }, per: "unit" },
    });
    expect(compute(perUnit, 10_000, "USD", [line("a", 3, 9_000), line("b", 1, 1_000)]).amount).toBe(800);
  });

  it("applies per-product rules and skips products outside the campaign", () => {
    const mixed = campaign({
      productIds: ["a"],
      productRules: [{ productId: "b", rule: { kind: "percent", bps: 2000 } }],
    });
    const result = compute(mixed, 0, "USD", [line("a", 1, 1_000), line("b", 1, 1_000), line("c", 1, 1_000)]);
    expect(result.amount).toBe(300);
    expect(result.arithmetic.join("\n")).toMatch(/c: not in this campaign/);
  });
});

describe("afterRefund", () => {
  it.each([
    [1000, 10_000, 3_000, 700],
    [1000, 10_000, 10_000, 0],
    [333, 3_333, 1_000, 233],
    [1, 2, 1, 1], // 0.5 rounds up
    [999, 10_000, 0, 999],
  ])("commission %d on an order of %d with %d refunded is %d", (original, order, refunded, expected) => {
    expect(afterRefund(original, order, refunded)).toBe(expected);
  });
});

describe("receipt arithmetic in the order's own minor units", () => {
  it.each([
    ["JPY", 12_345, "order: 12345 JPY × 1000 bps = 1234 JPY + 0.5 minor unit", "→ 1235 JPY"],
    ["KWD", 12_345, "order: 12.345 KWD × 1000 bps = 1.234 KWD + 0.5 minor unit", "→ 1.235 KWD"],
    ["HUF", 150_000, "order: 1500.00 HUF × 1000 bps = 150.00 HUF", "→ 150.00 HUF"],
    ["USD", 1_005, "order: 10.05 USD × 1000 bps = 1.00 USD + 0.5 minor unit", "→ 1.01 USD"],
  ])("%s %i", (currency, amount, first, total) => {
    const computed = compute(campaign({ currency }), amount, currency, []);
    expect(computed.arithmetic[0]).toBe(first);
    expect(computed.arithmetic[1]).toContain(total);
  });

  it.each([
    [
      1235,
      12_345,
      2_345,
      "JPY",
      "Refunded 2345 JPY of 12345 JPY: 1235 JPY × 10000 JPY / 12345 JPY, rounded half-up = 1000 JPY",
    ],
    [
      1235,
      12_345,
      2_345,
      "KWD",
      "Refunded 2.345 KWD of 12.345 KWD: 1.235 KWD × 10.000 KWD / 12.345 KWD, rounded half-up = 1.000 KWD",
    ],
  ])("refund of %i on %i less %i %s", (commission, order, refunded, currency, text) => {
    expect(refundArithmetic(commission, order, refunded, currency)).toBe(text);
  });

  it("states a budget cap in the currency", () => {
    expect(budgetCapArithmetic(1250, "KWD")).toBe("Capped at the 1.250 KWD left in the campaign budget");
  });
});
