import { format } from "../util/money";
import {
  type Counts,
  type Entry,
  type Payable,
  PeriodKind,
  type Settings,
  type StatementEvent,
  type StoredStatus,
} from "./schema";

/**
 * The statement decisions, with no I/O: which period a date falls in, what a payable commission owes a
 * statement now, how commissions group into statements, how entries split into bounded batches, and what a
 * statement's totals make of it (closed, or carried forward below the minimum). The closing job and the
 * upcoming previews both decide here, so a preview is what the job will write if nothing changes.
 */

const DAY_MS = 86_400_000;

/** Entries a statement answers in one page (the statement itself, and `GET /statements/{id}/lines`). */
export const LINES_PAGE = 100;

/** The period containing `at` (UTC): a calendar month, or a week starting Monday 00:00. */
export function periodOf(kind: PeriodKind, at: Date): { start: Date; end: Date } {
  if (kind === "monthly") {
    const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
    return { start, end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)) };
  }
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const start = new Date(midnight - ((at.getUTCDay() + 6) % 7) * DAY_MS);
  return { start, end: new Date(start.getTime() + 7 * DAY_MS) };
}

/** The newest period that has ended by `now`. */
export function lastEnded(kind: PeriodKind, now: Date): { start: Date; end: Date } {
  const current = periodOf(kind, now);
  return periodOf(kind, new Date(current.start.getTime() - 1));
}

/**
 * When a commission that waits now may be due: the soonest end of a period containing `now`, over every
 * kind of period a brand can choose (so a brand that changes its period is never read late).
 */
export function nextPeriodEnd(now: Date): Date {
  return new Date(Math.min(...PeriodKind.options.map((kind) => periodOf(kind, now).end.getTime())));
}

/** The UTC day of an instant, `yyyy-mm-dd`: the payable index's bucket. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Every UTC day from `from` to `to`, both included, oldest first (none when `from` is after `to`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS)
    days.push(dayOf(new Date(at)));
  return days;
}

/** What the statements owe a commission now: its amount while approved, nothing once reversed or rejected. */
export function target(payable: Payable, settled: number): number {
  const status = payable.commission?.status;
  if (status === "approved") return payable.commission?.amount.amount ?? 0;
  if (status === "reversed" || status === "rejected") return 0;
  return settled;
}

/**
 * What one commission owes a statement for the period ending at `periodEnd`, given what statements already
 * carry of it (`settled`): nothing; a line (its new amount, when its hold ended before the period did); an
 * adjustment (a refund after it was on a statement); or `wait` (approved, but its hold ended in a later
 * period: a later statement takes it).
 */
export type Decision =
  | { kind: "none" }
  | { kind: "wait" }
  | { kind: "line"; amount: number }
  | { kind: "adjustment"; amount: number };

export function decide(payable: Payable, settled: number, periodEnd: Date): Decision {
  const commission = payable.commission;
  if (!commission) return { kind: "none" };
  const delta = target(payable, settled) - settled;
  if (delta === 0) return { kind: "none" };
  if (delta < 0) return { kind: "adjustment", amount: delta };
  // A commission belongs to the period its hold ended in (approval follows it); later ones wait.
  if (commission.holdUntil >= periodEnd.toISOString()) return { kind: "wait" };
  return { kind: "line", amount: delta };
}

/** The statement entry for a decided line or adjustment; `paidEarlier` says whether the earlier statement was paid. */
export function entryOf(
  payable: Payable,
  decision: { kind: "line" | "adjustment"; amount: number },
  id: string,
  paidEarlier: boolean,
): Entry {
  const commission = payable.commission;
  if (!commission) throw new Error("entryOf needs a commission");
  const base = {
    id,
    conversionId: payable.id,
    commissionId: commission.id,
    orderId: payable.orderId,
    amount: decision.amount,
    receiptPath: `/api/v1/conversions/${payable.id}`,
  };
  if (decision.kind === "line") return { ...base, kind: "line" };
  return {
    ...base,
    kind: paidEarlier ? "clawback" : "reversal",
    reason:
      commission.status === "reversed" || commission.status === "rejected"
        ? `Order ${payable.orderId} fully refunded`
        : `Order ${payable.orderId} partly refunded: commission now ${format(commission.amount)}`,
  };
}

/** The unit a statement covers: (brand, creator, currency). */
export function groupKey(payable: Payable): string | undefined {
  const commission = payable.commission;
  if (!commission || !payable.creatorId) return undefined;
  return `${payable.brandId}#${payable.creatorId}#${commission.amount.currency}`;
}

/**
 * Payable commissions by (brand, creator, currency), each group oldest conversion first (ids sort by time),
 * the groups in key order: one commission read twice (two buckets) counts once.
 */
export function groupsOf<T extends Payable>(payables: Iterable<T>): { key: string; items: T[] }[] {
  const groups = new Map<string, Map<string, T>>();
  for (const payable of payables) {
    const key = groupKey(payable);
    if (!key) continue;
    const group = groups.get(key) ?? new Map<string, T>();
    groups.set(key, group);
    group.set(payable.id, payable);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, items]) => ({ key, items: [...items.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) }));
}

/** `items` in consecutive batches of at most `size`. */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The counts and sums of a list of entries (the header keeps these as entries are written). */
export function countsOf(entries: Entry[]): Required<Counts> {
  const counts = emptyCounts();
  for (const entry of entries) {
    if (entry.disputed) counts.disputed++;
    else if (entry.kind === "line") {
      counts.lines++;
      counts.linesTotal += entry.amount;
    } else {
      counts.adjustments++;
      counts.adjustmentsTotal += entry.amount;
      if (entry.kind === "reversal") counts.reversalsTotal += entry.amount;
      else counts.clawbacksTotal += entry.amount;
    }
  }
  return counts;
}

/** A statement with no entries yet. */
export function emptyCounts(): Required<Counts> {
  return {
    lines: 0,
    adjustments: 0,
    disputed: 0,
    linesTotal: 0,
    adjustmentsTotal: 0,
    reversalsTotal: 0,
    clawbacksTotal: 0,
  };
}

/**
 * A statement's figures from its carried-in balance and its entries' sums: the total, and whether it
 * reaches the minimum (closed, payable) or carries forward (below it, or not positive).
 */
export function totals(
  carriedIn: number,
  counts: Pick<Counts, "linesTotal" | "adjustmentsTotal">,
  settings: Pick<Settings, "minimumPayout">,
): {
  status: Extract<StoredStatus, "closed" | "carried">;
  total: number;
  payable: number;
  carriedOut: number;
} {
  const total = carriedIn + counts.linesTotal + counts.adjustmentsTotal;
  const payableNow = total >= settings.minimumPayout && total > 0;
  return {
    status: payableNow ? "closed" : "carried",
    total,
    payable: payableNow ? total : 0,
    carriedOut: payableNow ? 0 : total,
  };
}

/** The history entry a statement gets when it closes (or carries forward). */
export function closingEvent(
  figures: ReturnType<typeof totals>,
  settings: Pick<Settings, "minimumPayout">,
  at: Date,
): StatementEvent {
  return {
    kind: figures.status,
    by: "system",
    at: at.toISOString(),
    detail:
      figures.status === "closed"
        ? undefined
        : `Total ${figures.total} is below the minimum payout of ${settings.minimumPayout}; carried forward`,
  };
}

/**
 * Where the next run starts reading the payable index: the oldest day still holding a commission this run
 * left unsettled (in a group it did not reach or that failed), and never later than `safeDay` (a margin
 * behind now, so an index write still propagating when this run read is read again). Commissions waiting
 * for their period to end are not held here: the checkpoint's `waiting` brings them back once it has.
 */
export function nextCheckpoint(unsettledDays: Iterable<string>, safeDay: string): string {
  let day = safeDay;
  for (const unsettled of unsettledDays) if (unsettled < day) day = unsettled;
  return day;
}
