export * as Feed from "./index";

// Over 400 lines on purpose: the feed's orchestration in one place, the three ways a guide reaches a reader
// (pushed on publish, merged at read from pull-mode creators, ranked into trending) and the stream handlers
// that keep them. The decisions themselves are pure modules beside it (fanout-mode.ts, trending.ts).

import * as z from "zod";
import { config } from "../config";
import { Cursor } from "../dynamo/cursor";
import { Guide } from "../guide";
import { Profile } from "../profile";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { backoffDelay, CONTENTION, sleep } from "../util/retry";
import {
  currentMode,
  type FanoutMode,
  type FanoutSettings,
  type FanoutSubject,
  nextMode,
} from "./fanout-mode";
import { type FeedEntry, FeedStore, TREND_SHARDS, type Trend, TrendMovedError } from "./feed.dynamo";
import { addHeat, PUBLISH_POINTS, pointsOf, scoreAt } from "./trending";

export { currentMode, type FanoutMode, nextMode, PUSH_BELOW_SHARE } from "./fanout-mode";
export { type Engagement, pointsOf, scoreAt, WEIGHTS } from "./trending";

/** How many of a creator's newest guides a new follower gets in their feed straight away. */
export const BACKFILL = 50;
/**
 * How many guides the trending list keeps, how far back (days) it looks for them first, and how far back it
 * falls back to when that week is quiet.
 */
export const TRENDING_SIZE = 200;
export const TRENDING_DAYS = 7;
export const TRENDING_FALLBACK_DAYS = 30;

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
  return guide && Guide.isPublic(guide) && guide.publishedAt
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

/**
 * At most this many pull-mode creators are merged per read, among the first `config().feedFollowedRead`
 * (1 000) creators followed (AP8, by creator id): the follow list is read up to that many, never whole.
 * Stored (fanned-out) entries from creators beyond it still show: they are checked against the follow
 * items one page at a time (AP223).
 */
export const MAX_MERGED = 200;

/**
 * The guides of followed creators merged at read (pull mode) published after `sinceMs`, at most
 * `perCreator` each: what a follower's notification centre pulls when it is read, since no feed entry (and
 * so no pushed notification) is written for them. Bounded like the feed: the same follow and creator caps.
 */
export async function pulledSince(
  followerId: string,
  sinceMs: number,
  perCreator: number,
): Promise<{ guideId: string; publishedAt: string }[]> {
  const { ids: creatorIds } = await Profile.followedCreatorIds(followerId, config().feedFollowedRead);
  if (creatorIds.length === 0) return [];
  const profiles = await Profile.storedMany(creatorIds);
  const pulled = creatorIds
    .filter((id) => {
      const profile = profiles.get(id);
      return profile !== undefined && isMergedAtRead(profile);
    })
    .slice(0, MAX_MERGED);
  const recent = await Promise.all(
    pulled.map(
      async (creatorId) => (await Guide.publishedPositions(creatorId, perCreator, undefined)).entries,
    ),
  );
  return recent
    .flat()
    .map((entry) => ({
      guideId: entry.guideId,
      publishedAt: entry.position.slice(0, entry.position.indexOf("#")),
    }))
    .filter((entry) => Date.parse(entry.publishedAt) > sinceMs);
}

/**
 * Up to `wanted` stored entries before a position from creators still followed (unfollows apply at once).
 * `followed` holds the creators known to be followed; unless that is all of them (`complete`), an entry's
 * creator outside it is looked up (batched per page, so the cost follows the page, not the follow list).
 */
async function storedCandidates(
  followerId: string,
  followed: Set<string>,
  complete: boolean,
  before: string | undefined,
  wanted: number,
): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const notFollowed = new Set<string>();
  let cursor = before;
  while (found.length < wanted) {
    const page = await FeedStore.page(followerId, cursor, wanted * 2);
    if (!complete) {
      const unknown = page.entries
        .map((entry) => entry.creatorId)
        .filter((id) => !followed.has(id) && !notFollowed.has(id));
      if (unknown.length > 0) {
        const follows = await Profile.followsAmong(followerId, unknown);
        for (const id of unknown) (follows.has(id) ? followed : notFollowed).add(id);
      }
    }
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
 * so an unpublished or deleted guide never shows even before the stream has cleaned up after it. Bounded
 * however many creators the user follows: at most `config().feedFollowedRead` follows and their profiles are read, and
 * at most `MAX_MERGED` pull-mode creators merged (docs/scale.md).
 */
export async function following(actor: Actor, query: Guide.ListQuery): Promise<Guide.Page<Guide.Summary>> {
  const user = Actor.requireUser(actor);
  const binding = `feed:${user.userId}`;
  const before = Cursor.open(binding, FeedCursor, query.cursor)?.p;
  const { ids: creatorIds, complete } = await Profile.followedCreatorIds(
    user.userId,
    config().feedFollowedRead,
  );
  if (creatorIds.length === 0) return { items: [], nextCursor: null };
  const profiles = await Profile.storedMany(creatorIds);
  const merged = creatorIds
    .filter((id) => {
      const profile = profiles.get(id);
      return profile !== undefined && isMergedAtRead(profile);
    })
    .slice(0, MAX_MERGED);
  const wanted = query.limit + 1;
  const sources = await Promise.all([
    storedCandidates(user.userId, new Set(creatorIds), complete, before, wanted),
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

/** Tries at one guide's heat when concurrent updates keep moving it. */
const TREND_ATTEMPTS = 8;

/**
 * Adds points to one guide's heat now (read, add, conditional write; again on a race). `change` decides
 * from the stored trend (undefined when the guide has none) what to add and what to store besides; it
 * answers undefined to leave the trend as it is.
 */
async function updateTrend(
  guideId: string,
  change: (read: Trend | undefined) => { base: Trend; points: number } | undefined,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const read = await FeedStore.trend(guideId);
    const next = change(read);
    if (!next) return;
    const logHeat =
      next.points > 0 ? addHeat(next.base.logHeat, next.points, Clock.nowMs()) : next.base.logHeat;
    try {
      await FeedStore.putTrend({ ...next.base, logHeat }, read);
      return;
    } catch (error) {
      if (!(error instanceof TrendMovedError) || attempt >= TREND_ATTEMPTS) throw error;
      await sleep(backoffDelay(attempt, CONTENTION));
    }
  }
}

/**
 * Stream consumer for a guide change, for trending: publishing files the guide with its publish point (at
 * its publish time), new likes and saves add their weight now, and leaving the published state takes it
 * out. Likes and saves are credited against the highest counts already credited, so a redelivered change,
 * or an unlike and a like again, adds nothing twice. Never rereads other guides.
 */
export async function onGuideEngagement(
  before: Guide.Info | undefined,
  after: Guide.Info | undefined,
): Promise<void> {
  const guideId = (after ?? before)?.id;
  if (!guideId) return;
  if (!after || !Guide.isPublic(after) || !after.publishedAt) {
    if (before && Guide.isPublic(before)) await FeedStore.deleteTrend(guideId);
    return;
  }
  const publishedAt = after.publishedAt;
  await updateTrend(guideId, (read) => {
    // A guide re-published gets a new position: it starts again from its new publish time.
    const current = read && read.publishedAt === publishedAt ? read : undefined;
    const base: Trend = current ?? {
      guideId,
      creatorId: after.creator.id,
      publishedAt,
      logHeat: addHeat(undefined, PUBLISH_POINTS, Date.parse(publishedAt)),
      likes: 0,
      saves: 0,
      clicks: 0,
    };
    const likes = Math.max(0, after.likeCount - base.likes);
    const saves = Math.max(0, after.saveCount - base.saves);
    if (current && likes === 0 && saves === 0) return undefined;
    return {
      base: { ...base, likes: base.likes + likes, saves: base.saves + saves },
      points: pointsOf({ likes, saves, clicks: 0 }),
    };
  });
}

/**
 * After a chunk of clicks is counted: each guide's new human clicks add their weight to its heat. Guides
 * with no trend (not published, or published more than 30 days ago) are left alone. A crash between the
 * count and this update loses these points for the ranking only (the counters are exact).
 */
export async function onClicksCounted(guideClicks: Map<string, { humanClicks: number }>): Promise<void> {
  for (const [guideId, { humanClicks }] of guideClicks) {
    if (humanClicks <= 0) continue;
    await updateTrend(guideId, (read) =>
      read
        ? {
            base: { ...read, clicks: read.clicks + humanClicks },
            points: pointsOf({ likes: 0, saves: 0, clicks: humanClicks }),
          }
        : undefined,
    );
  }
}

/**
 * Scheduled job: the stored trending list from the hot-guide index, never from the guides themselves: the
 * top `TRENDING_SIZE` of each index partition (a bounded read whatever the history), the guides published
 * in the last `TRENDING_DAYS` first by current score, then, when the week is quiet, the best of the last
 * `TRENDING_FALLBACK_DAYS` after them. A trending read stays one GetItem plus the page's guides.
 */
export async function rebuildTrending(): Promise<number> {
  const now = Clock.nowMs();
  const shards = await Promise.all(
    Array.from({ length: TREND_SHARDS }, (_, shard) => FeedStore.hottest(shard, TRENDING_SIZE)),
  );
  const week = now - TRENDING_DAYS * 86_400_000;
  const month = now - TRENDING_FALLBACK_DAYS * 86_400_000;
  const ranked = shards
    .flat()
    .filter((trend) => Date.parse(trend.publishedAt) >= month)
    .sort((a, b) => b.logHeat - a.logHeat || (a.guideId < b.guideId ? 1 : -1));
  const recent = ranked.filter((trend) => Date.parse(trend.publishedAt) >= week);
  const older = ranked.filter((trend) => Date.parse(trend.publishedAt) < week);
  const entries = [...recent, ...older]
    .slice(0, TRENDING_SIZE)
    .map((trend) => ({ guideId: trend.guideId, score: scoreAt(trend.logHeat, now) }));
  await FeedStore.putTrending({ computedAt: new Date(now).toISOString(), entries });
  return entries.length;
}

/**
 * Guides published in the last `TRENDING_FALLBACK_DAYS` days, up to `limit`, from the hot-guide index (every
 * published guide has a heat item there until 30 days after publishing): a bounded read for the sitemap,
 * never a walk over history.
 */
export async function recentlyPublished(limit: number): Promise<Guide.Info[]> {
  const perShard = Math.ceil(limit / TREND_SHARDS);
  const shards = await Promise.all(
    Array.from({ length: TREND_SHARDS }, (_, shard) => FeedStore.hottest(shard, perShard)),
  );
  const since = Clock.nowMs() - TRENDING_FALLBACK_DAYS * 86_400_000;
  const ids = shards
    .flat()
    .filter((trend) => Date.parse(trend.publishedAt) >= since)
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1))
    .slice(0, limit)
    .map((trend) => trend.guideId);
  const guides = await Guide.getMany(ids);
  return guides.filter(Guide.isPublic);
}

/**
 * The precomputed trending list, a page at a time; guides unpublished since the last run drop out. When its
 * first page comes out empty (the job has not run yet, or everything it ranked was unpublished since) the
 * newest guides of the last `TRENDING_FALLBACK_DAYS` answer instead, so trending is never empty while any
 * guide was published in that window.
 */
export async function trending(query: Guide.ListQuery): Promise<Guide.Page<Guide.Summary>> {
  const offset = Cursor.open("trending", TrendingCursor, query.cursor)?.o ?? 0;
  const list = await FeedStore.trending();
  const slice = (list?.entries ?? []).slice(offset, offset + query.limit);
  const guides = await Guide.getMany(slice.map((entry) => entry.guideId));
  const end = offset + slice.length;
  const items = guides.filter(Guide.isPublic).map(Guide.summarize);
  if (offset === 0 && items.length === 0)
    return { items: (await recentlyPublished(query.limit)).map(Guide.summarize), nextCursor: null };
  return {
    items,
    nextCursor: list && end < list.entries.length ? Cursor.seal("trending", { o: end }) : null,
  };
}

export const Storefront = z.object({
  profile: Profile.Info,
  viewer: z.object({ following: z.boolean(), isSelf: z.boolean() }),
  guides: z.object({ items: z.array(Guide.Summary), nextCursor: z.string().nullable() }),
  /** The shop grid: the products on this page's guides (Guide.storefrontPage). */
  products: z.array(Guide.ShopItem),
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
    Guide.storefrontPage(profile.userId, query),
  ]);
  return { profile, viewer: { following, isSelf: self }, guides: guides.page, products: guides.products };
}
