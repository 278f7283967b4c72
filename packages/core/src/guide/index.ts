export * as Guide from "./index";

import * as z from "zod";
import { Audit, type TransactWriteItem } from "../audit";
import { Cursor } from "../dynamo/cursor";
import { GroupBuy } from "../groupbuy";
import { Image } from "../image";
import { Link } from "../link";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { ValidationError } from "../util/errors";
import { createId } from "../util/id";
import { parseInput } from "../util/validate";
import { GuideStateChangedError, GuideStore } from "./guide.dynamo";
import { renderMarkdown } from "./markdown";
import {
  AFFILIATE_DISCLOSURE,
  CreateInput,
  type CreatorRef,
  type Detail,
  GuideHiddenError,
  GuideNotFoundError,
  GuideNotHiddenError,
  GuideNotPublishedError,
  type Info,
  isPublic,
  type ListQuery,
  NotGuideAuthorError,
  type Page,
  type ProductCard,
  type ProductCardInput,
  positionOf,
  type ShopItem,
  type Summary,
  Tag,
  UpdateInput,
} from "./schema";

export * from "./schema";

export function disclosureFor(guide: Pick<Info, "items">): string | null {
  return guide.items.length > 0 ? AFFILIATE_DISCLOSURE : null;
}

export function summarize(guide: Info): Summary {
  return {
    id: guide.id,
    title: guide.title,
    coverImageUrl: guide.coverImageUrl,
    cover: guide.cover,
    tags: guide.tags,
    status: guide.status,
    publishedAt: guide.publishedAt,
    updatedAt: guide.updatedAt,
    creator: guide.creator,
    itemCount: guide.items.length,
    likeCount: guide.likeCount,
    saveCount: guide.saveCount,
    disclosure: disclosureFor(guide),
  };
}

/** A draft exists only for its author: to anyone else it is simply not there. */
function visibleTo(guide: Info, actor: Actor): boolean {
  return isPublic(guide) || (actor.kind === "user" && actor.userId === guide.creator.id);
}

async function loadOwn(actor: Actor, guideId: string): Promise<Info> {
  const user = Actor.requireRole(actor, "creator");
  const guide = await GuideStore.get(guideId);
  if (!guide || !visibleTo(guide, actor)) throw new GuideNotFoundError();
  if (guide.creator.id !== user.userId) throw new NotGuideAuthorError();
  return guide;
}

/** Cards may point at a group-buy; an id that names none is the author's mistake (422), caught on save. */
async function requireGroupBuys(items: ProductCardInput[]): Promise<void> {
  const issues = (
    await Promise.all(
      items.map(async (item, index) =>
        item.groupbuyId && !(await GroupBuy.getInternal(item.groupbuyId))
          ? [{ path: `items.${index}.groupbuyId`, message: `No group-buy ${item.groupbuyId}` }]
          : [],
      ),
    )
  ).flat();
  if (issues.length) throw new ValidationError(issues);
}

/** Each card with its image attached (the author's own uploads only), or none. */
async function withCardImages(actor: Actor, items: ProductCardInput[]): Promise<ProductCard[]> {
  return Promise.all(
    items.map(async (item) => ({
      ...item,
      image: item.imageId
        ? await Image.attach(actor, { imageId: item.imageId, alt: item.imageAlt || item.title })
        : null,
    })),
  );
}

export async function create(actor: Actor, input: CreateInput): Promise<Info> {
  const author = Actor.requireRole(actor, "creator");
  const parsed = parseInput(CreateInput, input);
  await requireGroupBuys(parsed.items);
  const cover = await Image.resolveChange(actor, null, {
    imageId: parsed.coverImageId,
    alt: parsed.coverAlt,
    altField: "coverAlt",
  });
  const items = await withCardImages(actor, parsed.items);
  const user = await User.get(author.userId);
  const now = Clock.now().toISOString();
  const guide: Info = {
    id: createId("gde"),
    creator: { id: user.id, handle: user.handle, displayName: user.displayName },
    title: parsed.title,
    body: parsed.body,
    coverImageUrl: parsed.coverImageUrl ?? null,
    cover: cover ?? null,
    tags: parsed.tags,
    items,
    status: "draft",
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    likeCount: 0,
    saveCount: 0,
    hidden: false,
  };
  await GuideStore.insert(guide);
  return guide;
}

export async function get(actor: Actor, guideId: string): Promise<Detail> {
  const guide = await GuideStore.get(guideId);
  if (!guide || !visibleTo(guide, actor)) throw new GuideNotFoundError();
  const marks =
    actor.kind === "user" ? await GuideStore.marksOf(actor.userId, guide.id) : { liked: false, saved: false };
  return {
    ...guide,
    bodyHtml: renderMarkdown(guide.body),
    disclosure: disclosureFor(guide),
    viewer: { ...marks, isAuthor: actor.kind === "user" && actor.userId === guide.creator.id },
  };
}

export async function update(actor: Actor, guideId: string, input: UpdateInput): Promise<Info> {
  const guide = await loadOwn(actor, guideId);
  const parsed = parseInput(UpdateInput, input);
  if (parsed.items) await requireGroupBuys(parsed.items);
  const cover = await Image.resolveChange(actor, guide.cover, {
    imageId: parsed.coverImageId,
    alt: parsed.coverAlt,
    altField: "coverAlt",
  });
  const items = parsed.items && (await withCardImages(actor, parsed.items));
  const next: Info = {
    ...guide,
    ...(parsed.title !== undefined && { title: parsed.title }),
    ...(parsed.body !== undefined && { body: parsed.body }),
    ...(parsed.coverImageUrl !== undefined && { coverImageUrl: parsed.coverImageUrl }),
    ...(parsed.tags !== undefined && { tags: parsed.tags }),
    ...(cover !== undefined && { cover }),
    ...(items !== undefined && { items }),
    updatedAt: Clock.now().toISOString(),
  };
  if (next.status === "published") next.items = await withReferralLinks(next);
  await GuideStore.replace(next);
  return next;
}

/**
 * Every card of a guide with its creator's referral link for that destination and guide, made when missing.
 * Link.ensure is idempotent, so publishing or editing again reuses the same links and codes.
 */
async function withReferralLinks(guide: Info): Promise<ProductCard[]> {
  return Promise.all(
    guide.items.map(async (item) => {
      const { link } = await Link.ensure({
        creatorId: guide.creator.id,
        url: item.url,
        guideId: guide.id,
        productId: item.productId,
      });
      return { ...item, link: { code: link.code, url: link.shortUrl } };
    }),
  );
}

/** Publishing stamps a fresh publishedAt, so a guide re-published after an unpublish lands on top of feeds. */
export async function publish(actor: Actor, guideId: string): Promise<Info> {
  const guide = await loadOwn(actor, guideId);
  if (guide.hidden) throw new GuideHiddenError();
  if (guide.status === "published") return guide;
  const now = Clock.now().toISOString();
  const next: Info = { ...guide, status: "published", publishedAt: now, updatedAt: now };
  next.items = await withReferralLinks(next);
  await GuideStore.replace(next);
  return next;
}

export async function unpublish(actor: Actor, guideId: string): Promise<Info> {
  const guide = await loadOwn(actor, guideId);
  if (guide.status === "draft") return guide;
  const next: Info = { ...guide, status: "draft", publishedAt: null, updatedAt: Clock.now().toISOString() };
  await GuideStore.replace(next);
  return next;
}

export async function remove(actor: Actor, guideId: string): Promise<void> {
  const guide = await loadOwn(actor, guideId);
  await GuideStore.delete(guide.id, guide.creator.id);
}

/** Guides by id, in the order asked, skipping any that no longer exist. */
export async function getMany(guideIds: string[]): Promise<Info[]> {
  const found = await GuideStore.getMany(guideIds);
  return guideIds.flatMap((id) => found.get(id) ?? []);
}

/** Published guides by id, skipping any since unpublished, deleted or re-published at another position. */
export async function stillPublished(positions: { guideId: string; position: string }[]): Promise<Info[]> {
  const guides = await getMany(positions.map((entry) => entry.guideId));
  const byId = new Map(guides.map((guide) => [guide.id, guide]));
  return positions.flatMap(({ guideId, position }) => {
    const guide = byId.get(guideId);
    return guide &&
      isPublic(guide) &&
      guide.publishedAt &&
      positionOf({ ...guide, publishedAt: guide.publishedAt }) === position
      ? [guide]
      : [];
  });
}

const PositionCursor = z.strictObject({ p: z.string().max(200) });

/** The author's own guides, drafts included, newest first. */
export async function listMine(actor: Actor, query: ListQuery): Promise<Page<Summary>> {
  const author = Actor.requireRole(actor, "creator");
  const binding = `AP11:${author.userId}`;
  const after = Cursor.open(binding, PositionCursor, query.cursor);
  const page = await GuideStore.listByCreator(author.userId, query.limit, after?.p);
  return {
    items: page.guides.map(summarize),
    nextCursor: page.last ? Cursor.seal(binding, { p: page.last }) : null,
  };
}

/** A creator's published guides, newest first: the storefront. */
export async function listPublishedByCreator(creatorId: string, query: ListQuery): Promise<Page<Summary>> {
  const { page } = await storefrontPage(creatorId, query);
  return page;
}

/** The most products a storefront page's shop grid shows. */
export const MAX_SHOP_ITEMS = 24;

/**
 * A storefront page: the creator's published guides, newest first, and the shop grid of their cards (those
 * with a referral link, newest guide first, each product once by destination, at most MAX_SHOP_ITEMS).
 */
export async function storefrontPage(
  creatorId: string,
  query: ListQuery,
): Promise<{ page: Page<Summary>; products: ShopItem[] }> {
  const binding = `AP12:${creatorId}`;
  const after = Cursor.open(binding, PositionCursor, query.cursor);
  const found = await GuideStore.publishedByCreator(creatorId, query.limit, after?.p);
  const guides = await stillPublished(found.entries);
  return {
    page: {
      items: guides.map(summarize),
      nextCursor: found.last ? Cursor.seal(binding, { p: found.last }) : null,
    },
    products: shopItems(guides),
  };
}

/** Pure: the shop grid of some published guides (see storefrontPage). */
export function shopItems(guides: Info[]): ShopItem[] {
  const seen = new Set<string>();
  const items: ShopItem[] = [];
  for (const guide of guides) {
    for (const card of guide.items) {
      if (!card.link || seen.has(card.url) || items.length >= MAX_SHOP_ITEMS) continue;
      seen.add(card.url);
      items.push({
        guideId: guide.id,
        guideTitle: guide.title,
        title: card.title,
        ...(card.price && { price: card.price }),
        ...(card.merchant && { merchant: card.merchant }),
        image: card.image ?? null,
        buyUrl: `/r/${card.link.code}`,
        displayHost: card.displayHost ?? Link.destinationHost(card.url),
      });
    }
  }
  return items;
}

/** Position entries of a creator's published guides before a position (feeds merge these at read time). */
export function publishedPositions(creatorId: string, limit: number, before: string | undefined) {
  return GuideStore.publishedByCreator(creatorId, limit, before);
}

/** Position entries of a tag's published guides before a position (categories merge several tags). */
export function tagPositions(tag: string, limit: number, before: string | undefined) {
  return GuideStore.byTag(tag, limit, before);
}

/** Published guides carrying a tag, newest first. */
export async function listByTag(tag: string, query: ListQuery): Promise<Page<Summary>> {
  const normalized = parseInput(Tag, tag);
  const binding = `AP14:${normalized}`;
  const after = Cursor.open(binding, PositionCursor, query.cursor);
  const page = await GuideStore.byTag(normalized, query.limit, after?.p);
  const guides = await stillPublished(page.entries);
  return {
    items: guides.map(summarize),
    nextCursor: page.last ? Cursor.seal(binding, { p: page.last }) : null,
  };
}

/** Takes a guide from before issue 13 out of the retired per-day index (stream consumer, once per guide). */
export function leaveDayIndex(guideId: string): Promise<void> {
  return GuideStore.leaveDayIndex(guideId);
}

export interface Marks {
  liked: boolean;
  saved: boolean;
  likeCount: number;
  saveCount: number;
}

async function mark(actor: Actor, guideId: string, kind: "like" | "save", on: boolean): Promise<Marks> {
  const user = Actor.requireUser(actor);
  const guide = await GuideStore.get(guideId);
  if (!guide || !visibleTo(guide, actor)) throw new GuideNotFoundError();
  if (on) {
    if (!isPublic(guide)) throw new GuideNotPublishedError();
    await GuideStore.mark(user.userId, guide.id, kind, Clock.now().toISOString());
  } else {
    await GuideStore.unmark(user.userId, guide.id, kind);
  }
  const [marks, fresh] = await Promise.all([
    GuideStore.marksOf(user.userId, guide.id),
    GuideStore.get(guide.id),
  ]);
  return { ...marks, likeCount: fresh?.likeCount ?? 0, saveCount: fresh?.saveCount ?? 0 };
}

/** Idempotent, like follow: liking twice is one like, and the counter moves with the like item. */
export const like = (actor: Actor, guideId: string) => mark(actor, guideId, "like", true);
export const unlike = (actor: Actor, guideId: string) => mark(actor, guideId, "like", false);
export const save = (actor: Actor, guideId: string) => mark(actor, guideId, "save", true);
export const unsave = (actor: Actor, guideId: string) => mark(actor, guideId, "save", false);

/**
 * Copies a creator's new handle and name into each of their guides (guides carry them, so a storefront or
 * feed page needs no user reads), a page of 50 at a time (AP11 read, AP293 write).
 */
export async function renameCreator(creator: CreatorRef): Promise<void> {
  let before: string | undefined;
  do {
    const page = await GuideStore.listByCreator(creator.id, 50, before);
    for (const guide of page.guides) await GuideStore.setCreatorRef(guide.id, creator);
    before = page.last;
  } while (before);
}

/** The first `max` guide ids a user liked, and whether that is all of them (their data export). */
export function likedGuideIds(
  userId: string,
  max: number,
): Promise<{ guideIds: string[]; complete: boolean }> {
  return GuideStore.likedBy(userId, max);
}

const SavedCursor = z.strictObject({ s: z.string().max(200) });

/** The reader's saved guides, most recently saved first; deleted or unpublished ones drop out. */
export async function listSaved(actor: Actor, query: ListQuery): Promise<Page<Summary>> {
  const user = Actor.requireUser(actor);
  const binding = `AP16:${user.userId}`;
  const after = Cursor.open(binding, SavedCursor, query.cursor);
  const page = await GuideStore.savedBy(user.userId, query.limit, after?.s);
  const guides = await getMany(page.guideIds);
  return {
    items: guides.filter(isPublic).map(summarize),
    nextCursor: page.last ? Cursor.seal(binding, { s: page.last }) : null,
  };
}

/**
 * Keeps the per-tag index in step with a guide's change (stream consumer): entries for the old published
 * state that no longer hold are removed, entries for the new one are written. Idempotent.
 */
export async function syncTagIndex(before: Info | undefined, after: Info | undefined): Promise<void> {
  const entries = (guide: Info | undefined) =>
    guide && isPublic(guide) && guide.publishedAt
      ? guide.tags.map((tag) => ({
          tag,
          guideId: guide.id,
          position: positionOf({ ...guide, publishedAt: guide.publishedAt as string }),
        }))
      : [];
  const key = (entry: { tag: string; position: string }) => `${entry.tag} ${entry.position}`;
  const old = entries(before);
  const next = entries(after);
  const nextKeys = new Set(next.map(key));
  const oldKeys = new Set(old.map(key));
  await GuideStore.writeTagEntries(
    next.filter((entry) => !oldKeys.has(key(entry))),
    old.filter((entry) => !nextKeys.has(key(entry))),
  );
}

/** Parses a stream image of a guide item; other shapes (likes, saves) answer undefined. */
export function fromImage(image: Record<string, unknown> | undefined): Info | undefined {
  return GuideStore.fromImage(image);
}

/** What an admin gives to hide or restore a guide: why, in words the author and the audit log will read. */
export const ModerateInput = z.object({ reason: z.string().trim().min(1).max(500) });
export type ModerateInput = z.input<typeof ModerateInput>;

/**
 * An admin hides a guide (CONTRACT-17): `hiddenAt` + `hiddenReason` set, out of the published index, and, from
 * the stream, out of feeds, tag pages and trending; public reads answer 404, the author still sees it. The
 * audit entry and `alongside` (the item's open reports closing) are written in the same transaction.
 */
export async function hide(
  actor: Actor,
  guideId: string,
  input: ModerateInput,
  alongside: TransactWriteItem[] = [],
): Promise<Info> {
  Actor.requireRole(actor, "admin");
  const { reason } = parseInput(ModerateInput, input);
  const guide = await GuideStore.get(guideId);
  if (!guide) throw new GuideNotFoundError();
  if (guide.hidden) throw new GuideHiddenError();
  const audit = Audit.put(actor, { action: "guide_hidden", target: { type: "guide", id: guideId }, reason });
  try {
    await GuideStore.hide(guideId, { at: Clock.now().toISOString(), reason }, [audit, ...alongside]);
  } catch (error) {
    if (!(error instanceof GuideStateChangedError)) throw error;
    const now = await GuideStore.get(guideId);
    throw now ? new GuideHiddenError() : new GuideNotFoundError();
  }
  return { ...guide, hidden: true };
}

/** An admin restores a hidden guide: back in every list it would be in had it never been hidden. Audited. */
export async function restore(actor: Actor, guideId: string, input: ModerateInput): Promise<Info> {
  Actor.requireRole(actor, "admin");
  const { reason } = parseInput(ModerateInput, input);
  const guide = await GuideStore.get(guideId);
  if (!guide) throw new GuideNotFoundError();
  if (!guide.hidden) throw new GuideNotHiddenError();
  const audit = Audit.put(actor, {
    action: "guide_restored",
    target: { type: "guide", id: guideId },
    reason,
  });
  try {
    await GuideStore.restore(guide, [audit]);
  } catch (error) {
    if (!(error instanceof GuideStateChangedError)) throw error;
    throw new GuideNotHiddenError(); // restored (or changed) meanwhile: the admin looks again
  }
  return { ...guide, hidden: false };
}

/** A guide as an admin looks it up (hidden or not, drafts included). */
export async function getForAdmin(actor: Actor, guideId: string): Promise<Info> {
  Actor.requireRole(actor, "admin");
  const guide = await GuideStore.get(guideId);
  if (!guide) throw new GuideNotFoundError();
  return guide;
}

/** The guide if the public can see it, else undefined (report targets). */
export async function getPublic(guideId: string): Promise<Info | undefined> {
  const guide = await GuideStore.get(guideId);
  return guide && isPublic(guide) ? guide : undefined;
}

/**
 * The suspension sweep hides a guide of a suspended creator with the same write an admin's hide makes
 * (GuideStore.hide), recording `reason` so the restore unhides only what the suspension hid. A guide already
 * hidden (by an admin, or by an earlier run of the sweep) or gone keeps what it has: answers false. No access
 * check: the sweep runs for an admin's suspension that was checked already.
 */
export async function hideForSuspension(guideId: string, at: string, reason: string): Promise<boolean> {
  try {
    await GuideStore.hide(guideId, { at, reason });
    return true;
  } catch (error) {
    if (error instanceof GuideStateChangedError) return false;
    throw error;
  }
}

/**
 * The restore sweep unhides a guide the suspension hid (hidden for `reason`, nothing else) with the same write
 * an admin's restore makes (GuideStore.restore). `guide` is as the sweep's page read it; when it changed since,
 * it is read again once. Answers false when there was nothing to unhide.
 */
export async function unhideAfterSuspension(guide: Info, reason: string): Promise<boolean> {
  let read: Info | undefined = guide;
  for (let attempt = 0; read?.hidden && attempt < 2; attempt++) {
    try {
      await GuideStore.restore(read, [], { onlyReason: reason });
      return true;
    } catch (error) {
      if (!(error instanceof GuideStateChangedError)) throw error;
      read = await GuideStore.get(guide.id);
    }
  }
  return false;
}

/** One page of a creator's guides, drafts and hidden ones included (AP11), for platform sweeps. */
export function pageAllByCreator(creatorId: string, limit: number, before: string | undefined) {
  return GuideStore.listByCreator(creatorId, limit, before);
}
