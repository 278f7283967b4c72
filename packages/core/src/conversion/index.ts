export * as Conversion from "./index";

/**
 * The conversion domain's orchestration: each verb reads what it needs, asks a pure decision module
 * (attribute.ts, decide.ts, refund.ts, lifecycle.ts, commission.ts), then writes through the store, which
 * answers facts (typed condition failures carrying the item as it was) that are decided on here.
 */
import { Brand } from "../brand";
import { BrandDomain } from "../brand-domain";
import { Campaign } from "../campaign";
import { Click } from "../click";
import type { Page } from "../dynamo";
import { GroupBuy } from "../groupbuy";
import { Link } from "../link";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { createId } from "../util/id";
import { CONTENTION, retry } from "../util/retry";
import { attribute, type Facts } from "./attribute";
import type { Line } from "./commission";
import {
  BudgetShortError,
  ConversionChangedError,
  ConversionStore,
  isContention,
  OrderClaimedError,
  RefundAppliedError,
} from "./conversion.dynamo";
import { decideOrder } from "./decide";
import {
  ConversionNotFoundError,
  NotRejectableError,
  NotReleasableError,
  OrderConflictError,
} from "./errors";
import { budgetReturned, moveCommission } from "./lifecycle";
import { decideRefund } from "./refund";
import type { Answer, Event, Info, ListFilter, Order, Refund, RefundAnswer, Source } from "./schema";

export { ROUNDING, type Terms } from "./commission";
export { emailSha256 } from "./decide";
export { earnings, listPayableOfCreator, renameCreator } from "./earnings";
export * from "./errors";
export { releaseHolds } from "./holds";
export * from "./schema";
export * as Shopify from "./shopify";
export * as Stripe from "./stripe";

/** Concurrent writes on one order or conversion: retried with jittered backoff, this many times at most. */
const WRITE_ATTEMPTS = 40;

export function answerOf(conversion: Info): Answer {
  return {
    id: conversion.id,
    status: conversion.status,
    attributed: conversion.attributed,
    creator: conversion.creatorHandle ? { handle: conversion.creatorHandle } : undefined,
    commission: conversion.commission
      ? { amount: conversion.commission.amount, status: conversion.commission.status }
      : undefined,
  };
}

/** The order claim already exists: the same answer again, or a conflict when the order differs. */
export function replay(
  claim: { amount: number; currency: string; answer: Answer },
  order: { amount: number; currency: string },
): { answer: Answer; replayed: true } {
  if (claim.amount !== order.amount || claim.currency !== order.currency) throw new OrderConflictError();
  return { answer: claim.answer, replayed: true };
}

/**
 * Records an order exactly once per (brand, orderId). A replay answers the first answer (`replayed`), the
 * same orderId with another amount or currency is an OrderConflictError. Attribution and the commission
 * are decided here and kept on the conversion with the receipt that explains them.
 */
export async function record(
  brandId: string,
  source: Source,
  order: Order,
): Promise<{ answer: Answer; replayed: boolean }> {
  const recorded = await recordOrder(brandId, source, order);
  if (recorded.replayed) return recorded;
  // Stores do not promise delivery order: refunds that arrived before this order apply now, once each.
  for (const waiting of await ConversionStore.listOrphanRefunds(brandId, order.orderId))
    await refund(brandId, waiting);
  return recorded;
}

/** Reads, decides once, writes; a shorter budget than read, or a lost race, decides again on the facts. */
async function recordOrder(
  brandId: string,
  source: Source,
  order: Order,
): Promise<{ answer: Answer; replayed: boolean }> {
  const existing = await ConversionStore.getOrderClaim(brandId, order.orderId);
  if (existing) return replay(existing, order);
  const brand = await Brand.getInternal(brandId);
  const products = await Brand.findProducts(brandId, order.items ?? []);
  const lines: Line[] = (order.items ?? []).map((item, index) => ({
    productId: products[index]?.id ?? item.productId,
    sku: item.sku ?? products[index]?.sku,
    quantity: item.quantity,
    amount: item.amount,
  }));
  const attribution = attribute(await attributionFacts(brand, order, lines));
  const creator = attribution.credit ? await User.get(attribution.credit.creatorId) : undefined;
  const facts = {
    conversionId: createId("cnv"),
    commissionId: createId("com"),
    brandId,
    source,
    order,
    lines,
    returnWindowDays: Math.max(0, ...products.map((product) => product?.returnWindowDays ?? 0)),
    now: Clock.now(),
    attribution,
    creator,
    budgetRemaining: undefined as number | undefined,
  };
  return retry(
    async () => {
      const { conversion, event, debit } = decideOrder(facts);
      const answer = answerOf(conversion);
      try {
        await ConversionStore.insert(conversion, event, debit, answer);
        return { answer, replayed: false };
      } catch (error) {
        if (error instanceof OrderClaimedError) return replay(error.claim, order);
        if (error instanceof BudgetShortError) facts.budgetRemaining = error.remaining;
        throw error;
      }
    },
    {
      ...CONTENTION,
      attempts: WRITE_ATTEMPTS,
      retryable: (error) => error instanceof BudgetShortError || isContention(error),
    },
  );
}

/**
 * Everything attribution reads: the click the order carried (its link, its creator's approved campaigns at
 * this brand), and the owner of the coupon code (a creator's enrollment, or a group-buy participant).
 */
async function attributionFacts(brand: Brand.Info, order: Order, lines: Line[]): Promise<Facts> {
  const click = order.clickId ? await Click.get(order.clickId) : undefined;
  const [link, enrolled, coupon, groupbuyCode] = await Promise.all([
    click && !click.bot ? Link.resolve(click.code) : undefined,
    click && !click.bot ? Campaign.approvedFor(brand.id, click.creatorId) : [],
    order.couponCode ? Campaign.findByCoupon(brand.id, order.couponCode) : undefined,
    order.couponCode ? GroupBuy.findByCode(brand.id, order.couponCode.toUpperCase()) : undefined,
  ]);
  return {
    // Only domains the brand holds verified, or lists with nobody else holding them, credit (brand-domain).
    brand: { name: brand.name, domains: await BrandDomain.creditableDomains(brand) },
    occurredAt: new Date(order.occurredAt),
    lines,
    clickId: order.clickId,
    click: click
      ? { click, linkUrl: link?.url, enrolled: enrolled.map((entry) => entry.campaign) }
      : undefined,
    couponCode: order.couponCode,
    coupon,
    groupbuyCode,
  };
}

/**
 * Applies a refund to the order's commission (refund.ts decides: full reversal, proportional scaling) and
 * gives back to the campaign budget what is no longer owed. A refund for an order we have not seen is kept
 * and answered as recorded; it is applied when the order arrives (see record).
 */
export async function refund(brandId: string, input: Refund): Promise<RefundAnswer> {
  let claim = await ConversionStore.getOrderClaim(brandId, input.orderId);
  if (!claim) {
    await ConversionStore.recordOrphanRefund(brandId, input, Clock.now().toISOString());
    // The order may have been recorded meanwhile, after it looked for waiting refunds: look once more.
    // Applying is idempotent per refund, so both sides applying it is harmless.
    claim = await ConversionStore.getOrderClaim(brandId, input.orderId);
    if (!claim) return { matched: false, orderId: input.orderId, status: "recorded" };
  }
  const conversionId = claim.conversionId;
  let current = await ConversionStore.get(conversionId);
  const answer = (conversion: Info): RefundAnswer => ({
    matched: true,
    conversion: answerOf(conversion),
    refundedAmount: conversion.refundedAmount,
  });
  return retry(
    async () => {
      if (!current) throw new ConversionNotFoundError();
      const decision = decideRefund(current, input, Clock.now().toISOString());
      try {
        await ConversionStore.applyRefund(
          current,
          decision.next,
          input,
          decision.event,
          decision.budgetReturned,
        );
        return answer(decision.next);
      } catch (error) {
        if (error instanceof RefundAppliedError)
          return answer((await ConversionStore.get(conversionId)) ?? current);
        if (error instanceof ConversionChangedError)
          current = error.current ?? (await ConversionStore.get(conversionId));
        throw error;
      }
    },
    {
      ...CONTENTION,
      attempts: WRITE_ATTEMPTS,
      retryable: (error) => error instanceof ConversionChangedError || isContention(error),
    },
  );
}

/** The receipt: for the brand's members and the credited creator only; anyone else gets 404. */
export async function get(actor: Actor, conversionId: string): Promise<Info & { events: Event[] }> {
  const user = Actor.requireUser(actor);
  const conversion = await ConversionStore.get(conversionId);
  if (!conversion) throw new ConversionNotFoundError();
  const allowed = conversion.creatorId === user.userId || (await Brand.isMember(actor, conversion.brandId));
  if (!allowed) throw new ConversionNotFoundError();
  return { ...conversion, events: await ConversionStore.listEvents(conversionId) };
}

/** A commission's history, oldest first, for internal readers (webhooks out); routes go through `get`. */
export function history(conversionId: string): Promise<Event[]> {
  return ConversionStore.listEvents(conversionId);
}

export async function listByBrand(actor: Actor, brandId: string, filter: ListFilter): Promise<Page<Info>> {
  await Brand.requireMember(actor, brandId, "viewer");
  let creatorId: string | undefined;
  if (filter.creator) {
    const creator = await User.findByHandle(filter.creator.replace(/^@/, ""));
    if (!creator) return { items: [] };
    creatorId = creator.id;
  }
  return ConversionStore.listByBrand(brandId, {
    status: filter.status,
    creatorId,
    from: filter.from ? new Date(filter.from).toISOString() : undefined,
    to: filter.to ? new Date(filter.to).toISOString() : undefined,
    cursor: filter.cursor,
  });
}

/** A brand admin rejects a commission still in its hold (pending) or in review (held); its budget comes back. */
export async function reject(actor: Actor, conversionId: string, reason: string): Promise<Answer> {
  const conversion = await ConversionStore.get(conversionId);
  if (!conversion || !(await Brand.isMember(actor, conversion.brandId))) throw new ConversionNotFoundError();
  await Brand.requireMember(actor, conversion.brandId, "admin");
  const status = conversion.commission?.status;
  if (status !== "pending" && status !== "held") throw new NotRejectableError(status ?? conversion.status);
  const { next, event } = moveCommission(conversion, {
    to: "rejected",
    at: Clock.now().toISOString(),
    reason,
    rejectedReason: reason,
  });
  try {
    await ConversionStore.transition(conversion, next, event, budgetReturned(conversion, next));
  } catch (error) {
    if (error instanceof ConversionChangedError || isContention(error))
      throw new NotRejectableError(
        error instanceof ConversionChangedError ? (error.current?.status ?? "changed") : "changed",
      );
    throw error;
  }
  return answerOf(next);
}

/**
 * A brand admin clears a commission held for review (say, a self-referral it accepts): it goes back to
 * pending and is approved when its hold ends, like any other; if the hold ended meanwhile, it is due now.
 */
export async function release(actor: Actor, conversionId: string): Promise<Answer> {
  const conversion = await ConversionStore.get(conversionId);
  if (!conversion || !(await Brand.isMember(actor, conversion.brandId))) throw new ConversionNotFoundError();
  await Brand.requireMember(actor, conversion.brandId, "admin");
  const commission = conversion.commission;
  if (commission?.status !== "held") throw new NotReleasableError(commission?.status ?? conversion.status);
  const now = Clock.now().toISOString();
  const { next, event } = moveCommission(conversion, {
    to: "pending",
    at: now,
    reason: "Review cleared by the brand",
    // A hold that ended while in review is due now: its own hour may already be closed to the job.
    dueAt: commission.holdUntil < now ? now : undefined,
  });
  try {
    await ConversionStore.transition(conversion, next, event);
  } catch (error) {
    if (error instanceof ConversionChangedError || isContention(error))
      throw new NotReleasableError("changed");
    throw error;
  }
  return answerOf(next);
}

/**
 * A payout statement's line was disputed: the approved commission goes back to review (held), where the
 * brand releases or rejects it. Retried on a concurrent change; a commission no longer approved (a refund
 * reversed it meanwhile) is left as it is.
 */
export async function returnToReview(conversionId: string, reason: string): Promise<void> {
  await moveToHeld(conversionId, reason, "approved");
}

/**
 * The creator's account was suspended: a commission still in its hold (pending) goes to review (held), out
 * of the hold-release job's index, where the brand releases or rejects it. Anything else is left as it is;
 * idempotent, so the suspension sweep may run it again after a crash. Answers whether it moved.
 */
export async function holdPending(conversionId: string, reason: string): Promise<boolean> {
  return moveToHeld(conversionId, reason, "pending");
}

/** One page (50, newest first) of the conversions credited to a creator (AP222), for the suspension sweep. */
export function pageCreditedTo(creatorId: string, cursor: string | undefined): Promise<Page<Info>> {
  return ConversionStore.pageByCreator(creatorId, cursor);
}

/** Moves a commission that is `from` to held, retried on a concurrent change; answers whether it moved. */
async function moveToHeld(
  conversionId: string,
  reason: string,
  from: "approved" | "pending",
): Promise<boolean> {
  let conversion = await ConversionStore.get(conversionId);
  let moved = false;
  await retry(
    async () => {
      if (conversion?.commission?.status !== from) return;
      const { next, event } = moveCommission(conversion, {
        to: "held",
        at: Clock.now().toISOString(),
        reason,
      });
      try {
        await ConversionStore.transition(conversion, next, event);
        moved = true;
      } catch (error) {
        if (error instanceof ConversionChangedError)
          conversion = error.current ?? (await ConversionStore.get(conversionId));
        throw error;
      }
    },
    {
      ...CONTENTION,
      attempts: 10,
      retryable: (error) => error instanceof ConversionChangedError || isContention(error),
    },
  );
  return moved;
}

/** Webhook deliveries already handled (Shopify's X-Shopify-Webhook-Id, Stripe's event id). */
/** Webhook deliveries already handled (Shopify's X-Shopify-Webhook-Id, Stripe's event id). */
export const Webhook = {
  seen: (brandId: string, source: Source, deliveryId: string) =>
    ConversionStore.webhookSeen(brandId, source, deliveryId),
  remember: (brandId: string, source: Source, deliveryId: string) =>
    ConversionStore.rememberWebhook(brandId, source, deliveryId, Clock.nowSeconds()),
};
