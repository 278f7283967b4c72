import { describe, expect, it } from "vitest";
import {
  CONVERSION_AT as AT,
  type ConversionShape,
  conversionWith,
} from "../../../../tests/fixtures/conversions";
import { budgetReturned, moveCommission } from "./lifecycle";
import { decideRefund } from "./refund";
import type { CommissionStatus, Info } from "./schema";

const conversion = (status: CommissionStatus | undefined, over: ConversionShape = {}) =>
  conversionWith(status, { version: 3, ...over });

const refund = (amount: number, currency = "USD") => ({
  orderId: "o-1",
  refundKey: "r1",
  refundAmount: amount,
  currency,
});

describe("decideRefund: full reversal, proportional scaling, clawback after approval", () => {
  it.each<[string, Info, number, CommissionStatus | undefined, number | undefined, string | undefined]>([
    ["30% of a pending commission's order", conversion("pending"), 3_000, "pending", 700, "adjusted"],
    ["all of it", conversion("pending"), 10_000, "reversed", 0, "reversed"],
    ["more than all of it", conversion("pending"), 12_000, "reversed", 0, "reversed"],
    [
      "the rest after 30% (from the original, no drift)",
      conversion("pending", { refunded: 3_000, amount: 700 }),
      7_000,
      "reversed",
      0,
      "reversed",
    ],
    ["half of a held one", conversion("held"), 5_000, "held", 500, "adjusted"],
    [
      "all of an approved one (paid or not: the statement claws it back)",
      conversion("approved"),
      10_000,
      "reversed",
      0,
      "reversed",
    ],
    [
      "a share that leaves the amount unchanged",
      conversion("pending", { amount: 1_000, original: 1_000 }),
      4,
      "pending",
      1_000,
      undefined,
    ],
    [
      "a rejected one: only the refunded total moves",
      conversion("rejected"),
      5_000,
      "rejected",
      1_000,
      undefined,
    ],
    ["a reversed one: nothing more", conversion("reversed", { amount: 0 }), 5_000, "reversed", 0, undefined],
    ["no commission at all", conversion(undefined), 5_000, undefined, undefined, undefined],
  ])("%s", (_name, current, amount, status, remaining, eventKind) => {
    const decision = decideRefund(current, refund(amount), AT);
    expect(decision.next.version).toBe(current.version + 1);
    expect(decision.next.refundedAmount).toBe(Math.min(10_000, current.refundedAmount + amount));
    expect(decision.next.commission?.status).toBe(status);
    expect(decision.next.commission?.amount.amount).toBe(remaining);
    expect(decision.event?.kind).toBe(eventKind);
    if (decision.event) expect(decision.event.amount).toBe(remaining);
  });

  it("refuses a refund in another currency", () => {
    expect(() => decideRefund(conversion("pending"), refund(100, "EUR"), AT)).toThrow(/currency/);
  });

  it("takes a running total (Stripe) as the refunded total, never going back", () => {
    const decision = decideRefund(
      conversion("pending", { refunded: 5_000, amount: 500 }),
      { orderId: "o-1", refundKey: "r2", refundedTotal: 4_000, currency: "usd" },
      AT,
    );
    expect(decision.next.refundedAmount).toBe(5_000);
    expect(decision.event).toBeUndefined();
  });
});

describe("budget given back", () => {
  it.each<[string, Info, number, number]>([
    ["a partial refund gives back the reduction", conversion("pending", { budget: true }), 3_000, 300],
    ["a full refund gives back all that was owed", conversion("approved", { budget: true }), 10_000, 1_000],
    ["nothing without a budget", conversion("pending"), 10_000, 0],
    [
      "nothing for a commission already reversed",
      conversion("reversed", { amount: 0, budget: true }),
      10_000,
      0,
    ],
  ])("%s", (_name, current, amount, returned) => {
    expect(decideRefund(current, refund(amount), AT).budgetReturned).toBe(returned);
  });

  it("gives a rejected commission's whole amount back, once per move", () => {
    const current = conversion("held", { budget: true, amount: 800 });
    const { next, event } = moveCommission(current, {
      to: "rejected",
      at: AT,
      reason: "fraud",
      rejectedReason: "fraud",
    });
    expect(next.status).toBe("rejected");
    expect(next.rejectedReason).toBe("fraud");
    expect(event.kind).toBe("rejected");
    expect(budgetReturned(current, next)).toBe(800);
    expect(budgetReturned(next, { ...next, version: next.version + 1 })).toBe(0);
  });

  it("approving or releasing returns nothing", () => {
    const current = conversion("pending", { budget: true });
    expect(
      budgetReturned(current, moveCommission(current, { to: "approved", at: AT, reason: "" }).next),
    ).toBe(0);
  });
});
