export * as Statement from "./index";

import * as z from "zod";
import { Brand } from "../brand";
import { Conversion } from "../conversion";
import type { Page } from "../dynamo";
import { Failure } from "../failure";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { type Cell, csvStream, csvText } from "../util/csv";
import { DATE_OUT_OF_RANGE, dateTimeWithin } from "../util/date-window";
import { AppError, NotFoundError, ValidationError } from "../util/errors";
import { createId } from "../util/id";
import { format, toDecimal } from "../util/money";
import { type Claim, StatementStore } from "./statement.dynamo";

export const PeriodKind = z.enum(["monthly", "weekly"]);
export type PeriodKind = z.infer<typeof PeriodKind>;

/** A brand's payout rules; a brand that never set them gets these defaults. */
export const Settings = z.object({
  period: PeriodKind.default("monthly"),
  /** In minor units of the statement's currency: a total below it carries forward. */
  minimumPayout: z.number().int().min(0).max(100_000_000).default(1000),
});
export type Settings = z.infer<typeof Settings>;

/** `open` is the upcoming statement of the running period: computed on read, never stored. */
export const Status = z.enum(["open", "closed", "carried", "approved", "paid"]);
export type Status = z.infer<typeof Status>;

export const Line = z.object({
  id: z.string(),
  conversionId: z.string(),
  commissionId: z.string(),
  orderId: z.string(),
  amount: z.number().int(),
  /** The conversion's receipt, for the creator and the brand. */
  receiptPath: z.string(),
});
export type Line = z.infer<typeof Line>;

export const Adjustment = z.object({
  id: z.string(),
  conversionId: z.string(),
  commissionId: z.string(),
  orderId: z.string(),
  /** `clawback` when the commission was on a statement already paid, `reversal` when not yet paid. */
  kind: z.enum(["reversal", "clawback"]),
  /** Negative: what a refund took back from an amount already on an earlier statement. */
  amount: z.number().int(),
  reason: z.string(),
});
export type Adjustment = z.infer<typeof Adjustment>;

export const StatementEvent = z.object({
  kind: z.enum(["closed", "carried", "disputed", "approved", "paid"]),
  by: z.string(),
  at: z.string(),
  detail: z.string().optional(),
});

export const Info = z.object({
  id: z.string(),
  brandId: z.string(),
  creatorId: z.string(),
  creator: z.object({ handle: z.string() }),
  /** The brand's name when the statement was made, for the creator (absent on statements made before it was kept). */
  brand: z.object({ name: z.string() }).optional(),
  period: z.object({ start: z.string(), end: z.string(), kind: PeriodKind }),
  currency: z.string(),
  status: Status,
  lines: z.array(Line),
  adjustments: z.array(Adjustment),
  disputed: z.array(Line.extend({ reason: z.string() })),
  carriedIn: z.number().int(),
  total: z.number().int(),
  /** What the brand pays: the total when it reaches the minimum, else 0 (the total carries out). */
  payable: z.number().int(),
  carriedOut: z.number().int(),
  paid: z.object({ reference: z.string(), paidAt: z.string() }).optional(),
  events: z.array(StatementEvent),
  version: z.number().int(),
});
export type Info = z.infer<typeof Info>;

export class StatementNotFoundError extends NotFoundError {
  constructor() {
    super("Statement", "statement_not_found");
  }
}

export class StatementStateError extends AppError {
  constructor(action: string, status: string) {
    super("conflict", "statement_state", `A ${status} statement cannot be ${action}`);
  }
}

export class StatementOpenError extends AppError {
  constructor(action: string) {
    super(
      "conflict",
      "statement_open",
      `An upcoming statement cannot be ${action}: its period has not closed yet`,
    );
  }
}

export class LineNotFoundError extends NotFoundError {
  constructor() {
    super("Statement line", "line_not_found");
  }
}

const DAY_MS = 86_400_000;

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

export async function getSettings(actor: Actor, brandId: string): Promise<Settings> {
  await Brand.requireMember(actor, brandId, "viewer");
  return StatementStore.getSettings(brandId);
}

/** Both fields required on a write; the bounds are the stored settings' own, so a write can never store what a read refuses. */
export const SettingsInput = z.object({
  period: PeriodKind,
  minimumPayout: Settings.shape.minimumPayout.unwrap(),
});

export async function putSettings(actor: Actor, brandId: string, input: Settings): Promise<Settings> {
  await Brand.requireMember(actor, brandId, "admin");
  const settings = Settings.parse(input);
  await StatementStore.putSettings(brandId, settings);
  return settings;
}

/** What the statements owe a commission now: its amount while approved, nothing once reversed. */
function target(conversion: Conversion.Info, settled: number): number {
  const status = conversion.commission?.status;
  if (status === "approved") return conversion.commission?.amount.amount ?? 0;
  if (status === "reversed" || status === "rejected") return 0;
  return settled;
}

/** DynamoDB allows 100 writes a transaction; three are the period claim, statement and balance. */
const MAX_ENTRIES = 96;

/** Payable commissions by (brand, creator, currency): the unit a statement covers. */
function groupsOf(conversions: Conversion.Info[]): Conversion.Info[][] {
  const groups = new Map<string, Conversion.Info[]>();
  for (const conversion of conversions) {
    const commission = conversion.commission;
    if (!commission || !conversion.creatorId) continue;
    const key = `${conversion.brandId}#${conversion.creatorId}#${commission.amount.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), conversion]);
  }
  return [...groups.values()];
}

interface Entries {
  lines: Line[];
  adjustments: Adjustment[];
  claimWrites: { claim: Claim; expected: number | undefined }[];
}

/**
 * What a statement for a period ending at `periodEnd` settles: each commission's change since it was last
 * settled becomes a line (new amount, when its hold ended before the period did) or an adjustment (a
 * refund after it was on a statement). Shared by the closing job and the upcoming preview, so the preview
 * is exactly what the job will write if nothing changes before the period ends.
 */
async function entriesOf(
  statementId: string,
  conversions: Conversion.Info[],
  claims: Map<string, Claim>,
  periodEnd: Date,
  entryId: (commissionId: string) => string,
): Promise<Entries> {
  const entries: Entries = { lines: [], adjustments: [], claimWrites: [] };
  for (const conversion of conversions) {
    const commission = conversion.commission;
    if (!commission || entries.lines.length + entries.adjustments.length >= MAX_ENTRIES) continue;
    const claim = claims.get(commission.id);
    const settled = claim?.settled ?? 0;
    const delta = target(conversion, settled) - settled;
    // A commission belongs to the period its hold ended in (approval follows it); later ones wait.
    if (delta === 0 || (delta > 0 && commission.holdUntil >= periodEnd.toISOString())) continue;
    if (delta > 0) {
      entries.lines.push({
        id: entryId(commission.id),
        conversionId: conversion.id,
        commissionId: commission.id,
        orderId: conversion.orderId,
        amount: delta,
        receiptPath: `/api/v1/conversions/${conversion.id}`,
      });
    } else {
      const earlier = claim?.statementId ? await StatementStore.get(claim.statementId) : undefined;
      const paid = earlier?.status === "paid";
      entries.adjustments.push({
        id: entryId(commission.id),
        conversionId: conversion.id,
        commissionId: commission.id,
        orderId: conversion.orderId,
        kind: paid ? "clawback" : "reversal",
        amount: delta,
        reason:
          commission.status === "reversed"
            ? `Order ${conversion.orderId} fully refunded`
            : `Order ${conversion.orderId} partly refunded: commission now ${format(commission.amount)}`,
      });
    }
    entries.claimWrites.push({
      claim: { commissionId: commission.id, settled: settled + delta, statementId },
      expected: claim?.settled,
    });
  }
  return entries;
}

/** A statement from its entries: the total, and whether it reaches the minimum or carries forward. */
function compose(input: {
  id: string;
  brandId: string;
  creatorId: string;
  handle: string;
  brandName: string;
  currency: string;
  period: { start: Date; end: Date };
  settings: Settings;
  carriedIn: number;
  entries: Entries;
  /** `open` for the upcoming preview; otherwise closed or carried as the total decides. */
  open: boolean;
  now: Date;
}): Info {
  const { lines, adjustments } = input.entries;
  const total =
    input.carriedIn +
    lines.reduce((sum, line) => sum + line.amount, 0) +
    adjustments.reduce((sum, entry) => sum + entry.amount, 0);
  const payableNow = total >= input.settings.minimumPayout && total > 0;
  return {
    id: input.id,
    brandId: input.brandId,
    creatorId: input.creatorId,
    creator: { handle: input.handle },
    brand: { name: input.brandName },
    period: {
      start: input.period.start.toISOString(),
      end: input.period.end.toISOString(),
      kind: input.settings.period,
    },
    currency: input.currency,
    status: input.open ? "open" : payableNow ? "closed" : "carried",
    lines,
    adjustments,
    disputed: [],
    carriedIn: input.carriedIn,
    total,
    payable: payableNow ? total : 0,
    carriedOut: payableNow ? 0 : total,
    events: input.open
      ? []
      : [
          {
            kind: payableNow ? "closed" : "carried",
            by: "system",
            at: input.now.toISOString(),
            detail: payableNow
              ? undefined
              : `Total ${total} is below the minimum payout of ${input.settings.minimumPayout}; carried forward`,
          },
        ],
    version: input.open ? 0 : 1,
  };
}

/**
 * The closing job. For every (brand, creator, currency) with payable commissions, the newest period that
 * has ended gets one statement (see `entriesOf`). Each commission's claim, the statement, its period claim
 * and the carried balance are written in one transaction, all conditional on what was read, so concurrent
 * runs agree and a rerun changes nothing. Returns the statements written.
 */
export async function close(): Promise<number> {
  const now = Clock.now();
  const run = await Failure.startJob("close-statements");
  const payable = await StatementStore.listPayable();
  for (const { id, error } of payable.unreadable) await run.fail(`conversion:${id}`, error);
  let written = 0;
  // One (brand, creator, currency) at a time: a group that fails is counted and parked, never blocking others.
  for (const conversions of groupsOf(payable.conversions)) {
    const first = conversions[0];
    if (!first?.creatorId || !first.commission) continue;
    const { brandId, creatorId } = first;
    const currency = first.commission.amount.currency;
    await run.item(`${brandId}#${creatorId}#${currency}`, async () => {
      if (await closeGroup(brandId, creatorId, currency, conversions, now)) written++;
    });
  }
  return written;
}

async function closeGroup(
  brandId: string,
  creatorId: string,
  currency: string,
  conversions: Conversion.Info[],
  now: Date,
): Promise<boolean> {
  const settings = await StatementStore.getSettings(brandId);
  const period = lastEnded(settings.period, now);
  const start = period.start.toISOString();
  if (await StatementStore.getPeriodClaim(brandId, creatorId, currency, start)) return false;
  const balance = await StatementStore.getBalance(brandId, creatorId, currency);
  if (balance && balance.lastPeriodStart >= start) return false;
  const claims = await StatementStore.getClaims(
    conversions.flatMap((conversion) => (conversion.commission ? [conversion.commission.id] : [])),
  );
  const id = createId("stm");
  const entries = await entriesOf(id, conversions, claims, period.end, () => createId("stl"));
  if (entries.claimWrites.length === 0) return false;
  const creator = await User.get(creatorId);
  const brand = await Brand.getInternal(brandId);
  const statement = compose({
    id,
    brandId,
    creatorId,
    handle: creator.handle,
    brandName: brand.name,
    currency,
    period,
    settings,
    carriedIn: balance?.carry ?? 0,
    entries,
    open: false,
    now,
  });
  return StatementStore.close(statement, entries.claimWrites, balance);
}

const OPEN_ID = /^open_(\d{4}-\d{2}-\d{2})_(brd_[0-9A-Za-z]+)_(usr_[0-9A-Za-z]+)_([A-Z]{3})$/;

/**
 * An upcoming statement's id: deterministic, one per (brand, creator, currency, period), so it can be
 * linked while the period runs. It names no stored item; once the period closes the statement gets a real id.
 */
export function openId(brandId: string, creatorId: string, currency: string, periodStart: Date): string {
  return `open_${periodStart.toISOString().slice(0, 10)}_${brandId}_${creatorId}_${currency}`;
}

function parseOpenId(id: string) {
  const match = OPEN_ID.exec(id);
  if (!match) return undefined;
  const [, day, brandId, creatorId, currency] = match;
  return day && brandId && creatorId && currency ? { day, brandId, creatorId, currency } : undefined;
}

/**
 * Upcoming statements: for each (brand, creator, currency) among `conversions` (payable ones), what the
 * closing job would write for the current period if it ended now, with status `open` and the period's
 * end as the time it closes. Commissions approved in this period, refunds of settled ones, and the
 * carried balance; nothing is written. Until the job has closed the previous period, its commissions
 * show here too.
 */
async function previews(conversions: Conversion.Info[]): Promise<Info[]> {
  const now = Clock.now();
  const settingsOf = new Map<string, Settings>();
  const handles = new Map<string, string>();
  const brandNames = new Map<string, string>();
  const out: Info[] = [];
  for (const unordered of groupsOf(conversions)) {
    // Oldest first whichever index it came from, so the brand's and the creator's views agree line by line.
    const group = unordered.sort((a, b) => (a.id < b.id ? -1 : 1));
    const first = group[0];
    if (!first?.creatorId || !first.commission) continue;
    const { brandId, creatorId } = first;
    const currency = first.commission.amount.currency;
    const settings = settingsOf.get(brandId) ?? (await StatementStore.getSettings(brandId));
    settingsOf.set(brandId, settings);
    const period = periodOf(settings.period, now);
    const id = openId(brandId, creatorId, currency, period.start);
    const claims = await StatementStore.getClaims(
      group.flatMap((conversion) => (conversion.commission ? [conversion.commission.id] : [])),
    );
    const entries = await entriesOf(id, group, claims, period.end, (commissionId) => `open_${commissionId}`);
    if (entries.claimWrites.length === 0) continue;
    const balance = await StatementStore.getBalance(brandId, creatorId, currency);
    const handle = handles.get(creatorId) ?? (await User.get(creatorId)).handle;
    handles.set(creatorId, handle);
    const brandName = brandNames.get(brandId) ?? (await Brand.getInternal(brandId)).name;
    brandNames.set(brandId, brandName);
    out.push(
      compose({
        id,
        brandId,
        creatorId,
        handle,
        brandName,
        currency,
        period,
        settings,
        carriedIn: balance?.carry ?? 0,
        entries,
        open: true,
        now,
      }),
    );
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** A brand's upcoming statements (AP71, one brand's part of `PAYABLE`). */
async function brandPreviews(brandId: string): Promise<Info[]> {
  return previews(await StatementStore.listPayableOfBrand(brandId));
}

/** A creator's upcoming statements with every brand, from their credited conversions (AP64). */
async function creatorPreviews(creatorId: string): Promise<Info[]> {
  const credited = await Conversion.listCreditedTo(creatorId);
  return previews(
    credited.filter(
      (conversion) =>
        conversion.commission?.status === "approved" || conversion.commission?.status === "reversed",
    ),
  );
}

/** An upcoming statement by its id, if it is still the current period's and has something on it. */
async function getOpen(open: NonNullable<ReturnType<typeof parseOpenId>>, id: string) {
  return (await brandPreviews(open.brandId)).find((statement) => statement.id === id);
}

async function readable(actor: Actor, statementId: string): Promise<Info> {
  const user = Actor.requireUser(actor);
  const open = parseOpenId(statementId);
  if (open) {
    if (open.creatorId !== user.userId && !(await Brand.isMember(actor, open.brandId)))
      throw new StatementNotFoundError();
    const statement = await getOpen(open, statementId);
    if (!statement) throw new StatementNotFoundError();
    return statement;
  }
  const statement = await StatementStore.get(statementId);
  if (!statement) throw new StatementNotFoundError();
  if (statement.creatorId === user.userId || (await Brand.isMember(actor, statement.brandId)))
    return statement;
  throw new StatementNotFoundError();
}

/** A statement (or an upcoming one), for the brand's members and the credited creator; anyone else gets 404. */
export const get = readable;

/** The brand's owner or admin; a viewer gets 403, an outsider 404, and an upcoming statement 409. */
async function forAdmin(
  actor: Actor,
  statementId: string,
  action: string,
): Promise<{ statement: Info; by: string }> {
  Actor.requireUser(actor);
  const open = parseOpenId(statementId);
  if (open) {
    if (!(await Brand.isMember(actor, open.brandId))) throw new StatementNotFoundError();
    await Brand.requireMember(actor, open.brandId, "admin");
    throw new StatementOpenError(action);
  }
  const statement = await StatementStore.get(statementId);
  if (!statement || !(await Brand.isMember(actor, statement.brandId))) throw new StatementNotFoundError();
  const user = await Brand.requireMember(actor, statement.brandId, "admin");
  return { statement, by: user.handle };
}

export const DisputeInput = z.object({
  reason: z.string().trim().min(3, { error: "Say why, in a few words" }).max(500),
});

/**
 * The brand disputes one line of a closed statement: the line leaves it, its commission is no longer
 * settled, and the commission goes back to review (held), to be released or rejected like any other.
 */
export async function dispute(
  actor: Actor,
  statementId: string,
  lineId: string,
  reason: string,
): Promise<Info> {
  const { statement, by } = await forAdmin(actor, statementId, "disputed");
  if (statement.status !== "closed") throw new StatementStateError("disputed", statement.status);
  const line = statement.lines.find((entry) => entry.id === lineId);
  if (!line) throw new LineNotFoundError();
  const settings = await StatementStore.getSettings(statement.brandId);
  const total = statement.total - line.amount;
  const stillPayable = total >= settings.minimumPayout && total > 0;
  const next: Info = {
    ...statement,
    lines: statement.lines.filter((entry) => entry.id !== lineId),
    disputed: [...statement.disputed, { ...line, reason }],
    total,
    status: stillPayable ? "closed" : "carried",
    payable: stillPayable ? total : 0,
    carriedOut: stillPayable ? 0 : total,
    events: [
      ...statement.events,
      { kind: "disputed", by, at: Clock.now().toISOString(), detail: `${line.orderId}: ${reason}` },
    ],
    version: statement.version + 1,
  };
  if (!(await StatementStore.dispute(statement, next, line, stillPayable ? 0 : total)))
    throw new StatementStateError("disputed", "changed");
  await Conversion.returnToReview(line.conversionId, `Disputed on statement ${statement.id}: ${reason}`);
  return next;
}

export async function approve(actor: Actor, statementId: string): Promise<Info> {
  const { statement, by } = await forAdmin(actor, statementId, "approved");
  if (statement.status !== "closed") throw new StatementStateError("approved", statement.status);
  const next: Info = {
    ...statement,
    status: "approved",
    events: [...statement.events, { kind: "approved", by, at: Clock.now().toISOString() }],
    version: statement.version + 1,
  };
  if (!(await StatementStore.replace(statement, next))) throw new StatementStateError("approved", "changed");
  return next;
}

export const PaidInput = z.object({
  reference: z.string().trim().min(1).max(200),
  /** At most a day ahead (the payer's time zone), and not before the statement's period ended (checked on use). */
  paidAt: dateTimeWithin({ futureDays: 1 }),
});
export type PaidInput = z.infer<typeof PaidInput>;

export async function markPaid(actor: Actor, statementId: string, input: PaidInput): Promise<Info> {
  const { statement, by } = await forAdmin(actor, statementId, "marked paid");
  if (statement.status !== "approved") throw new StatementStateError("marked paid", statement.status);
  // A payout goes only to a creator whose email is confirmed (the address payout notices reach).
  await User.requireVerified(
    statement.creatorId,
    "The creator has not confirmed their email address yet; they can be paid once they do",
  );
  if (Date.parse(input.paidAt) < Date.parse(statement.period.end))
    throw new ValidationError([
      {
        path: "paidAt",
        code: DATE_OUT_OF_RANGE,
        message: `Must not be before the statement's period ended (${statement.period.end})`,
      },
    ]);
  const paid = { reference: input.reference, paidAt: new Date(input.paidAt).toISOString() };
  const next: Info = {
    ...statement,
    status: "paid",
    paid,
    events: [
      ...statement.events,
      { kind: "paid", by, at: Clock.now().toISOString(), detail: `Reference ${paid.reference}` },
    ],
    version: statement.version + 1,
  };
  if (!(await StatementStore.replace(statement, next)))
    throw new StatementStateError("marked paid", "changed");
  return next;
}

export const ListFilter = z.object({
  status: Status.optional(),
  /** The period's first day, `YYYY-MM-DD`. */
  period: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "The period's first day, as YYYY-MM-DD" })
    .optional(),
  cursor: z.string().max(2000).optional(),
});
export type ListFilter = z.infer<typeof ListFilter>;

/**
 * A brand's statements, newest period first. `status: "open"` answers the upcoming statements of the
 * running period instead (one page, no cursor); other listings hold stored statements only.
 */
export async function listByBrand(actor: Actor, brandId: string, filter: ListFilter): Promise<Page<Info>> {
  await Brand.requireMember(actor, brandId, "viewer");
  if (filter.status === "open") {
    const items = await brandPreviews(brandId);
    return {
      items: items.filter((statement) => !filter.period || statement.period.start.startsWith(filter.period)),
    };
  }
  return StatementStore.listByBrand(brandId, filter);
}

export const MineFilter = ListFilter.pick({ status: true, cursor: true });
export type MineFilter = z.infer<typeof MineFilter>;

/** The caller's statements with every brand; `status: "open"` answers the upcoming ones, as for brands. */
export async function listMine(actor: Actor, filter: MineFilter = {}): Promise<Page<Info>> {
  const user = Actor.requireUser(actor);
  if (filter.status === "open") return { items: await creatorPreviews(user.userId) };
  return StatementStore.listByCreator(user.userId, filter);
}

const CSV_HEADER = [
  "statement_id",
  "creator",
  "period_start",
  "currency",
  "status",
  "entry",
  "order_id",
  "amount_decimal",
  "amount",
];

/** `amount` is integer minor units (they sum to the totals); `amount_decimal` is the same in the currency's decimals. */
function csvRows(statement: Info): Cell[][] {
  const base = [
    statement.id,
    statement.creator.handle,
    statement.period.start.slice(0, 10),
    statement.currency,
    statement.status,
  ];
  const money = (amount: number) => [toDecimal({ amount, currency: statement.currency }), amount];
  return [
    [...base, "carried_in", "", ...money(statement.carriedIn)],
    ...statement.lines.map((line) => [...base, "line", line.orderId, ...money(line.amount)]),
    ...statement.adjustments.map((entry) => [...base, entry.kind, entry.orderId, ...money(entry.amount)]),
  ];
}

/** CSV: one row per carried-in balance, line and adjustment, so the amounts sum to the statements' totals. */
export function toCsv(statements: Info[]): string {
  return csvText(CSV_HEADER, statements.flatMap(csvRows));
}

/** The brand's statements as a CSV stream, read page by page; membership is checked before the first byte. */
export async function csvForBrand(
  actor: Actor,
  brandId: string,
  period: string | undefined,
): Promise<ReadableStream<Uint8Array>> {
  await Brand.requireMember(actor, brandId, "viewer");
  async function* pages() {
    let cursor: string | undefined;
    do {
      const page = await StatementStore.listByBrand(brandId, { period, cursor });
      yield page.items.flatMap(csvRows);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return csvStream(CSV_HEADER, pages());
}

export const LedgerEntry = z.object({
  kind: z.enum(["commission", "reversal", "clawback", "payment"]),
  statementId: z.string(),
  at: z.string(),
  amount: z.number().int(),
  orderId: z.string().optional(),
  reference: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const Ledger = z.object({
  brandId: z.string(),
  creator: z.object({ handle: z.string() }),
  currencies: z.array(
    z.object({
      currency: z.string(),
      openingBalance: z.number().int(),
      commissions: z.number().int(),
      reversals: z.number().int(),
      clawbacks: z.number().int(),
      payments: z.number().int(),
      closingBalance: z.number().int(),
      entries: z.array(LedgerEntry),
    }),
  ),
});
export type Ledger = z.infer<typeof Ledger>;

/**
 * What the brand owes a creator, from the statements: lines credit, adjustments and payments debit. The
 * closing balance is the sum of the entries (opening at 0), and equals the carried balance plus what
 * closed and approved statements still owe.
 */
export async function ledger(actor: Actor, brandId: string, handle: string): Promise<Ledger> {
  await Brand.requireMember(actor, brandId, "viewer");
  const creator = await User.findByHandle(handle.replace(/^@/, "").toLowerCase());
  if (!creator) throw new NotFoundError("Creator", "creator_not_found");
  const statements = (await StatementStore.listAllByCreator(creator.id))
    .filter((statement) => statement.brandId === brandId)
    .sort((a, b) =>
      a.period.start === b.period.start ? (a.id < b.id ? -1 : 1) : a.period.start < b.period.start ? -1 : 1,
    );
  const byCurrency = new Map<string, LedgerEntry[]>();
  for (const statement of statements) {
    const entries = byCurrency.get(statement.currency) ?? [];
    byCurrency.set(statement.currency, entries);
    const at = statement.period.end;
    for (const line of statement.lines)
      entries.push({
        kind: "commission",
        statementId: statement.id,
        at,
        amount: line.amount,
        orderId: line.orderId,
      });
    for (const entry of statement.adjustments)
      entries.push({
        kind: entry.kind,
        statementId: statement.id,
        at,
        amount: entry.amount,
        orderId: entry.orderId,
      });
    if (statement.paid)
      entries.push({
        kind: "payment",
        statementId: statement.id,
        at: statement.paid.paidAt,
        amount: -statement.payable,
        reference: statement.paid.reference,
      });
  }
  const sum = (entries: LedgerEntry[], kind: LedgerEntry["kind"]) =>
    entries.filter((entry) => entry.kind === kind).reduce((total, entry) => total + entry.amount, 0);
  return {
    brandId,
    creator: { handle: creator.handle },
    currencies: [...byCurrency].map(([currency, entries]) => ({
      currency,
      openingBalance: 0,
      commissions: sum(entries, "commission"),
      reversals: sum(entries, "reversal"),
      clawbacks: sum(entries, "clawback"),
      payments: sum(entries, "payment"),
      closingBalance: entries.reduce((total, entry) => total + entry.amount, 0),
      entries,
    })),
  };
}
