// Over 400 lines on purpose: the statement's one store, and each of its eight conditional writes (open,
// batch, finalize, replace, dispute, checkpoint, settings) is spelled out with the why of its condition.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  batchGet,
  dynamo,
  failedConditions,
  isTransactionConflict,
  type Page,
  pagedQuery,
  queryAll,
  queryUpTo,
  tableName,
} from "../dynamo";
import { countsOf } from "./compose";
import { Entry, Header, LedgerTotals, Payable, PayableIndex, Settings } from "./schema";

/**
 * Key formats (see dynamo/README.md, "Payout statements"):
 * - settings `PAYOUTS#<brandId>` / `SETTINGS`
 * - statement header `STATEMENT#<statementId>` / `STATEMENT`; once finalized gsi1
 *   `BRAND#<brandId>#STATEMENTS` / `<periodStart>#<statementId>`, gsi2 `CREATOR#<creatorId>#STATEMENTS` / same
 * - statement entry (line or adjustment) `STATEMENT#<statementId>` / `LINE#<entryId>`
 * - period claim `PAYOUTS#<brandId>#<creatorId>#<currency>` / `PERIOD#<periodStart>` → statementId
 * - carried balance `PAYOUTS#<brandId>#<creatorId>#<currency>` / `BALANCE`
 * - ledger totals `PAYOUTS#<brandId>#<creatorId>#<currency>` / `LEDGER`, on gsi3 `LEDGER#<brandId>#<creatorId>` /
 *   `TOTAL#<currency>`; a ledgered header is on the same gsi3 partition as `STATEMENT#<periodStart>#<statementId>`
 * - commission claim `COMMISSION#<commissionId>` / `SETTLED`: how much of it statements carry
 * - job checkpoint `JOB#close-statements` / `CHECKPOINT`: the first payable day the next run reads
 * - payable commissions: the conversion item on gsi3 `PAYABLE#<day>` (schema.ts `PayableIndex`, written by
 *   conversion.dynamo.ts)
 */
const keys = {
  settings: (brandId: string) => ({ pk: `PAYOUTS#${brandId}`, sk: "SETTINGS" }),
  statement: (statementId: string) => ({ pk: `STATEMENT#${statementId}`, sk: "STATEMENT" }),
  entry: (statementId: string, entryId: string) => ({
    pk: `STATEMENT#${statementId}`,
    sk: `LINE#${entryId}`,
  }),
  period: (brandId: string, creatorId: string, currency: string, start: string) => ({
    pk: `PAYOUTS#${brandId}#${creatorId}#${currency}`,
    sk: `PERIOD#${start}`,
  }),
  balance: (brandId: string, creatorId: string, currency: string) => ({
    pk: `PAYOUTS#${brandId}#${creatorId}#${currency}`,
    sk: "BALANCE",
  }),
  ledgerTotals: (brandId: string, creatorId: string, currency: string) => ({
    pk: `PAYOUTS#${brandId}#${creatorId}#${currency}`,
    sk: "LEDGER",
  }),
  /** The (brand, creator) ledger's gsi3 partition: its statements (newest first) and its totals per currency. */
  ledgerIndex: (brandId: string, creatorId: string) => `LEDGER#${brandId}#${creatorId}`,
  claim: (commissionId: string) => ({ pk: `COMMISSION#${commissionId}`, sk: "SETTLED" }),
  checkpoint: () => ({ pk: "JOB#close-statements", sk: "CHECKPOINT" }),
};

const Claim = z.object({ commissionId: z.string(), settled: z.number().int(), statementId: z.string() });
export type Claim = z.infer<typeof Claim>;

const Balance = z.object({ carry: z.number().int(), lastPeriodStart: z.string(), version: z.number().int() });
export type Balance = z.infer<typeof Balance>;

const Checkpoint = z.object({
  day: z.string(),
  legacyDrained: z.boolean(),
  /** Commissions that wait for their period to end: the oldest day holding one, and when to read them again. */
  waiting: z.object({ from: z.string(), wakeAt: z.string() }).optional(),
  version: z.number().int(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** A line or adjustment to write, with the claim it moves: settled from `expected` (absent: never settled) by its amount. */
export interface ClaimedEntry {
  entry: Entry;
  expected: number | undefined;
}

/** What the payable index answers: the commission and the bucket it sits in (`legacy` for the old partition). */
export interface PayableRead {
  payable: Payable;
  day: string;
}

/** The fields of a conversion the statements read; the rest (receipt, items) is left on the table. */
const PAYABLE_FIELDS = "id, brandId, creatorId, orderId, commission, gsi3pk";

function headerItem(header: Header) {
  const sort = `${header.period.start}#${header.id}`;
  return {
    ...keys.statement(header.id),
    // Readers list statements through these; a statement still closing is on neither.
    ...(header.status === "closing"
      ? {}
      : {
          gsi1pk: `BRAND#${header.brandId}#STATEMENTS`,
          gsi1sk: sort,
          gsi2pk: `CREATOR#${header.creatorId}#STATEMENTS`,
          gsi2sk: sort,
        }),
    ...(header.status !== "closing" && header.ledgered
      ? { gsi3pk: keys.ledgerIndex(header.brandId, header.creatorId), gsi3sk: `STATEMENT#${sort}` }
      : {}),
    type: "statement",
    ...header,
  };
}

const entryItem = (statementId: string, entry: Entry) => ({
  ...keys.entry(statementId, entry.id),
  type: "statement_line",
  statementId,
  ...entry,
});

/** Entry items carry their keys and statement id too; the schema keeps only the entry's fields. */
const parseEntry = (item: Record<string, unknown>) => Entry.parse(item);

/**
 * The ledger totals raised by `amounts` (ADD: commutative, so the close, a payment and a dispute never
 * overwrite each other); creates the item, with its gsi3 keys, on the pair's first ledgered statement.
 */
function ledgerUpdate(
  header: Header,
  amounts: Partial<Record<"statements" | "commissions" | "reversals" | "clawbacks" | "payments", number>>,
) {
  const names = Object.keys(amounts);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.ledgerTotals(header.brandId, header.creatorId, header.currency),
      UpdateExpression: `SET #type = :type, brandId = :brandId, creatorId = :creatorId, currency = :currency, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk, since = if_not_exists(since, :since) ADD ${names
        .map((name) => `${name} :${name}`)
        .join(", ")}`,
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
        ":type": "statement_ledger",
        ":brandId": header.brandId,
        ":creatorId": header.creatorId,
        ":currency": header.currency,
        ":gsi3pk": keys.ledgerIndex(header.brandId, header.creatorId),
        ":gsi3sk": `TOTAL#${header.currency}`,
        ":since": header.period.start,
        ...Object.fromEntries(Object.entries(amounts).map(([name, amount]) => [`:${name}`, amount])),
      },
    },
  };
}

/** Currencies one ledger answers totals for: far more than a brand pays one creator in. */
const LEDGER_CURRENCIES = 20;

const lost = (error: unknown) => Boolean(failedConditions(error)?.length) || isTransactionConflict(error);

export const StatementStore = {
  /** AP70: a brand's payout settings, defaults when never set. */
  async getSettings(brandId: string): Promise<Settings> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.settings(brandId) }),
    );
    return Settings.parse(found.Item ?? {});
  },

  /** AP70 (put). */
  async putSettings(brandId: string, settings: Settings): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.settings(brandId), type: "payout_settings", brandId, ...settings },
      }),
    );
  },

  /**
   * AP150: the commissions that became approved or reversed on one UTC day (gsi3 `PAYABLE#<day>`, sparse),
   * or on the legacy single partition (`day = "legacy"`); with `brandId`, only that brand's (its sort keys
   * start with the brand id). Eventually consistent: the claims' conditions keep a stale read from settling
   * anything twice, and the job's checkpoint trails now by a margin. An unreadable item is handed back on
   * its own (the job parks it) instead of failing the read.
   */
  async listPayable(
    day: string,
    brandId?: string,
  ): Promise<{ read: PayableRead[]; unreadable: { id: string; error: unknown }[] }> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: brandId ? "gsi3pk = :pk AND begins_with(gsi3sk, :brand)" : "gsi3pk = :pk",
      ProjectionExpression: PAYABLE_FIELDS,
      ExpressionAttributeValues: {
        ":pk": day === "legacy" ? PayableIndex.LEGACY : PayableIndex.pk(day),
        ...(brandId ? { ":brand": `${brandId}#` } : {}),
      },
    });
    const read: PayableRead[] = [];
    const unreadable: { id: string; error: unknown }[] = [];
    for (const item of items) {
      const parsed = Payable.safeParse(item);
      if (parsed.success) read.push({ payable: parsed.data, day });
      else unreadable.push({ id: String(item.id ?? item.pk), error: parsed.error });
    }
    return { read, unreadable };
  },

  /** AP151: where the closing job reads from next (absent before its first run). */
  async getCheckpoint(): Promise<Checkpoint | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.checkpoint(), ConsistentRead: true }),
    );
    return found.Item ? Checkpoint.parse(found.Item) : undefined;
  },

  /** AP151 (put): at the version read, so of two runs finishing together one moves it; the other's is next run's. */
  async putCheckpoint(current: Checkpoint | undefined, next: Omit<Checkpoint, "version">): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.checkpoint(),
            type: "job_checkpoint",
            ...next,
            version: (current?.version ?? 0) + 1,
          },
          ConditionExpression: current ? "version = :version" : "attribute_not_exists(pk)",
          ExpressionAttributeValues: current ? { ":version": current.version } : undefined,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  },

  /** AP72: which statement a (brand, creator, currency) got for a period, if any. */
  async getPeriodClaim(brandId: string, creatorId: string, currency: string, start: string) {
    const found = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.period(brandId, creatorId, currency, start),
        ConsistentRead: true,
      }),
    );
    return found.Item ? z.object({ statementId: z.string() }).parse(found.Item) : undefined;
  },

  /** AP73: the balance carried forward for a (brand, creator, currency). */
  async getBalance(brandId: string, creatorId: string, currency: string): Promise<Balance | undefined> {
    const found = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.balance(brandId, creatorId, currency),
        ConsistentRead: true,
      }),
    );
    return found.Item ? Balance.parse(found.Item) : undefined;
  },

  /** AP74: commission claims by commission id (missing ones were never on a statement). */
  async getClaims(commissionIds: string[]): Promise<Map<string, Claim>> {
    const items = await batchGet(commissionIds.map((commissionId) => keys.claim(commissionId)));
    return new Map(items.map((item) => Claim.parse(item)).map((claim) => [claim.commissionId, claim]));
  },

  /**
   * AP154 (open a closing statement): the period claim (must not exist: one statement per period) and the
   * header with status `closing` and no entries. False when another run opened the period first.
   */
  async open(header: Header): Promise<boolean> {
    const { brandId, creatorId, currency } = header;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.period(brandId, creatorId, currency, header.period.start),
                  type: "statement_period",
                  statementId: header.id,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: headerItem(header),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lost(error)) return false;
      throw error;
    }
  },

  /**
   * AP153 (one batch of a closing statement): each entry's commission claim moved from the settled amount
   * read (or absent) to what it settles now, with the entry itself, and the header's counts raised by the
   * batch, conditional on the header still `closing`. All or nothing: an entry never exists without its
   * claim, a commission is never claimed by two statements for one change, and no entry lands on a
   * finalized statement. False when another run claimed one of them first (the next run recomputes).
   */
  async writeBatch(statementId: string, batch: ClaimedEntry[]): Promise<boolean> {
    const added = countsOf(batch.map(({ entry }) => entry));
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.statement(statementId),
                // The split totals start at 0 on a header opened before they were kept (the job completes them).
                UpdateExpression:
                  "SET #counts.#lines = #counts.#lines + :lines, #counts.linesTotal = #counts.linesTotal + :linesTotal, #counts.adjustments = #counts.adjustments + :adjustments, #counts.adjustmentsTotal = #counts.adjustmentsTotal + :adjustmentsTotal, #counts.reversalsTotal = if_not_exists(#counts.reversalsTotal, :zero) + :reversalsTotal, #counts.clawbacksTotal = if_not_exists(#counts.clawbacksTotal, :zero) + :clawbacksTotal",
                ConditionExpression: "#status = :closing",
                ExpressionAttributeNames: { "#status": "status", "#counts": "counts", "#lines": "lines" },
                ExpressionAttributeValues: {
                  ":closing": "closing",
                  ":zero": 0,
                  ":lines": added.lines,
                  ":linesTotal": added.linesTotal,
                  ":adjustments": added.adjustments,
                  ":adjustmentsTotal": added.adjustmentsTotal,
                  ":reversalsTotal": added.reversalsTotal,
                  ":clawbacksTotal": added.clawbacksTotal,
                },
              },
            },
            ...batch.flatMap(({ entry, expected }) => [
              {
                Put: {
                  TableName: tableName(),
                  Item: {
                    ...keys.claim(entry.commissionId),
                    type: "commission_claim",
                    commissionId: entry.commissionId,
                    settled: (expected ?? 0) + entry.amount,
                    statementId,
                  },
                  // Settled exactly as read: a commission lands on one statement per change, never twice.
                  ConditionExpression:
                    expected === undefined ? "attribute_not_exists(pk)" : "settled = :settled",
                  ExpressionAttributeValues: expected === undefined ? undefined : { ":settled": expected },
                },
              },
              {
                Put: {
                  TableName: tableName(),
                  Item: entryItem(statementId, entry),
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
            ]),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lost(error)) return false;
      throw error;
    }
  },

  /**
   * AP155 (finalize): the header from `closing` to closed or carried with its totals and history (it joins
   * the brand's, creator's and ledger's indexes), the balance set to what it carries out, at the version read
   * (or absent), and the pair's ledger totals raised by its sums (AP301). False when another run finalized
   * it, or a dispute moved the balance since it was read; the header's condition makes the totals count it once.
   */
  async finalize(header: Header, balance: Balance | undefined): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: headerItem(header),
                // Still closing, with no batch written since its counts were read (each batch adds an entry).
                ConditionExpression:
                  "#status = :closing AND #counts.#lines = :lines AND #counts.adjustments = :adjustments",
                ExpressionAttributeNames: { "#status": "status", "#counts": "counts", "#lines": "lines" },
                ExpressionAttributeValues: {
                  ":closing": "closing",
                  ":lines": header.counts.lines,
                  ":adjustments": header.counts.adjustments,
                },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.balance(header.brandId, header.creatorId, header.currency),
                  type: "statement_balance",
                  carry: header.carriedOut,
                  lastPeriodStart: header.period.start,
                  version: (balance?.version ?? 0) + 1,
                },
                ConditionExpression: balance ? "version = :version" : "attribute_not_exists(pk)",
                ExpressionAttributeValues: balance ? { ":version": balance.version } : undefined,
              },
            },
            ...(header.ledgered
              ? [
                  ledgerUpdate(header, {
                    statements: 1,
                    commissions: header.counts.linesTotal,
                    reversals: header.counts.reversalsTotal ?? 0,
                    clawbacks: header.counts.clawbacksTotal ?? 0,
                    payments: 0,
                  }),
                ]
              : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lost(error)) return false;
      throw error;
    }
  },

  /**
   * AP340 (upgrade backfill): a statement finalized before the ledger existed, put on it. The header, with
   * its counts split (`counts`), marked ledgered (so it joins the ledger's index) at the version read, and
   * the pair's ledger totals raised by what its close, payment and disputes would have added: the lines it
   * holds now, its reversals and clawbacks, and what it paid. Bumping the version makes a payment or dispute
   * that read it unledgered try again, so each is counted once. False when the header changed or was
   * ledgered since it was read.
   */
  async ledgerFinalized(header: Header, counts: Header["counts"]): Promise<boolean> {
    const next = { ...header, counts, ledgered: true, version: header.version + 1 };
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: headerItem(next),
                ConditionExpression: "version = :version AND attribute_not_exists(ledgered)",
                ExpressionAttributeValues: { ":version": header.version },
              },
            },
            ledgerUpdate(next, {
              statements: 1,
              commissions: counts.linesTotal,
              reversals: counts.reversalsTotal ?? 0,
              clawbacks: counts.clawbacksTotal ?? 0,
              payments: header.status === "paid" ? -header.payable : 0,
            }),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lost(error)) return false;
      throw error;
    }
  },

  /** AP341: the ledger totals' `since` moved back to an older statement's period start (never forward). */
  async lowerLedgerSince(header: Header): Promise<void> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.ledgerTotals(header.brandId, header.creatorId, header.currency),
          UpdateExpression: "SET since = :since",
          ConditionExpression: "since > :since",
          ExpressionAttributeValues: { ":since": header.period.start },
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === "ConditionalCheckFailedException") return;
      throw error;
    }
  },

  /** AP76: a statement's header by id (closing ones too: the job resumes them; readers refuse them). */
  async get(statementId: string): Promise<Header | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.statement(statementId), ConsistentRead: true }),
    );
    return found.Item ? Header.parse(found.Item) : undefined;
  },

  /** AP76 (replace): the header if still at the version read. False when someone changed it first. */
  async replace(current: Header, next: Header): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: headerItem(next),
          ConditionExpression: "version = :version",
          ExpressionAttributeValues: { ":version": current.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  },

  /**
   * AP76 (mark paid) + AP301: the header at the version read and, for a ledgered statement, what it paid
   * taken off the pair's ledger totals, together. False when someone changed the header first.
   */
  async pay(current: Header, next: Header): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: headerItem(next),
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": current.version },
              },
            },
            ...(next.ledgered ? [ledgerUpdate(next, { payments: -next.payable })] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lost(error)) return false;
      throw error;
    }
  },

  /** AP152: a statement's entries in the order they were written, `limit` a page (pagedQuery, opaque cursor). */
  async listEntries(statementId: string, cursor: string | undefined, limit: number): Promise<Page<Entry>> {
    return pagedQuery({
      pattern: "AP152",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :line)",
        ExpressionAttributeValues: { ":pk": keys.statement(statementId).pk, ":line": "LINE#" },
        ConsistentRead: true,
      },
      cursor,
      limit,
      parse: parseEntry,
    });
  },

  /** AP152 (one): a statement's entry by id. */
  async getEntry(statementId: string, entryId: string): Promise<Entry | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.entry(statementId, entryId), ConsistentRead: true }),
    );
    return found.Item ? parseEntry(found.Item) : undefined;
  },

  /**
   * AP76 + AP152 + AP74 + AP73 (dispute): the header at the version read, the line marked disputed (if not
   * already), the line's commission claim reduced by the line (so a later close can settle it again), and
   * what the statement now carries out added to the balance; a ledgered statement's line leaves the ledger
   * totals too (AP301).
   */
  async dispute(
    current: Header,
    next: Header,
    line: Entry,
    reason: string,
    carriedOut: number,
  ): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: headerItem(next),
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": current.version },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.entry(current.id, line.id),
                UpdateExpression: "SET disputed = :disputed",
                ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(disputed)",
                ExpressionAttributeValues: { ":disputed": { reason } },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.claim(line.commissionId),
                UpdateExpression: "SET settled = settled - :amount",
                ConditionExpression: "settled >= :amount",
                ExpressionAttributeValues: { ":amount": line.amount },
              },
            },
            ...(carriedOut !== 0
              ? [
                  {
                    Update: {
                      TableName: tableName(),
                      Key: keys.balance(current.brandId, current.creatorId, current.currency),
                      UpdateExpression: "SET carry = carry + :carry, version = version + :one",
                      ConditionExpression: "attribute_exists(pk)",
                      ExpressionAttributeValues: { ":carry": carriedOut, ":one": 1 },
                    },
                  },
                ]
              : []),
            ...(current.ledgered ? [ledgerUpdate(current, { commissions: -line.amount })] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lost(error)) return false;
      throw error;
    }
  },

  /** AP77: a brand's statements, newest period first, 50 a page; `period` is the start day, status a filter. */
  async listByBrand(
    brandId: string,
    filter: { status?: string | undefined; period?: string | undefined; cursor?: string | undefined },
  ): Promise<Page<Header>> {
    const values: Record<string, unknown> = { ":pk": `BRAND#${brandId}#STATEMENTS` };
    let range = "";
    if (filter.period) {
      values[":period"] = filter.period;
      range = " AND begins_with(gsi1sk, :period)";
    }
    if (filter.status) values[":status"] = filter.status;
    return pagedQuery({
      pattern: "AP77",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: `gsi1pk = :pk${range}`,
        FilterExpression: filter.status ? "#status = :status" : undefined,
        ExpressionAttributeNames: filter.status ? { "#status": "status" } : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      cursor: filter.cursor,
      limit: 50,
      parse: (item) => Header.parse(item),
    });
  },

  /** AP78: a creator's statements, newest period first, 50 a page; status a filter. */
  async listByCreator(
    creatorId: string,
    filter: { status?: string | undefined; cursor?: string | undefined },
  ): Promise<Page<Header>> {
    const values: Record<string, unknown> = { ":pk": `CREATOR#${creatorId}#STATEMENTS` };
    if (filter.status) values[":status"] = filter.status;
    return pagedQuery({
      pattern: "AP78",
      input: {
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        FilterExpression: filter.status ? "#status = :status" : undefined,
        ExpressionAttributeNames: filter.status ? { "#status": "status" } : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      cursor: filter.cursor,
      limit: 50,
      parse: (item) => Header.parse(item),
    });
  },

  /**
   * AP300: the (brand, creator) ledger's statements, newest period first, a page at a time (gsi3
   * `LEDGER#<brandId>#<creatorId>`, eventually consistent): headers only, never their entries.
   */
  async listLedger(
    brandId: string,
    creatorId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Header>> {
    return pagedQuery({
      pattern: "AP300",
      input: {
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND begins_with(gsi3sk, :statement)",
        ExpressionAttributeValues: {
          ":pk": keys.ledgerIndex(brandId, creatorId),
          ":statement": "STATEMENT#",
        },
        ScanIndexForward: false,
      },
      cursor,
      limit,
      parse: (item) => Header.parse(item),
    });
  },

  /** AP301: the (brand, creator) ledger's running totals, one item per currency (a handful at most). */
  async getLedgerTotals(brandId: string, creatorId: string): Promise<LedgerTotals[]> {
    const { items } = await queryUpTo(
      {
        TableName: tableName(),
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND begins_with(gsi3sk, :total)",
        ExpressionAttributeValues: { ":pk": keys.ledgerIndex(brandId, creatorId), ":total": "TOTAL#" },
      },
      LEDGER_CURRENCIES,
    );
    return items.map((item) => LedgerTotals.parse({ reversals: 0, clawbacks: 0, payments: 0, ...item }));
  },
};
