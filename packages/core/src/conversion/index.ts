export * as Conversion from "./index";

import { createHash } from "node:crypto";
import * as z from "zod";
import { Brand } from "../brand";
import { Campaign } from "../campaign";
import { Click } from "../click";
import type { Page } from "../dynamo";
import { Failure } from "../failure";
import { GroupBuy } from "../groupbuy";
import { Link } from "../link";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { dateTimeWithin } from "../util/date-window";
import { AppError, ForbiddenError, NotFoundError } from "../util/errors";
import { createId } from "../util/id";
import { Currency, Money } from "../util/money-schema";
import { backoffDelay, CONTENTION, sleep } from "../util/retry";
import {
  afterRefund,
  budgetCapArithmetic,
  compute,
  type Line,
  ROUNDING,
  refundArithmetic,
} from "./commission";
import { ConversionStore } from "./conversion.dynamo";

export { ROUNDING } from "./commission";
export * as Shopify from "./shopify";
export * as Stripe from "./stripe";

const OrderId = z.string().trim().min(1).max(128);
const Sha256Hex = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, { error: "SHA-256 of the lower-cased email, as 64 hex digits" });

export const Item = z
  .object({
    productId: z.string().min(1).max(64).optional(),
    sku: z.string().min(1).max(64).optional(),
    quantity: z.number().int().min(1).max(100_000),
    /** What the buyer paid for the whole line, in minor units. */
    amount: z.number().int().min(0),
  })
  .refine((item) => item.productId || item.sku, { error: "Give productId or sku" });
export type Item = z.infer<typeof Item>;

export const Customer = z.object({
  externalId: z.string().max(128).optional(),
  emailSha256: Sha256Hex.optional(),
});

/**
 * When a reported order or refund may have happened: a store's clock may run a few minutes ahead of ours,
 * and a store may replay a year of history (longer than any attribution window or hold), no more.
 */
export const ORDER_TIME = { pastDays: 365, futureMinutes: 5 } as const;

/** A list filter's bounds: any time since 2000, up to a year ahead (the end of a range being looked at). */
const FILTER_TIME = { futureDays: 366 } as const;

/** Door 1's order body; Shopify and Stripe payloads are mapped onto the same shape. */
export const OrderInput = z.object({
  type: z.literal("order").default("order"),
  orderId: OrderId,
  clickId: z.string().max(64).optional(),
  couponCode: z.string().max(64).optional(),
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: Currency,
  items: z.array(Item).max(500).optional(),
  occurredAt: dateTimeWithin(ORDER_TIME),
  customer: Customer.optional(),
});
export type OrderInput = z.input<typeof OrderInput>;

/** Door 1's refund body. `refundAmount` is this refund's amount; `refundId` makes retries of it idempotent. */
export const RefundInput = z.object({
  type: z.literal("refund"),
  orderId: OrderId,
  refundId: z.string().min(1).max(128).optional(),
  refundAmount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  currency: Currency,
  occurredAt: dateTimeWithin(ORDER_TIME).optional(),
});
export type RefundInput = z.input<typeof RefundInput>;

export const PostbackInput = z.union([RefundInput, OrderInput]);

export const Source = z.enum(["api", "shopify", "stripe"]);
export type Source = z.infer<typeof Source>;

export const CommissionStatus = z.enum(["pending", "held", "approved", "reversed", "rejected"]);
export type CommissionStatus = z.infer<typeof CommissionStatus>;

export const Status = z.enum([
  "pending",
  "held",
  "approved",
  "reversed",
  "rejected",
  "unattributed",
  "no_commission",
]);
export type Status = z.infer<typeof Status>;

export const Check = z.object({
  step: z.string(),
  outcome: z.enum(["pass", "fail", "skip"]),
  detail: z.string(),
});

/** Why the conversion was or was not credited, and how the commission was worked out. */
export const Receipt = z.object({
  decision: z.enum(["credited", "held_for_review", "not_credited"]),
  /** Stable code: credited_by_click, credited_by_coupon, self_referral, click_not_found, bot_click, ... */
  reason: z.string(),
  explanation: z.string(),
  method: z.enum(["click", "coupon"]).optional(),
  checks: z.array(Check),
  click: z
    .object({
      id: z.string(),
      at: z.string(),
      linkCode: z.string(),
      device: z.string(),
      referrerHost: z.string().optional(),
      country: z.string().optional(),
      bot: z.boolean(),
    })
    .optional(),
  couponCode: z.string().optional(),
  campaign: z
    .object({ id: z.string(), name: z.string(), attributionWindowDays: z.number(), holdDays: z.number() })
    .optional(),
  rule: Campaign.Rule.optional(),
  arithmetic: z.array(z.string()),
  rounding: z.string(),
  budget: z.object({ cap: Money, remainingBefore: z.number(), committed: z.number() }).optional(),
  holdUntil: z.string().optional(),
});
export type Receipt = z.infer<typeof Receipt>;

export const Commission = z.object({
  id: z.string(),
  amount: Money,
  /** Before refunds; later adjustments scale this. */
  originalAmount: z.number().int(),
  status: CommissionStatus,
  holdUntil: z.string(),
});
export type Commission = z.infer<typeof Commission>;

export const Info = z.object({
  id: z.string(),
  brandId: z.string(),
  orderId: z.string(),
  source: Source,
  amount: Money,
  refundedAmount: z.number().int(),
  occurredAt: z.string(),
  receivedAt: z.string(),
  items: z.array(
    z.object({
      productId: z.string().optional(),
      sku: z.string().optional(),
      quantity: z.number(),
      amount: z.number(),
    }),
  ),
  clickId: z.string().optional(),
  couponCode: z.string().optional(),
  status: Status,
  attributed: z.boolean(),
  creatorId: z.string().optional(),
  creatorHandle: z.string().optional(),
  campaignId: z.string().optional(),
  campaignName: z.string().optional(),
  commission: Commission.optional(),
  rejectedReason: z.string().optional(),
  receipt: Receipt,
  /** Optimistic-concurrency counter; every change to the item bumps it. */
  version: z.number().int(),
});
export type Info = z.infer<typeof Info>;

/** The answer a door gives for an order (and, unchanged, for every replay of it). */
export const Answer = z.object({
  id: z.string(),
  status: Status,
  attributed: z.boolean(),
  creator: z.object({ handle: z.string() }).optional(),
  commission: z.object({ amount: Money, status: CommissionStatus }).optional(),
});
export type Answer = z.infer<typeof Answer>;

export const EventKind = z.enum(["pending", "held", "approved", "adjusted", "reversed", "rejected"]);

/** One entry of a commission's append-only history. */
export const Event = z.object({
  conversionId: z.string(),
  commissionId: z.string(),
  seq: z.number().int(),
  kind: EventKind,
  /** The commission after this event, in minor units. */
  amount: z.number().int(),
  currency: z.string(),
  at: z.string(),
  reason: z.string().optional(),
});
export type Event = z.infer<typeof Event>;

export class OrderConflictError extends AppError {
  constructor() {
    super(
      "conflict",
      "order_conflict",
      "This orderId was already reported with a different amount or currency",
    );
  }
}

export class ConversionNotFoundError extends NotFoundError {
  constructor() {
    super("Conversion", "conversion_not_found");
  }
}

export class NotRejectableError extends AppError {
  constructor(status: string) {
    super(
      "conflict",
      "not_rejectable",
      `Only pending or held commissions can be rejected; this one is ${status}`,
    );
  }
}

export class NotReleasableError extends AppError {
  constructor(status: string) {
    super(
      "conflict",
      "not_releasable",
      `Only commissions held for review can be released; this one is ${status}`,
    );
  }
}

export class RefundCurrencyError extends AppError {
  constructor() {
    super("validation", "refund_currency_mismatch", "The refund's currency differs from the order's");
  }
}

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

export function emailSha256(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

interface Credit {
  campaign: Campaign.Info;
  creatorId: string;
  method: "click" | "coupon";
  click?: Click.Info;
  couponCode?: string;
  /** The lines the commission is computed on, when not the order's own (a group-buy's tier price). */
  lines?: Line[];
}

const DAY_MS = 86_400_000;
/** A store's clock may run a little ahead of ours; a click up to this much "after" the order still counts. */
const CLOCK_SKEW_MS = 5 * 60_000;

function hostMatches(url: string, domains: string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

function coversOrder(campaign: Campaign.Info, lines: Line[]): boolean {
  if (!campaign.productIds || lines.length === 0) return true;
  const covered = new Set([
    ...campaign.productIds,
    ...(campaign.productRules ?? []).map((entry) => entry.productId),
  ]);
  return lines.some((line) => line.productId !== undefined && covered.has(line.productId));
}

/** The newest live campaign of the creator's approved ones at this brand that covers the order. */
function pickCampaign(candidates: Campaign.Info[], at: Date, lines: Line[]): Campaign.Info | undefined {
  return candidates
    .filter((campaign) => Campaign.isLive(campaign, at) && coversOrder(campaign, lines))
    .sort((a, b) => (a.id < b.id ? 1 : -1))[0];
}

/**
 * Click first, then coupon. The click is the last one the store saw (the id it carried through checkout), so
 * the last click wins. Each step adds a check to the receipt; the first failure's reason is kept.
 */
async function attribute(
  brand: Brand.Info,
  input: { clickId?: string | undefined; couponCode?: string | undefined; occurredAt: Date; lines: Line[] },
  checks: z.infer<typeof Check>[],
): Promise<{ credit?: Credit; reason: string; click?: Click.Info }> {
  let reason = "no_click_or_coupon";
  let seenClick: Click.Info | undefined;
  if (input.clickId) {
    const click = await Click.get(input.clickId);
    seenClick = click;
    const fail = (code: string, detail: string) => {
      checks.push({ step: "click", outcome: "fail", detail });
      if (reason === "no_click_or_coupon") reason = code;
    };
    if (!click) fail("click_not_found", `No click ${input.clickId} exists`);
    else if (click.bot)
      fail("bot_click", `Click ${click.id} came from a bot (${click.browser}), which never earns`);
    else {
      const link = await Link.resolve(click.code);
      const windowOf = (campaign: Campaign.Info) => campaign.attributionWindowDays * DAY_MS;
      const age = input.occurredAt.getTime() - Date.parse(click.at);
      if (!link || !hostMatches(link.url, brand.domains)) {
        fail("click_other_brand", `The clicked link does not lead to ${brand.name}'s store domains`);
      } else {
        const enrolled = (await Campaign.approvedFor(brand.id, click.creatorId)).map(
          (entry) => entry.campaign,
        );
        const campaign = pickCampaign(enrolled, input.occurredAt, input.lines);
        if (!campaign)
          fail(
            "creator_not_enrolled",
            "The link's creator has no approved, running campaign covering this order",
          );
        else if (age < -CLOCK_SKEW_MS || age > windowOf(campaign)) {
          fail(
            "outside_window",
            `Clicked ${Math.floor(age / DAY_MS)} days before the order; the campaign's window is ${campaign.attributionWindowDays} days`,
          );
        } else {
          checks.push({
            step: "click",
            outcome: "pass",
            detail: `Human click on /r/${click.code} at ${click.at}, ${Math.max(0, Math.floor(age / 60_000))} minutes before the order, inside the ${campaign.attributionWindowDays}-day window`,
          });
          return {
            credit: { campaign, creatorId: click.creatorId, method: "click", click },
            reason: "credited_by_click",
            click,
          };
        }
      }
    }
  } else checks.push({ step: "click", outcome: "skip", detail: "The order carried no click id" });

  if (input.couponCode) {
    const found = await Campaign.findByCoupon(brand.id, input.couponCode);
    const code = input.couponCode.toUpperCase();
    const groupbuy = found ? undefined : await creditGroupBuyCode(brand.id, code, checks);
    if (groupbuy) return { credit: groupbuy, reason: "credited_by_groupbuy_code", click: seenClick };
    if (!found) {
      checks.push({
        step: "coupon",
        outcome: "fail",
        detail: `Coupon ${code} belongs to no creator at this brand`,
      });
      if (reason === "no_click_or_coupon") reason = "coupon_unknown";
    } else if (
      found.enrollment.status !== "approved" ||
      !Campaign.isLive(found.campaign, input.occurredAt) ||
      !coversOrder(found.campaign, input.lines)
    ) {
      checks.push({
        step: "coupon",
        outcome: "fail",
        detail: `Coupon ${code}'s creator is not approved in a running campaign covering this order`,
      });
      if (reason === "no_click_or_coupon") reason = "creator_not_enrolled";
    } else {
      checks.push({
        step: "coupon",
        outcome: "pass",
        detail: `Coupon ${code} belongs to @${found.enrollment.handle}`,
      });
      return {
        credit: {
          campaign: found.campaign,
          creatorId: found.enrollment.creatorId,
          method: "coupon",
          couponCode: code,
        },
        reason: "credited_by_coupon",
        click: seenClick,
      };
    }
  } else checks.push({ step: "coupon", outcome: "skip", detail: "The order carried no creator coupon code" });
  return { reason, click: seenClick };
}

/**
 * The group-buy hook, tried only when no creator coupon matched: a participant's personal code from a
 * successful group-buy credits the creator who referred that participant, on the tier price they pay.
 * Codes of failed group-buys, and participants who joined without a referrer, credit nobody.
 */
async function creditGroupBuyCode(
  brandId: string,
  code: string,
  checks: z.infer<typeof Check>[],
): Promise<Credit | undefined> {
  const found = await GroupBuy.findByCode(brandId, code);
  if (!found) return undefined;
  const { groupbuy, participation, unitPrice } = found;
  if (!participation.referrerId) {
    checks.push({
      step: "coupon",
      outcome: "fail",
      detail: `Group-buy code ${code} belongs to @${participation.handle}, who joined without a referring creator`,
    });
    return undefined;
  }
  checks.push({
    step: "coupon",
    outcome: "pass",
    detail: `Group-buy code ${code} of @${participation.handle}, referred by @${participation.referrerHandle}`,
  });
  return {
    campaign: GroupBuy.commissionTerms(groupbuy),
    creatorId: participation.referrerId,
    method: "coupon",
    couponCode: code,
    lines: [
      {
        productId: undefined,
        sku: undefined,
        quantity: participation.quantity,
        amount: unitPrice.amount * participation.quantity,
      },
    ],
  };
}

const explanations: Record<string, string> = {
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

/** Where an order came in: door 1 body fields after validation, or a mapped webhook. */
export type Order = z.output<typeof OrderInput>;

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

async function recordOrder(
  brandId: string,
  source: Source,
  order: Order,
): Promise<{ answer: Answer; replayed: boolean }> {
  const existing = await ConversionStore.getOrderClaim(brandId, order.orderId);
  if (existing) return replay(existing, order);
  const brand = await Brand.getInternal(brandId);
  const occurredAt = new Date(order.occurredAt);
  const products = await Brand.findProducts(brandId, order.items ?? []);
  const lines: Line[] = (order.items ?? []).map((item, index) => ({
    productId: products[index]?.id ?? item.productId,
    sku: item.sku ?? products[index]?.sku,
    quantity: item.quantity,
    amount: item.amount,
  }));
  const checks: z.infer<typeof Check>[] = [];
  const found = await attribute(
    brand,
    { clickId: order.clickId, couponCode: order.couponCode, occurredAt, lines },
    checks,
  );
  const now = Clock.now();
  const conversion: Info = {
    id: createId("cnv"),
    brandId,
    orderId: order.orderId,
    source,
    amount: { amount: order.amount, currency: order.currency },
    refundedAmount: 0,
    occurredAt: occurredAt.toISOString(),
    receivedAt: now.toISOString(),
    items: lines.map(({ productId, sku, quantity, amount }) => ({ productId, sku, quantity, amount })),
    clickId: order.clickId,
    couponCode: order.couponCode?.toUpperCase(),
    status: "unattributed",
    attributed: false,
    receipt: {
      decision: "not_credited",
      reason: found.reason,
      explanation: explanations[found.reason] ?? found.reason,
      checks,
      click: found.click
        ? {
            id: found.click.id,
            at: found.click.at,
            linkCode: found.click.code,
            device: found.click.device,
            referrerHost: found.click.referrerHost,
            country: found.click.country,
            bot: found.click.bot,
          }
        : undefined,
      couponCode: order.couponCode?.toUpperCase(),
      arithmetic: [],
      rounding: ROUNDING,
    },
    version: 1,
  };
  const credit = found.credit;
  if (!credit) return ConversionStore.insert(conversion, undefined);

  const { campaign } = credit;
  const creator = await User.get(credit.creatorId);
  conversion.attributed = true;
  conversion.creatorId = creator.id;
  conversion.creatorHandle = creator.handle;
  conversion.campaignId = campaign.id;
  conversion.campaignName = campaign.name;
  conversion.receipt.method = credit.method;
  conversion.receipt.campaign = {
    id: campaign.id,
    name: campaign.name,
    attributionWindowDays: campaign.attributionWindowDays,
    holdDays: campaign.holdDays,
  };
  conversion.receipt.rule = campaign.rule;
  conversion.receipt.decision = "credited";
  if (campaign.currency !== order.currency) {
    conversion.status = "no_commission";
    conversion.receipt.reason = "currency_mismatch";
    conversion.receipt.explanation = explanations.currency_mismatch ?? "";
    return ConversionStore.insert(conversion, undefined);
  }
  const computed = compute(campaign, order.amount, order.currency, credit.lines ?? lines);
  conversion.receipt.arithmetic = computed.arithmetic;
  const selfReferral =
    order.customer?.emailSha256 !== undefined && order.customer.emailSha256 === emailSha256(creator.email);
  const returnWindow = Math.max(0, ...products.map((product) => product?.returnWindowDays ?? 0));
  const holdDays = campaign.holdFromReturnWindow && returnWindow > 0 ? returnWindow : campaign.holdDays;
  const holdUntil = new Date(now.getTime() + holdDays * DAY_MS).toISOString();
  const status: CommissionStatus = selfReferral ? "held" : "pending";
  if (selfReferral) {
    conversion.receipt.decision = "held_for_review";
    conversion.receipt.reason = "self_referral";
    conversion.receipt.explanation = explanations.self_referral ?? "";
  } else conversion.receipt.explanation = explanations[found.reason] ?? "";
  conversion.receipt.holdUntil = holdUntil;
  conversion.receipt.arithmetic.push(
    `Held ${holdDays} days${campaign.holdFromReturnWindow && returnWindow > 0 ? " (the products' return window)" : ""}, until ${holdUntil}`,
  );
  if (computed.amount === 0) {
    conversion.status = "no_commission";
    conversion.receipt.reason = "zero_commission";
    conversion.receipt.explanation = explanations.zero_commission ?? "";
    return ConversionStore.insert(conversion, undefined);
  }
  const commission: Commission = {
    id: createId("com"),
    amount: { amount: computed.amount, currency: order.currency },
    originalAmount: computed.amount,
    status,
    holdUntil,
  };
  conversion.status = status;
  conversion.commission = commission;
  return ConversionStore.insert(conversion, {
    campaign,
    onBudget: (remaining) => {
      // Called with what the budget has left; caps the commission to it (exact under concurrency).
      const cap = campaign.budget;
      if (!cap) return conversion;
      const committed = Math.min(computed.amount, remaining);
      const next: Info = structuredClone(conversion);
      next.receipt.budget = { cap, remainingBefore: remaining, committed };
      if (committed === 0) {
        next.status = "no_commission";
        next.commission = undefined;
        next.receipt.reason = "budget_exhausted";
        next.receipt.explanation = explanations.budget_exhausted ?? "";
      } else if (next.commission && committed < computed.amount) {
        next.commission = {
          ...next.commission,
          amount: { amount: committed, currency: order.currency },
          originalAmount: committed,
        };
        next.receipt.arithmetic.push(budgetCapArithmetic(committed, order.currency));
      }
      return next;
    },
  });
}

/** The order claim already exists: the same answer again, or a conflict when the order differs. */
export function replay(
  claim: { amount: number; currency: string; answer: Answer },
  order: { amount: number; currency: string },
): { answer: Answer; replayed: true } {
  if (claim.amount !== order.amount || claim.currency !== order.currency) throw new OrderConflictError();
  return { answer: claim.answer, replayed: true };
}

export interface Refund {
  orderId: string;
  /** Identifies this refund, so a retried delivery is applied once. */
  refundKey: string;
  currency: string;
  /** This refund's amount, or (Stripe) the order's refunded total so far; exactly one. */
  refundAmount?: number;
  refundedTotal?: number;
  occurredAt?: string | undefined;
}

export type RefundAnswer =
  | { matched: true; conversion: Answer; refundedAmount: number }
  | { matched: false; orderId: string; status: "recorded" };

/**
 * Applies a refund to the order's commission: a full refund reverses it, a partial one scales it by the share
 * not refunded (see commission.afterRefund for the rounding). A refund for an order we have not seen is
 * kept and answered as recorded; it is applied when the order arrives (see record).
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
  for (let attempt = 0; ; attempt++) {
    const conversion = await ConversionStore.get(claim.conversionId);
    if (!conversion) throw new ConversionNotFoundError();
    if (conversion.amount.currency !== input.currency.toUpperCase()) throw new RefundCurrencyError();
    const total = conversion.amount.amount;
    const refundedTotal = Math.min(
      total,
      input.refundedTotal !== undefined
        ? Math.max(conversion.refundedAmount, input.refundedTotal)
        : conversion.refundedAmount + (input.refundAmount ?? 0),
    );
    const next: Info = { ...conversion, refundedAmount: refundedTotal, version: conversion.version + 1 };
    let event: Event | undefined;
    const commission = conversion.commission;
    if (
      commission &&
      (commission.status === "pending" || commission.status === "held" || commission.status === "approved")
    ) {
      const remaining = afterRefund(commission.originalAmount, total, refundedTotal);
      const reversed = refundedTotal >= total;
      if (reversed || remaining !== commission.amount.amount) {
        next.commission = {
          ...commission,
          amount: { ...commission.amount, amount: remaining },
          status: reversed ? "reversed" : commission.status,
        };
        if (reversed) next.status = "reversed";
        event = {
          conversionId: conversion.id,
          commissionId: commission.id,
          seq: 0,
          kind: reversed ? "reversed" : "adjusted",
          amount: remaining,
          currency: commission.amount.currency,
          at: Clock.now().toISOString(),
          reason: reversed
            ? "Full refund"
            : refundArithmetic(commission.originalAmount, total, refundedTotal, commission.amount.currency),
        };
      }
    }
    const outcome = await ConversionStore.applyRefund(conversion, next, input, event);
    if (outcome === "applied" || outcome === "duplicate") {
      const current = outcome === "applied" ? next : ((await ConversionStore.get(conversion.id)) ?? next);
      return { matched: true, conversion: answerOf(current), refundedAmount: current.refundedAmount };
    }
    if (attempt > 20) throw new Error("refund kept conflicting with other writes");
    await sleep(backoffDelay(attempt + 1, CONTENTION));
  }
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

export const ListFilter = z.object({
  status: Status.optional(),
  /** The credited creator's handle. */
  creator: z.string().trim().toLowerCase().max(30).optional(),
  from: dateTimeWithin(FILTER_TIME).optional(),
  to: dateTimeWithin(FILTER_TIME).optional(),
  cursor: z.string().max(2000).optional(),
});
export type ListFilter = z.infer<typeof ListFilter>;

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

export const RejectInput = z.object({
  reason: z.string().trim().min(3, { error: "Say why, in a few words" }).max(500),
});

/** A brand admin rejects a commission still in its hold (pending) or in review (held). */
export async function reject(actor: Actor, conversionId: string, reason: string): Promise<Answer> {
  const conversion = await ConversionStore.get(conversionId);
  if (!conversion || !(await Brand.isMember(actor, conversion.brandId))) throw new ConversionNotFoundError();
  await Brand.requireMember(actor, conversion.brandId, "admin");
  const commission = conversion.commission;
  if (!commission || (commission.status !== "pending" && commission.status !== "held")) {
    throw new NotRejectableError(commission?.status ?? conversion.status);
  }
  const next: Info = {
    ...conversion,
    status: "rejected",
    rejectedReason: reason,
    commission: { ...commission, status: "rejected" },
    version: conversion.version + 1,
  };
  const event: Event = {
    conversionId,
    commissionId: commission.id,
    seq: 0,
    kind: "rejected",
    amount: commission.amount.amount,
    currency: commission.amount.currency,
    at: Clock.now().toISOString(),
    reason,
  };
  if (!(await ConversionStore.transition(conversion, next, event))) {
    const latest = await ConversionStore.get(conversionId);
    throw new NotRejectableError(latest?.status ?? "changed");
  }
  return answerOf(next);
}

/**
 * A brand admin clears a commission held for review (say, a self-referral it accepts): it goes back to
 * pending and is approved when its hold ends, like any other.
 */
export async function release(actor: Actor, conversionId: string): Promise<Answer> {
  const conversion = await ConversionStore.get(conversionId);
  if (!conversion || !(await Brand.isMember(actor, conversion.brandId))) throw new ConversionNotFoundError();
  await Brand.requireMember(actor, conversion.brandId, "admin");
  const commission = conversion.commission;
  if (commission?.status !== "held") throw new NotReleasableError(commission?.status ?? conversion.status);
  const next: Info = {
    ...conversion,
    status: "pending",
    commission: { ...commission, status: "pending" },
    version: conversion.version + 1,
  };
  const event: Event = {
    conversionId,
    commissionId: commission.id,
    seq: 0,
    kind: "pending",
    amount: commission.amount.amount,
    currency: commission.amount.currency,
    at: Clock.now().toISOString(),
    reason: "Review cleared by the brand",
  };
  if (!(await ConversionStore.transition(conversion, next, event))) throw new NotReleasableError("changed");
  return answerOf(next);
}

/**
 * A payout statement's line was disputed: the approved commission goes back to review (held), where the
 * brand releases or rejects it. Retried on a concurrent change; a commission no longer approved (a refund
 * reversed it meanwhile) is left as it is.
 */
export async function returnToReview(conversionId: string, reason: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const conversion = await ConversionStore.get(conversionId);
    const commission = conversion?.commission;
    if (!conversion || commission?.status !== "approved") return;
    const next: Info = {
      ...conversion,
      status: "held",
      commission: { ...commission, status: "held" },
      version: conversion.version + 1,
    };
    const event: Event = {
      conversionId,
      commissionId: commission.id,
      seq: 0,
      kind: "held",
      amount: commission.amount.amount,
      currency: commission.amount.currency,
      at: Clock.now().toISOString(),
      reason,
    };
    if (await ConversionStore.transition(conversion, next, event)) return;
  }
  throw new Error("returning a commission to review kept conflicting with other writes");
}

/**
 * The hold-release job: every pending commission whose hold ended by the platform clock becomes approved.
 * Each transition is conditional on the version it read, so two runs at once approve each one exactly once.
 */
export async function releaseHolds(): Promise<number> {
  const run = await Failure.startJob("release-holds");
  let approved = 0;
  const now = Clock.now().toISOString();
  for (const conversionId of await ConversionStore.listDueHolds(now)) {
    await run.item(conversionId, async () => {
      const due = await ConversionStore.get(conversionId);
      const commission = due?.commission;
      if (!due || !commission || due.status !== "pending") return;
      const next: Info = {
        ...due,
        status: "approved",
        commission: { ...commission, status: "approved" },
        version: due.version + 1,
      };
      const event: Event = {
        conversionId: due.id,
        commissionId: commission.id,
        seq: 0,
        kind: "approved",
        amount: commission.amount.amount,
        currency: commission.amount.currency,
        at: now,
        reason: `Hold ended ${commission.holdUntil}`,
      };
      if (await ConversionStore.transition(due, next, event)) approved++;
    });
  }
  return approved;
}

const Totals = z.object({
  pending: z.number().int(),
  held: z.number().int(),
  approved: z.number().int(),
  reversed: z.number().int(),
  paid: z.number().int(),
});

export const Earnings = z.object({
  totals: z.array(z.object({ currency: z.string() }).extend(Totals.shape)),
  byCampaign: z.array(
    z.object({ campaignId: z.string(), campaignName: z.string(), currency: z.string() }).extend(Totals.shape),
  ),
  items: z.array(
    z.object({
      conversionId: z.string(),
      campaignId: z.string(),
      campaignName: z.string(),
      brandId: z.string(),
      occurredAt: z.string(),
      orderAmount: Money,
      commission: z.object({ amount: Money, status: CommissionStatus, holdUntil: z.string() }),
    }),
  ),
});
export type Earnings = z.infer<typeof Earnings>;

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

/** Webhook deliveries already handled (Shopify's X-Shopify-Webhook-Id, Stripe's event id). */
export const Webhook = {
  seen: (brandId: string, source: Source, deliveryId: string) =>
    ConversionStore.webhookSeen(brandId, source, deliveryId),
  remember: (brandId: string, source: Source, deliveryId: string) =>
    ConversionStore.rememberWebhook(brandId, source, deliveryId, Clock.nowSeconds()),
};
