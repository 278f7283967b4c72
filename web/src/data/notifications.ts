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
  async markAllRead() {
    const { unread } = await unwrap(api.v1.me.notifications.read.$post({ json: {} }));
    const page = latest();
    if (page) mutate({ ...page, unread, items: page.items.map((item) => ({ ...item, read: true })) });
  },
};
