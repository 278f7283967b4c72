/**
 * Webhook schemas, types, constants and errors: what the domain (index.ts) and its store (webhook.dynamo.ts)
 * share, so the store never imports the domain module that imports it.
 */
import * as z from "zod";
import { Conversion } from "../conversion";
import { Statement } from "../statement";
import { AppError, NotFoundError } from "../util/errors";
import { MAX_URL_LENGTH } from "../util/url";
import { Subscription } from "./events";

/** Endpoints per brand, and per creator. */
export const MAX_ENDPOINTS = 10;
/** Attempts kept on a delivery, newest last; older ones are dropped. */
export const MAX_LOG = 10;
/** How long a job run holds a claimed attempt before another run may take it over (a crashed run). */
export const LEASE_SECONDS = 60;
export const USER_AGENT = "shopguide-webhooks/1";

/** Whose endpoint: a brand's (its owners and admins manage it) or a creator's own. */
export type Owner = { kind: "brand"; brandId: string } | { kind: "creator"; creatorId: string };

/** Which endpoints a route works on: a brand's, or the calling creator's (`/me/webhooks`). */
export type Target = { kind: "brand"; brandId: string } | { kind: "me" };

export const Endpoint = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(Subscription),
  description: z.string().optional(),
  brandId: z.string().optional(),
  creatorId: z.string().optional(),
  /** The first characters of the signing secret, to tell which one a receiver has. */
  secretHint: z.string(),
  createdAt: z.string(),
  /** A disabled endpoint gets no new events; deliveries still due to it fail. */
  disabled: z.boolean().optional(),
});
export type Endpoint = z.infer<typeof Endpoint>;

const Events = z
  .array(Subscription)
  .min(1, { error: "Subscribe to at least one event, or `*`" })
  .max(20)
  .transform((events) => [...new Set(events)]);

export const CreateInput = z.object({
  url: z.string().trim().min(1).max(MAX_URL_LENGTH),
  events: Events,
  description: z.string().trim().max(200).optional(),
});
export type CreateInput = z.input<typeof CreateInput>;

export const UpdateInput = z.object({
  events: Events.optional(),
  description: z.string().trim().max(200).optional(),
  disabled: z.boolean().optional(),
});
export type UpdateInput = z.input<typeof UpdateInput>;

export const DeliveryStatus = z.enum(["pending", "delivered", "failed"]);

export const Attempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
});
export type Attempt = z.infer<typeof Attempt>;

/** One event on its way to one endpoint (the outbox entry), as the deliveries list shows it. */
export const Delivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: DeliveryStatus,
  createdAt: z.string(),
  /** Attempts started so far. */
  attempts: z.number().int(),
  firstAttemptAt: z.string().optional(),
  /** When the next attempt is due, while pending. */
  nextAttemptAt: z.string().optional(),
  deliveredAt: z.string().optional(),
  failedAt: z.string().optional(),
  /** The newest attempts (at most MAX_LOG): status code or error, and when. */
  log: z.array(Attempt),
});
export type Delivery = z.infer<typeof Delivery>;

/** A commission as events carry it: the credited conversion's public facts and the commission itself. */
export const CommissionData = z.object({
  commission: Conversion.Commission,
  conversionId: z.string(),
  brandId: z.string(),
  creatorId: z.string(),
  creatorHandle: z.string().optional(),
  campaignId: z.string().optional(),
  campaignName: z.string().optional(),
  orderId: z.string(),
  orderAmount: Conversion.Info.shape.amount,
  refundedAmount: z.number().int(),
  occurredAt: z.string(),
  /** Why it changed, when the change has a reason (a refund, a rejection). */
  reason: z.string().optional(),
  /** The conversion's receipt in the API. */
  receiptPath: z.string(),
});
export type CommissionData = z.infer<typeof CommissionData>;

/** The body of every webhook. `id` is stable: the same event always has the same id, however often sent. */
export const Event = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: z.string(),
  data: z.union([CommissionData, Statement.Header, z.object({ endpointId: z.string() })]),
});
export type Event = z.infer<typeof Event>;

export class TooManyEndpointsError extends AppError {
  constructor() {
    super(
      "conflict",
      "too_many_webhook_endpoints",
      `At most ${MAX_ENDPOINTS} webhook endpoints; delete one first`,
    );
  }
}

export class EndpointNotFoundError extends NotFoundError {
  constructor() {
    super("Webhook endpoint", "webhook_endpoint_not_found");
  }
}
