export * as Webhook from "./index";

import { randomBytes } from "node:crypto";
import type * as z from "zod";
import { Brand } from "../brand";
import { Conversion } from "../conversion";
import { Failure } from "../failure";
import { Outbound } from "../outbound";
import { SigningSecret } from "../signing-secret";
import { decrypt, encrypt } from "../signing-secret/crypto";
import { Statement } from "../statement";
import { Telemetry } from "../telemetry";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { ValidationError } from "../util/errors";
import { createId } from "../util/id";
import { afterFailure } from "./backoff";
import { commissionChange, type Derived, PING, statementChange, subscribed } from "./events";
import {
  type Attempt,
  type CommissionData,
  CreateInput,
  type Delivery,
  type Endpoint,
  EndpointNotFoundError,
  type Event,
  LEASE_SECONDS,
  MAX_ENDPOINTS,
  MAX_LOG,
  type Owner,
  type Target,
  UpdateInput,
  USER_AGENT,
} from "./schema";
import { post } from "./send";
import { type StoredDelivery, WebhookStore } from "./webhook.dynamo";

export { BASE_SECONDS, CAP_SECONDS, ceilingSeconds, RETRY_WINDOW_SECONDS } from "./backoff";
export { EventType, PING, Subscription, subscribed } from "./events";
export * from "./schema";
export { TIMEOUT_MS } from "./send";

async function ownerOf(actor: Actor, target: Target): Promise<Owner> {
  if (target.kind === "brand") {
    await Brand.requireMember(actor, target.brandId, "admin");
    return { kind: "brand", brandId: target.brandId };
  }
  return { kind: "creator", creatorId: Actor.requireRole(actor, "creator").userId };
}

async function ownedEndpoint(owner: Owner, endpointId: string): Promise<Endpoint> {
  const found = await WebhookStore.getEndpoint(owner, endpointId);
  if (!found) throw new EndpointNotFoundError();
  return found.endpoint;
}

/** Registers an endpoint and answers its signing secret this once; afterwards only its hint is shown. */
export async function create(
  actor: Actor,
  target: Target,
  input: CreateInput,
): Promise<Endpoint & { secret: string }> {
  const owner = await ownerOf(actor, target);
  const parsed = CreateInput.parse(input);
  // Checked here and again by every send: the name's answer may change after registration.
  const problem = await Outbound.check(parsed.url);
  if (problem) throw new ValidationError([{ path: "url", message: problem }]);
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const endpoint: Endpoint = {
    id: createId("whe"),
    url: new URL(parsed.url).href,
    events: parsed.events,
    description: parsed.description || undefined,
    ...(owner.kind === "brand" ? { brandId: owner.brandId } : { creatorId: owner.creatorId }),
    secretHint: `${secret.slice(0, 10)}…`,
    createdAt: Clock.now().toISOString(),
  };
  await WebhookStore.insertEndpoint(owner, endpoint, await encrypt(secret, endpoint.id), MAX_ENDPOINTS);
  return { ...endpoint, secret };
}

export async function list(actor: Actor, target: Target): Promise<Endpoint[]> {
  const owner = await ownerOf(actor, target);
  return (await WebhookStore.listEndpoints(owner)).map(({ endpoint }) => endpoint);
}

export async function update(
  actor: Actor,
  target: Target,
  endpointId: string,
  input: UpdateInput,
): Promise<Endpoint> {
  const owner = await ownerOf(actor, target);
  const endpoint = await ownedEndpoint(owner, endpointId);
  const changes = UpdateInput.parse(input);
  const next: Endpoint = {
    ...endpoint,
    ...(changes.events ? { events: changes.events } : {}),
    ...(changes.description !== undefined ? { description: changes.description || undefined } : {}),
    ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
  };
  if (!(await WebhookStore.updateEndpoint(owner, next))) throw new EndpointNotFoundError();
  return next;
}

/** Deletes an endpoint; its deliveries still due fail without being sent. */
export async function remove(actor: Actor, target: Target, endpointId: string): Promise<void> {
  const owner = await ownerOf(actor, target);
  if (!(await WebhookStore.deleteEndpoint(owner, endpointId))) throw new EndpointNotFoundError();
}

/** An endpoint's 50 newest deliveries, newest first, with their attempt logs. */
export async function deliveries(actor: Actor, target: Target, endpointId: string): Promise<Delivery[]> {
  const owner = await ownerOf(actor, target);
  await ownedEndpoint(owner, endpointId);
  return WebhookStore.listDeliveries(endpointId, 50);
}

/** Queues a `webhook.ping` to one endpoint, sent by the next delivery run like any event. */
export async function ping(actor: Actor, target: Target, endpointId: string): Promise<Delivery> {
  const owner = await ownerOf(actor, target);
  const endpoint = await ownedEndpoint(owner, endpointId);
  const event: Event = {
    id: createId("evt"),
    type: PING,
    createdAt: Clock.now().toISOString(),
    data: { endpointId },
  };
  const [delivery] = await enqueue(event, [endpoint]);
  if (!delivery) throw new Error(`A fresh ping ${event.id} was already queued`);
  return delivery;
}

/** Writes one outbox entry per endpoint, each only if that (event, endpoint) has none yet. */
async function enqueue(event: Event, endpoints: Endpoint[]): Promise<Delivery[]> {
  const body = JSON.stringify(event);
  const now = Clock.now().toISOString();
  const written: Delivery[] = [];
  for (const endpoint of endpoints) {
    const delivery: Delivery = {
      id: createId("whd"),
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      status: "pending",
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
      log: [],
    };
    if (await WebhookStore.insertDelivery(delivery, ownerOfEndpoint(endpoint), body)) written.push(delivery);
  }
  return written;
}

function ownerOfEndpoint(endpoint: Endpoint): Owner {
  if (endpoint.brandId) return { kind: "brand", brandId: endpoint.brandId };
  if (endpoint.creatorId) return { kind: "creator", creatorId: endpoint.creatorId };
  throw new Error(`Endpoint ${endpoint.id} has no owner`);
}

/** Sends an event to every active endpoint of the recipients that subscribes to its type. */
async function publish(event: Event, recipients: Owner[]): Promise<void> {
  const endpoints: Endpoint[] = [];
  for (const owner of recipients) {
    for (const { endpoint } of await WebhookStore.listEndpoints(owner)) {
      if (!endpoint.disabled && subscribed(endpoint.events, event.type)) endpoints.push(endpoint);
    }
  }
  await enqueue(event, endpoints);
}

function commissionData(conversion: Conversion.Info, reason: string | undefined): CommissionData | undefined {
  const { commission, creatorId } = conversion;
  if (!commission || !creatorId) return undefined;
  return {
    commission,
    conversionId: conversion.id,
    brandId: conversion.brandId,
    creatorId,
    creatorHandle: conversion.creatorHandle,
    campaignId: conversion.campaignId,
    campaignName: conversion.campaignName,
    orderId: conversion.orderId,
    orderAmount: conversion.amount,
    refundedAmount: conversion.refundedAmount,
    occurredAt: conversion.occurredAt,
    reason: reason ?? conversion.rejectedReason,
    receiptPath: `/api/v1/conversions/${conversion.id}`,
  };
}

const parseImage = <T>(schema: z.ZodType<T>, image: Record<string, unknown> | undefined) =>
  image ? schema.parse(image) : undefined;

/**
 * Stream consumer of conversion items: the commission's transition, if any, as an event to the brand's
 * and the creator's endpoints. The event's time is that of the commission event the change wrote.
 */
export async function onConversionChange(
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
): Promise<void> {
  const after = parseImage(Conversion.Info, newImage);
  const derived = commissionChange(parseImage(Conversion.Info, oldImage), after);
  if (!after?.creatorId || !derived) return;
  const history = await Conversion.history(after.id);
  const written = history.find((event) => event.seq === derived.version);
  const data = commissionData(after, written?.reason);
  if (!data) return;
  await publish(event(derived, written?.at ?? Clock.now().toISOString(), data), [
    { kind: "brand", brandId: after.brandId },
    { kind: "creator", creatorId: after.creatorId },
  ]);
}

/** Stream consumer of statement items: a status change as an event to the brand's and the creator's endpoints. */
export async function onStatementChange(
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
): Promise<void> {
  const after = parseImage(Statement.Header, newImage);
  const derived = statementChange(parseImage(Statement.Header, oldImage), after);
  if (!after || !derived) return;
  const createdAt = after.events.at(-1)?.at ?? Clock.now().toISOString();
  await publish(event(derived, createdAt, after), [
    { kind: "brand", brandId: after.brandId },
    { kind: "creator", creatorId: after.creatorId },
  ]);
}

function event(derived: Derived, createdAt: string, data: Event["data"]): Event {
  return { id: derived.id, type: derived.type, createdAt, data };
}

/** The headers of one attempt; the signature is door 1's scheme, over this attempt's timestamp and the body. */
function headersFor(secret: string, delivery: Pick<Delivery, "eventId" | "eventType">, body: string) {
  return {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "shopguide-signature": SigningSecret.signApi(secret, Clock.nowSeconds(), body),
    "shopguide-event-id": delivery.eventId,
    "shopguide-event-type": delivery.eventType,
  };
}

/**
 * The delivery job: every outbox entry due by the platform clock gets one attempt. Each attempt is claimed
 * first (a conditional update on the attempt count), so two runs at once never send the same attempt twice;
 * a run that dies after claiming leaves the entry due again once its lease ends. Stops claiming new work
 * after `budgetMs` so a run ends well inside its function timeout. Returns the attempts made.
 */
export async function deliverDue(options: { budgetMs?: number; concurrency?: number } = {}): Promise<number> {
  const budgetMs = options.budgetMs ?? 40_000;
  const started = performance.now();
  const run = await Failure.startJob("deliver-webhooks");
  const { due, unreadable } = await WebhookStore.listDue(Clock.now().toISOString(), 500);
  for (const { key, error } of unreadable) await run.fail(key, error);
  let next = 0;
  let attempted = 0;
  const worker = async () => {
    while (next < due.length && performance.now() - started < budgetMs) {
      const found = due[next++];
      if (!found) continue;
      // One entry at a time per worker: a throw (a sealed secret that no longer opens, say) is counted and
      // parked after the bound, and the other entries are still sent.
      await run.item(`${found.delivery.eventId}#${found.delivery.endpointId}`, async () => {
        if (await attemptOnce(found)) attempted++;
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return attempted;
}

async function attemptOnce(found: StoredDelivery): Promise<boolean> {
  const now = Clock.now();
  const claimed = await WebhookStore.claim(found, now, new Date(now.getTime() + LEASE_SECONDS * 1000));
  if (!claimed) return false;
  const { delivery } = claimed;
  const endpoint = await WebhookStore.getEndpoint(claimed.owner, delivery.endpointId);
  let result: Awaited<ReturnType<typeof post>>;
  if (!endpoint || endpoint.endpoint.disabled) {
    result = { ok: false, error: endpoint ? "The endpoint is disabled" : "The endpoint was deleted" };
  } else {
    const secret = await decrypt(endpoint.sealed, delivery.endpointId);
    result = await post(endpoint.endpoint.url, headersFor(secret, delivery, claimed.body), claimed.body);
  }
  Telemetry.metric(Telemetry.Metric.WebhookDeliveries, "Count", 1, {
    outcome: result.ok ? "delivered" : "failed",
  });
  const at = Clock.now();
  const entry: Attempt = {
    attempt: delivery.attempts,
    at: at.toISOString(),
    ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
    ...(result.ok ? {} : { error: result.error }),
  };
  const log = [...delivery.log, entry].slice(-MAX_LOG);
  if (result.ok) {
    await WebhookStore.finish(claimed, { status: "delivered", at: at.toISOString(), log });
    return true;
  }
  const firstAttemptAt = new Date(delivery.firstAttemptAt ?? now.toISOString()).getTime();
  const decision =
    endpoint && !endpoint.endpoint.disabled
      ? afterFailure(delivery.attempts, firstAttemptAt, at.getTime(), Math.random())
      : ({ give: "up" } as const);
  if (decision.give === "up")
    await WebhookStore.finish(claimed, { status: "failed", at: at.toISOString(), log });
  else await WebhookStore.reschedule(claimed, new Date(decision.nextAttemptAtMs).toISOString(), log);
  return true;
}
