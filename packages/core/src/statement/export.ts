import * as z from "zod";
import { Brand } from "../brand";
import { User } from "../user";
import type { Actor } from "../util/actor";
import { type Cell, csvStream } from "../util/csv";
import { NotFoundError } from "../util/errors";
import { toDecimal } from "../util/money";
import type { Entry, Header } from "./schema";
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
 * closed and approved statements still owe. Reads every statement of the creator and its entries.
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
    for (const entry of await StatementStore.listAllEntries(statement.id)) {
      if (entry.disputed) continue;
      entries.push({
        kind: entry.kind === "line" ? "commission" : entry.kind,
        statementId: statement.id,
        at,
        amount: entry.amount,
        orderId: entry.orderId,
      });
    }
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
