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

const CheckoutSession = z.object({
  id: z.string(),
  amount_total: z.number().int().min(0),
  currency: Currency,
  client_reference_id: z.string().nullish(),
  payment_intent: z.string().nullish(),
  created: z.number().int(),
  metadata: z.record(z.string(), z.string()).nullish(),
  customer_details: z.object({ email: z.string().nullish() }).nullish(),
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
    couponCode: session.metadata?.sg_coupon,
    amount: session.amount_total,
    currency: session.currency,
    occurredAt: new Date(session.created * 1000).toISOString(),
    customer: email ? { emailSha256: emailSha256(email) } : undefined,
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
