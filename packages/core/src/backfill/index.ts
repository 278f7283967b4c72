export * as Backfill from "./index";

import { config } from "../config";
/**
 * `npm run scale:backfill`: rebuilds the derived items issue 13 added, which only new writes maintain, from
 * their source items, so a deployment upgraded over existing data shows what live writes would have made:
 *
 * - earnings totals `EARNINGS#<creatorId>` / `CAMPAIGN#<campaignId>#<currency>` (AP220), recomputed from
 *   the creator's conversions and replaced, never added to (see `rebuildTotals` for the race with live ADDs);
 * - the day-keyed payable index `PAYABLE#<day>` (AP150): commissions approved or reversed before it (on the
 *   legacy single `PAYABLE` partition, which the close job and every brand preview reread whole until it is
 *   drained) are filed by day, with their creator's payable marker (AP224) when the day is recent enough;
 * - the hot-guide index `TREND#<guideId>` (AP175) for guides published in the last 30 days;
 * - the creator directory `DIRECTORY#<creatorId>` (AP242) for creators who published before it existed;
 * - the brand's ledger with each creator (AP300, AP301): statements finalized before it existed put on it,
 *   their figures added to the running totals once (statement/index.ts `ledgerHistory`).
 *
 * It walks every creator (a parallel Scan, AP326, a page at a time, checkpointed per segment, AP327), and
 * per creator their conversions (AP321) and published guides (AP12). Every step is idempotent and safe
 * alongside live traffic, so a rerun, or a run resumed after a crash, ends in the same items.
 */
import { ConversionStore, type StoredTotals } from "../conversion/conversion.dynamo";
import type { Info as ConversionInfo } from "../conversion/schema";
import { contribution, emptySums, TOTAL_BUCKETS, type TotalsDelta } from "../conversion/totals";
import { Discovery } from "../discovery";
import { DirectoryRaceError } from "../discovery/discovery.dynamo";
import { Feed } from "../feed";
import { Guide } from "../guide";
import { Statement } from "../statement";
import { Clock } from "../util/clock";
import { CONTENTION, retry, sleep } from "../util/retry";
import { BackfillStore } from "./backfill.dynamo";

/** Scan segments walked in parallel (the search backfill uses the same). */
export const SEGMENTS = 4;
/** Items a Scan page reads (creators are a filtered few of them); a checkpoint follows every page. */
const SCAN_PAGE = 500;
/** Creators rebuilt at once within one segment's page. */
const CREATORS_AT_ONCE = 4;
/** Commissions of one page filed (or markers put) at once. */
const FILINGS_AT_ONCE = 8;
/** Tries at one creator's totals when live commission writes keep moving them (see `rebuildTotals`). */
const TOTALS_ATTEMPTS = 5;
/** Trending keeps a guide's heat this long after it was published (feed.dynamo.ts, its ttl). */
const TREND_DAYS = 30;
const DAY_MS = 86_400_000;

export interface BackfillOptions {
  /**
   * How long to wait between reading a creator's totals and listing their conversions, so every commission
   * written before that read has reached the creator index (gsi2, eventually consistent) when it is listed.
   * Default 1 000 ms in the cloud, 0 against DynamoDB Local (whose indexes are written synchronously).
   */
  settleMs?: number;
  /** Forget the checkpoints and start over (a finished run is started over anyway). */
  fresh?: boolean;
  /** Tests only: called after a creator's totals were read and before their conversions are listed. */
  afterTotalsRead?: (creatorId: string) => Promise<void>;
}

export interface BackfillReport {
  creators: number;
  /** Conversions read (credited to a creator). */
  conversions: number;
  /** Totals items written (replaced or created); unchanged ones are not written. */
  totalsWritten: number;
  /** Commissions filed on the day-keyed payable index (from the legacy partition, or from none). */
  payableFiled: number;
  /** Payable markers looked for, for commissions already filed by day within the markers' 120 days (AP324). */
  markersChecked: number;
  /** Of them, the ones missing and put. */
  markersPut: number;
  /** Guides whose heat was filed or topped up. */
  trends: number;
  /** Creators whose directory entries were refreshed. */
  directory: number;
  /** Statements finalized before the ledger, put on it. */
  ledgered: number;
  /**
   * Creators whose totals, or statements whose ledger entry, kept moving under live writes for every try:
   * rerun them with `--creator`.
   */
  contended: string[];
  /** Whether this run resumed a stopped one. */
  resumed: boolean;
}

const emptyReport = (): BackfillReport => ({
  creators: 0,
  conversions: 0,
  totalsWritten: 0,
  payableFiled: 0,
  markersChecked: 0,
  markersPut: 0,
  trends: 0,
  directory: 0,
  ledgered: 0,
  contended: [],
  resumed: false,
});

const settleOf = (options: BackfillOptions) => options.settleMs ?? (config().dynamoEndpoint ? 0 : 1_000);

/**
 * The whole backfill: every creator, `SEGMENTS` Scan segments in parallel, each resuming at its checkpoint
 * unless the last run finished (or `fresh`).
 */
export async function run(options: BackfillOptions = {}): Promise<BackfillReport> {
  const report = emptyReport();
  const checkpoints = await Promise.all(
    Array.from({ length: SEGMENTS }, (_, segment) => BackfillStore.checkpoint(segment)),
  );
  const resumable =
    !options.fresh &&
    checkpoints.some((checkpoint) => checkpoint && !checkpoint.done && checkpoint.segments === SEGMENTS);
  report.resumed = resumable;
  await Promise.all(
    checkpoints.map(async (checkpoint, segment) => {
      const from = resumable && checkpoint?.segments === SEGMENTS ? checkpoint : undefined;
      if (from?.done) return;
      let start = from?.start;
      let creators = from?.creators ?? 0;
      do {
        const page = await BackfillStore.scanCreators(segment, SEGMENTS, start, SCAN_PAGE);
        for (let at = 0; at < page.creatorIds.length; at += CREATORS_AT_ONCE) {
          await Promise.all(
            page.creatorIds
              .slice(at, at + CREATORS_AT_ONCE)
              .map((creatorId) => creator(creatorId, options, report)),
          );
        }
        creators += page.creatorIds.length;
        start = page.next;
        await BackfillStore.putCheckpoint({
          segment,
          segments: SEGMENTS,
          ...(start ? { start } : {}),
          done: !start,
          creators,
          at: Clock.now().toISOString(),
        });
      } while (start);
    }),
  );
  return report;
}

/** One creator's derived items, rebuilt (`npm run scale:backfill -- --creator <id>` runs just this). */
export async function creator(
  creatorId: string,
  options: BackfillOptions = {},
  report: BackfillReport = emptyReport(),
): Promise<BackfillReport> {
  report.creators++;
  const settled = await rebuildTotals(creatorId, options, report);
  if (!settled) report.contended.push(creatorId);
  await rebuildGuides(creatorId, report);
  const ledger = await Statement.ledgerHistory(creatorId);
  report.ledgered += ledger.ledgered;
  if (ledger.contended.length) report.contended.push(creatorId);
  return report;
}

/**
 * A creator's earnings totals, recomputed from their conversions and written over the stored items.
 *
 * Why replace under a revision rather than add: the backfill cannot know which commissions the stored totals
 * already hold (a conversion written before the totals existed counts for nothing; one changed since counts
 * only that change's difference), so it never adds: it sets each item to the sum over the creator's
 * conversions, which is what the live ADDs sum to from zero. Live writes keep running meanwhile, so the
 * set must not lose a concurrent ADD: every live write adds 1 to the item's `revision` in the same
 * transaction as the conversion change (AP220), and the backfill's put is conditional on the revision it read
 * *before* listing the conversions (AP322). If any commission of that item changed after the read, the put
 * fails and the creator is recomputed (up to `TOTALS_ATTEMPTS` times); if none did, every conversion listed
 * is as it was at the read, so the sum is exact at the moment of the put and live ADDs continue from it.
 * A commission written before the read but not yet on the creator index would be missed: `settleMs` waits
 * out the index's propagation between the read and the listing. Items already equal are not written, so a
 * second run writes nothing. Answers false when live writes kept winning.
 */
async function rebuildTotals(creatorId: string, options: BackfillOptions, report: BackfillReport) {
  for (let attempt = 1; attempt <= TOTALS_ATTEMPTS; attempt++) {
    const stored = await ConversionStore.totalsForRebuild(creatorId);
    const settleMs = settleOf(options);
    if (settleMs > 0) await sleep(settleMs);
    await options.afterTotalsRead?.(creatorId);
    const sums = new Map<string, TotalsDelta>();
    let after: Record<string, unknown> | undefined;
    do {
      const page = await ConversionStore.creditedPage(creatorId, after);
      for (const { conversion } of page.items) add(sums, conversion);
      if (attempt === 1) {
        report.conversions += page.items.length;
        await filePayable(page.items, report);
      }
      after = page.next;
    } while (after);
    let lost = false;
    for (const next of merged(creatorId, stored, sums)) {
      const seen = stored.find((item) => keyOf(item) === keyOf(next));
      if (seen && sameTotals(seen, next)) continue;
      if (await ConversionStore.replaceTotals(next, seen?.revision)) report.totalsWritten++;
      else lost = true;
    }
    if (!lost) return true;
  }
  return false;
}

const keyOf = (item: { campaignId: string; currency: string }) => `${item.campaignId}#${item.currency}`;

/** A conversion's contribution added to the sums of its totals item (totals.ts `contribution`). */
function add(sums: Map<string, TotalsDelta>, conversion: ConversionInfo) {
  const counted = contribution(conversion);
  if (!counted) return;
  const into = sums.get(keyOf(counted));
  if (!into) {
    sums.set(keyOf(counted), counted);
    return;
  }
  for (const bucket of TOTAL_BUCKETS) into.sums[bucket] += counted.sums[bucket];
  // Listed oldest first: the newest conversion's campaign name, as the newest live write would have set.
  into.campaignName = counted.campaignName;
}

/**
 * What each totals item must hold: the sums of its conversions; zero for a stored item no conversion counts
 * in any more. A stored item keeps its campaign name (the last live write set it).
 */
function merged(creatorId: string, stored: StoredTotals[], sums: Map<string, TotalsDelta>): TotalsDelta[] {
  const out = new Map(sums);
  for (const item of stored) {
    const computed = out.get(keyOf(item));
    out.set(keyOf(item), {
      creatorId,
      campaignId: item.campaignId,
      currency: item.currency,
      campaignName: item.campaignName,
      sums: computed?.sums ?? emptySums(),
    });
  }
  return [...out.values()];
}

const sameTotals = (stored: StoredTotals, next: TotalsDelta) =>
  stored.campaignName === next.campaignName &&
  TOTAL_BUCKETS.every((bucket) => stored[bucket] === next.sums[bucket]);

/**
 * Files a page of conversions on the day-keyed payable index where they are missing from it, as a live write
 * would have: each approved or reversed commission belongs under `PAYABLE#<day>` with a marker in its
 * creator's partition (AP224). Two kinds are off it:
 * - on the legacy `PAYABLE` partition (or on no index): filed under the day of its last change (its newest
 *   event) when statements owe it nothing any more, so the close job, whose checkpoint is past that day,
 *   never reads it again; and under today when they still owe it something, because the job's checkpoint
 *   never passes today (it trails now by an hour), so its next run reads it, as it would a commission
 *   approved today. The claim read decides. A wrong "owed" only files it today, where the job finds nothing
 *   to do; a commission settled by the claim can only become owed again through a conversion write (a
 *   refund, or the return to held that follows a dispute), which either fails this filing's version
 *   condition (AP323) or, coming after it, files the commission again by its own day.
 * - filed by day before markers existed: the marker is put if missing and the day is within the markers'
 *   120 days (AP324).
 */
async function filePayable(
  items: { conversion: ConversionInfo; gsi3pk: string | undefined }[],
  report: BackfillReport,
) {
  const now = Clock.now();
  const today = now.toISOString().slice(0, 10);
  const payable = items.filter(({ conversion }) => {
    const status = conversion.commission?.status;
    return status === "approved" || status === "reversed";
  });
  const unfiled = payable.filter(({ gsi3pk }) => !gsi3pk?.startsWith("PAYABLE#"));
  const owed = await Statement.stillOwed(unfiled.map(({ conversion }) => conversion));
  await pool(unfiled, FILINGS_AT_ONCE, async ({ conversion, gsi3pk }) => {
    const lastChange = owed.has(conversion.id) ? undefined : await ConversionStore.lastEventAt(conversion.id);
    const day = lastChange?.slice(0, 10) ?? today;
    const marker = ConversionStore.markerLasts(day, now);
    if (await ConversionStore.fileOnPayableDay(conversion, gsi3pk, day, marker)) report.payableFiled++;
  });
  const filed = payable.flatMap(({ conversion, gsi3pk }) => {
    const day = gsi3pk?.startsWith("PAYABLE#") ? gsi3pk.slice("PAYABLE#".length) : undefined;
    return day && conversion.creatorId && ConversionStore.markerLasts(day, now)
      ? [{ creatorId: conversion.creatorId, day, conversionId: conversion.id }]
      : [];
  });
  report.markersChecked += filed.length;
  const missing = await ConversionStore.missingPayableMarkers(filed);
  await pool(missing, FILINGS_AT_ONCE, async ({ creatorId, day, conversionId }) => {
    await ConversionStore.putPayableMarker(creatorId, day, conversionId);
    report.markersPut++;
  });
}

/** Runs `work` over `items`, at most `width` at once. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/**
 * The creator's published guides (AP12, newest first, a page at a time): each one published in the last
 * `TREND_DAYS` gets its heat filed or topped up exactly as the stream would on its next like (its publish
 * point at its publish time, likes and saves credited up to the counts, Feed.onGuideEngagement); then the
 * creator's per-category counts of public guides (Discovery.countPublicGuide) and directory entries from
 * their newest guide and the tags of all of them (Discovery.refreshCreator).
 * Both writers are idempotent and conditional on what they read, so they can race the stream.
 */
async function rebuildGuides(creatorId: string, report: BackfillReport) {
  const since = Clock.nowMs() - TREND_DAYS * DAY_MS;
  const tags = new Set<string>();
  let newest: Guide.Info | undefined;
  let before: string | undefined;
  do {
    const page = await Guide.publishedPositions(creatorId, 100, before);
    const guides = await Guide.stillPublished(page.entries);
    for (const guide of guides) {
      if (!guide.publishedAt) continue;
      newest ??= guide;
      for (const tag of guide.tags) tags.add(tag);
      await Discovery.countPublicGuide(guide);
      if (Date.parse(guide.publishedAt) >= since) {
        await Feed.onGuideEngagement(undefined, guide);
        report.trends++;
      }
    }
    before = page.last;
  } while (before);
  const latest = newest;
  if (!latest?.publishedAt) {
    // None public (any more): counted as none, the directory lets them go (it keeps what was never counted).
    await retry(() => Discovery.countNoPublicGuide(creatorId), {
      ...CONTENTION,
      attempts: 5,
      retryable: (error) => error instanceof DirectoryRaceError,
    });
    return;
  }
  const publishedAt = latest.publishedAt;
  await retry(
    () => Discovery.refreshCreator(creatorId, { creator: latest.creator, publishedAt, tags: [...tags] }),
    { ...CONTENTION, attempts: 5, retryable: (error) => error instanceof DirectoryRaceError },
  );
  report.directory++;
}
