/**
 * A commission's moves, as pure functions: the next conversion and the event that records the move. Every
 * caller (release from review, reject, back to review, the hold-release job, refunds) builds its change
 * here, so the shape of a transition is written once. The store writes both conditionally on `version`.
 */
import type { CommissionStatus, Event, Info } from "./schema";

/** Statuses whose amount is owed to the creator, so counted against a campaign's budget. */
const OWED: readonly CommissionStatus[] = ["pending", "held", "approved"];

export interface Move {
  to: CommissionStatus;
  at: string;
  reason: string;
  /** The commission's new amount (a refund's adjustment); unchanged when absent. */
  amount?: number;
  /** Set on a move back to pending after the hold ended: when the release job should take it up. */
  dueAt?: string;
  /** The brand's reason, kept on the conversion for a rejection. */
  rejectedReason?: string;
}

/**
 * The conversion after `move`, one version on, and its event (`seq` 0: the store numbers it with the new
 * version). The conversion's status follows its commission's. Throws when there is no commission: callers
 * check the status they may move from first.
 */
export function moveCommission(conversion: Info, move: Move): { next: Info; event: Event } {
  const commission = conversion.commission;
  if (!commission) throw new Error(`Conversion ${conversion.id} has no commission to move`);
  const amount = move.amount ?? commission.amount.amount;
  const adjusted = move.to === commission.status && amount !== commission.amount.amount;
  const next: Info = {
    ...conversion,
    status: move.to,
    commission: {
      ...commission,
      status: move.to,
      amount: { ...commission.amount, amount },
      ...(move.dueAt ? { dueAt: move.dueAt } : {}),
    },
    ...(move.rejectedReason ? { rejectedReason: move.rejectedReason } : {}),
    version: conversion.version + 1,
  };
  const event: Event = {
    conversionId: conversion.id,
    commissionId: commission.id,
    seq: 0,
    kind: adjusted ? "adjusted" : move.to,
    amount,
    currency: commission.amount.currency,
    at: move.at,
    reason: move.reason,
  };
  return { next, event };
}

/**
 * What a change gives back to the campaign's budget: the amount no longer owed (a refund's reduction, a
 * reversal, a rejection), only for commissions that were debited from a budget (their receipt shows it).
 * Written in the same transaction as the change, which is conditional on the version read, so it is
 * given back exactly once.
 */
export function budgetReturned(current: Info, next: Info): number {
  if (!current.receipt.budget || !current.campaignId) return 0;
  const owed = (conversion: Info) =>
    conversion.commission && OWED.includes(conversion.commission.status)
      ? conversion.commission.amount.amount
      : 0;
  return Math.max(0, owed(current) - owed(next));
}
