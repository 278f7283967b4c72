export * as Search from "./index";

import { createHash } from "node:crypto";
import * as z from "zod";
import { Brand } from "../brand";
import { Cursor } from "../dynamo/cursor";
import { Guide } from "../guide";
import { Profile } from "../profile";
import { NotFoundError } from "../util/errors";
import { parseInput } from "../util/validate";
import { creatorDoc, guideDoc, isMarked, productDoc } from "./documents";
import {
  type Doc,
  KINDS,
  type Kind,
  Query,
  type Ref,
  type Result,
  type ResultPage,
  type Suggestion,
  SuggestQuery,
  type View,
} from "./schema";
import { BrandReindex, type EntryKey, entryKey, SearchStore } from "./search.dynamo";
import { engagementOf, queryTerms, termsOf } from "./terms";

export * from "./schema";

/**
 * The search engine behind one small interface: the stream consumers call `index` / `remove`, the routes
 * `query` / `suggest`. The table's own term index (`tableIndex`) is the one backend today; an OpenSearch
 * backend would implement the same four verbs, fed by the same stream (docs/scale.md, "Search").
 */
export interface SearchIndex {
  /** Makes the entity findable by exactly its document's terms (stale entries removed); idempotent. */
  index(doc: Doc): Promise<void>;
  /** Takes the entity out of the index entirely; idempotent. */
  remove(ref: Ref): Promise<void>;
  query(input: Query): Promise<ResultPage>;
  suggest(input: SuggestQuery): Promise<Suggestion[]>;
}

/** Each query term reads at most this many of its best entries (per kind): the candidate set's bound. */
export const CANDIDATES = 200;
/** Suggestions read fewer candidates: as-you-type asks on every few keystrokes. */
const SUGGEST_CANDIDATES = 40;
export const MAX_SUGGESTIONS = 8;
/** Concurrent writers of one entity retry this often before the stream redelivers the record. */
const WRITE_ATTEMPTS = 6;

const OffsetCursor = z.strictObject({
  o: z
    .number()
    .int()
    .min(0)
    .max(CANDIDATES * KINDS.length),
});

const viewHash = (view: View) => createHash("sha256").update(JSON.stringify(view)).digest("base64url");

/**
 * Writes one entity's entries so they end up exactly `next` (and its view `view`, or none). The doc item
 * records what the index may hold for the entity: first the union of old and new (so a crash midway
 * leaves nothing unrecorded), then the entries, then `next` alone. Every step is conditional on the
 * version read, so two writers of one entity take turns; a loser starts again from what the winner left.
 */
async function apply(ref: Ref, next: EntryKey[], view: View | undefined): Promise<void> {
  let pending: EntryKey[] = [];
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const doc = await SearchStore.getDoc(ref);
    const previous = new Set([...(doc?.entries ?? []), ...pending]);
    const wanted = new Set(next);
    const hash = view ? viewHash(view) : undefined;
    if (doc && pending.length === 0 && doc.viewHash === hash && sameSet(previous, wanted)) return;
    // Never indexed and nothing to index (a follower's profile, a draft): nothing to write.
    if (!doc && pending.length === 0 && !view && next.length === 0) return;
    const version = doc?.version ?? 0;
    const union = [...new Set([...previous, ...wanted])];
    if (!(await SearchStore.putDoc(ref, { entries: union, version: version + 1 }, doc?.version))) continue;
    // The view goes first when leaving (readers drop results without one) and before entries when joining.
    if (view) {
      if (doc?.viewHash !== hash) await SearchStore.putView(view);
    } else await SearchStore.deleteView(ref);
    await SearchStore.writeEntries(
      ref,
      next.filter((entry) => !previous.has(entry)),
      [...previous].filter((entry) => !wanted.has(entry)),
    );
    const done = { entries: next, version: version + 2, ...(hash ? { viewHash: hash } : {}) };
    if (await SearchStore.putDoc(ref, done, version + 1)) return;
    pending = next;
  }
  throw new Error(`Search index for ${ref.type} ${ref.id} kept changing under this writer`);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

interface Candidate extends Ref {
  score: number;
}

/**
 * Entities of one kind matching every term (AND), with their summed scores. Each term reads its best
 * CANDIDATES entries; the smallest list (the rarest term) gives the candidates, and each must appear in
 * every other term's list. A list cut at the bound may miss an entity that matches further down: that is
 * the documented bound (docs/scale.md), and it only bites when every term matches more than CANDIDATES
 * entities.
 */
async function candidates(type: Kind, terms: string[], bound: number): Promise<Candidate[]> {
  const lists = await Promise.all(terms.map((term) => SearchStore.term(type, term, bound)));
  const scored = lists.map((list) => new Map(list.entries.map((entry) => [entry.id, entry.score])));
  const rarest = scored.reduce((a, b) => (b.size < a.size ? b : a));
  return [...rarest.keys()].flatMap((id) => {
    let score = 0;
    for (const list of scored) {
      const found = list.get(id);
      if (found === undefined) return [];
      score += found;
    }
    return [{ type, id, score }];
  });
}

const byScore = (a: Candidate, b: Candidate) =>
  b.score - a.score || (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function ranked(kinds: readonly Kind[], terms: string[], bound: number): Promise<Candidate[]> {
  const perKind = await Promise.all(kinds.map((kind) => candidates(kind, terms, bound)));
  return perKind.flat().sort(byScore);
}

/** Views of some candidates in their order; a candidate without a view (just removed) is dropped. */
async function withViews(page: Candidate[]): Promise<Result[]> {
  const views = await SearchStore.views(page);
  const byRef = new Map(views.map((view) => [`${view.type}:${view.id}`, view]));
  return page.flatMap((candidate) => {
    const view = byRef.get(`${candidate.type}:${candidate.id}`);
    return view ? [{ ...view, score: candidate.score }] : [];
  });
}

/** The term index kept in the table itself, from the table stream (dynamo/README.md, "Search"). */
export const tableIndex: SearchIndex = {
  async index(doc) {
    const engagement = engagementOf(doc.engagement);
    const entries = [...termsOf(doc.fields)].map(([term, match]) => entryKey(term, match * 32 + engagement));
    await apply(doc, entries, doc.view);
  },

  async remove(ref) {
    await apply(ref, [], undefined);
  },

  async query(input) {
    const query = parseInput(Query, input);
    const terms = queryTerms(query.q);
    const kinds = query.type ? [query.type] : KINDS;
    // The cursor is bound to the query as looked up, so it pages only the list that issued it.
    const binding = `AP233:search:${kinds.join(",")}:${terms.join(" ")}`;
    const offset = Cursor.open(binding, OffsetCursor, query.cursor)?.o ?? 0;
    if (terms.length === 0) return { items: [], nextCursor: null };
    const all = await ranked(kinds, terms, CANDIDATES);
    const end = offset + query.limit;
    return {
      items: await withViews(all.slice(offset, end)),
      nextCursor: end < all.length ? Cursor.seal(binding, { o: end }) : null,
    };
  },

  async suggest(input) {
    const { q } = parseInput(SuggestQuery, input);
    const terms = queryTerms(q);
    if (terms.length === 0) return [];
    const top = (await ranked(KINDS, terms, SUGGEST_CANDIDATES)).slice(0, MAX_SUGGESTIONS);
    return (await withViews(top)).map(({ type, id, title, url }) => ({ type, id, title, url }));
  },
};

/** The backend in use. */
const engine: SearchIndex = tableIndex;

export const query = (input: Query): Promise<ResultPage> => engine.query(input);
export const suggest = (input: SuggestQuery): Promise<Suggestion[]> => engine.suggest(input);

/** Stream consumer: a guide's change (its new image, or none once deleted) re-indexes or removes it. */
export async function onGuideChange(
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
): Promise<void> {
  const guide = Guide.fromImage(newImage);
  const doc = guide ? guideDoc(guide, isMarked(newImage, "hiddenAt")) : undefined;
  if (doc) return engine.index(doc);
  const id = guide?.id ?? Guide.fromImage(oldImage)?.id;
  if (id) await engine.remove({ type: "guide", id });
}

/**
 * Stream consumer for a creator's user or profile item: the creator is read whole (both items) and
 * re-indexed; `suspended` comes from the changed item (suspension marks both in one transaction).
 */
export async function onCreatorChange(
  userId: string,
  image: Record<string, unknown> | undefined,
): Promise<void> {
  let profile: Profile.Info | undefined;
  // A user item says its role: only creators are read whole.
  const maybeCreator = image && (image.type !== "user" || image.role === "creator");
  try {
    profile = maybeCreator ? await Profile.getById(userId) : undefined;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const doc = profile ? creatorDoc(profile, isMarked(image, "suspendedAt")) : undefined;
  if (doc) return engine.index(doc);
  await engine.remove({ type: "creator", id: userId });
}

/** Stream consumer: a catalogue product's change re-indexes it with its brand's name. */
export async function onProductChange(
  newImage: Record<string, unknown> | undefined,
  id: string,
): Promise<void> {
  if (!newImage) return engine.remove({ type: "product", id });
  const product = Brand.Product.parse(newImage);
  const brand = await Brand.getInternal(product.brandId);
  await engine.index(productDoc(product, brand));
}

const BrandImage = z.object({ id: z.string(), name: z.string() });

/**
 * Stream consumer: a brand's rename shows in every product's result (found by the brand's name, which is
 * its snippet). A brand may have thousands of products, so the rename only starts a re-index task
 * (`changeId`, the stream event's id, names it); the task's own stream records walk the catalogue a page at
 * a time (onBrandReindex).
 */
export async function onBrandChange(
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
  changeId: string,
): Promise<void> {
  const before = BrandImage.safeParse(oldImage);
  const after = BrandImage.safeParse(newImage);
  if (!before.success || !after.success || before.data.name === after.data.name) return;
  await SearchStore.startBrandReindex(after.data.id, changeId);
}

/**
 * Stream consumer for a brand's re-index task: one catalogue page (AP47, 100 products) re-indexed with the
 * brand's name as it is now, then the task moves to the next page (or is deleted), which is the record that
 * runs the next page. A consumer call does one page, whatever the catalogue's size; a redelivered page
 * re-indexes the same products (idempotent) and moves nothing.
 */
export async function onBrandReindex(newImage: Record<string, unknown> | undefined): Promise<void> {
  if (!newImage) return;
  const task = BrandReindex.parse(newImage);
  let brand: Brand.Info;
  try {
    brand = await Brand.getInternal(task.brandId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return SearchStore.advanceBrandReindex(task, undefined);
  }
  const page = await Brand.pageProducts(task.brandId, task.cursor);
  for (const product of page.items) await engine.index(productDoc(product, brand));
  await SearchStore.advanceBrandReindex(task, page.nextCursor ?? undefined);
}

export interface BackfillReport {
  guides: number;
  creators: number;
  products: number;
}

/**
 * Indexes everything written before search existed (or after the index was lost): a parallel Scan of the
 * table (AP235, the one Scan, never on a request path), each guide, creator and product re-indexed as its
 * stream consumer would. Idempotent: entities already indexed are left as they are.
 */
export async function backfill(segments = 4): Promise<BackfillReport> {
  const report: BackfillReport = { guides: 0, creators: 0, products: 0 };
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await SearchStore.scanIndexable(segment, segments, start);
        for (const item of page.items) {
          if (item.type === "guide") {
            await onGuideChange(undefined, item);
            report.guides++;
          } else if (item.type === "user" && item.role === "creator") {
            await onCreatorChange(String(item.id), item);
            report.creators++;
          } else if (item.type === "product") {
            await onProductChange(item, String(item.id));
            report.products++;
          }
        }
        start = page.next;
      } while (start);
    }),
  );
  return report;
}
