export * as Statement from "./index";

import * as z from "zod";
import { Brand } from "../brand";
import { Conversion } from "../conversion";
import type { Page } from "../dynamo";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { csvStream } from "../util/csv";
import { DATE_OUT_OF_RANGE, dateTimeWithin } from "../util/date-window";
import { AppError, NotFoundError, ValidationError } from "../util/errors";
import { withSplit } from "./close";
import * as Compose from "./compose";
import { LINES_PAGE } from "./compose";
import { csvHeader, csvRows } from "./export";
import { brandPreviews, creatorPreviews, type Preview, parseOpenId, previewPage } from "./preview";
import { type Entry, type Header, type Info, type Payable, Settings, Status } from "./schema";
import { StatementStore } from "./statement.dynamo";

export { BUDGET_MS, type CloseOptions, type CloseReport, close } from "./close";
export { LINES_PAGE, lastEnded, periodOf } from "./compose";
export { csvForBrand, LEDGER_PAGE, Ledger, LedgerQuery, LedgerStatement, ledger } from "./export";
export { openId } from "./preview";
export * from "./schema";

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

export async function getSettings(actor: Actor, brandId: string): Promise<Settings> {
  await Brand.requireMember(actor, brandId, "viewer");
  return StatementStore.getSettings(brandId);
}

export async function putSettings(actor: Actor, brandId: string, input: Settings): Promise<Settings> {
  await Brand.requireMember(actor, brandId, "admin");
  const settings = Settings.parse(input);
  await StatementStore.putSettings(brandId, settings);
  return settings;
}

/** A page of entries as the API shows them: lines, adjustments and disputed lines apart. */
export function infoOf(header: Header, page: Page<Entry>): Info {
  const { status, ...rest } = header;
  const lines: Info["lines"] = [];
  const adjustments: Info["adjustments"] = [];
  const disputed: Info["disputed"] = [];
  for (const entry of page.items) {
    const line = {
      id: entry.id,
      conversionId: entry.conversionId,
      commissionId: entry.commissionId,
      orderId: entry.orderId,
      amount: entry.amount,
      receiptPath: entry.receiptPath,
    };
    if (entry.disputed) disputed.push({ ...line, reason: entry.disputed.reason });
    else if (entry.kind === "line") lines.push(line);
    else adjustments.push({ ...line, kind: entry.kind, reason: entry.reason ?? "" });
  }
  return {
    ...rest,
    status: Status.parse(status),
    lines,
    adjustments,
    disputed,
    ...(page.nextCursor ? { linesCursor: page.nextCursor } : {}),
  };
}

const previewInfo = (preview: Preview) => infoOf(preview.header, previewPage(preview, undefined));

/** A stored statement with its first page of entries. */
async function withFirstPage(header: Header): Promise<Info> {
  return infoOf(header, await StatementStore.listEntries(header.id, undefined, LINES_PAGE));
}

/** Who may read a statement: the brand's members and the credited creator; anyone else gets 404. */
async function readable(
  actor: Actor,
  statementId: string,
): Promise<{ open: true; preview: Preview } | { open: false; header: Header }> {
  const user = Actor.requireUser(actor);
  const open = parseOpenId(statementId);
  if (open) {
    if (open.creatorId !== user.userId && !(await Brand.isMember(actor, open.brandId)))
      throw new StatementNotFoundError();
    const preview = (await brandPreviews(open.brandId)).find((found) => found.header.id === statementId);
    if (!preview) throw new StatementNotFoundError();
    return { open: true, preview };
  }
  const header = await StatementStore.get(statementId);
  // A statement still closing is nobody's yet: it appears once the job finalizes it.
  if (!header || header.status === "closing") throw new StatementNotFoundError();
  if (header.creatorId === user.userId || (await Brand.isMember(actor, header.brandId)))
    return { open: false, header };
  throw new StatementNotFoundError();
}

/** A statement (or an upcoming one) with its first page of entries; `linesCursor` pages the rest. */
export async function get(actor: Actor, statementId: string): Promise<Info> {
  const found = await readable(actor, statementId);
  return found.open ? previewInfo(found.preview) : withFirstPage(found.header);
}

export const LinesQuery = z.object({ cursor: z.string().max(2000).optional() });

/** A page of a statement's entries (lines, adjustments, disputed lines), in the order they were written. */
export async function lines(
  actor: Actor,
  statementId: string,
  cursor: string | undefined,
): Promise<Page<Entry>> {
  const found = await readable(actor, statementId);
  if (found.open) return previewPage(found.preview, cursor);
  return StatementStore.listEntries(found.header.id, cursor, LINES_PAGE);
}

/** Every entry of a statement (or an upcoming one), page by page, for its CSV. */
export async function* allEntries(
  actor: Actor,
  statementId: string,
): AsyncGenerator<{ header: Header; entries: Entry[] }> {
  const found = await readable(actor, statementId);
  if (found.open) {
    yield { header: found.preview.header, entries: found.preview.entries };
    return;
  }
  let cursor: string | undefined;
  do {
    const page = await StatementStore.listEntries(found.header.id, cursor, LINES_PAGE);
    yield { header: found.header, entries: page.items };
    cursor = page.nextCursor;
  } while (cursor);
}

/** One statement (or an upcoming one) as a CSV stream, read page by page; access is checked before the first byte. */
export async function csvForStatement(
  actor: Actor,
  statementId: string,
): Promise<ReadableStream<Uint8Array>> {
  const pages = allEntries(actor, statementId);
  const first = await pages.next();
  async function* rows() {
    if (first.done) return;
    yield csvRows(first.value.header, first.value.entries, true);
    for await (const page of pages) yield csvRows(page.header, page.entries, false);
  }
  return csvStream(csvHeader, rows());
}

/** The brand's owner or admin; a viewer gets 403, an outsider 404, and an upcoming statement 409. */
async function forAdmin(
  actor: Actor,
  statementId: string,
  action: string,
): Promise<{ header: Header; by: string }> {
  Actor.requireUser(actor);
  const open = parseOpenId(statementId);
  if (open) {
    if (!(await Brand.isMember(actor, open.brandId))) throw new StatementNotFoundError();
    await Brand.requireMember(actor, open.brandId, "admin");
    throw new StatementOpenError(action);
  }
  const header = await StatementStore.get(statementId);
  if (!header || header.status === "closing" || !(await Brand.isMember(actor, header.brandId)))
    throw new StatementNotFoundError();
  const user = await Brand.requireMember(actor, header.brandId, "admin");
  return { header, by: user.handle };
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
  const { header, by } = await forAdmin(actor, statementId, "disputed");
  if (header.status !== "closed") throw new StatementStateError("disputed", header.status);
  const line = await StatementStore.getEntry(header.id, lineId);
  if (line?.kind !== "line" || line.disputed) throw new LineNotFoundError();
  const settings = await StatementStore.getSettings(header.brandId);
  const counts = {
    ...header.counts,
    lines: header.counts.lines - 1,
    linesTotal: header.counts.linesTotal - line.amount,
    disputed: header.counts.disputed + 1,
  };
  const figures = Compose.totals(header.carriedIn, counts, settings);
  const next: Header = {
    ...header,
    counts,
    status: figures.status,
    total: figures.total,
    payable: figures.payable,
    carriedOut: figures.carriedOut,
    events: [
      ...header.events,
      { kind: "disputed", by, at: Clock.now().toISOString(), detail: `${line.orderId}: ${reason}` },
    ],
    version: header.version + 1,
  };
  if (!(await StatementStore.dispute(header, next, line, reason, figures.carriedOut)))
    throw new StatementStateError("disputed", "changed");
  await Conversion.returnToReview(line.conversionId, `Disputed on statement ${header.id}: ${reason}`);
  return withFirstPage(next);
}

export async function approve(actor: Actor, statementId: string): Promise<Info> {
  const { header, by } = await forAdmin(actor, statementId, "approved");
  if (header.status !== "closed") throw new StatementStateError("approved", header.status);
  const next: Header = {
    ...header,
    status: "approved",
    events: [...header.events, { kind: "approved", by, at: Clock.now().toISOString() }],
    version: header.version + 1,
  };
  if (!(await StatementStore.replace(header, next))) throw new StatementStateError("approved", "changed");
  return withFirstPage(next);
}

export const PaidInput = z.object({
  reference: z.string().trim().min(1).max(200),
  /** At most a day ahead (the payer's time zone), and not before the statement's period ended (checked on use). */
  paidAt: dateTimeWithin({ futureDays: 1 }),
});
export type PaidInput = z.infer<typeof PaidInput>;

export async function markPaid(actor: Actor, statementId: string, input: PaidInput): Promise<Info> {
  const { header, by } = await forAdmin(actor, statementId, "marked paid");
  if (header.status !== "approved") throw new StatementStateError("marked paid", header.status);
  // A payout goes only to a creator whose email is confirmed (the address payout notices reach).
  await User.requireVerified(
    header.creatorId,
    "The creator has not confirmed their email address yet; they can be paid once they do",
  );
  if (Date.parse(input.paidAt) < Date.parse(header.period.end))
    throw new ValidationError([
      {
        path: "paidAt",
        code: DATE_OUT_OF_RANGE,
        message: `Must not be before the statement's period ended (${header.period.end})`,
      },
    ]);
  const paid = { reference: input.reference, paidAt: new Date(input.paidAt).toISOString() };
  const next: Header = {
    ...header,
    status: "paid",
    paid,
    events: [
      ...header.events,
      { kind: "paid", by, at: Clock.now().toISOString(), detail: `Reference ${paid.reference}` },
    ],
    version: header.version + 1,
  };
  if (!(await StatementStore.pay(header, next))) throw new StatementStateError("marked paid", "changed");
  return withFirstPage(next);
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

/** Each statement of a page with its first page of entries. */
async function hydrate(page: Page<Header>): Promise<Page<Info>> {
  return { ...page, items: await Promise.all(page.items.map(withFirstPage)) };
}

/**
 * A brand's statements, newest period first. `status: "open"` answers the upcoming statements of the
 * running period instead (one page, no cursor); other listings hold stored statements only.
 */
export async function listByBrand(actor: Actor, brandId: string, filter: ListFilter): Promise<Page<Info>> {
  await Brand.requireMember(actor, brandId, "viewer");
  if (filter.status === "open") {
    const items = (await brandPreviews(brandId)).map(previewInfo);
    return {
      items: items.filter((statement) => !filter.period || statement.period.start.startsWith(filter.period)),
    };
  }
  return hydrate(await StatementStore.listByBrand(brandId, filter));
}

export const MineFilter = ListFilter.pick({ status: true, cursor: true });
export type MineFilter = z.infer<typeof MineFilter>;

/** The caller's statements with every brand; `status: "open"` answers the upcoming ones, as for brands. */
export async function listMine(actor: Actor, filter: MineFilter = {}): Promise<Page<Info>> {
  const user = Actor.requireUser(actor);
  if (filter.status === "open") return { items: (await creatorPreviews(user.userId)).map(previewInfo) };
  return hydrate(await StatementStore.listByCreator(user.userId, filter));
}

/** Tries at one statement while live payments or disputes keep changing it. */
const LEDGER_ATTEMPTS = 5;

/**
 * The upgrade backfill's part (AP78, AP340, AP341): a creator's statements finalized before the ledger
 * existed put on it, each once, as its close, payment and disputes would have (reversals and clawbacks split
 * from its entries when its counts lack them). Safe alongside live traffic and to run again. Answers how many
 * it ledgered, and the ids of those that kept changing under it or could not be read (run it again for them).
 */
export async function ledgerHistory(creatorId: string): Promise<{ ledgered: number; contended: string[] }> {
  const done = { ledgered: 0, contended: [] as string[] };
  let cursor: string | undefined;
  do {
    const page = await StatementStore.listByCreator(creatorId, { cursor });
    for (const found of page.items) {
      try {
        const outcome = await ledgerOne(found);
        if (outcome === "ledgered") done.ledgered++;
        if (outcome === "contended") done.contended.push(found.id);
      } catch (error) {
        // One unreadable statement (a broken entry, say) is named for a rerun; it never stops the others.
        console.error(
          JSON.stringify({
            level: "error",
            msg: "statement not ledgered",
            id: found.id,
            error: String(error),
          }),
        );
        done.contended.push(found.id);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return done;
}

/** One statement put on the ledger, read again while live changes win; `contended` once the tries ran out. */
async function ledgerOne(found: Header): Promise<"ledgered" | "already" | "contended"> {
  let header: Header | undefined = found;
  for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
    if (!header || header.ledgered || header.status === "closing") return "already";
    if (await StatementStore.ledgerFinalized(header, await withSplit(header))) {
      await StatementStore.lowerLedgerSince(header);
      return "ledgered";
    }
    header = await StatementStore.get(header.id);
  }
  return "contended";
}

/**
 * Of these payable commissions, the ids of those statements still owe something (their worth differs from
 * what the claims settled, AP74). The upgrade backfill files them where the close job reads next.
 */
export async function stillOwed(payables: Payable[]): Promise<Set<string>> {
  const claims = await StatementStore.getClaims(payables.flatMap((payable) => payable.commission?.id ?? []));
  return new Set(
    payables.flatMap((payable) => {
      const settled = claims.get(payable.commission?.id ?? "")?.settled ?? 0;
      return Compose.target(payable, settled) === settled ? [] : [payable.id];
    }),
  );
}
