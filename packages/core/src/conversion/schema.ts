/**
 * The conversion domain's shapes: what doors accept, what is stored, what is answered. Types only; no I/O,
 * so the store (conversion.dynamo.ts) and the pure decision modules import this, never ./index.
 */
import * as z from "zod";
import { Campaign } from "../campaign";
import { dateTimeWithin } from "../util/date-window";
import { Currency, Money } from "../util/money-schema";

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
    /** Shopify's product and variant ids (door 2), matched to the catalogue product sold as them. */
    shopify: z.object({ productId: z.string().max(32), variantId: z.string().max(32) }).optional(),
  })
  .refine((item) => item.productId || item.sku || item.shopify, { error: "Give productId or sku" });
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
export type Check = z.infer<typeof Check>;

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
    .object({
      id: z.string(),
      name: z.string(),
      /** Absent for a group-buy: its personal code is the attribution, no click window applies. */
      attributionWindowDays: z.number().optional(),
      holdDays: z.number(),
    })
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
  /**
   * When the hold-release job takes it up, if not at `holdUntil`: a commission released from review after
   * its hold ended is due when it came back to pending. Decides its hold bucket (dynamo README, AP163).
   */
  dueAt: z.string().optional(),
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

/** Door 1's order body after validation, or a mapped Shopify / Stripe webhook. */
export type Order = z.output<typeof OrderInput>;

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

/** The idempotency record of every door: the first answer given for (brand, orderId). */
export const OrderClaim = z.object({
  conversionId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  answer: Answer,
});
export type OrderClaim = z.infer<typeof OrderClaim>;

export const ListFilter = z.object({
  status: Status.optional(),
  /** The credited creator's handle. */
  creator: z.string().trim().toLowerCase().max(30).optional(),
  from: dateTimeWithin(FILTER_TIME).optional(),
  to: dateTimeWithin(FILTER_TIME).optional(),
  cursor: z.string().max(2000).optional(),
});
export type ListFilter = z.infer<typeof ListFilter>;

export const RejectInput = z.object({
  reason: z.string().trim().min(3, { error: "Say why, in a few words" }).max(500),
});

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
  /** The next page of `items` (50 a page, newest first); totals always cover every commission. */
  nextCursor: z.string().optional(),
});
export type Earnings = z.infer<typeof Earnings>;

export const EarningsQuery = z.object({ cursor: z.string().max(2000).optional() });
export type EarningsQuery = z.infer<typeof EarningsQuery>;
