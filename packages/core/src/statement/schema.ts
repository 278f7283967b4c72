import * as z from "zod";
import { Money } from "../util/money-schema";

/**
 * The statement domain's shapes: settings, the stored header and its entries (lines, adjustments), the API's
 * view of a statement, and the slim view of a payable commission the closing job reads. No I/O here; the
 * store (`statement.dynamo.ts`) and the decisions (`compose.ts`) import these, never `./index`.
 */

export const PeriodKind = z.enum(["monthly", "weekly"]);
export type PeriodKind = z.infer<typeof PeriodKind>;

/** A brand's payout rules; a brand that never set them gets these defaults. */
export const Settings = z.object({
  period: PeriodKind.default("monthly"),
  /** In minor units of the statement's currency: a total below it carries forward. */
  minimumPayout: z.number().int().min(0).max(100_000_000).default(1000),
});
export type Settings = z.infer<typeof Settings>;

/** Both fields required on a write; the bounds are the stored settings' own, so a write can never store what a read refuses. */
export const SettingsInput = z.object({
  period: PeriodKind,
  minimumPayout: Settings.shape.minimumPayout.unwrap(),
});

/** `open` is the upcoming statement of the running period: computed on read, never stored. */
export const Status = z.enum(["open", "closed", "carried", "approved", "paid"]);
export type Status = z.infer<typeof Status>;

/**
 * A stored header's status: `closing` while the job is still writing its lines (no reader sees it: it joins
 * the brand's and creator's indexes only when finalized).
 */
export const StoredStatus = z.enum([...Status.options, "closing"]);
export type StoredStatus = z.infer<typeof StoredStatus>;

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

export const AdjustmentKind = z.enum(["reversal", "clawback"]);

export const Adjustment = z.object({
  id: z.string(),
  conversionId: z.string(),
  commissionId: z.string(),
  orderId: z.string(),
  /** `clawback` when the commission was on a statement already paid, `reversal` when not yet paid. */
  kind: AdjustmentKind,
  /** Negative: what a refund took back from an amount already on an earlier statement. */
  amount: z.number().int(),
  reason: z.string(),
});
export type Adjustment = z.infer<typeof Adjustment>;

export const DisputedLine = Line.extend({ reason: z.string() });
export type DisputedLine = z.infer<typeof DisputedLine>;

/**
 * One entry of a statement as stored (an item of its own): a line (`kind: "line"`, positive) or an
 * adjustment (negative); a disputed line keeps its place with `disputed` set.
 */
export const Entry = z.object({
  id: z.string(),
  kind: z.enum(["line", ...AdjustmentKind.options]),
  conversionId: z.string(),
  commissionId: z.string(),
  orderId: z.string(),
  amount: z.number().int(),
  receiptPath: z.string(),
  reason: z.string().optional(),
  disputed: z.object({ reason: z.string() }).optional(),
});
export type Entry = z.infer<typeof Entry>;

export const StatementEvent = z.object({
  kind: z.enum(["closed", "carried", "disputed", "approved", "paid"]),
  by: z.string(),
  at: z.string(),
  detail: z.string().optional(),
});
export type StatementEvent = z.infer<typeof StatementEvent>;

/** How many entries of each kind a statement has, and what its lines and adjustments add up to. */
export const Counts = z.object({
  lines: z.number().int(),
  adjustments: z.number().int(),
  disputed: z.number().int(),
  linesTotal: z.number().int(),
  adjustmentsTotal: z.number().int(),
  /**
   * `adjustmentsTotal` split by kind, so the ledger shows a statement's reversals and clawbacks without
   * reading its entries. Absent on headers opened before they were kept: the ledger shows their
   * `adjustmentsTotal` as one figure instead.
   */
  reversalsTotal: z.number().int().optional(),
  clawbacksTotal: z.number().int().optional(),
});
export type Counts = z.infer<typeof Counts>;

const headerFields = {
  id: z.string(),
  brandId: z.string(),
  creatorId: z.string(),
  creator: z.object({ handle: z.string() }),
  /** The brand's name when the statement was made, for the creator (absent on statements made before it was kept). */
  brand: z.object({ name: z.string() }).optional(),
  period: z.object({ start: z.string(), end: z.string(), kind: PeriodKind }),
  currency: z.string(),
  counts: Counts,
  carriedIn: z.number().int(),
  total: z.number().int(),
  /** What the brand pays: the total when it reaches the minimum, else 0 (the total carries out). */
  payable: z.number().int(),
  carriedOut: z.number().int(),
  paid: z.object({ reference: z.string(), paidAt: z.string() }).optional(),
  /**
   * On the (brand, creator) ledger: listed on its index and counted in its running totals. Set when the
   * statement is finalized; absent on statements finalized before the ledger was paged (neither listed nor counted).
   */
  ledgered: z.boolean().optional(),
  events: z.array(StatementEvent),
  version: z.number().int(),
};

/** The stored statement item: totals, counts and history; its entries are items of their own. */
export const Header = z.object({ ...headerFields, status: StoredStatus });
export type Header = z.infer<typeof Header>;

/**
 * A statement as the API answers it: the header and one page of its entries, split by kind. `linesCursor`
 * is set when more entries follow (`GET /statements/{id}/lines?cursor=`).
 */
export const Info = z.object({
  ...headerFields,
  status: Status,
  lines: z.array(Line),
  adjustments: z.array(Adjustment),
  disputed: z.array(DisputedLine),
  linesCursor: z.string().optional(),
});
export type Info = z.infer<typeof Info>;

/**
 * What the brand's ledger with one creator adds up in one currency, kept as statements are finalized, paid
 * and disputed (never by rereading them). `since` is the period start of the first statement it counts.
 */
export const LedgerTotals = z.object({
  currency: z.string(),
  statements: z.number().int(),
  commissions: z.number().int(),
  reversals: z.number().int(),
  clawbacks: z.number().int(),
  payments: z.number().int(),
  since: z.string(),
});
export type LedgerTotals = z.infer<typeof LedgerTotals>;

/** What the closing job and the previews read of a payable commission (a projection of the conversion). */
export const Payable = z.object({
  id: z.string(),
  brandId: z.string(),
  creatorId: z.string().optional(),
  orderId: z.string(),
  commission: z
    .object({
      id: z.string(),
      amount: Money,
      status: z.enum(["pending", "held", "approved", "reversed", "rejected"]),
      holdUntil: z.string(),
    })
    .optional(),
});
export type Payable = z.infer<typeof Payable>;

/**
 * The payable index (gsi3): a commission that became approved or reversed on UTC day `<yyyy-mm-dd>` sits on
 * `PAYABLE#<day>` / `<brandId>#<conversionId>` (written by conversion.dynamo.ts, read by the closing job and
 * the upcoming previews). `LEGACY` is the single partition used before day buckets, drained by the job.
 */
export const PayableIndex = {
  pk: (day: string) => `PAYABLE#${day}`,
  sk: (brandId: string, conversionId: string) => `${brandId}#${conversionId}`,
  LEGACY: "PAYABLE",
};
