export * as Feed from "./index";

import * as z from "zod";
import { config } from "../config";
import { Cursor } from "../dynamo/cursor";
import { Failure } from "../failure";
import { Guide } from "../guide";
import { Profile } from "../profile";
import { Stats } from "../stats";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import {
  currentMode,
  type FanoutMode,
  type FanoutSettings,
  type FanoutSubject,
  nextMode,
} from "./fanout-mode";
import { type FeedEntry, FeedStore } from "./feed.dynamo";
import { type Engagement, trendingScore } from "./trending";

export { currentMode, type FanoutMode, nextMode, PUSH_BELOW_SHARE } from "./fanout-mode";
export { type Engagement, trendingScore } from "./trending";

/** How many of a creator's newest guides a new follower gets in their feed straight away. */
export const BACKFILL = 50;
/** How many guides the trending list keeps, and how far back (UTC days) it looks for them. */
export const TRENDING_SIZE = 200;
export const TRENDING_DAYS = 7;

/**
 * A feed cursor is the position (publishedAt#guideId) of the last guide handed out. Every later page is
 * strictly older than it, so guides published meanwhile (all newer) can neither repeat nor push older ones
 * across a page boundary: no duplicates, no gaps.
 */
const FeedCursor = z.strictObject({ p: z.string().max(200) });
const TrendingCursor = z.strictObject({ o: z.number().int().min(0) });

/** What a profile change says about a creator's audience and fan-out mode. */
export type CreatorSize = Pick<Profile.Stored, "userId" | "followerCount" | "fanoutMode" | "fanoutModeAt">;

interface Candidate {
  guideId: string;
  position: string;
}

/** Creators in pull mode are merged in at read time; everyone else is fanned out on write (fanout-mode.ts). */
function isMergedAtRead(profile: FanoutSubject): boolean {
  return currentMode(profile, config().fanoutThreshold) === "pull";
}

function fanoutSettings(): FanoutSettings {
  return {
    threshold: config().fanoutThreshold,
    cooldownSeconds: config().fanoutCooldownSeconds,
    nowMs: Clock.nowMs(),
  };
}

/**
 * Switches a creator's mode when the rule says so (hysteresis and cool-down, fanout-mode.ts); the
 * conditional write lets one of racing deciders switch. Answers the mode the creator is in afterwards.
 */
async function settleMode(creator: CreatorSize): Promise<{ mode: FanoutMode; switched: boolean }> {
  const settings = fanoutSettings();
  const from = currentMode(creator, settings.threshold);
  const to = nextMode(creator, settings);
  if (!to) return { mode: from, switched: false };
  const switched = await Profile.switchFanoutMode(creator.userId, {
    from: creator.fanoutMode,
    to,
    at: new Date(settings.nowMs),
    lastSwitchNotAfter: new Date(settings.nowMs - settings.cooldownSeconds * 1000),
  });
  if (switched) return { mode: to, switched: from !== to };
  const fresh = (await Profile.storedMany([creator.userId])).get(creator.userId);
  return { mode: fresh ? currentMode(fresh, settings.threshold) : from, switched: false };
}

/**
 * Adds entries to one follower's stored feed and keeps it to the newest `feedCap`: the size counter only
 * moves for entries that were really new, and once over the cap the oldest entries are deleted.
 */
async function addEntries(followerId: string, entries: FeedEntry[]): Promise<void> {
  let added = 0;
  for (const entry of entries) if (await FeedStore.putEntry(entry)) added += 1;
  if (added === 0) return;
  const size = await FeedStore.addToSize(followerId, added);
  const excess = size - config().feedCap;
  if (excess <= 0) return;
  const oldest = await FeedStore.page(followerId, undefined, excess, "oldest");
  await removeEntries(oldest.entries);
}

async function removeEntries(entries: FeedEntry[]): Promise<void> {
  const removed = new Map<string, number>();
  for (const entry of entries) {
    if (await FeedStore.deleteEntry(entry.followerId, entry.position)) {
      removed.set(entry.followerId, (removed.get(entry.followerId) ?? 0) + 1);
    }
  }
  for (const [followerId, count] of removed) await FeedStore.addToSize(followerId, -count);
}

function publishedPosition(guide: Guide.Info | undefined): string | undefined {
  return guide?.status === "published" && guide.publishedAt
    ? Guide.positionOf({ id: guide.id, publishedAt: guide.publishedAt })
    : undefined;
}

/**
 * Stream consumer for a guide change: a guide that left its published position is retracted from every
 * feed; a guide that arrived at one is fanned out to its creator's followers, unless the creator is big
 * enough to be merged at read time. Both steps are idempotent under redelivery.
 */
export async function onGuideChange(
  before: Guide.Info | undefined,
  after: Guide.Info | undefined,
): Promise<void> {
  const oldPosition = publishedPosition(before);
  const newPosition = publishedPosition(after);
  if (oldPosition === newPosition) return;
  const guideId = (after ?? before)?.id;
  if (oldPosition && guideId) {
    const stale = await FeedStore.entriesOfGuide(guideId);
    await removeEntries(stale.filter((entry) => entry.position !== newPosition));
  }
  if (newPosition && after) await fanOut(after, newPosition);
}

async function fanOut(guide: Guide.Info, position: string): Promise<void> {
  const creatorId = guide.creator.id;
  const profile = (await Profile.storedMany([creatorId])).get(creatorId);
  // A creator who grew past the threshold during a cool-down switches here, before the big write.
  if (profile && (await settleMode(profile)).mode === "pull") return;
  let after: Record<string, unknown> | undefined;
  do {
    const page = await Profile.followersPage(creatorId, after);
    // A few followers at a time: enough to keep the stream moving, few enough not to throttle the table.
    for (let start = 0; start < page.followerIds.length; start += 25) {
      await Promise.all(
        page.followerIds
          .slice(start, start + 25)
          .map((followerId) =>
            addEntries(followerId, [{ followerId, guideId: guide.id, creatorId, position }]),
          ),
      );
    }
    after = page.next;
  } while (after);
}

/**
 * Stream consumer for a creator's profile change: the fan-out mode is settled by the hysteresis rule
 * (fanout-mode.ts). A creator who switches pull → push is no longer merged at read time, and the guides
 * published while in pull were never fanned out, so their recent guides are copied into every follower's
 * stored feed now (the same backfill a new follow gets). Switching to pull needs nothing: stored entries
 * stay, and reads skip a guide they already have. With the cool-down, one user toggling a follow at the
 * threshold switches nothing, so no feed is rewritten.
 */
export async function onCreatorResized(
  before: CreatorSize | undefined,
  after: CreatorSize | undefined,
): Promise<void> {
  if (!after) return;
  const threshold = config().fanoutThreshold;
  // A creator who never had a mode stored and fell from pull to push by the threshold alone (a count
  // that moved before its mode was recorded): backfilled as before the rule had hysteresis.
  const fellUnrecorded =
    !after.fanoutMode &&
    before !== undefined &&
    currentMode(before, threshold) === "pull" &&
    currentMode(after, threshold) === "push";
  const settled = await settleMode(after);
  if (!fellUnrecorded && !(settled.switched && settled.mode === "push")) return;
  const recent = await Guide.publishedPositions(after.userId, BACKFILL, undefined);
  if (recent.entries.length === 0) return;
  let next: Record<string, unknown> | undefined;
  do {
    const page = await Profile.followersPage(after.userId, next);
    for (let start = 0; start < page.followerIds.length; start += 25) {
      await Promise.all(
        page.followerIds.slice(start, start + 25).map((followerId) =>
          addEntries(
            followerId,
            recent.entries.map((entry) => ({
              followerId,
              creatorId: after.userId,
              guideId: entry.guideId,
              position: entry.position,
            })),
          ),
        ),
      );
    }
    next = page.next;
  } while (next);
}

/** Stream consumer for a new follow: the creator's recent guides join the follower's feed at once. */
export async function onFollow(followerId: string, creatorId: string): Promise<void> {
  // The follow may already be gone again (follow then unfollow); then there is nothing to backfill.
  if (!(await Profile.isFollowing(followerId, creatorId))) return;
  const profile = (await Profile.storedMany([creatorId])).get(creatorId);
  if (profile && isMergedAtRead(profile)) return;
  const recent = await Guide.publishedPositions(creatorId, BACKFILL, undefined);
  await addEntries(
    followerId,
    recent.entries.map((entry) => ({
      followerId,
      creatorId,
      guideId: entry.guideId,
      position: entry.position,
    })),
  );
}

/** Stream consumer for an unfollow: the creator's guides leave the follower's feed. */
export async function onUnfollow(followerId: string, creatorId: string): Promise<void> {
  if (await Profile.isFollowing(followerId, creatorId)) return; // followed again meanwhile
  await removeEntries(await FeedStore.entriesFromCreator(followerId, creatorId));
}

/** Up to `wanted` stored entries before a position from creators still followed (unfollows apply at once). */
async function storedCandidates(
  followerId: string,
  followed: Set<string>,
  before: string | undefined,
  wanted: number,
): Promise<Candidate[]> {
  const found: Candidate[] = [];
  let cursor = before;
  while (found.length < wanted) {
    const page = await FeedStore.page(followerId, cursor, wanted * 2);
    for (const entry of page.entries) if (followed.has(entry.creatorId)) found.push(entry);
    if (!page.more || page.entries.length === 0) break;
    cursor = page.entries.at(-1)?.position;
  }
  return found.slice(0, wanted);
}

/**
 * The Following feed: the stored (fanned-out) entries merged with the recent guides of followed creators
 * above the fan-out threshold, newest first, one position cursor across both. Each source is read for one
 * more than the page, so "more" is known exactly; entries are then checked against the guides themselves,
 * so an unpublished or deleted guide never shows even before the stream has cleaned up after it.
 */
export async function following(actor: Actor, query: Guide.ListQuery): Promise<Guide.Page<Guide.Summary>> {
  const user = Actor.requireUser(actor);
  const binding = `feed:${user.userId}`;
  const before = Cursor.open(binding, FeedCursor, query.cursor)?.p;
  const creatorIds = await Profile.followedCreatorIds(user.userId);
  if (creatorIds.length === 0) return { items: [], nextCursor: null };
  const profiles = await Profile.storedMany(creatorIds);
  const merged = creatorIds.filter((id) => {
    const profile = profiles.get(id);
    return profile !== undefined && isMergedAtRead(profile);
  });
  const wanted = query.limit + 1;
  const sources = await Promise.all([
    storedCandidates(user.userId, new Set(creatorIds), before, wanted),
    ...merged.map(async (creatorId) => (await Guide.publishedPositions(creatorId, wanted, before)).entries),
  ]);
  const byGuide = new Map<string, Candidate>();
  for (const candidate of sources.flat()) byGuide.set(candidate.guideId, candidate);
  const ordered = [...byGuide.values()].sort((a, b) => (a.position < b.position ? 1 : -1));
  const page = ordered.slice(0, query.limit);
  const guides = await Guide.stillPublished(page);
  return {
    items: guides.map(Guide.summarize),
    nextCursor: ordered.length > query.limit ? Cursor.seal(binding, { p: page.at(-1)?.position }) : null,
  };
}

/** What counts towards trending for a guide: its likes and saves, and the human clicks on its links. */
export function engagementOf(guide: Guide.Info, humanClicks: number): Engagement {
  return { likes: guide.likeCount, saves: guide.saveCount, clicks: humanClicks };
}

/** Scheduled job: ranks the last few days' guides and stores the list, so a trending read is one GetItem. */
export async function rebuildTrending(): Promise<number> {
  const run = await Failure.startJob("rebuild-trending");
  const now = Clock.nowMs();
  const days = Array.from({ length: TRENDING_DAYS }, (_, index) =>
    new Date(now - index * 86_400_000).toISOString().slice(0, 10),
  );
  const published = await Guide.publishedOnDays(days);
  for (const { id, error } of published.unreadable) await run.fail(`guide:${id}`, error);
  const guides = published.guides.filter((guide) => guide.status === "published" && guide.publishedAt);
  const clicks = await Stats.humanClicksOfGuides(
    guides.map((guide) => ({ creatorId: guide.creator.id, guideId: guide.id })),
  );
  // Scored one guide at a time: a guide that cannot be scored is left out (and parked after the bound).
  const scored: { guideId: string; score: number }[] = [];
  for (const guide of guides) {
    await run.item(`guide:${guide.id}`, async () => {
      const score = trendingScore(
        engagementOf(guide, clicks.get(guide.id) ?? 0),
        (now - Date.parse(guide.publishedAt as string)) / 3_600_000,
      );
      if (!Number.isFinite(score)) throw new Error(`Guide ${guide.id} scored ${score}`);
      scored.push({ guideId: guide.id, score });
    });
  }
  const entries = scored
    .sort((a, b) => b.score - a.score || (a.guideId < b.guideId ? 1 : -1))
    .slice(0, TRENDING_SIZE);
  await FeedStore.putTrending({ computedAt: new Date(now).toISOString(), entries });
  return entries.length;
}

/** The precomputed trending list, a page at a time; guides unpublished since the last run drop out. */
export async function trending(query: Guide.ListQuery): Promise<Guide.Page<Guide.Summary>> {
  const offset = Cursor.open("trending", TrendingCursor, query.cursor)?.o ?? 0;
  const list = await FeedStore.trending();
  const slice = (list?.entries ?? []).slice(offset, offset + query.limit);
  const guides = await Guide.getMany(slice.map((entry) => entry.guideId));
  const end = offset + slice.length;
  return {
    items: guides.filter((guide) => guide.status === "published").map(Guide.summarize),
    nextCursor: list && end < list.entries.length ? Cursor.seal("trending", { o: end }) : null,
  };
}

export const Storefront = z.object({
  profile: Profile.Info,
  viewer: z.object({ following: z.boolean(), isSelf: z.boolean() }),
  guides: z.object({ items: z.array(Guide.Summary), nextCursor: z.string().nullable() }),
});
export type Storefront = z.infer<typeof Storefront>;

/** A creator's storefront: their profile, whether the reader follows them, and their published guides. */
export async function storefront(actor: Actor, handle: string, query: Guide.ListQuery): Promise<Storefront> {
  const profile = await Profile.getByHandle(handle);
  const self = actor.kind === "user" && actor.userId === profile.userId;
  const [following, guides] = await Promise.all([
    actor.kind === "user" && !self
      ? Profile.isFollowing(actor.userId, profile.userId)
      : Promise.resolve(false),
    Guide.listPublishedByCreator(profile.userId, query),
  ]);
  return { profile, viewer: { following, isSelf: self }, guides };
}
