import { createHash } from "node:crypto";
import * as z from "zod";
import { minorUnits } from "../util/money";
import type { Order, Refund } from "./index";

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
    items: order.line_items
      ?.map((line) => ({
        sku: line.sku || undefined,
        productId: line.sku ? undefined : line.product_id != null ? String(line.product_id) : undefined,
        quantity: line.quantity,
        amount: minorUnits(line.price, currency) * line.quantity,
      }))
      .filter((item) => item.sku || item.productId),
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

/** orders/cancelled → the whole order refunded (a cancelled paid order is refunded in full). */
export function cancellationFromShopify(raw: unknown): Refund {
  const order = ShopifyOrder.parse(raw);
  const currency = order.currency.toUpperCase();
  return {
    orderId: order.id,
    refundKey: "shopify:cancelled",
    refundedTotal: minorUnits(order.total_price, currency),
    currency,
    occurredAt: order.cancelled_at ?? undefined,
  };
}
