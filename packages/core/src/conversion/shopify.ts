import { createHash } from "node:crypto";
import * as z from "zod";
import { AppError } from "../util/errors";
import { minorUnits } from "../util/money";
import type { Order, Refund } from "./schema";

/**
 * The parts of Shopify's webhook payloads we read (Order and Refund resources of the Admin REST API).
 * Everything else in the payload is ignored; prices are decimal strings in the shop currency.
 */
const Decimal = z.string().regex(/^\d+(\.\d+)?$/);

export const ShopifyOrder = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  currency: z.string(),
  total_price: Decimal,
  created_at: z.string(),
  processed_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  email: z.string().nullish(),
  landing_site: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  note_attributes: z
    .array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]).nullish() }))
    .nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).nullish(),
  line_items: z
    .array(
      z.object({
        product_id: z.union([z.number(), z.string()]).nullish(),
        variant_id: z.union([z.number(), z.string()]).nullish(),
        sku: z.string().nullish(),
        quantity: z.number().int(),
        price: Decimal,
      }),
    )
    .nullish(),
  customer: z
    .object({ id: z.union([z.number(), z.string()]).nullish(), email: z.string().nullish() })
    .nullish(),
});

export const ShopifyRefund = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  order_id: z.union([z.number(), z.string()]).transform(String),
  created_at: z.string().nullish(),
  processed_at: z.string().nullish(),
  transactions: z
    .array(
      z.object({
        amount: Decimal,
        kind: z.string(),
        status: z.string().nullish(),
        currency: z.string().nullish(),
      }),
    )
    .default([]),
});

const CLICK_NOTE_NAMES = ["sg_click", "sg-click", "shopguide_click"];

function clickFromLandingSite(landingSite: string | null | undefined): string | undefined {
  if (!landingSite) return undefined;
  try {
    return new URL(landingSite, "https://shop.invalid").searchParams.get("sg_click") ?? undefined;
  } catch {
    return undefined;
  }
}

function iso(value: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new Error("unreachable: Shopify dates are ISO 8601");
  return parsed.toISOString();
}

/**
 * orders/paid → our order. Click id: `landing_site`'s `sg_click`, else a note attribute named sg_click;
 * coupon: the first discount code (the attribution step checks whether it is a creator's).
 */
export function orderFromShopify(raw: unknown): Order {
  const order = ShopifyOrder.parse(raw);
  const currency = order.currency.toUpperCase();
  const note = order.note_attributes?.find((attribute) =>
    CLICK_NOTE_NAMES.includes(attribute.name.toLowerCase()),
  );
  const email = order.email ?? order.customer?.email;
  return {
    type: "order",
    orderId: order.id,
    clickId:
      clickFromLandingSite(order.landing_site) ?? (note?.value != null ? String(note.value) : undefined),
    couponCode: order.discount_codes?.[0]?.code,
    amount: minorUnits(order.total_price, currency),
    currency,
    // Matched to the catalogue by SKU, else by the Shopify product and variant ids a product is sold as;
    // never by title, and Shopify's ids are never taken for our own product ids.
    items: order.line_items
      ?.map((line) => ({
        sku: line.sku || undefined,
        shopify:
          line.product_id != null && line.variant_id != null
            ? { productId: String(line.product_id), variantId: String(line.variant_id) }
            : undefined,
        quantity: line.quantity,
        amount: minorUnits(line.price, currency) * line.quantity,
      }))
      .filter((item) => item.sku || item.shopify),
    occurredAt: iso(order.processed_at ?? order.created_at),
    customer: {
      externalId: order.customer?.id != null ? String(order.customer.id) : undefined,
      emailSha256: email ? createHash("sha256").update(email.trim().toLowerCase()).digest("hex") : undefined,
    },
  };
}

/** refunds/create → one refund: the sum of its successful refund transactions. */
export function refundFromShopify(raw: unknown, fallbackCurrency: string): Refund | undefined {
  const refund = ShopifyRefund.parse(raw);
  const transactions = refund.transactions.filter(
    (transaction) => transaction.kind === "refund" && (transaction.status ?? "success") === "success",
  );
  const currency = (transactions[0]?.currency ?? fallbackCurrency).toUpperCase();
  const amount = transactions.reduce((sum, transaction) => sum + minorUnits(transaction.amount, currency), 0);
  if (amount === 0) return undefined;
  return {
    orderId: refund.order_id,
    refundKey: `shopify:${refund.id}`,
    refundAmount: amount,
    currency,
    occurredAt: refund.created_at ?? undefined,
  };
}

/**
 * orders/cancelled → the whole order refunded (a cancelled paid order is refunded in full). The topic
 * header is not signed (Shopify's HMAC covers the body only), so the body itself must prove the
 * cancellation: an order without `cancelled_at` is refused, whatever the header says. Otherwise a captured
 * orders/paid body resent as orders/cancelled would reverse the commission.
 */
export function cancellationFromShopify(raw: unknown): Refund {
  const order = ShopifyOrder.parse(raw);
  if (!order.cancelled_at) throw new TopicUnprovenError("orders/cancelled", "the order has no cancelled_at");
  const currency = order.currency.toUpperCase();
  return {
    orderId: order.id,
    refundKey: "shopify:cancelled",
    refundedTotal: minorUnits(order.total_price, currency),
    currency,
    occurredAt: order.cancelled_at,
  };
}

/**
 * How old a Shopify delivery may be, against the platform clock: 48 h, Shopify's longest retry window.
 * The age is that of the newest time the SIGNED body carries (see `signedTime`), and of
 * X-Shopify-Triggered-At when sent. Only the body's time binds an attacker (headers are not signed); the
 * header catches honest deliveries that arrive late.
 */
export const FRESHNESS_SECONDS = 48 * 60 * 60;

/** The body's topic header names something the signed body does not show. */
export class TopicUnprovenError extends AppError {
  constructor(topic: string, why: string) {
    super("validation", "shopify_topic_unproven", `The body does not prove the ${topic} topic: ${why}`);
  }
}

/** A delivery older than FRESHNESS_SECONDS, or whose body carries no time at all. */
export class WebhookStaleError extends AppError {
  constructor(message: string) {
    super("bad_request", "webhook_stale", message);
  }
}

/**
 * The newest time a body carries, as milliseconds: for an order, the latest of `updated_at`,
 * `cancelled_at`, `processed_at` and `created_at`; for a refund, of `created_at` and `processed_at`.
 * Undefined when the body carries none that parses.
 */
export function signedTime(topic: string, raw: unknown): number | undefined {
  const parsed = (topic === "refunds/create" ? ShopifyRefund : ShopifyOrder).safeParse(raw);
  if (!parsed.success) return undefined;
  const body = parsed.data as Record<string, unknown>;
  const times = ["updated_at", "cancelled_at", "processed_at", "created_at"]
    .map((field) => body[field])
    .filter((value): value is string => typeof value === "string")
    .map((value) => new Date(value).getTime())
    .filter((time) => !Number.isNaN(time));
  return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * Refuses a delivery too old to act on: the body's newest signed time, and the X-Shopify-Triggered-At
 * header when present, must both lie within FRESHNESS_SECONDS of `nowMs`. A body that does not parse is
 * left to the topic's own mapping, which answers 422 for it.
 */
export function assertFresh(
  topic: string,
  raw: unknown,
  triggeredAt: string | undefined,
  nowMs: number,
): void {
  const oldest = nowMs - FRESHNESS_SECONDS * 1000;
  if (!(topic === "refunds/create" ? ShopifyRefund : ShopifyOrder).safeParse(raw).success) return;
  const bodyTime = signedTime(topic, raw);
  if (bodyTime === undefined) throw new WebhookStaleError("The body carries no time, so its age is unknown");
  if (bodyTime < oldest) throw new WebhookStaleError("The body is older than 48 hours; it is not acted on");
  if (triggeredAt !== undefined) {
    const header = new Date(triggeredAt).getTime();
    if (Number.isNaN(header) || header < oldest)
      throw new WebhookStaleError("X-Shopify-Triggered-At is missing a valid time or older than 48 hours");
  }
}
