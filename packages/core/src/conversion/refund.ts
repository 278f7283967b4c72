/**
 * What a refund does to a conversion, as a pure decision. A full refund reverses the commission; a partial
 * one scales it by the share of the order not refunded (commission.afterRefund: from the original each
 * time, rounded half-up once). Commissions already approved (possibly already paid on a statement) move
 * the same way: the next statement settles the difference as a clawback, a negative line (statement/).
 * Reversed and rejected commissions stay as they are; the refunded total is still recorded.
 */
import { afterRefund, refundArithmetic } from "./commission";
import { RefundCurrencyError } from "./errors";
import { budgetReturned, moveCommission } from "./lifecycle";
import type { CommissionStatus, Event, Info, Refund } from "./schema";

/** Statuses a refund still changes. */
const REFUNDABLE: readonly CommissionStatus[] = ["pending", "held", "approved"];

export interface RefundDecision {
  next: Info;
  /** The commission's event, when its amount or status changed. */
  event?: Event;
  /** What goes back to the campaign budget with it (see lifecycle.budgetReturned). */
  budgetReturned: number;
}

/** The order's refunded total after `refund`: never above the order, and a running total never goes back. */
export function refundedTotalAfter(conversion: Info, refund: Refund): number {
  const total = conversion.amount.amount;
  const claimed =
    refund.refundedTotal !== undefined
      ? Math.max(conversion.refundedAmount, refund.refundedTotal)
      : conversion.refundedAmount + (refund.refundAmount ?? 0);
  return Math.min(total, claimed);
}

export function decideRefund(conversion: Info, refund: Refund, at: string): RefundDecision {
  if (conversion.amount.currency !== refund.currency.toUpperCase()) throw new RefundCurrencyError();
  const total = conversion.amount.amount;
  const refundedTotal = refundedTotalAfter(conversion, refund);
  const recorded: Info = { ...conversion, refundedAmount: refundedTotal };
  const unchanged = { next: { ...recorded, version: conversion.version + 1 }, budgetReturned: 0 };
  const commission = conversion.commission;
  if (!commission || !REFUNDABLE.includes(commission.status)) return unchanged;
  const remaining = afterRefund(commission.originalAmount, total, refundedTotal);
  const reversed = refundedTotal >= total;
  if (!reversed && remaining === commission.amount.amount) return unchanged;
  const { next, event } = moveCommission(recorded, {
    to: reversed ? "reversed" : commission.status,
    amount: remaining,
    at,
    reason: reversed
      ? "Full refund"
      : refundArithmetic(commission.originalAmount, total, refundedTotal, commission.amount.currency),
  });
  return { next, event, budgetReturned: budgetReturned(conversion, next) };
}
