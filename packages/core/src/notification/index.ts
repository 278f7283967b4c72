export * as Notification from "./index";

import { Feed } from "../feed";
import { Guide } from "../guide";
import { Mail } from "../mail";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { NotificationStore } from "./notification.dynamo";
import { mailbox, notify, preferencesOf, timePart, unsubscribeLinks } from "./notify";
import { DEFAULTS, type Kind, Preferences, type PreferencesInput, type ReadInput } from "./schema";
import * as Unsubscribe from "./unsubscribe";

export { idFor, notify, notifyAll, type Produced, preferencesOf, unsubscribeLinks } from "./notify";
export * as Produce from "./produce";
export * from "./schema";
export { UnsubscribeTokenError } from "./unsubscribe";

export async function getPreferences(actor: Actor): Promise<Preferences> {
  return preferencesOf(Actor.requireUser(actor).userId);
}

/** Changes the named kinds, keeps the others; answers every kind's choice after. */
export async function putPreferences(actor: Actor, input: PreferencesInput): Promise<Preferences> {
  const { userId } = Actor.requireUser(actor);
  const stored = { ...(await NotificationStore.preferences(userId)), ...input };
  await NotificationStore.putPreferences(userId, stored);
  return Preferences.parse({ ...DEFAULTS, ...stored });
}

/**
 * One-click unsubscribe (RFC 8058; no sign-in): the token's kind stops being mailed to its person. The
 * centre keeps showing it (email and digest become in-app); a kind already off stays off. Idempotent.
 */
export async function unsubscribe(token: string): Promise<{ kind: Kind; channel: Preferences[Kind] }> {
  const { userId, kind } = Unsubscribe.open(token);
  const stored = await NotificationStore.preferences(userId);
  const current = { ...DEFAULTS, ...stored }[kind];
  const channel = current === "off" ? "off" : "in_app";
  if (current !== channel) await NotificationStore.putPreferences(userId, { ...stored, [kind]: channel });
  return { kind, channel };
}

/** A guide older than this is not news: neither the push path nor the pull path notifies it. */
export const NEWS_SECONDS = 86_400;
/** Guides pulled per large creator at a read: more than a day's worth for almost anyone. */
const PULLED_PER_CREATOR = 5;

/**
 * The hybrid fan-out rule, read side: guides of followed creators in pull mode get no feed entry, so no
 * pushed notification; opening the centre's first page pulls their news of the last day into it (through
 * the same `notify`, whose id derives from guide and follower, so each lands once whichever path, or
 * both after a mode switch, produces it).
 */
async function pullLargeCreators(userId: string): Promise<void> {
  const pulled = await Feed.pulledSince(userId, Clock.nowMs() - NEWS_SECONDS * 1000, PULLED_PER_CREATOR);
  if (pulled.length === 0) return;
  const guides = new Map((await Guide.getMany(pulled.map((entry) => entry.guideId))).map((g) => [g.id, g]));
  for (const entry of pulled) {
    const guide = guides.get(entry.guideId);
    if (!guide) continue;
    await notify(userId, {
      kind: "guide_published",
      source: guide.id,
      at: entry.publishedAt,
      title: `New guide from @${guide.creator.handle}`,
      body: guide.title,
      link: `/guides/${guide.id}`,
    });
  }
}

/** The signed-in person's notifications, newest first, 50 a page, with the unread count. */
export async function list(actor: Actor, cursor: string | undefined) {
  const { userId } = Actor.requireUser(actor);
  if (!cursor) await pullLargeCreators(userId);
  const [page, unread] = await Promise.all([
    NotificationStore.list(userId, cursor, 50),
    NotificationStore.unread(userId),
  ]);
  return { items: page.items, unread, nextCursor: page.nextCursor };
}

/** Marks the named notifications read (others' ids and read ones change nothing), or all of them. */
export async function markRead(actor: Actor, input: ReadInput): Promise<{ unread: number }> {
  const { userId } = Actor.requireUser(actor);
  const ids = input.ids ?? (await NotificationStore.unreadIds(userId));
  for (const id of new Set(ids)) await NotificationStore.markRead(userId, id);
  return { unread: await NotificationStore.unread(userId) };
}

const DAY_MS = 86_400_000;
/** Days a digest stays owed: a person whose digest kept failing is given up on after this (parked). */
const DIGEST_DAYS_BACK = 3;
/** People read per day bucket and run; the next run takes the rest. */
const DIGEST_BATCH = 200;

export interface DigestReport {
  mailed: number;
  empty: number;
  failed: number;
  /** True when the time budget ran out with people still owed (the next run resumes). */
  stopped: boolean;
}

/**
 * The daily digest job: for each UTC day that is over (by the platform clock, up to DIGEST_DAYS_BACK
 * back), everyone still owed that day's digest (AP282: a bucket per day, so a run reads only due work)
 * gets one mail with that day's unread feed items. The mail's event is (person, day), so a rerun, a
 * racing run or a redelivered feed item that re-enters the bucket after it was mailed sends nothing
 * twice; the bucket entry goes once the mail went, so a run stopped by its budget resumes where it
 * stopped. One person whose mail fails is retried next run and parked after three failures
 * (`Failure.startJob`), never holding up the others.
 */
export async function sendDigests(
  run: { item(key: string, work: () => Promise<void>): Promise<string> },
  budgetMs: number,
): Promise<DigestReport> {
  const started = performance.now();
  const report: DigestReport = { mailed: 0, empty: 0, failed: 0, stopped: false };
  const today = Date.parse(`${Clock.now().toISOString().slice(0, 10)}T00:00:00.000Z`);
  for (let back = DIGEST_DAYS_BACK; back >= 1; back--) {
    const dayStart = today - back * DAY_MS;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    for (const userId of await NotificationStore.owedDigest(day, DIGEST_BATCH)) {
      if (performance.now() - started > budgetMs) return { ...report, stopped: true };
      const outcome = await run.item(`${day}:${userId}`, async () => {
        if (await digestOne(userId, day, dayStart)) report.mailed++;
        else report.empty++;
        await NotificationStore.leaveDigest(day, userId);
      });
      if (outcome !== "done") report.failed++;
    }
  }
  return report;
}

async function digestOne(userId: string, day: string, dayStart: number): Promise<boolean> {
  const user = await mailbox(userId);
  // A person who turned the digest off since, or read everything already, gets nothing.
  if (!user || (await preferencesOf(userId)).guide_published !== "digest") return false;
  const { items, complete } = await NotificationStore.unreadFeedItems(
    userId,
    `ntf_${timePart(dayStart)}`,
    `ntf_${timePart(dayStart + DAY_MS - 1)}~`,
  );
  if (items.length === 0) return false;
  const links = unsubscribeLinks(userId, "guide_published");
  const outcome = await Mail.send({
    ...Mail.Templates.digest({
      displayName: user.displayName,
      day,
      items,
      more: !complete,
      unsubscribeUrl: links.page,
    }),
    to: user.email,
    eventId: `digest:${userId}:${day}`,
    transactional: false,
    unsubscribeUrl: links.oneClick,
  });
  return outcome === "sent";
}

/** How long a digest run takes work before it stops and leaves the rest to the next run. */
export const DIGEST_BUDGET_MS = 40_000;
