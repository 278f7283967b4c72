export * as Notification from "./index";

import { createHash } from "node:crypto";
import { Actor } from "../util/actor";
import { NotificationStore } from "./notification.dynamo";
import type { Info, Kind, ReadInput } from "./schema";

export * from "./schema";

/**
 * A notification's id from its source event: when it happened (fixed-width base 36 milliseconds, so ids
 * sort by time) and a digest of what it is about. The same event always gives the same id.
 */
export function idFor(at: string, source: string): string {
  const time = Date.parse(at).toString(36).padStart(9, "0");
  const digest = createHash("sha256").update(source).digest("base64url").slice(0, 22);
  return `ntf_${time}${digest}`;
}

/**
 * Produces one notification for one person, at most once per source event (redelivery writes nothing).
 * Called from the table stream's consumers only.
 */
export async function notify(
  userId: string,
  input: { kind: Kind; source: string; at: string; title: string; body: string; link: string },
): Promise<boolean> {
  const notification: Info = {
    id: idFor(input.at, `${input.kind}:${input.source}:${userId}`),
    kind: input.kind,
    title: input.title,
    body: input.body,
    link: input.link,
    at: input.at,
    read: false,
  };
  return NotificationStore.add(userId, notification);
}

/** The signed-in person's notifications, newest first, 50 a page, with the unread count. */
export async function list(actor: Actor, cursor: string | undefined) {
  const { userId } = Actor.requireUser(actor);
  const [page, unread] = await Promise.all([
    NotificationStore.list(userId, cursor, 50),
    NotificationStore.unread(userId),
  ]);
  return { items: page.items, unread, cursor: page.nextCursor };
}

/** Marks the named notifications read (others' ids and read ones change nothing), or all of them. */
export async function markRead(actor: Actor, input: ReadInput): Promise<{ unread: number }> {
  const { userId } = Actor.requireUser(actor);
  const ids = input.ids ?? (await NotificationStore.unreadIds(userId));
  for (const id of new Set(ids)) await NotificationStore.markRead(userId, id);
  return { unread: await NotificationStore.unread(userId) };
}
