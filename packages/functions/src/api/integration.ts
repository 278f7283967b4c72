import { createRoute, z } from "@hono/zod-openapi";
import { Brand } from "@shopguide/core/brand";
import { Conversion } from "@shopguide/core/conversion";
import { SigningSecret } from "@shopguide/core/signing-secret";
import { Clock } from "@shopguide/core/util/clock";
import { AppError } from "@shopguide/core/util/errors";
import { parseJson } from "./conversion";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, pathParams } from "./params";
import { createRouter } from "./router";

const WebhookAnswer = z
  .object({
    outcome: z.enum(["order", "refund", "duplicate", "ignored"]),
    conversion: z.object(Conversion.Answer.shape).optional(),
    matched: z.boolean().optional(),
  })
  .openapi("WebhookAnswer");

class MissingHeaderError extends AppError {
  constructor(header: string) {
    super("bad_request", "missing_header", `The ${header} header is required`);
  }
}

const answers = {
  200: jsonAnswer("Handled (or a delivery already handled, or a topic we do not use)", WebhookAnswer),
  202: jsonAnswer("A refund for an order we have not seen, recorded", WebhookAnswer),
  ...errorResponses(400, 401, 409, 413, 422, 429),
};

export const integrationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/integrations/shopify/{brandId}",
      middleware: [rateLimit("shopify-webhook")] as const,
      tags: ["integrations"],
      summary: "Door 2: Shopify webhooks orders/paid, refunds/create and orders/cancelled",
      description:
        "Verified with X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, the brand's shopify secret); deduplicated on X-Shopify-Webhook-Id. The topic header is not signed, so the body must prove it (orders/cancelled needs `cancelled_at`, else 422 shopify_topic_unproven). A body whose newest time, or an X-Shopify-Triggered-At, is more than 48 h old is refused with 400 webhook_stale.",
      request: { params: pathParams("brandId") },
      responses: answers,
    }),
    async (c) => {
      const { brandId } = c.req.valid("param");
      const raw = await c.req.text();
      await SigningSecret.verifyShopify(brandId, c.req.header("x-shopify-hmac-sha256"), raw);
      const deliveryId = c.req.header("x-shopify-webhook-id");
      if (!deliveryId) throw new MissingHeaderError("X-Shopify-Webhook-Id");
      if (await Conversion.Webhook.seen(brandId, "shopify", deliveryId))
        return c.json({ outcome: "duplicate" as const }, 200);
      const topic = c.req.header("x-shopify-topic");
      const payload = parseJson(raw, z.record(z.string(), z.unknown()));
      let status: 200 | 202 = 200;
      let answer: z.infer<typeof WebhookAnswer>;
      if (topic === "orders/paid" || topic === "refunds/create" || topic === "orders/cancelled") {
        Conversion.Shopify.assertFresh(
          topic,
          payload,
          c.req.header("x-shopify-triggered-at"),
          Clock.now().getTime(),
        );
      }
      if (topic === "orders/paid") {
        const { answer: conversion } = await Conversion.record(
          brandId,
          "shopify",
          parseJsonValue(() => Conversion.Shopify.orderFromShopify(payload)),
        );
        answer = { outcome: "order", conversion };
      } else if (topic === "refunds/create" || topic === "orders/cancelled") {
        const brand = await Brand.getInternal(brandId);
        const refund = parseJsonValue(() =>
          topic === "refunds/create"
            ? Conversion.Shopify.refundFromShopify(payload, brand.currency)
            : Conversion.Shopify.cancellationFromShopify(payload),
        );
        if (!refund) answer = { outcome: "ignored" };
        else {
          const result = await Conversion.refund(brandId, refund);
          answer = {
            outcome: "refund",
            matched: result.matched,
            conversion: result.matched ? result.conversion : undefined,
          };
          if (!result.matched) status = 202;
        }
      } else answer = { outcome: "ignored" };
      await Conversion.Webhook.remember(brandId, "shopify", deliveryId);
      return c.json(answer, status);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/integrations/stripe/{brandId}",
      middleware: [rateLimit("stripe-webhook")] as const,
      tags: ["integrations"],
      summary: "Door 3: Stripe events checkout.session.completed, invoice.paid and charge.refunded",
      description:
        "Verified with Stripe-Signature (t, v1 = hex HMAC-SHA256 of `t.body` with the endpoint's whsec_ secret, 300 s tolerance); deduplicated on the event id.",
      request: { params: pathParams("brandId") },
      responses: answers,
    }),
    async (c) => {
      const { brandId } = c.req.valid("param");
      const raw = await c.req.text();
      await SigningSecret.verifyStripe(brandId, c.req.header("stripe-signature"), raw);
      const event = parseJson(raw, Conversion.Stripe.StripeEvent);
      if (await Conversion.Webhook.seen(brandId, "stripe", event.id))
        return c.json({ outcome: "duplicate" as const }, 200);
      let status: 200 | 202 = 200;
      let answer: z.infer<typeof WebhookAnswer>;
      if (event.type === "checkout.session.completed") {
        const order = parseJsonValue(() => Conversion.Stripe.orderFromStripe(event, Conversion.emailSha256));
        const { answer: conversion } = await Conversion.record(brandId, "stripe", order);
        answer = { outcome: "order", conversion };
      } else if (event.type === "invoice.paid") {
        const order = parseJsonValue(() =>
          Conversion.Stripe.orderFromStripeInvoice(event, Conversion.emailSha256),
        );
        const { answer: conversion } = await Conversion.record(brandId, "stripe", order);
        answer = { outcome: "order", conversion };
      } else if (event.type === "charge.refunded") {
        const result = await Conversion.refund(
          brandId,
          parseJsonValue(() => Conversion.Stripe.refundFromStripe(event)),
        );
        answer = {
          outcome: "refund",
          matched: result.matched,
          conversion: result.matched ? result.conversion : undefined,
        };
        if (!result.matched) status = 202;
      } else answer = { outcome: "ignored" };
      await Conversion.Webhook.remember(brandId, "stripe", event.id);
      return c.json(answer, status);
    },
  );

/** Mapping errors from a payload's shape are the sender's mistake: 422 with the fields, never a 500. */
function parseJsonValue<T>(map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new AppError(
        "validation",
        "validation_failed",
        "The event's object is not shaped as expected",
        error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      );
    }
    throw error;
  }
}
