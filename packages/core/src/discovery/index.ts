export * as Discovery from "./index";

import * as z from "zod";
import { Cursor } from "../dynamo/cursor";
import { Guide } from "../guide";
import { Profile } from "../profile";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { parseInput } from "../util/validate";
import { CATEGORIES, type CategoryDefinition, categoriesOfTags, categoryOf } from "./categories";
import { ALL_SCOPE, followerBucket, sortKeys } from "./directory-rank";
import { DiscoveryStore } from "./discovery.dynamo";
import {
  type Category,
  CategoryNotFoundError,
  type CreatorCard,
  type DirectoryEntry,
  DirectoryQuery,
  type Interests,
  InterestsInput,
  PageQuery,
} from "./schema";

export * from "./categories";
export { followerBucket } from "./directory-rank";
export * from "./schema";

// ---- Categories -------------------------------------------------------------------------------------------

/**
 * AP240: the newest published guides of a category before a position: each of its tags' index (AP14) read
 * newest first, at most `limit` entries each, merged; a guide with several of the tags appears once.
 */
async function categoryPositions(
  category: CategoryDefinition,
  limit: number,
  before: string | undefined,
): Promise<{ entries: { guideId: string; position: string }[]; last: string | undefined }> {
  const pages = await Promise.all(category.tags.map((tag) => Guide.tagPositions(tag, limit, before)));
  const byPosition = new Map(pages.flatMap((page) => page.entries).map((entry) => [entry.position, entry]));
  const merged = [...byPosition.values()].sort((a, b) => (a.position < b.position ? 1 : -1));
  const taken = merged.slice(0, limit);
  const more = merged.length > limit || pages.some((page) => page.last !== undefined);
  return { entries: taken, last: more ? taken.at(-1)?.position : undefined };
}

/** Every category with its newest guide's cover (one index entry per tag, one batch read of guides). */
export async function categories(): Promise<Category[]> {
  const newest = await Promise.all(CATEGORIES.map((category) => categoryPositions(category, 1, undefined)));
  const guides = await Guide.stillPublished(newest.flatMap((page) => page.entries));
  const byId = new Map(guides.map((guide) => [guide.id, guide]));
  return CATEGORIES.map((category, index) => {
    const cover = byId.get(newest[index]?.entries[0]?.guideId ?? "");
    return {
      slug: category.slug,
      name: category.name,
      description: category.description,
      tags: [...category.tags],
      cover: cover?.cover ?? null,
      coverImageUrl: cover?.coverImageUrl ?? null,
    };
  });
}

const PositionCursor = z.strictObject({ p: z.string().max(200) });

/** A category and a page of its published guides, newest first. */
export async function category(
  slug: string,
  query: PageQuery,
): Promise<{ category: Omit<Category, "cover" | "coverImageUrl">; guides: Guide.Page<Guide.Summary> }> {
  const found = categoryOf(slug);
  if (!found) throw new CategoryNotFoundError();
  const { limit, cursor } = parseInput(PageQuery, query);
  const binding = `AP240:${found.slug}`;
  const after = Cursor.open(binding, PositionCursor, cursor);
  const page = await categoryPositions(found, limit, after?.p);
  const guides = await Guide.stillPublished(page.entries);
  return {
    category: { slug: found.slug, name: found.name, description: found.description, tags: [...found.tags] },
    guides: {
      items: guides.map(Guide.summarize),
      nextCursor: page.last ? Cursor.seal(binding, { p: page.last }) : null,
    },
  };
}

// ---- Creator directory ------------------------------------------------------------------------------------

/**
 * Cards for directory entries, in order: profiles read in one batch (AP6), follows of the caller in another
 * (AP223). A creator suspended since the index last saw them is dropped here too (the contract's
 * `suspendedAt`, read defensively: the stream takes them out of the index, this covers the gap).
 */
async function cardsFor(actor: Actor, entries: DirectoryEntry[]): Promise<CreatorCard[]> {
  if (entries.length === 0) return [];
  const ids = entries.map((entry) => entry.creatorId);
  const [profiles, followed] = await Promise.all([
    Profile.storedMany(ids),
    actor.kind === "user" ? Profile.followsAmong(actor.userId, ids) : Promise.resolve(new Set<string>()),
  ]);
  return entries.flatMap((entry) => {
    const profile = profiles.get(entry.creatorId);
    if (!profile || profile.suspendedAt) return [];
    return [
      {
        id: entry.creatorId,
        handle: entry.handle,
        displayName: entry.displayName,
        bio: profile.bio,
        avatar: profile.avatar,
        avatarUrl: profile.avatarUrl,
        verified: profile.verified,
        followerCount: profile.followerCount,
        lastPublishedAt: entry.lastPublishedAt,
        categories: entry.categories,
        following: followed.has(entry.creatorId),
      },
    ];
  });
}

const KeyCursor = z.strictObject({ k: z.string().max(300) });

/** The creator directory: creators with a published guide, by followers (bucketed) or by last published. */
export async function creators(actor: Actor, query: DirectoryQuery): Promise<Guide.Page<CreatorCard>> {
  const { sort, category: scope, limit, cursor } = parseInput(DirectoryQuery, query);
  const binding = `AP24${sort === "followers" ? 3 : 4}:${scope ?? ALL_SCOPE}`;
  const after = Cursor.open(binding, KeyCursor, cursor);
  const page = await DiscoveryStore.page(scope ?? ALL_SCOPE, sort, after?.k, limit);
  return {
    items: await cardsFor(actor, page.entries),
    nextCursor: page.last ? Cursor.seal(binding, { k: page.last }) : null,
  };
}

/**
 * Stream consumer: brings a creator's directory entries in step with what is stored. Called when they
 * publish (or re-tag) a guide, and when their profile crosses a follower bucket or is suspended or restored.
 * It re-reads the entries and the profile and writes only the entries that differ, each conditional on what
 * it read, so it is idempotent and a lost race throws (the stream redelivers and it decides again).
 * A creator is listed in a category while they have a public guide there, and in the directory at all while
 * they have one anywhere: the counts the stream keeps (AP331, per category and `ALL_SCOPE`) decide; a scope
 * with no count item yet (guides published before counts existed, until `npm run scale:backfill` counts
 * them) keeps the entry it has.
 */
export async function refreshCreator(
  creatorId: string,
  published?: { creator: Guide.CreatorRef; publishedAt: string; tags: string[] },
): Promise<void> {
  const [existing, profiles, counts] = await Promise.all([
    DiscoveryStore.entriesOf(creatorId),
    Profile.storedMany([creatorId]),
    DiscoveryStore.categoryCounts(creatorId),
  ]);
  const base = existing.find((entry) => entry.scope === ALL_SCOPE) ?? existing[0];
  if (!base && !published) return; // never published: not in the directory
  if (!published && counts.get(ALL_SCOPE) === 0) {
    // No public guide left (unpublished, hidden or deleted): out of every scope until they publish again.
    for (const entry of existing) await DiscoveryStore.deleteEntry(entry);
    return;
  }
  const profile = profiles.get(creatorId);
  const lastPublishedAt = [base?.lastPublishedAt, published?.publishedAt]
    .filter((at): at is string => at !== undefined)
    .sort()
    .at(-1) as string;
  const counted = [...counts]
    .filter(([category, published]) => category !== ALL_SCOPE && published > 0)
    .map(([category]) => category);
  const categories = [
    ...new Set([...(base?.categories ?? []), ...categoriesOfTags(published?.tags ?? []), ...counted]),
  ].filter((category) => (counts.get(category) ?? 1) > 0);
  const shared = {
    creatorId,
    handle: published?.creator.handle ?? base?.handle ?? "",
    displayName: published?.creator.displayName ?? base?.displayName ?? "",
    categories,
    followerBucket: followerBucket(profile?.followerCount ?? 0),
    lastPublishedAt,
    listed: !profile?.suspendedAt,
  };
  const byScope = new Map(existing.map((entry) => [entry.scope, entry]));
  const unchanged = (a: DirectoryEntry, b: DirectoryEntry) =>
    (Object.keys(b) as (keyof DirectoryEntry)[]).every((field) =>
      field === "categories" ? a.categories.join(",") === b.categories.join(",") : a[field] === b[field],
    );
  for (const scope of [ALL_SCOPE, ...categories]) {
    const seen = byScope.get(scope);
    const next: DirectoryEntry = { ...shared, scope };
    if (!seen || !unchanged(seen, next)) await DiscoveryStore.putEntry(next, seen);
  }
  for (const entry of existing)
    if (entry.scope !== ALL_SCOPE && !categories.includes(entry.scope))
      await DiscoveryStore.deleteEntry(entry);
}

/**
 * The directory's write triggers from a guide change: its creator's per-category counts move when it becomes
 * public, stops being public (unpublished, hidden, deleted) or is re-tagged into or out of a category; then a
 * (re-)publish, new tags, or a count that moved refreshes the creator's entries.
 */
export async function onGuideChange(before: Guide.Info | undefined, after: Guide.Info | undefined) {
  const guide = after ?? before;
  if (!guide) return;
  const was = new Set<string>(Guide.isPublic(before) && before ? scopesOf(before) : []);
  const now = new Set<string>(Guide.isPublic(after) && after ? scopesOf(after) : []);
  const at = Clock.now().toISOString();
  for (const category of now)
    if (!was.has(category)) await DiscoveryStore.countInCategory(guide.creator.id, category, guide.id, 1, at);
  for (const category of was)
    if (!now.has(category))
      await DiscoveryStore.countInCategory(guide.creator.id, category, guide.id, -1, at);
  const moved =
    [...now].some((category) => !was.has(category)) || [...was].some((category) => !now.has(category));
  const republished =
    after?.status === "published" &&
    after.publishedAt &&
    !(
      before?.status === "published" &&
      before.publishedAt === after.publishedAt &&
      before.tags.join(",") === after.tags.join(",")
    );
  if (republished && after.publishedAt)
    await refreshCreator(after.creator.id, {
      creator: after.creator,
      publishedAt: after.publishedAt,
      tags: after.tags,
    });
  else if (moved) await refreshCreator(guide.creator.id);
}

/**
 * Counts a public guide into its creator's categories (AP331) as the stream does on publish, for guides
 * published before the counts existed (`npm run scale:backfill`). Once per guide and category however often
 * it runs, and safe alongside the stream: each guide's marker counts it once.
 */
export async function countPublicGuide(guide: Guide.Info): Promise<void> {
  if (!Guide.isPublic(guide)) return;
  const at = Clock.now().toISOString();
  for (const scope of scopesOf(guide))
    await DiscoveryStore.countInCategory(guide.creator.id, scope, guide.id, 1, at);
}

/** For the backfill, a creator found with no public guide: counted as none, so the directory lets them go. */
export async function countNoPublicGuide(creatorId: string): Promise<void> {
  await DiscoveryStore.ensureCount(creatorId, ALL_SCOPE, Clock.now().toISOString());
  await refreshCreator(creatorId);
}

/** The scopes a public guide counts in: the whole directory and each category its tags fall in. */
const scopesOf = (guide: Guide.Info) => [ALL_SCOPE, ...categoriesOfTags(guide.tags)];

/** ...and from a profile change: a follower bucket crossed, or a suspension set or lifted. */
export async function onProfileChange(
  before: { userId: string; followerCount: number; suspendedAt?: string } | undefined,
  after: { userId: string; followerCount: number; suspendedAt?: string } | undefined,
) {
  if (!after) return;
  const moved =
    followerBucket(before?.followerCount ?? 0) !== followerBucket(after.followerCount) ||
    Boolean(before?.suspendedAt) !== Boolean(after.suspendedAt);
  if (moved) await refreshCreator(after.userId);
}

// ---- Interests and suggestions ----------------------------------------------------------------------------

export async function interests(actor: Actor): Promise<Interests> {
  const { userId } = Actor.requireUser(actor);
  return DiscoveryStore.interests(userId);
}

export async function setInterests(actor: Actor, input: InterestsInput): Promise<Interests> {
  const { userId } = Actor.requireUser(actor);
  const { categories } = parseInput(InterestsInput, input);
  await DiscoveryStore.setInterests(userId, { categories }, Clock.now().toISOString());
  return { categories };
}

/** How many directory entries per scope suggestions consider: a bounded read whatever the directory's size. */
export const SUGGESTION_CANDIDATES = 50;

const OffsetCursor = z.strictObject({ o: z.number().int().min(0).max(1000) });

/**
 * AP246: creators to follow: the most followed (then most recently active) of the caller's interests, then of
 * everyone, leaving out the caller and whom they already follow. Each scope is one bounded directory read
 * (AP243); the list is ranked once and paged by offset.
 */
export async function suggestions(actor: Actor, query: PageQuery): Promise<Guide.Page<CreatorCard>> {
  const { userId } = Actor.requireUser(actor);
  const { limit, cursor } = parseInput(PageQuery, query);
  const binding = `AP246:${userId}`;
  const offset = Cursor.open(binding, OffsetCursor, cursor)?.o ?? 0;
  const { categories: chosen } = await DiscoveryStore.interests(userId);
  const scopes = [...chosen, ALL_SCOPE];
  const pages = await Promise.all(
    scopes.map((scope) => DiscoveryStore.page(scope, "followers", undefined, SUGGESTION_CANDIDATES)),
  );
  // Chosen categories first (each ranked by followers), then everyone else, each creator once.
  const seen = new Set<string>([userId]);
  const ranked: DirectoryEntry[] = [];
  const inChosen = pages
    .slice(0, -1)
    .flatMap((page) => page.entries)
    .sort((a, b) => (sortKeys.followers(a) < sortKeys.followers(b) ? 1 : -1));
  for (const entry of [...inChosen, ...(pages.at(-1)?.entries ?? [])]) {
    if (seen.has(entry.creatorId)) continue;
    seen.add(entry.creatorId);
    ranked.push(entry);
  }
  const followed = await Profile.followsAmong(
    userId,
    ranked.map((entry) => entry.creatorId),
  );
  const open = ranked.filter((entry) => !followed.has(entry.creatorId));
  const slice = open.slice(offset, offset + limit);
  const end = offset + slice.length;
  return {
    items: await cardsFor(actor, slice),
    nextCursor: end < open.length ? Cursor.seal(binding, { o: end }) : null,
  };
}
