import { createHash } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import { Brand } from "@shopguide/core/brand";
import { Conversion } from "@shopguide/core/conversion";
import { SigningSecret } from "@shopguide/core/signing-secret";
import { Clock } from "@shopguide/core/util/clock";
import { AppError, NotFoundError, ValidationError } from "@shopguide/core/util/errors";
import { errorResponses, issuesOf } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const Answer = z.object(Conversion.Answer.shape).openapi("ConversionAnswer");
const ConversionInfo = z.object(Conversion.Info.shape).openapi("Conversion");
const ReceiptInfo = z
  .object({ ...Conversion.Info.shape, events: z.array(z.object(Conversion.Event.shape)) })
  .openapi("ConversionReceipt");
const RefundAnswer = z
  .object({
    matched: z.boolean(),
    orderId: z.string().optional(),
    status: z.string().optional(),
    conversion: Answer.optional(),
    refundedAmount: z.number().optional(),
  })
  .openapi("RefundAnswer");
const EarningsInfo = z.object(Conversion.Earnings.shape).openapi("Earnings");

export class MalformedJsonError extends AppError {
  constructor() {
    super("bad_request", "malformed_json", "The body is not valid JSON");
  }
}

/** A verified raw body, parsed and validated only now: nothing unsigned is ever interpreted. */
export function parseJson<T extends z.ZodType>(raw: string, schema: T): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new MalformedJsonError();
  }
  return validate(value, schema);
}

function validate<T extends z.ZodType>(value: unknown, schema: T): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(issuesOf(parsed.error));
  return parsed.data;
}

const Kind = z.looseObject({ type: z.enum(["order", "refund"]).default("order") });

/**
 * Door 1 behind the signature: an order (201, or 200 with the first answer on a replay) or a refund (200
 * when it matched an order, 202 when the order is unknown and the refund was recorded).
 */
async function intake(brandId: string, signature: string | undefined, raw: string) {
  await SigningSecret.verifyApi(brandId, signature, raw);
  const { type, ...rest } = parseJson(raw, Kind);
  if (type === "refund") {
    const body = validate({ type, ...rest }, Conversion.RefundInput);
    const refundKey = `api:${
      body.refundId ??
      createHash("sha256")
        .update(JSON.stringify([body.orderId, body.refundAmount, body.occurredAt ?? ""]))
        .digest("hex")
    }`;
    const answer = await Conversion.refund(brandId, { ...body, refundKey });
    return { kind: "refund" as const, answer };
  }
  const body = validate({ type, ...rest }, Conversion.OrderInput);
  return { kind: "order" as const, ...(await Conversion.record(brandId, "api", body)) };
}

const DoorAnswers = {
  200: jsonAnswer("A replay (the first answer again), or a refund applied", z.union([Answer, RefundAnswer])),
  201: jsonAnswer("The order, recorded and attributed", Answer),
  202: jsonAnswer("A refund for an order we have not seen, recorded", RefundAnswer),
  ...errorResponses(400, 401, 409, 413, 422, 429),
};

export const conversionRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/conversions",
      middleware: [rateLimit("conversion-api")] as const,
      tags: ["conversions"],
      summary: "Door 1: report an order or a refund, signed with Shopguide-Signature",
      description:
        "Header `Shopguide-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + '.' + raw body)>`, 300 s tolerance, " +
        "any active api secret. Body: `{orderId, clickId?, couponCode?, amount, currency, items?, occurredAt, customer?}` or " +
        "`{type: 'refund', orderId, refundId?, refundAmount, currency}`. orderId is the idempotency key.",
      request: { params: pathParams("brandId") },
      responses: DoorAnswers,
    }),
    async (c) => {
      const raw = await c.req.text();
      const result = await intake(c.req.valid("param").brandId, c.req.header("shopguide-signature"), raw);
      if (result.kind === "refund") return c.json(result.answer, result.answer.matched ? 200 : 202);
      if (result.replayed) c.header("Idempotent-Replayed", "true");
      return result.replayed ? c.json(result.answer, 200) : c.json(result.answer, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/conversions/test",
      tags: ["conversions"],
      summary: "Send a signed test order through door 1 with the brand's newest api secret (owner or admin)",
      request: {
        params: pathParams("brandId"),
        body: jsonBody(
          z.object({
            amount: z.number().int().min(0).default(10_000),
            clickId: z.string().max(64).optional(),
            couponCode: z.string().max(64).optional(),
          }),
        ),
      },
      responses: {
        201: jsonAnswer("The test order, as door 1 answered it", Answer),
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { brandId } = c.req.valid("param");
      await Brand.requireMember(c.get("actor"), brandId, "admin");
      const brand = await Brand.getInternal(brandId);
      const secret = await SigningSecret.newestApiSecret(brandId);
      if (!secret) throw new NotFoundError("An active api secret", "no_api_secret");
      const input = c.req.valid("json");
      const raw = JSON.stringify({
        orderId: `test-${Clock.nowMs()}-${Math.random().toString(36).slice(2, 8)}`,
        amount: input.amount,
        currency: brand.currency,
        clickId: input.clickId,
        couponCode: input.couponCode,
        occurredAt: Clock.now().toISOString(),
      });
      const result = await intake(brandId, SigningSecret.signApi(secret, Clock.nowSeconds(), raw), raw);
      if (result.kind !== "order") throw new Error("unreachable: the test body is an order");
      return c.json(result.answer, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/conversions",
      tags: ["conversions"],
      summary: "The brand's conversions, newest first, filtered by status, creator handle and order time",
      request: { params: pathParams("brandId"), query: Conversion.ListFilter },
      responses: {
        200: jsonAnswer(
          "Conversions",
          z.object({ items: z.array(ConversionInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) =>
      c.json(
        await Conversion.listByBrand(c.get("actor"), c.req.valid("param").brandId, c.req.valid("query")),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/conversions/{id}",
      tags: ["conversions"],
      summary:
        "A conversion's receipt, with its commission history (the brand and the credited creator only)",
      request: { params: pathParams("id") },
      responses: { 200: jsonAnswer("The receipt", ReceiptInfo), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await Conversion.get(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/conversions/{id}/reject",
      tags: ["conversions"],
      summary: "Reject a commission still pending or held, with a reason (brand owner or admin)",
      request: { params: pathParams("id"), body: jsonBody(Conversion.RejectInput) },
      responses: { 200: jsonAnswer("Rejected", Answer), ...errorResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json(
        await Conversion.reject(c.get("actor"), c.req.valid("param").id, c.req.valid("json").reason),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/conversions/{id}/release",
      tags: ["conversions"],
      summary: "Clear a commission held for review; it is approved when its hold ends (brand owner or admin)",
      request: { params: pathParams("id") },
      responses: { 200: jsonAnswer("Released", Answer), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => c.json(await Conversion.release(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/earnings",
      tags: ["conversions"],
      summary:
        "My totals by status per currency and per campaign, and my commissions a page at a time (creators)",
      request: { query: Conversion.EarningsQuery },
      responses: { 200: jsonAnswer("Earnings", EarningsInfo), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await Conversion.earnings(c.get("actor"), c.req.valid("query").cursor), 200),
  );
