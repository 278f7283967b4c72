import * as z from "zod";
import { Brand } from "../brand";
import { User } from "../user";
import type { Actor } from "../util/actor";
import { type Cell, csvStream } from "../util/csv";
import { NotFoundError } from "../util/errors";
import { toDecimal } from "../util/money";
import { type Entry, Header, LedgerTotals, Status } from "./schema";
import { StatementStore } from "./statement.dynamo";

/** Statements out: CSV (streamed, page by page) and the brand's ledger with one creator. */

export const csvHeader = [
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

/**
 * Rows for a page of a statement's entries (disputed lines left out: they are no longer on it), led by its
 * carried-in balance on the first page. `amount` is integer minor units (they sum to the totals);
 * `amount_decimal` is the same in the currency's decimals.
 */
export function csvRows(header: Header, entries: Entry[], firstPage: boolean): Cell[][] {
  const base = [
    header.id,
    header.creator.handle,
    header.period.start.slice(0, 10),
    header.currency,
    header.status,
  ];
  const money = (amount: number) => [toDecimal({ amount, currency: header.currency }), amount];
  return [
    ...(firstPage ? [[...base, "carried_in", "", ...money(header.carriedIn)]] : []),
    ...entries
      .filter((entry) => !entry.disputed)
      .map((entry) => [...base, entry.kind, entry.orderId, ...money(entry.amount)]),
  ];
}

/** The brand's statements as a CSV stream, statements and their entries read page by page; membership is checked before the first byte. */
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
      for (const header of page.items) {
        let linesCursor: string | undefined;
        let first = true;
        do {
          const lines = await StatementStore.listEntries(header.id, linesCursor, 100);
          yield csvRows(header, lines.items, first);
          first = false;
          linesCursor = lines.nextCursor;
        } while (linesCursor);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return csvStream(csvHeader, pages());
}

/** Statements one ledger page answers. */
export const LEDGER_PAGE = 20;

export const LedgerQuery = z.object({ cursor: z.string().max(2000).optional() });
export type LedgerQuery = z.infer<typeof LedgerQuery>;

/**
 * One statement as the ledger shows it: its header's figures, no entries (`GET /statements/{id}/lines` pages
 * them when the brand opens it). `counts` splits adjustments into reversals and clawbacks where the header
 * keeps them apart (statements opened before they were kept show `adjustmentsTotal` only).
 */
export const LedgerStatement = Header.pick({
  id: true,
  period: true,
  currency: true,
  counts: true,
  carriedIn: true,
  total: true,
  payable: true,
  carriedOut: true,
  paid: true,
}).extend({ status: Status });
export type LedgerStatement = z.infer<typeof LedgerStatement>;

export const Ledger = z.object({
  brandId: z.string(),
  creator: z.object({ handle: z.string() }),
  /**
   * Per currency, the running totals of every ledgered statement (the same on every page): `balance` is what
   * the brand still owes, commissions plus reversals and clawbacks (negative) plus payments (negative).
   */
  currencies: z.array(LedgerTotals.extend({ balance: z.number().int() })),
  /** A page of statements, newest period first; `nextCursor` (as `?cursor=`) answers the next. */
  statements: z.array(LedgerStatement),
  nextCursor: z.string().optional(),
});
export type Ledger = z.infer<typeof Ledger>;

/**
 * What the brand owes a creator, and a page of their statements. Bounded whatever the history: the totals
 * are one item per currency kept as statements are finalized, paid and disputed (AP301), and a page is
 * `LEDGER_PAGE` statement headers (AP300); no entry is read.
 */
export async function ledger(
  actor: Actor,
  brandId: string,
  handle: string,
  query: LedgerQuery = {},
): Promise<Ledger> {
  await Brand.requireMember(actor, brandId, "viewer");
  const creator = await User.findByHandle(handle.replace(/^@/, "").toLowerCase());
  if (!creator) throw new NotFoundError("Creator", "creator_not_found");
  const [totals, page] = await Promise.all([
    StatementStore.getLedgerTotals(brandId, creator.id),
    StatementStore.listLedger(brandId, creator.id, query.cursor, LEDGER_PAGE),
  ]);
  return {
    brandId,
    creator: { handle: creator.handle },
    currencies: totals.map((found) => ({
      ...found,
      balance: found.commissions + found.reversals + found.clawbacks + found.payments,
    })),
    statements: page.items.map(({ status, ...header }) => ({
      id: header.id,
      period: header.period,
      currency: header.currency,
      counts: header.counts,
      carriedIn: header.carriedIn,
      total: header.total,
      payable: header.payable,
      carriedOut: header.carriedOut,
      ...(header.paid ? { paid: header.paid } : {}),
      status: Status.parse(status),
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
