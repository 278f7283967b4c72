import type { InferResponseType } from "hono/client";
import { createResource } from "solid-js";
import { api, unwrap } from "../api/client";
import { Session } from "./session";

export type NotificationPage = InferResponseType<(typeof api.v1.me.notifications)["$get"], 200>;

/** The signed-in person's first page of notifications and unread count (the bell and the centre share it). */
const [latest, { refetch, mutate }] = createResource(
  () => Session.me()?.id,
  () => unwrap(api.v1.me.notifications.$get({ query: {} })),
);

export const Notifications = {
  latest,
  refresh: refetch,
  /** A later page, after the first page's `nextCursor` (or a later page's). */
  after: (cursor: string) => unwrap(api.v1.me.notifications.$get({ query: { cursor } })),
  async markAllRead() {
    const { unread } = await unwrap(api.v1.me.notifications.read.$post({ json: {} }));
    const page = latest();
    if (page) mutate({ ...page, unread, items: page.items.map((item) => ({ ...item, read: true })) });
  },
};

export type NotificationPreferences = InferResponseType<
  (typeof api.v1.me)["notification-preferences"]["$get"],
  200
>;
export type NotificationKind = keyof NotificationPreferences;
export type NotificationChannel = NotificationPreferences[NotificationKind];

/** Each kind as the preferences table names it, in the order it lists them. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  guide_published: "A creator you follow published a guide",
  groupbuy_succeeded: "A group-buy you joined succeeded (your code)",
  groupbuy_failed: "A group-buy you joined did not go ahead",
  groupbuy_next_tier: "A group-buy you joined is one person from a lower price",
  application_approved: "Your campaign application was approved",
  application_declined: "Your campaign application was declined",
  commission_approved: "A commission of yours was approved",
  commission_reversed: "A commission of yours was reversed",
  statement_approved: "Your payout statement was approved",
  statement_paid: "Your payout statement was paid",
  brand_application: "Your brand got a campaign application",
  line_disputed: "A statement line was disputed",
  webhook_failing: "A webhook endpoint is failing",
};

export const NotificationPreferencesApi = {
  get: () => unwrap(api.v1.me["notification-preferences"].$get()),
  put: (json: Partial<NotificationPreferences>) =>
    unwrap(api.v1.me["notification-preferences"].$put({ json })),
  unsubscribe: (token: string) => unwrap(api.v1.unsubscribe.$post({ query: { token } })),
};
