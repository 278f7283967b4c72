/**
 * A creator's earnings: totals per currency and campaign from the running totals items (AP221, kept with
 * every commission change, see totals.ts), and their commissions a page at a time (AP222). Nothing here
 * reads every commission, so the answer costs the same at 10 commissions or 10 000.
 */
import { Actor } from "../util/actor";
import { ForbiddenError } from "../util/errors";
import { ConversionStore } from "./conversion.dynamo";
import type { Earnings, Info } from "./schema";
import { emptySums, TOTAL_BUCKETS } from "./totals";

/** The most campaigns (per currency) one earnings answer totals: one query page of totals items. */
export const MAX_EARNING_CAMPAIGNS = 500;

/**
 * A creator's conversions that became payable on `fromDay` or later (AP224), without an access check: for
 * their upcoming statements, which only those days can still hold.
 */
export async function listPayableOfCreator(creatorId: string, fromDay: string): Promise<Info[]> {
  return ConversionStore.listPayableOfCreator(creatorId, fromDay);
}

/**
 * The calling creator's totals per currency (and per campaign) and one page of their commissions, newest
 * first. A status bucket sums the current amounts in it; `reversed` sums what refunds took away (the
 * original minus what is left).
 */
export async function earnings(actor: Actor, cursor?: string): Promise<Earnings> {
  const user = Actor.requireUser(actor);
  if (user.role !== "creator" && user.role !== "admin")
    throw new ForbiddenError("Only creators have earnings", "role_required");
  const [byCampaign, page] = await Promise.all([
    ConversionStore.listTotals(user.userId, MAX_EARNING_CAMPAIGNS),
    ConversionStore.pageByCreator(user.userId, cursor),
  ]);
  const totals = new Map<string, ReturnType<typeof emptySums>>();
  for (const campaign of byCampaign) {
    const sums = totals.get(campaign.currency) ?? emptySums();
    for (const bucket of TOTAL_BUCKETS) sums[bucket] += campaign[bucket];
    totals.set(campaign.currency, sums);
  }
  return {
    totals: [...totals].map(([currency, sums]) => ({ currency, ...sums })),
    byCampaign,
    items: page.items.flatMap((conversion) =>
      conversion.commission && conversion.campaignId
        ? [
            {
              conversionId: conversion.id,
              campaignId: conversion.campaignId,
              campaignName: conversion.campaignName ?? "",
              brandId: conversion.brandId,
              occurredAt: conversion.occurredAt,
              orderAmount: conversion.amount,
              commission: {
                amount: conversion.commission.amount,
                status: conversion.commission.status,
                holdUntil: conversion.commission.holdUntil,
              },
            },
          ]
        : [],
    ),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/**
 * Writes `handle` (a deleted account's pseudonym) on every conversion credited to the creator, a page at a
 * time (AP291); the amounts, statuses and events are untouched. Idempotent: a rerun rewrites the same value.
 */
export async function renameCreator(creatorId: string, handle: string): Promise<void> {
  let after: Record<string, unknown> | undefined;
  do after = await ConversionStore.renameCreatorPage(creatorId, handle, after);
  while (after);
}
