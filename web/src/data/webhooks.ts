import type { InferRequestType, InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

/** Outgoing webhook endpoints and their deliveries, typed from the API's own routes. */
export type WebhookEndpoint = InferResponseType<typeof api.v1.me.webhooks.$get, 200>["items"][number];
export type NewWebhookEndpoint = InferResponseType<typeof api.v1.me.webhooks.$post, 201>;
export type WebhookDelivery = InferResponseType<
  (typeof api.v1.me.webhooks)[":id"]["deliveries"]["$get"],
  200
>["items"][number];
export type NewWebhookInput = InferRequestType<typeof api.v1.me.webhooks.$post>["json"];
export type WebhookChanges = InferRequestType<(typeof api.v1.me.webhooks)[":id"]["$patch"]>["json"];

/** What an endpoint may subscribe to: an event type, a family (`commission.*`) or everything (`*`). */
export type Subscription = WebhookEndpoint["events"][number];
export type EventType = Exclude<Subscription, "*" | `${string}.*`>;
type Family = Extract<Subscription, `${string}.*`>;

/**
 * The catalogue as a person reads it. Keyed by the API's own types, so an event type added to the API
 * fails the typecheck here until it is described.
 */
export const eventLabels: Record<EventType, string> = {
  "commission.created": "A commission is recorded",
  "commission.approved": "A commission is approved (its hold ended)",
  "commission.adjusted": "A commission changes after a partial refund",
  "commission.reversed": "A commission is reversed (refunded or rejected)",
  "statement.closed": "A payout statement closes",
  "statement.carried": "A statement carries forward (under the minimum payout)",
  "statement.approved": "A statement is approved",
  "statement.paid": "A statement is marked paid",
};

export const familyLabels: Record<Family, string> = {
  "commission.*": "Every commission event",
  "statement.*": "Every statement event",
};

/** The event types of one family, in catalogue order. */
export function eventsOf(family: Family): EventType[] {
  const prefix = family.slice(0, -1);
  return (Object.keys(eventLabels) as EventType[]).filter((type) => type.startsWith(prefix));
}

export const families = Object.keys(familyLabels) as Family[];

/** One owner's endpoints: a brand's (its owners and admins) or the signed-in creator's own. */
export interface WebhookOwner {
  list(): Promise<WebhookEndpoint[]>;
  create(input: NewWebhookInput): Promise<NewWebhookEndpoint>;
  update(id: string, changes: WebhookChanges): Promise<WebhookEndpoint>;
  remove(id: string): Promise<void>;
  deliveries(id: string): Promise<WebhookDelivery[]>;
  ping(id: string): Promise<WebhookDelivery>;
}

export function brandWebhooks(brandId: string): WebhookOwner {
  const endpoints = api.v1.brands[":brandId"].webhooks;
  const one = endpoints[":id"];
  return {
    list: async () => (await unwrap(endpoints.$get({ param: { brandId } }))).items,
    create: (json) => unwrap(endpoints.$post({ param: { brandId }, json })),
    update: (id, json) => unwrap(one.$patch({ param: { brandId, id }, json })),
    remove: async (id) => {
      await unwrap(one.$delete({ param: { brandId, id } }));
    },
    deliveries: async (id) => (await unwrap(one.deliveries.$get({ param: { brandId, id } }))).items,
    ping: (id) => unwrap(one.ping.$post({ param: { brandId, id } })),
  };
}

export const myWebhooks: WebhookOwner = {
  list: async () => (await unwrap(api.v1.me.webhooks.$get())).items,
  create: (json) => unwrap(api.v1.me.webhooks.$post({ json })),
  update: (id, json) => unwrap(api.v1.me.webhooks[":id"].$patch({ param: { id }, json })),
  remove: async (id) => {
    await unwrap(api.v1.me.webhooks[":id"].$delete({ param: { id } }));
  },
  deliveries: async (id) =>
    (await unwrap(api.v1.me.webhooks[":id"].deliveries.$get({ param: { id } }))).items,
  ping: (id) => unwrap(api.v1.me.webhooks[":id"].ping.$post({ param: { id } })),
};
