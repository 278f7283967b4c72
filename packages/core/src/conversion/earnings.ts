/** A creator's earnings: totals per currency and campaign over their credited conversions (AP64). */
import { Actor } from "../util/actor";
import { ForbiddenError } from "../util/errors";
import { ConversionStore } from "./conversion.dynamo";
import type { Earnings, Info } from "./schema";

/** Every conversion credited to a creator (AP64), without an access check: for their upcoming statements. */
export async function listCreditedTo(creatorId: string): Promise<Info[]> {
  return ConversionStore.listByCreator(creatorId);
}

/**
 * The calling creator's commissions and totals per currency (and per campaign). A status bucket sums the
 * current amounts in it; `reversed` sums what refunds took away (the original minus what is left).
 */
export async function earnings(actor: Actor): Promise<Earnings> {
  const user = Actor.requireUser(actor);
  if (user.role !== "creator" && user.role !== "admin")
    throw new ForbiddenError("Only creators have earnings", "role_required");
  const conversions = (await ConversionStore.listByCreator(user.userId)).filter(
    (conversion) => conversion.commission,
  );
  const empty = () => ({ pending: 0, held: 0, approved: 0, reversed: 0, paid: 0 });
  const totals = new Map<string, ReturnType<typeof empty>>();
  const byCampaign = new Map<
    string,
    ReturnType<typeof empty> & { campaignId: string; campaignName: string; currency: string }
  >();
  for (const conversion of conversions) {
    const commission = conversion.commission;
    if (!commission || !conversion.campaignId) continue;
    const currency = commission.amount.currency;
    const currencyTotals = totals.get(currency) ?? empty();
    totals.set(currency, currencyTotals);
    const key = `${conversion.campaignId}#${currency}`;
    const campaignTotals = byCampaign.get(key) ?? {
      ...empty(),
      campaignId: conversion.campaignId,
      campaignName: conversion.campaignName ?? "",
      currency,
    };
    byCampaign.set(key, campaignTotals);
    for (const bucket of [currencyTotals, campaignTotals]) {
      if (commission.status === "rejected") continue;
      if (commission.status !== "reversed") bucket[commission.status] += commission.amount.amount;
      bucket.reversed += commission.originalAmount - commission.amount.amount;
    }
  }
  return {
    totals: [...totals].map(([currency, sums]) => ({ currency, ...sums })),
    byCampaign: [...byCampaign.values()],
    items: conversions.flatMap((conversion) =>
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
  };
}
