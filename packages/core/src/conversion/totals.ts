/**
 * A creator's running earnings totals, one item per (creator, campaign, currency), kept in the same
 * transaction as every change of a commission (AP220): each write adds the difference between what the
 * conversion counted for before and after it. Earnings then read these items, never the commissions.
 */
import type { Info } from "./schema";

export const TOTAL_BUCKETS = ["pending", "held", "approved", "reversed", "paid"] as const;
export type Sums = Record<(typeof TOTAL_BUCKETS)[number], number>;

/** Where a conversion's commission counts: one (creator, campaign, currency) totals item. */
export interface TotalsKey {
  creatorId: string;
  campaignId: string;
  campaignName: string;
  currency: string;
}

export interface TotalsDelta extends TotalsKey {
  sums: Sums;
}

export const emptySums = (): Sums => ({ pending: 0, held: 0, approved: 0, reversed: 0, paid: 0 });

/**
 * What one conversion counts for: a status bucket holds the commission's current amount; `reversed` holds
 * what refunds took away (the original minus what is left); a rejected commission counts for nothing.
 */
export function contribution(conversion: Info | undefined): TotalsDelta | undefined {
  const commission = conversion?.commission;
  if (!conversion || !commission || !conversion.creatorId || !conversion.campaignId) return undefined;
  const sums = emptySums();
  if (commission.status !== "rejected") {
    if (commission.status !== "reversed") sums[commission.status] += commission.amount.amount;
    sums.reversed += commission.originalAmount - commission.amount.amount;
  }
  return {
    creatorId: conversion.creatorId,
    campaignId: conversion.campaignId,
    campaignName: conversion.campaignName ?? "",
    currency: commission.amount.currency,
    sums,
  };
}

const sameKey = (a: TotalsKey, b: TotalsKey) =>
  a.creatorId === b.creatorId && a.campaignId === b.campaignId && a.currency === b.currency;

/**
 * The additions a change from `before` to `after` makes to the totals items: one per item touched (two when
 * the commission moved between items). A new commission's item is touched even when it adds nothing, so a
 * campaign with only rejected commissions still shows (with zeros), as it always has.
 */
export function totalsDeltas(before: Info | undefined, after: Info): TotalsDelta[] {
  const was = contribution(before);
  const now = contribution(after);
  if (!now) return was ? [negate(was)] : [];
  if (!was) return [now];
  if (sameKey(was, now)) {
    const sums = emptySums();
    for (const bucket of TOTAL_BUCKETS) sums[bucket] = now.sums[bucket] - was.sums[bucket];
    if (TOTAL_BUCKETS.every((bucket) => sums[bucket] === 0)) return [];
    return [{ ...now, sums }];
  }
  return [negate(was), now];
}

function negate(delta: TotalsDelta): TotalsDelta {
  const sums = emptySums();
  for (const bucket of TOTAL_BUCKETS) sums[bucket] = 0 - delta.sums[bucket];
  return { ...delta, sums };
}
