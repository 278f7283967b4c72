import * as z from "zod";
import { Currency } from "../util/money-schema";
import type { Order, Refund } from "./schema";

/** A Stripe event envelope; `data.object` is read per type below. Amounts are already integer minor units. */
export const StripeEvent = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;

/**
 * One applied discount as Stripe sends it in `discounts` (checkout sessions and invoices): a Discount
 * object when expanded (its `promotion_code`, itself expanded or not, and its `coupon`), a bare `di_` id
 * otherwise, or (checkout sessions) `{coupon, promotion_code}`. Only what names a code is read.
 */
const Discount = z.union([
  z.string(),
  z.object({
    coupon: z.union([z.string(), z.object({ id: z.string(), name: z.string().nullish() })]).nullish(),
    promotion_code: z.union([z.string(), z.object({ code: z.string() })]).nullish(),
  }),
]);

/**
 * The code a buyer used, from the discounts applied: a promotion code's `code` (what a creator's audience
 * types) first, else the coupon's id (brands that name coupons after the code). Bare ids (`di_`, `promo_`)
 * name no code without another API call and are skipped.
 */
function codeFromDiscounts(discounts: z.infer<typeof Discount>[] | null | undefined): string | undefined {
  for (const discount of discounts ?? []) {
    if (typeof discount === "string") continue;
    if (discount.promotion_code && typeof discount.promotion_code === "object")
      return discount.promotion_code.code;
    const coupon = discount.coupon;
    if (coupon) return typeof coupon === "string" ? coupon : coupon.id;
  }
  return undefined;
}

const CheckoutSession = z.object({
  id: z.string(),
  amount_total: z.number().int().min(0),
  currency: Currency,
  client_reference_id: z.string().nullish(),
  payment_intent: z.string().nullish(),
  created: z.number().int(),
  metadata: z.record(z.string(), z.string()).nullish(),
  customer_details: z.object({ email: z.string().nullish() }).nullish(),
  discounts: z.array(Discount).nullish(),
});

/** An invoice (invoice.paid): amounts in minor units, the discounts applied to it and their amounts. */
const Invoice = z.object({
  id: z.string(),
  amount_paid: z.number().int().min(0),
  currency: Currency,
  payment_intent: z.string().nullish(),
  created: z.number().int(),
  status_transitions: z.object({ paid_at: z.number().int().nullish() }).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  customer_email: z.string().nullish(),
  discounts: z.array(Discount).nullish(),
  total_discount_amounts: z.array(z.object({ amount: z.number().int(), discount: Discount })).nullish(),
});

const Charge = z.object({
  id: z.string(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: Currency,
  payment_intent: z.string().nullish(),
});

/**
 * checkout.session.completed → our order. The order id is the PaymentIntent (what a later charge.refunded
 * names), else the session id. Click id: `client_reference_id` when it is one of ours, else `metadata.sg_click`.
 */
export function orderFromStripe(event: StripeEvent, emailSha256: (email: string) => string): Order {
  const session = CheckoutSession.parse(event.data.object);
  const reference = session.client_reference_id ?? undefined;
  const email = session.customer_details?.email;
  return {
    type: "order",
    orderId: session.payment_intent ?? session.id,
    clickId: reference?.startsWith("clk_") ? reference : session.metadata?.sg_click,
    couponCode: codeFromDiscounts(session.discounts) ?? session.metadata?.sg_coupon,
    amount: session.amount_total,
    currency: session.currency,
    occurredAt: new Date(session.created * 1000).toISOString(),
    customer: email ? { emailSha256: emailSha256(email) } : undefined,
  };
}

/**
 * invoice.paid → our order. The order id is the PaymentIntent (what a later charge.refunded names), else
 * the invoice id. The coupon comes from the invoice's discounts (`discounts`, else the discounts behind
 * `total_discount_amounts`), then `metadata.sg_coupon`; the click id from `metadata.sg_click`.
 */
export function orderFromStripeInvoice(event: StripeEvent, emailSha256: (email: string) => string): Order {
  const invoice = Invoice.parse(event.data.object);
  const discounts = [
    ...(invoice.discounts ?? []),
    ...(invoice.total_discount_amounts ?? []).map((entry) => entry.discount),
  ];
  return {
    type: "order",
    orderId: invoice.payment_intent ?? invoice.id,
    clickId: invoice.metadata?.sg_click,
    couponCode: codeFromDiscounts(discounts) ?? invoice.metadata?.sg_coupon,
    amount: invoice.amount_paid,
    currency: invoice.currency,
    occurredAt: new Date((invoice.status_transitions?.paid_at ?? invoice.created) * 1000).toISOString(),
    customer: invoice.customer_email ? { emailSha256: emailSha256(invoice.customer_email) } : undefined,
  };
}

/** charge.refunded → the order's refunded total so far (Stripe sends the running total). */
export function refundFromStripe(event: StripeEvent): Refund {
  const charge = Charge.parse(event.data.object);
  return {
    orderId: charge.payment_intent ?? charge.id,
    refundKey: `stripe:${event.id}`,
    refundedTotal: charge.amount_refunded,
    currency: charge.currency,
    occurredAt: new Date(event.created * 1000).toISOString(),
  };
}
