import { createHash } from "node:crypto";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, failedConditions, isConditionFailed, tableName } from "../dynamo";
import * as Webhook from "./schema";

/**
 * Key formats (see dynamo/README.md, "Webhooks out"):
 * - endpoint `HOOKS#<owner>` / `ENDPOINT#<endpointId>`, owner `BRAND#<brandId>` or `CREATOR#<userId>`;
 *   `sealed` is the AES-256-GCM ciphertext of its signing secret (endpoint id as associated data)
 * - endpoint counter `HOOKS#<owner>` / `COUNT`, `endpoints` = how many the owner has
 * - outbox entry `WHOUT#<eventId>#<endpointId>` / `DELIVERY`: one per (event, endpoint), so a replayed
 *   event cannot queue twice; gsi1 `WHENDPOINT#<endpointId>` / `<createdAt>#<eventId>`; gsi2 (only while
 *   pending) `WHDUE#<0-3>` / `<nextAttemptAt>#<eventId>#<endpointId>`
 */
const DUE_SHARDS = 4;
/** Finished deliveries stay listable for 30 days. */
const KEEP_SECONDS = 30 * 86_400;

const ownerKey = (owner: Webhook.Owner) =>
  owner.kind === "brand" ? `BRAND#${owner.brandId}` : `CREATOR#${owner.creatorId}`;

const keys = {
  endpoint: (owner: Webhook.Owner, endpointId: string) => ({
    pk: `HOOKS#${ownerKey(owner)}`,
    sk: `ENDPOINT#${endpointId}`,
  }),
  counter: (owner: Webhook.Owner) => ({ pk: `HOOKS#${ownerKey(owner)}`, sk: "COUNT" }),
  delivery: (eventId: string, endpointId: string) => ({
    pk: `WHOUT#${eventId}#${endpointId}`,
    sk: "DELIVERY",
  }),
};

/** A due entry's shard: from its key, so it stays put across retries; spreads the due index over partitions. */
function dueShard(eventId: string, endpointId: string): number {
  return createHash("sha256").update(`${eventId}#${endpointId}`).digest()[0]! % DUE_SHARDS;
}

const dueKey = (delivery: Webhook.Delivery, nextAttemptAt: string) => ({
  gsi2pk: `WHDUE#${dueShard(delivery.eventId, delivery.endpointId)}`,
  gsi2sk: `${nextAttemptAt}#${delivery.eventId}#${delivery.endpointId}`,
});

export interface StoredDelivery {
  delivery: Webhook.Delivery;
  owner: Webhook.Owner;
  /** The event's JSON, exactly as every attempt sends it. */
  body: string;
}

// Built on first use: this module and ./index import each other, so Webhook's schemas are not ready at load.
let storedEndpoint: z.ZodType<{ endpoint: Webhook.Endpoint; sealed: string }> | undefined;
const StoredEndpoint = () =>
  (storedEndpoint ??= Webhook.Endpoint.extend({ sealed: z.string() }).transform(
    ({ sealed, ...endpoint }) => ({
      endpoint,
      sealed,
    }),
  ));

let storedDelivery: z.ZodType<StoredDelivery> | undefined;
const StoredDeliveryItem = () =>
  (storedDelivery ??= Webhook.Delivery.extend({
    ownerKind: z.enum(["brand", "creator"]),
    ownerId: z.string(),
    body: z.string(),
  }).transform(
    ({ ownerKind, ownerId, body, ...delivery }): StoredDelivery => ({
      delivery,
      owner:
        ownerKind === "brand" ? { kind: "brand", brandId: ownerId } : { kind: "creator", creatorId: ownerId },
      body,
    }),
  ));

export const WebhookStore = {
  /**
   * AP80 (create): the endpoint and its owner's counter in one transaction; the counter only goes up while
   * below `max`, so concurrent registrations cannot pass the limit.
   */
  async insertEndpoint(owner: Webhook.Owner, endpoint: Webhook.Endpoint, sealed: string, max: number) {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.counter(owner),
                UpdateExpression: "SET #type = :type ADD endpoints :one",
                ConditionExpression: "attribute_not_exists(endpoints) OR endpoints < :max",
                ExpressionAttributeNames: { "#type": "type" },
                ExpressionAttributeValues: { ":type": "webhook_endpoint_counter", ":one": 1, ":max": max },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.endpoint(owner, endpoint.id), type: "webhook_endpoint", ...endpoint, sealed },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) throw new Webhook.TooManyEndpointsError();
      throw error;
    }
  },

  /** AP80 (delete): the endpoint, if it exists, and one off its owner's counter. False when it did not exist. */
  async deleteEndpoint(owner: Webhook.Owner, endpointId: string): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: tableName(),
                Key: keys.endpoint(owner, endpointId),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.counter(owner),
                UpdateExpression: "ADD endpoints :minusOne",
                ExpressionAttributeValues: { ":minusOne": -1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.includes(0)) return false;
      throw error;
    }
  },

  /**
   * AP81: an owner's endpoints (at most 10) with their sealed secrets. Strongly consistent, so an endpoint
   * deleted or disabled a moment ago gets no new events.
   */
  async listEndpoints(owner: Webhook.Owner): Promise<{ endpoint: Webhook.Endpoint; sealed: string }[]> {
    const found = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :endpoint)",
        ExpressionAttributeValues: { ":pk": `HOOKS#${ownerKey(owner)}`, ":endpoint": "ENDPOINT#" },
        ConsistentRead: true,
      }),
    );
    return (found.Items ?? []).map((item) => StoredEndpoint().parse(item));
  },

  /** AP82: one endpoint of an owner (consistent). */
  async getEndpoint(
    owner: Webhook.Owner,
    endpointId: string,
  ): Promise<{ endpoint: Webhook.Endpoint; sealed: string } | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.endpoint(owner, endpointId), ConsistentRead: true }),
    );
    return found.Item ? StoredEndpoint().parse(found.Item) : undefined;
  },

  /** AP82 (update): subscriptions, description and the disabled flag; never the URL or the secret. */
  async updateEndpoint(owner: Webhook.Owner, next: Webhook.Endpoint): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.endpoint(owner, next.id),
          UpdateExpression: `SET #events = :events, disabled = :disabled${
            next.description ? ", description = :description" : " REMOVE description"
          }`,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#events": "events" },
          ExpressionAttributeValues: {
            ":events": next.events,
            ":disabled": next.disabled ?? false,
            ...(next.description ? { ":description": next.description } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /**
   * AP83: queue one (event, endpoint) delivery, due at once, only if that pair has none: a stream record
   * redelivered or replayed derives the same event id and writes nothing. False when it was already queued.
   */
  async insertDelivery(delivery: Webhook.Delivery, owner: Webhook.Owner, body: string): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.delivery(delivery.eventId, delivery.endpointId),
            type: "webhook_outbox",
            gsi1pk: `WHENDPOINT#${delivery.endpointId}`,
            gsi1sk: `${delivery.createdAt}#${delivery.eventId}`,
            ...dueKey(delivery, delivery.nextAttemptAt ?? delivery.createdAt),
            ...delivery,
            ownerKind: owner.kind,
            ownerId: owner.kind === "brand" ? owner.brandId : owner.creatorId,
            body,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /**
   * AP84: pending deliveries due by `now`, oldest due first, from every shard of the sparse gsi2 `WHDUE#<n>`.
   * Eventually consistent; the claim (AP85) re-checks against the item itself.
   */
  async listDue(
    now: string,
    limit: number,
  ): Promise<{ due: StoredDelivery[]; unreadable: { key: string; error: unknown }[] }> {
    const perShard = Math.ceil(limit / DUE_SHARDS);
    const shards = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) =>
        dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: "gsi2",
            KeyConditionExpression: "gsi2pk = :pk AND gsi2sk <= :now",
            ExpressionAttributeValues: { ":pk": `WHDUE#${shard}`, ":now": `${now}#~` },
            Limit: perShard,
          }),
        ),
      ),
    );
    // An unreadable entry is handed back on its own (the job parks it) instead of failing the whole read.
    const due: StoredDelivery[] = [];
    const unreadable: { key: string; error: unknown }[] = [];
    for (const item of shards.flatMap((page) => page.Items ?? [])) {
      const parsed = StoredDeliveryItem().safeParse(item);
      if (parsed.success) due.push(parsed.data);
      else unreadable.push({ key: `${item.eventId}#${item.endpointId}`, error: parsed.error });
    }
    due.sort((a, b) => ((a.delivery.nextAttemptAt ?? "") < (b.delivery.nextAttemptAt ?? "") ? -1 : 1));
    return { due, unreadable };
  },

  /**
   * AP85: claim the next attempt. Conditional on the entry still pending, due, and at the attempt count this
   * run read: of two runs that read the same entry, one claims it and the other's condition fails. The
   * claim moves the entry's due time to the lease's end, so an attempt whose sender died is taken over then.
   * Answers the entry as claimed, or undefined when another run got there first.
   */
  async claim(found: StoredDelivery, now: Date, leaseEnd: Date): Promise<StoredDelivery | undefined> {
    const { delivery } = found;
    const lease = leaseEnd.toISOString();
    try {
      const result = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.delivery(delivery.eventId, delivery.endpointId),
          UpdateExpression:
            "SET attempts = :next, nextAttemptAt = :lease, gsi2sk = :due, firstAttemptAt = if_not_exists(firstAttemptAt, :now)",
          ConditionExpression: "#status = :pending AND attempts = :seen AND nextAttemptAt <= :now",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":next": delivery.attempts + 1,
            ":seen": delivery.attempts,
            ":lease": lease,
            ":due": dueKey(delivery, lease).gsi2sk,
            ":now": now.toISOString(),
            ":pending": "pending",
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return StoredDeliveryItem().parse(result.Attributes);
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  },

  /** AP86 (retry): the attempt's log and the next due time, only while this run's claim still holds. */
  async reschedule(claimed: StoredDelivery, nextAttemptAt: string, log: Webhook.Attempt[]): Promise<void> {
    const { delivery } = claimed;
    await dynamo()
      .send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.delivery(delivery.eventId, delivery.endpointId),
          UpdateExpression: "SET nextAttemptAt = :next, gsi2sk = :due, #log = :log",
          ConditionExpression: "#status = :pending AND attempts = :claimed",
          ExpressionAttributeNames: { "#status": "status", "#log": "log" },
          ExpressionAttributeValues: {
            ":next": nextAttemptAt,
            ":due": dueKey(delivery, nextAttemptAt).gsi2sk,
            ":log": log,
            ":pending": "pending",
            ":claimed": delivery.attempts,
          },
        }),
      )
      .catch(ignoreLostClaim);
  },

  /** AP86 (finish): delivered or failed, out of the due index, kept for 30 days; only under this run's claim. */
  async finish(
    claimed: StoredDelivery,
    outcome: { status: "delivered" | "failed"; at: string; log: Webhook.Attempt[] },
  ): Promise<void> {
    const { delivery } = claimed;
    await dynamo()
      .send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.delivery(delivery.eventId, delivery.endpointId),
          UpdateExpression: `SET #status = :status, ${
            outcome.status === "delivered" ? "deliveredAt" : "failedAt"
          } = :at, #log = :log, #ttl = :ttl REMOVE nextAttemptAt, gsi2pk, gsi2sk`,
          ConditionExpression: "#status = :pending AND attempts = :claimed",
          ExpressionAttributeNames: { "#status": "status", "#log": "log", "#ttl": "ttl" },
          ExpressionAttributeValues: {
            ":status": outcome.status,
            ":at": outcome.at,
            ":log": outcome.log,
            ":ttl": Math.floor(new Date(outcome.at).getTime() / 1000) + KEEP_SECONDS,
            ":pending": "pending",
            ":claimed": delivery.attempts,
          },
        }),
      )
      .catch(ignoreLostClaim);
  },

  /** AP87: an endpoint's newest deliveries, from gsi1 `WHENDPOINT#<endpointId>`. */
  async listDeliveries(endpointId: string, limit: number): Promise<Webhook.Delivery[]> {
    const found = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `WHENDPOINT#${endpointId}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (found.Items ?? []).map((item) => Webhook.Delivery.parse(item));
  },
};

/**
 * A claim outlived by its lease was taken over by another run, which owns the entry now; this run's
 * outcome is dropped (the receiver saw one more request, which the event id lets it ignore).
 */
function ignoreLostClaim(error: unknown): void {
  if (!isConditionFailed(error)) throw error;
}
