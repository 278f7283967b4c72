import { createHash } from "node:crypto";
import { Mail } from "../mail";
import { User } from "../user";
import { NotificationStore } from "./notification.dynamo";
import { DEFAULTS, type Info, type Kind, type Preferences, TRANSACTIONAL } from "./schema";
import * as Unsubscribe from "./unsubscribe";

/**
 * A notification's id from its source event: when it happened (fixed-width base 36 milliseconds, so ids
 * sort by time) and a digest of what it is about. The same event always gives the same id.
 */
export function idFor(at: string, source: string): string {
  return `ntf_${timePart(Date.parse(at))}${createHash("sha256").update(source).digest("base64url").slice(0, 22)}`;
}

export const timePart = (ms: number) => ms.toString(36).padStart(9, "0");

/** What a producer says about one event for one person. */
export interface Produced {
  kind: Kind;
  /** What the event is about, unique per kind (a guide id, a commission's event id...). */
  source: string;
  /** When it happened, from the records (never the clock: a redelivery must give the same id). */
  at: string;
  title: string;
  body: string;
  link: string;
}

/**
 * Produces one notification for one person as their preferences say, at most once per source event
 * whoever retries: the centre's item is a conditional put on an id derived from the event, and its mail
 * goes through Mail.send, whose send log claims the same event once. A redelivered batch therefore
 * neither loses (a mail that failed after the item was written is sent on the retry) nor doubles. Called
 * from the table stream's consumers only. True when the centre got a new item.
 */
export async function notify(userId: string, input: Produced): Promise<boolean> {
  const channel = (await preferencesOf(userId))[input.kind];
  if (channel === "off") return false;
  const notification: Info = {
    id: idFor(input.at, `${input.kind}:${input.source}:${userId}`),
    kind: input.kind,
    title: input.title,
    body: input.body,
    link: input.link,
    at: input.at,
    read: false,
  };
  const added = await NotificationStore.add(userId, notification);
  if (channel === "digest") await NotificationStore.enterDigest(input.at.slice(0, 10), userId);
  if (channel === "email") await mailOne(userId, notification);
  return added;
}

/** The same notification for several people (a brand's managers, a group-buy's participants). */
export async function notifyAll(userIds: Iterable<string>, input: Produced): Promise<void> {
  for (const userId of new Set(userIds)) await notify(userId, input);
}

/**
 * Whom mail may go to: verified addresses only (an unconfirmed address may not be the person's), and the
 * send path itself skips suppressed ones (bounces, complaints).
 */
export async function mailbox(userId: string): Promise<User.Info | undefined> {
  const user = await User.get(userId).catch(() => undefined);
  return user?.emailVerified ? user : undefined;
}

/** The two unsubscribe addresses of one kind: the one-click API (header) and the confirming page (body). */
export function unsubscribeLinks(userId: string, kind: Kind) {
  const token = Unsubscribe.seal(userId, kind);
  return {
    oneClick: Mail.tokenLink("/api/v1/unsubscribe", token),
    page: Mail.tokenLink("/unsubscribe", token),
  };
}

async function mailOne(userId: string, notification: Info): Promise<void> {
  const user = await mailbox(userId);
  if (!user) return;
  const eventId = `notification:${userId}:${notification.id}`;
  if (TRANSACTIONAL.has(notification.kind)) {
    await Mail.send({
      ...Mail.Templates.notification({ displayName: user.displayName, ...notification }),
      to: user.email,
      eventId,
      transactional: true,
    });
    return;
  }
  const links = unsubscribeLinks(userId, notification.kind);
  await Mail.send({
    ...Mail.Templates.notification({
      displayName: user.displayName,
      ...notification,
      unsubscribeUrl: links.page,
    }),
    to: user.email,
    eventId,
    transactional: false,
    unsubscribeUrl: links.oneClick,
  });
}

/** A person's choices: what they stored over the defaults (a kind added later starts at its default). */
export async function preferencesOf(userId: string): Promise<Preferences> {
  return { ...DEFAULTS, ...(await NotificationStore.preferences(userId)) };
}
