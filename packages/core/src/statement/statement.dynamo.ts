import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Conversion } from "../conversion";
import {
  batchGet,
  dynamo,
  failedConditions,
  isTransactionConflict,
  type Page,
  pagedQuery,
  queryAll,
  tableName,
} from "../dynamo";
import { Statement } from "./index";

/**
 * Key formats (see dynamo/README.md, "Payout statements"):
 * - settings `PAYOUTS#<brandId>` / `SETTINGS`
 * - statement `STATEMENT#<statementId>` / `STATEMENT`; gsi1 `BRAND#<brandId>#STATEMENTS` /
 *   `<periodStart>#<statementId>`; gsi2 `CREATOR#<creatorId>#STATEMENTS` / same
 * - period claim `PAYOUTS#<brandId>#<creatorId>#<currency>` / `PERIOD#<periodStart>` → statementId
 * - carried balance `PAYOUTS#<brandId>#<creatorId>#<currency>` / `BALANCE`
 * - commission claim `COMMISSION#<commissionId>` / `SETTLED`: how much of it statements carry
 * - payable commissions: the conversion item on gsi3 `PAYABLE` (written by conversion.dynamo.ts)
 */
const keys = {
  settings: (brandId: string) => ({ pk: `PAYOUTS#${brandId}`, sk: "SETTINGS" }),
  statement: (statementId: string) => ({ pk: `STATEMENT#${statementId}`, sk: "STATEMENT" }),
  period: (brandId: string, creatorId: string, currency: string, start: string) => ({
    pk: `PAYOUTS#${brandId}#${creatorId}#${currency}`,
    sk: `PERIOD#${start}`,
  }),
  balance: (brandId: string, creatorId: string, currency: string) => ({
    pk: `PAYOUTS#${brandId}#${creatorId}#${currency}`,
    sk: "BALANCE",
  }),
  claim: (commissionId: string) => ({ pk: `COMMISSION#${commissionId}`, sk: "SETTLED" }),
};

export const PAYABLE = "PAYABLE";

const Claim = z.object({ commissionId: z.string(), settled: z.number().int(), statementId: z.string() });
export type Claim = z.infer<typeof Claim>;

const Balance = z.object({ carry: z.number().int(), lastPeriodStart: z.string(), version: z.number().int() });
export type Balance = z.infer<typeof Balance>;

function statementItem(statement: Statement.Info) {
  const sort = `${statement.period.start}#${statement.id}`;
  return {
    ...keys.statement(statement.id),
    gsi1pk: `BRAND#${statement.brandId}#STATEMENTS`,
    gsi1sk: sort,
    gsi2pk: `CREATOR#${statement.creatorId}#STATEMENTS`,
    gsi2sk: sort,
    type: "statement",
    ...statement,
  };
}

export const StatementStore = {
  /** AP70: a brand's payout settings, defaults when never set. */
  async getSettings(brandId: string): Promise<Statement.Settings> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.settings(brandId) }),
    );
    return Statement.Settings.parse(found.Item ?? {});
  },

  /** AP70 (put). */
  async putSettings(brandId: string, settings: Statement.Settings): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.settings(brandId), type: "payout_settings", brandId, ...settings },
      }),
    );
  },

  /**
   * AP71: approved (or reversed) commissions, from the sparse gsi3 `PAYABLE` partition. Eventually
   * consistent; the claims' conditions keep a stale read from settling anything twice.
   */
  async listPayable(): Promise<{
    conversions: Conversion.Info[];
    unreadable: { id: string; error: unknown }[];
  }> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk",
      ExpressionAttributeValues: { ":pk": PAYABLE },
    });
    // One unreadable item is handed back on its own (the job parks it) instead of failing the whole read.
    const conversions: Conversion.Info[] = [];
    const unreadable: { id: string; error: unknown }[] = [];
    for (const item of items) {
      const parsed = Conversion.Info.safeParse(item);
      if (parsed.success) conversions.push(parsed.data);
      else unreadable.push({ id: String(item.id ?? item.pk), error: parsed.error });
    }
    return { conversions, unreadable };
  },

  /**
   * AP71 (one brand): the brand's part of `PAYABLE` (its sort keys start with the brand id), for the
   * brand's upcoming statements.
   */
  async listPayableOfBrand(brandId: string): Promise<Conversion.Info[]> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk AND begins_with(gsi3sk, :brand)",
      ExpressionAttributeValues: { ":pk": PAYABLE, ":brand": `${brandId}#` },
    });
    return items.map((item) => Conversion.Info.parse(item));
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
   * AP75 (close): the period claim (must not exist: one statement per period), the statement, the balance
   * (at the version read) and every commission claim (at the settled amount read, or absent), all or
   * nothing. False when another run won any of them; that run's statement stands.
   */
  async close(
    statement: Statement.Info,
    claims: { claim: Claim; expected: number | undefined }[],
    balance: Balance | undefined,
  ): Promise<boolean> {
    const { brandId, creatorId, currency } = statement;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.period(brandId, creatorId, currency, statement.period.start),
                  type: "statement_period",
                  statementId: statement.id,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: statementItem(statement),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.balance(brandId, creatorId, currency),
                  type: "statement_balance",
                  carry: statement.carriedOut,
                  lastPeriodStart: statement.period.start,
                  version: (balance?.version ?? 0) + 1,
                },
                // Another close or a dispute moved the balance since it was read: start over next run.
                ConditionExpression: balance ? "version = :version" : "attribute_not_exists(pk)",
                ExpressionAttributeValues: balance ? { ":version": balance.version } : undefined,
              },
            },
            ...claims.map(({ claim, expected }) => ({
              Put: {
                TableName: tableName(),
                Item: { ...keys.claim(claim.commissionId), type: "commission_claim", ...claim },
                // Settled exactly as read: a commission lands on one statement per change, never twice.
                ConditionExpression:
                  expected === undefined ? "attribute_not_exists(pk)" : "settled = :settled",
                ExpressionAttributeValues: expected === undefined ? undefined : { ":settled": expected },
              },
            })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.length || isTransactionConflict(error)) return false;
      throw error;
    }
  },

  /** AP76: a statement by id. */
  async get(statementId: string): Promise<Statement.Info | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.statement(statementId), ConsistentRead: true }),
    );
    return found.Item ? Statement.Info.parse(found.Item) : undefined;
  },

  /** AP76 (replace): the statement if still at the version read. False when someone changed it first. */
  async replace(current: Statement.Info, next: Statement.Info): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: statementItem(next),
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
   * AP76 + AP74 + AP73 (dispute): the statement at the version read, the line's commission claim reduced
   * by the line (so a later close can settle it again), and what the statement now carries out added to
   * the balance.
   */
  async dispute(
    current: Statement.Info,
    next: Statement.Info,
    line: Statement.Line,
    carriedOut: number,
  ): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: statementItem(next),
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": current.version },
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
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.length || isTransactionConflict(error)) return false;
      throw error;
    }
  },

  /** AP77: a brand's statements, newest period first, 50 a page; `period` is the start day, status a filter. */
  async listByBrand(
    brandId: string,
    filter: { status?: string | undefined; period?: string | undefined; cursor?: string | undefined },
  ): Promise<Page<Statement.Info>> {
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
      parse: (item) => Statement.Info.parse(item),
    });
  },

  /** AP78: a creator's statements, newest period first, 50 a page; status a filter. */
  async listByCreator(
    creatorId: string,
    filter: { status?: string | undefined; cursor?: string | undefined },
  ): Promise<Page<Statement.Info>> {
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
      parse: (item) => Statement.Info.parse(item),
    });
  },

  /** AP78 (all pages), for the ledger. */
  async listAllByCreator(creatorId: string): Promise<Statement.Info[]> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": `CREATOR#${creatorId}#STATEMENTS` },
    });
    return items.map((item) => Statement.Info.parse(item));
  },
};
