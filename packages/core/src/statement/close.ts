import { Brand } from "../brand";
import { Failure } from "../failure";
import { User } from "../user";
import { Clock } from "../util/clock";
import { createId } from "../util/id";
import * as Compose from "./compose";
import type { Header, Payable } from "./schema";
import { type ClaimedEntry, type PayableRead, StatementStore } from "./statement.dynamo";

/**
 * The closing job. It reads only the payable index's days since its checkpoint (AP150, AP151), groups what
 * it finds by (brand, creator, currency), and gives each group's newest ended period one statement, written
 * in three steps that are each all-or-nothing and each safe to repeat:
 *
 * 1. open: the period claim and a `closing` header (AP154); a rerun finds the claim and resumes that header;
 * 2. batches of at most 25 entries (AP153): each entry with its commission's claim (conditional on what the
 *    claim settled as read) and the header's counts (conditional on it still closing), so a crash between
 *    batches leaves a resumable closing statement, never an entry without its claim nor a commission on two
 *    statements;
 * 3. finalize last (AP155): the header's totals, status and history, and the carried balance.
 *
 * Work stops when the time budget (or `maxBatches`) is spent; what was left, with commissions that sit in
 * a failing group, holds the checkpoint back so the next run reads it again. Commissions that wait for their
 * period to end do not: the checkpoint remembers the oldest day holding one and the soonest period end, and
 * only the first run after that end reads back to them. Hourly runs within a period read the days since the
 * last run, not the whole period again.
 */

/** Entries per transaction: 2 writes each (entry, claim) plus the header's counts: 51 of DynamoDB's 100. */
export const BATCH_SIZE = 25;
/** How long a run takes new work; the cloud function's timeout (schedule.ts) leaves room for one more batch. */
export const BUDGET_MS = 90_000;
/** The checkpoint trails now by this much, so an index write still propagating is read by the next run. */
const CHECKPOINT_MARGIN_MS = 3_600_000;
/** A first run (no checkpoint yet) reads this many days back: three monthly periods. */
const FIRST_RUN_DAYS = 92;
const DAY_MS = 86_400_000;

export interface CloseOptions {
  /** Stop taking new groups and batches after this long (default `BUDGET_MS`). */
  budgetMs?: number;
  /** Stop after this many batches (tests and the bench cut a run short with it). */
  maxBatches?: number;
}

/** What a run did; the scale bench reads it. `complete` is false when the budget stopped it early. */
export interface CloseReport {
  /** Payable index entries read (the job's cost grows with this, never with history). */
  itemsRead: number;
  /** (brand, creator, currency) groups it worked on. */
  groups: number;
  /** Statements it finalized. */
  statements: number;
  /** Lines and adjustments it wrote. */
  lines: number;
  /** Commissions it read and left for the next run (cut short, or in a failing group). */
  unsettled: number;
  /** Commissions it read that wait for their period to end: read again only once it has. */
  waiting: number;
  complete: boolean;
  /** The checkpoint it left: the first payable day the next run reads. */
  checkpoint: string;
  ms: number;
}

interface Budget {
  spent(): boolean;
  take(): void;
  stopped: boolean;
}

function budgetOf(options: CloseOptions, started: number): Budget {
  let batchesLeft = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const budget: Budget = {
    stopped: false,
    spent() {
      const spent = batchesLeft <= 0 || performance.now() - started > (options.budgetMs ?? BUDGET_MS);
      if (spent) budget.stopped = true;
      return spent;
    },
    take() {
      batchesLeft--;
    },
  };
  return budget;
}

export async function close(options: CloseOptions = {}): Promise<CloseReport> {
  const started = performance.now();
  const budget = budgetOf(options, started);
  const now = Clock.now();
  const run = await Failure.startJob("close-statements");
  const checkpoint = await StatementStore.getCheckpoint();
  const readFrom = checkpoint?.day ?? Compose.dayOf(new Date(now.getTime() - FIRST_RUN_DAYS * DAY_MS));
  const waiting = checkpoint?.waiting;
  // A period has ended since they started waiting: read back to them (the whole reread, once a period).
  const woken = waiting !== undefined && waiting.wakeAt <= now.toISOString();
  const from = woken && waiting.from < readFrom ? waiting.from : readFrom;
  const days = [
    ...(checkpoint?.legacyDrained ? [] : ["legacy"]),
    ...Compose.daysBetween(from, Compose.dayOf(now)),
  ];
  const reads: PayableRead[] = [];
  for (const day of days) {
    const { read, unreadable } = await StatementStore.listPayable(day);
    reads.push(...read);
    for (const { id, error } of unreadable) await run.fail(`conversion:${id}`, error);
  }
  const dayOf = new Map<string, string>();
  for (const { payable, day } of reads) dayOf.set(payable.id, day);

  const report = { groups: 0, statements: 0, lines: 0 };
  const unsettled = new Set<string>();
  const waits = new Set<string>();
  // One (brand, creator, currency) at a time: a group that fails is counted and parked, never blocking others.
  for (const group of Compose.groupsOf(reads.map((read) => read.payable))) {
    if (budget.spent()) {
      for (const payable of group.items) unsettled.add(payable.id);
      continue;
    }
    report.groups++;
    const outcome = await run.item(group.key, async () => {
      const result = await closeGroup(group.items, now, budget);
      report.lines += result.entries;
      if (result.finalized) report.statements++;
      for (const id of result.unsettled) unsettled.add(id);
      for (const id of result.waiting) waits.add(id);
    });
    if (outcome !== "done") for (const payable of group.items) unsettled.add(payable.id);
  }

  for (const id of unsettled) waits.delete(id);
  const daysOf = (ids: Iterable<string>) => [...ids].flatMap((id) => dayOf.get(id) ?? []);
  const unsettledDays = daysOf(unsettled);
  const waitingDays = daysOf(waits);
  const next = {
    day: Compose.nextCheckpoint(
      unsettledDays.filter((day) => day !== "legacy"),
      Compose.dayOf(new Date(now.getTime() - CHECKPOINT_MARGIN_MS)),
    ),
    legacyDrained:
      Boolean(checkpoint?.legacyDrained) || ![...unsettledDays, ...waitingDays].includes("legacy"),
    waiting: nextWaiting(woken ? undefined : waiting, waitingDays, now),
  };
  // Lost to a concurrent run: its checkpoint stands, and this run's unsettled items are read again either way.
  await StatementStore.putCheckpoint(checkpoint, next);
  return {
    itemsRead: reads.length,
    ...report,
    unsettled: unsettled.size,
    waiting: waits.size,
    complete: !budget.stopped,
    checkpoint: next.day,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * The checkpoint's waiting commissions after a run: those it found waiting, with those still waiting from
 * before (`kept`, when this run did not read back to them). Woken at the soonest period end after now.
 */
function nextWaiting(
  kept: { from: string; wakeAt: string } | undefined,
  waitingDays: string[],
  now: Date,
): { from: string; wakeAt: string } | undefined {
  const days = waitingDays.filter((day) => day !== "legacy");
  if (kept) days.push(kept.from);
  if (!days.length) return undefined;
  return {
    from: days.reduce((oldest, day) => (day < oldest ? day : oldest)),
    wakeAt: kept?.wakeAt ?? Compose.nextPeriodEnd(now).toISOString(),
  };
}

interface GroupResult {
  /** Conversions of the group this run did not settle and must read again next run (cut short, failed). */
  unsettled: string[];
  /** Conversions that wait for their period to end (or, their period closed, for the next one). */
  waiting: string[];
  entries: number;
  finalized: boolean;
}

/** One group's statement for its newest ended period: open or resume it, write its batches, finalize it. */
async function closeGroup(items: Payable[], now: Date, budget: Budget): Promise<GroupResult> {
  const first = items[0];
  const result: GroupResult = { unsettled: [], waiting: [], entries: 0, finalized: false };
  if (!first?.creatorId || !first.commission) return result;
  const { brandId, creatorId } = first;
  const currency = first.commission.amount.currency;
  const settings = await StatementStore.getSettings(brandId);
  const period = Compose.lastEnded(settings.period, now);
  const start = period.start.toISOString();
  const claims = await StatementStore.getClaims(items.flatMap((item) => item.commission?.id ?? []));
  const due: { payable: Payable; decision: { kind: "line" | "adjustment"; amount: number } }[] = [];
  for (const payable of items) {
    const decision = Compose.decide(
      payable,
      claims.get(payable.commission?.id ?? "")?.settled ?? 0,
      period.end,
    );
    if (decision.kind === "wait") result.waiting.push(payable.id);
    if (decision.kind === "line" || decision.kind === "adjustment") due.push({ payable, decision });
  }
  const leaveAll = () => {
    result.unsettled = items.map((item) => item.id);
    return result;
  };

  const periodClaim = await StatementStore.getPeriodClaim(brandId, creatorId, currency, start);
  let header = periodClaim ? await StatementStore.get(periodClaim.statementId) : undefined;
  if (header && header.status !== "closing") {
    // The period is closed: what is still due lands on the next period's statement.
    result.waiting.push(...due.map(({ payable }) => payable.id));
    return result;
  }
  if (!header) {
    if (due.length === 0) return result;
    const balance = await StatementStore.getBalance(brandId, creatorId, currency);
    if (balance && balance.lastPeriodStart >= start) return leaveAll();
    header = await newHeader({ ...first, creatorId }, currency, settings.period, period);
    if (!(await StatementStore.open(header))) return leaveAll();
  }

  const statementId = header.id;
  const paidEarlier = new Map<string, boolean>();
  const claimed: ClaimedEntry[] = [];
  for (const { payable, decision } of due) {
    const claim = claims.get(payable.commission?.id ?? "");
    let paid = false;
    if (decision.kind === "adjustment" && claim) {
      if (!paidEarlier.has(claim.statementId))
        paidEarlier.set(claim.statementId, (await StatementStore.get(claim.statementId))?.status === "paid");
      paid = paidEarlier.get(claim.statementId) ?? false;
    }
    claimed.push({
      entry: Compose.entryOf(payable, decision, createId("stl"), paid),
      expected: claim?.settled,
    });
  }
  for (const batch of Compose.batches(claimed, BATCH_SIZE)) {
    if (budget.spent()) return leaveAll();
    budget.take();
    if (!(await StatementStore.writeBatch(statementId, batch))) return leaveAll();
    result.entries += batch.length;
  }

  const written = await StatementStore.get(statementId);
  if (written?.status !== "closing") return leaveAll();
  const balance = await StatementStore.getBalance(brandId, creatorId, currency);
  if (balance && balance.lastPeriodStart >= start) return leaveAll();
  const carriedIn = balance?.carry ?? 0;
  const figures = Compose.totals(carriedIn, written.counts, settings);
  result.finalized = await StatementStore.finalize(
    {
      ...written,
      counts: await withSplit(written),
      ledgered: true,
      carriedIn,
      status: figures.status,
      total: figures.total,
      payable: figures.payable,
      carriedOut: figures.carriedOut,
      events: [Compose.closingEvent(figures, settings, now)],
      version: 1,
    },
    balance,
  );
  // Not finalized (another run or a dispute moved something): the next run resumes it.
  return result.finalized ? result : leaveAll();
}

/**
 * The header's counts with reversals and clawbacks apart. A statement opened before they were kept has
 * them only for the batches written since: once, when it is finalized, its entries are read a page at a time
 * to complete them (a job's read, never a request's).
 */
export async function withSplit(header: Header): Promise<Header["counts"]> {
  const { counts } = header;
  if ((counts.reversalsTotal ?? 0) + (counts.clawbacksTotal ?? 0) === counts.adjustmentsTotal)
    return {
      ...counts,
      reversalsTotal: counts.reversalsTotal ?? 0,
      clawbacksTotal: counts.clawbacksTotal ?? 0,
    };
  const split = { reversalsTotal: 0, clawbacksTotal: 0 };
  let cursor: string | undefined;
  do {
    const page = await StatementStore.listEntries(header.id, cursor, Compose.LINES_PAGE);
    const found = Compose.countsOf(page.items);
    split.reversalsTotal += found.reversalsTotal;
    split.clawbacksTotal += found.clawbacksTotal;
    cursor = page.nextCursor;
  } while (cursor);
  return { ...counts, ...split };
}

async function newHeader(
  first: Payable & { creatorId: string },
  currency: string,
  kind: Header["period"]["kind"],
  period: { start: Date; end: Date },
): Promise<Header> {
  const creator = await User.get(first.creatorId);
  const brand = await Brand.getInternal(first.brandId);
  return {
    id: createId("stm"),
    brandId: first.brandId,
    creatorId: first.creatorId,
    creator: { handle: creator.handle },
    brand: { name: brand.name },
    period: { start: period.start.toISOString(), end: period.end.toISOString(), kind },
    currency,
    status: "closing",
    counts: Compose.emptyCounts(),
    carriedIn: 0,
    total: 0,
    payable: 0,
    carriedOut: 0,
    events: [],
    version: 0,
  };
}
