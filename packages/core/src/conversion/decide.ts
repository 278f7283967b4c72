/**
 * What recording an order decides, as a pure function: from the attribution and the facts read, the
 * conversion to store (status, commission, hold) with its receipt, built once, its first commission event
 * and the budget debit. index.ts `recordOrder` reads, calls this, writes; when the budget turns out shorter
 * than read, it calls this again with what is left.
 */
import { createHash } from "node:crypto";
import type { Attribution } from "./attribute";
import { DAY_MS } from "./attribute";
import { budgetCapArithmetic, compute, type Line, ROUNDING } from "./commission";
import type { CommissionStatus, Event, Info, Order, Receipt, Source } from "./schema";

export const explanations: Record<string, string> = {
  credited_by_groupbuy_code:
    "Credited to the creator who referred the group-buy participant whose code was used, on the tier price.",
  credited_by_click: "Credited to the creator whose referral link was clicked last before the order.",
  credited_by_coupon: "Credited to the creator whose coupon code was used at checkout.",
  self_referral: "The buyer's email matches the creator's: held for the brand to review.",
  click_not_found: "The click id is unknown, and no creator coupon applied.",
  bot_click: "The click came from a bot, and no creator coupon applied.",
  click_other_brand: "The click was on a link to another store, and no creator coupon applied.",
  creator_not_enrolled: "The creator is not approved in a running campaign that covers this order.",
  outside_window: "The click was outside the campaign's attribution window, and no creator coupon applied.",
  coupon_unknown: "The coupon code belongs to no creator.",
  no_click_or_coupon: "The order carried neither a click id nor a creator coupon code.",
  currency_mismatch:
    "The order's currency differs from the campaign's; commissions are only paid in the campaign's currency.",
  budget_exhausted: "The campaign's budget is used up, so this conversion earns no commission.",
  zero_commission: "The campaign's rule gives no commission for these products.",
};

export function emailSha256(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

export interface OrderFacts {
  /** Ids drawn once by the caller, so every retry of the write decides on the same ones. */
  conversionId: string;
  commissionId: string;
  brandId: string;
  source: Source;
  order: Order;
  /** The order's lines, matched to the catalogue. */
  lines: Line[];
  /** The longest return window of the order's catalogue products (0 when none). */
  returnWindowDays: number;
  now: Date;
  attribution: Attribution;
  /** The credited creator, when attribution credits one. */
  creator?: { id: string; handle: string; email: string } | undefined;
  /** What the budget has left, when a write found less than attribution read; else the credit's. */
  budgetRemaining?: number | undefined;
}

export interface OrderDecision {
  conversion: Info;
  /** The commission's first event (pending or held), when there is a commission. */
  event?: Event;
  /** The budget to commit with the write, when the terms have a budget and there is a commission. */
  debit?: { campaignId: string; amount: number };
}

type Outcome =
  | { kind: "none"; reason: string; status: "unattributed" | "no_commission"; decision: Receipt["decision"] }
  | { kind: "commission"; reason: string; status: CommissionStatus; amount: number };

export function decideOrder(facts: OrderFacts): OrderDecision {
  const { order, attribution, now } = facts;
  const credit = attribution.credit;
  const receipt: Receipt = {
    decision: "not_credited",
    reason: attribution.reason,
    explanation: "",
    checks: attribution.checks,
    click: attribution.click
      ? {
          id: attribution.click.id,
          at: attribution.click.at,
          linkCode: attribution.click.code,
          device: attribution.click.device,
          referrerHost: attribution.click.referrerHost,
          country: attribution.click.country,
          bot: attribution.click.bot,
        }
      : undefined,
    couponCode: order.couponCode?.toUpperCase(),
    arithmetic: [],
    rounding: ROUNDING,
  };
  const conversion: Info = {
    id: facts.conversionId,
    brandId: facts.brandId,
    orderId: order.orderId,
    source: facts.source,
    amount: { amount: order.amount, currency: order.currency },
    refundedAmount: 0,
    occurredAt: new Date(order.occurredAt).toISOString(),
    receivedAt: now.toISOString(),
    items: facts.lines.map(({ productId, sku, quantity, amount }) => ({ productId, sku, quantity, amount })),
    clickId: order.clickId,
    couponCode: order.couponCode?.toUpperCase(),
    status: "unattributed",
    attributed: false,
    receipt,
    version: 1,
  };
  const creator = facts.creator;
  if (!credit || !creator) {
    receipt.explanation = explanations[attribution.reason] ?? attribution.reason;
    return { conversion };
  }

  const { terms } = credit;
  Object.assign(conversion, {
    attributed: true,
    creatorId: creator.id,
    creatorHandle: creator.handle,
    campaignId: terms.id,
    campaignName: terms.name,
  });
  Object.assign(receipt, {
    decision: "credited",
    method: credit.method,
    campaign: {
      id: terms.id,
      name: terms.name,
      attributionWindowDays: terms.attributionWindowDays,
      holdDays: terms.holdDays,
    },
    rule: terms.rule,
  });
  const outcome = ((): Outcome => {
    if (terms.currency !== order.currency)
      return { kind: "none", reason: "currency_mismatch", status: "no_commission", decision: "credited" };
    const computed = compute(terms, order.amount, order.currency, credit.lines ?? facts.lines);
    receipt.arithmetic.push(...computed.arithmetic);
    const fromReturns = terms.holdFromReturnWindow === true && facts.returnWindowDays > 0;
    const holdDays = fromReturns ? facts.returnWindowDays : terms.holdDays;
    receipt.holdUntil = new Date(now.getTime() + holdDays * DAY_MS).toISOString();
    receipt.arithmetic.push(
      `Held ${holdDays} days${fromReturns ? " (the products' return window)" : ""}, until ${receipt.holdUntil}`,
    );
    const selfReferral =
      order.customer?.emailSha256 !== undefined && order.customer.emailSha256 === emailSha256(creator.email);
    // A self-referral stays "held for review" on the receipt even when nothing is owed.
    const decision = selfReferral ? "held_for_review" : "credited";
    if (computed.amount === 0)
      return { kind: "none", reason: "zero_commission", status: "no_commission", decision };
    const status: CommissionStatus = selfReferral ? "held" : "pending";
    const reason = selfReferral ? "self_referral" : attribution.reason;
    if (!terms.budget) return { kind: "commission", reason, status, amount: computed.amount };
    // Capped to what the budget has left (exact under concurrency: the write's debit is conditional on it).
    const remaining = facts.budgetRemaining ?? credit.budgetRemaining ?? 0;
    const committed = Math.min(computed.amount, remaining);
    receipt.budget = { cap: terms.budget, remainingBefore: remaining, committed };
    if (committed === 0)
      return { kind: "none", reason: "budget_exhausted", status: "no_commission", decision };
    if (committed < computed.amount) receipt.arithmetic.push(budgetCapArithmetic(committed, order.currency));
    return { kind: "commission", reason, status, amount: committed };
  })();

  receipt.reason = outcome.reason;
  receipt.explanation = explanations[outcome.reason] ?? outcome.reason;
  conversion.status = outcome.status;
  if (outcome.kind === "none") {
    receipt.decision = outcome.decision;
    return { conversion };
  }
  if (outcome.status === "held") receipt.decision = "held_for_review";
  const amount = { amount: outcome.amount, currency: order.currency };
  conversion.commission = {
    id: facts.commissionId,
    amount,
    originalAmount: outcome.amount,
    status: outcome.status,
    holdUntil: receipt.holdUntil ?? now.toISOString(),
  };
  const event: Event = {
    conversionId: conversion.id,
    commissionId: facts.commissionId,
    seq: conversion.version,
    kind: outcome.status === "held" ? "held" : "pending",
    amount: outcome.amount,
    currency: order.currency,
    at: conversion.receivedAt,
    reason: outcome.reason,
  };
  return {
    conversion,
    event,
    debit: terms.budget ? { campaignId: terms.id, amount: outcome.amount } : undefined,
  };
}
