import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Campaign } from "../campaign";
import { budgetDebit } from "../campaign/campaign.dynamo";
import {
  dynamo,
  failedConditions,
  isConditionFailed,
  type Page,
  pagedQuery,
  queryAll,
  tableName,
} from "../dynamo";
import { PayableIndex } from "../statement/schema";
import { Clock } from "../util/clock";
import { backoffDelay, CONTENTION, sleep } from "../util/retry";
import { Conversion } from "./index";

/**
 * Key formats (see dynamo/README.md, "Brands, campaigns and conversions"):
 * - conversion `CONVERSION#<conversionId>` / `CONVERSION`; gsi1 `BRAND#<brandId>#CONVERSIONS` /
 *   `<occurredAt>#<conversionId>`; gsi2 (when credited) `CREATOR#<creatorId>#CONVERSIONS` / same; gsi3 (only
 *   while its commission is pending) `HOLDS#PENDING` / `<holdUntil>#<conversionId>`, (while approved or
 *   reversed) `PAYABLE#<day it became so>` / `<brandId>#<conversionId>` (statement/schema.ts `PayableIndex`)
 * - commission event `CONVERSION#<conversionId>` / `EVENT#<version, 6 digits>` (append-only)
 * - refund applied `CONVERSION#<conversionId>` / `REFUND#<refundKey>`
 * - order claim `ORDER#<brandId>#<orderId>` / `ORDER` → conversionId, amount, currency, first answer
 * - refund for an unknown order `ORDER#<brandId>#<orderId>` / `REFUND#<refundKey>`
 * - webhook delivery seen `WEBHOOK#<brandId>#<source>#<deliveryId>` / `WEBHOOK`, ttl 30 days
 */
const keys = {
  conversion: (conversionId: string) => ({ pk: `CONVERSION#${conversionId}`, sk: "CONVERSION" }),
  event: (conversionId: string, seq: number) => ({
    pk: `CONVERSION#${conversionId}`,
    sk: `EVENT#${String(seq).padStart(6, "0")}`,
  }),
  refund: (conversionId: string, refundKey: string) => ({
    pk: `CONVERSION#${conversionId}`,
    sk: `REFUND#${refundKey}`,
  }),
  order: (brandId: string, orderId: string) => ({ pk: `ORDER#${brandId}#${orderId}`, sk: "ORDER" }),
  orphanRefund: (brandId: string, orderId: string, refundKey: string) => ({
    pk: `ORDER#${brandId}#${orderId}`,
    sk: `REFUND#${refundKey}`,
  }),
  webhook: (brandId: string, source: string, deliveryId: string) => ({
    pk: `WEBHOOK#${brandId}#${source}#${deliveryId}`,
    sk: "WEBHOOK",
  }),
};

const HOLDS = "HOLDS#PENDING";
const WEBHOOK_MEMORY_SECONDS = 30 * 86_400;

function conversionItem(conversion: Conversion.Info) {
  const sort = `${conversion.occurredAt}#${conversion.id}`;
  return {
    ...keys.conversion(conversion.id),
    gsi1pk: `BRAND#${conversion.brandId}#CONVERSIONS`,
    gsi1sk: sort,
    ...(conversion.creatorId ? { gsi2pk: `CREATOR#${conversion.creatorId}#CONVERSIONS`, gsi2sk: sort } : {}),
    ...(conversion.commission?.status === "pending"
      ? { gsi3pk: HOLDS, gsi3sk: `${conversion.commission.holdUntil}#${conversion.id}` }
      : {}),
    // Approved and reversed commissions are what payout statements settle (statement.dynamo.ts, AP150),
    // bucketed by the UTC day of the write that made them so: the closing job reads only days since its last run.
    ...(conversion.commission?.status === "approved" || conversion.commission?.status === "reversed"
      ? {
          gsi3pk: PayableIndex.pk(Clock.now().toISOString().slice(0, 10)),
          gsi3sk: PayableIndex.sk(conversion.brandId, conversion.id),
        }
      : {}),
    type: "conversion",
    ...conversion,
  };
}

function eventItem(event: Conversion.Event) {
  return { ...keys.event(event.conversionId, event.seq), type: "commission_event", ...event };
}

interface OrderClaim {
  conversionId: string;
  amount: number;
  currency: string;
  answer: Conversion.Answer;
}
// Built on first use: this file and ./index import each other.
let orderClaim: z.ZodType<OrderClaim> | undefined;
const OrderClaim = () =>
  (orderClaim ??= z.object({
    conversionId: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    answer: Conversion.Answer,
  }));

/**
 * Contention, worth another try: a transaction cancelled because another one held an item, or (DynamoDB
 * Local only, which says so in the message) an internal error for waiting too long on its lock.
 */
const isContention = (error: unknown) =>
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === "TransactionConflict")) ||
  (error instanceof Error &&
    error.name === "InternalServerError" &&
    /waiting for a lock/.test(error.message));

const MAX_ATTEMPTS = 40;

const OrphanRefund = z.object({
  orderId: z.string(),
  refundKey: z.string(),
  currency: z.string(),
  refundAmount: z.number().int().optional(),
  refundedTotal: z.number().int().optional(),
  occurredAt: z.string().optional(),
});

export const ConversionStore = {
  /** AP58: the order claim for (brand, orderId): the idempotency key of every door. */
  async getOrderClaim(brandId: string, orderId: string): Promise<OrderClaim | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.order(brandId, orderId), ConsistentRead: true }),
    );
    return found.Item ? OrderClaim().parse(found.Item) : undefined;
  },

  /**
   * AP58 + AP59 (insert): the order claim, the conversion, its first commission event and (with a budget)
   * the budget debit, all or nothing. The claim is conditional on not existing, so of any number of
   * concurrent deliveries of one order exactly one writes; the others read the claim and replay its answer.
   * The budget debit is conditional on enough remaining; when it fails the commission is recomputed
   * against what is left (capped, possibly to none) and the transaction retried.
   */
  async insert(
    first: Conversion.Info,
    budget: { campaign: Campaign.Info; onBudget: (remaining: number) => Conversion.Info } | undefined,
  ): Promise<{ answer: Conversion.Answer; replayed: boolean }> {
    let remaining = budget?.campaign.budgetRemaining;
    for (let attempt = 0; ; attempt++) {
      const conversion = budget && remaining !== undefined ? budget.onBudget(remaining) : first;
      const answer = Conversion.answerOf(conversion);
      const commission = conversion.commission;
      const debit = budget && remaining !== undefined && commission ? commission.amount.amount : 0;
      const items = [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.order(conversion.brandId, conversion.orderId),
              type: "order_claim",
              conversionId: conversion.id,
              amount: conversion.amount.amount,
              currency: conversion.amount.currency,
              answer,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: conversionItem(conversion),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...(commission
          ? [
              {
                Put: {
                  TableName: tableName(),
                  Item: eventItem({
                    conversionId: conversion.id,
                    commissionId: commission.id,
                    seq: conversion.version,
                    kind: commission.status === "held" ? "held" : "pending",
                    amount: commission.amount.amount,
                    currency: commission.amount.currency,
                    at: conversion.receivedAt,
                    reason: conversion.receipt.reason,
                  }),
                },
              },
            ]
          : []),
        ...(budget && debit > 0 ? [budgetDebit(budget.campaign.id, debit)] : []),
      ];
      try {
        await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
        return { answer, replayed: false };
      } catch (error) {
        const failed = failedConditions(error) ?? [];
        if (failed.includes(0)) {
          const claim = await ConversionStore.getOrderClaim(conversion.brandId, conversion.orderId);
          if (claim) return Conversion.replay(claim, conversion.amount);
        } else if (budget && failed.includes(items.length - 1)) {
          const campaign = await Campaign.getInternal(budget.campaign.id);
          remaining = campaign?.budgetRemaining ?? 0;
        } else if (!isContention(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw error;
        await sleep(backoffDelay(attempt + 1, CONTENTION));
      }
    }
  },

  /** AP59: a conversion by id (strongly consistent: transitions read then write conditionally). */
  async get(conversionId: string): Promise<Conversion.Info | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.conversion(conversionId), ConsistentRead: true }),
    );
    return found.Item ? Conversion.Info.parse(found.Item) : undefined;
  },

  /**
   * AP59 (transition): replaces the conversion if it is still at the version the caller read, and appends
   * the event under the new version. False when someone else changed it first.
   */
  async transition(
    current: Conversion.Info,
    next: Conversion.Info,
    event: Conversion.Event,
  ): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: conversionItem(next),
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": current.version },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: eventItem({ ...event, seq: next.version }),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.length || isContention(error)) return false;
      throw error;
    }
  },

  /**
   * AP60: a refund, once per refund key: the refund marker (conditional on not existing), the conversion at the
   * version read, and the commission event if the amount changed.
   */
  async applyRefund(
    current: Conversion.Info,
    next: Conversion.Info,
    refund: Conversion.Refund,
    event: Conversion.Event | undefined,
  ): Promise<"applied" | "duplicate" | "conflict"> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.refund(current.id, refund.refundKey),
                  type: "refund",
                  ...refund,
                  appliedAt: event?.at,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: conversionItem(next),
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": current.version },
              },
            },
            ...(event
              ? [{ Put: { TableName: tableName(), Item: eventItem({ ...event, seq: next.version }) } }]
              : []),
          ],
        }),
      );
      return "applied";
    } catch (error) {
      const failed = failedConditions(error) ?? [];
      if (failed.includes(0)) return "duplicate";
      if (failed.length || isContention(error)) return "conflict";
      throw error;
    }
  },

  /** AP61: keep a refund whose order we never saw; a retry of it changes nothing. */
  async recordOrphanRefund(brandId: string, refund: Conversion.Refund, at: string): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.orphanRefund(brandId, refund.orderId, refund.refundKey),
            type: "orphan_refund",
            brandId,
            ...refund,
            receivedAt: at,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },

  /** AP61 (read): refunds kept for an order before the order itself arrived. */
  async listOrphanRefunds(brandId: string, orderId: string): Promise<Conversion.Refund[]> {
    const { pk } = keys.orphanRefund(brandId, orderId, "");
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :refund)",
      ExpressionAttributeValues: { ":pk": pk, ":refund": "REFUND#" },
    });
    return items.map((item) => OrphanRefund.parse(item));
  },

  /** AP62: a commission's history, oldest first. */
  async listEvents(conversionId: string): Promise<Conversion.Event[]> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :event)",
      ExpressionAttributeValues: { ":pk": `CONVERSION#${conversionId}`, ":event": "EVENT#" },
    });
    return items.map((item) => Conversion.Event.parse(item));
  },

  /**
   * AP63: a brand's conversions, newest first, 50 per page, by when the order happened (gsi1, `from`/`to` in the
   * key condition); status and creator narrow the page with a filter, so a page may hold fewer than 50.
   */
  async listByBrand(
    brandId: string,
    filter: {
      status?: string | undefined;
      creatorId?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      cursor?: string | undefined;
    },
  ): Promise<Page<Conversion.Info>> {
    const values: Record<string, unknown> = { ":pk": `BRAND#${brandId}#CONVERSIONS` };
    let range = "";
    if (filter.from || filter.to) {
      values[":from"] = filter.from ?? "0";
      values[":to"] = `${filter.to ?? "9999"}#~`;
      range = " AND gsi1sk BETWEEN :from AND :to";
    }
    const filters: string[] = [];
    const names: Record<string, string> = {};
    if (filter.status) {
      filters.push("#status = :status");
      names["#status"] = "status";
      values[":status"] = filter.status;
    }
    if (filter.creatorId) {
      filters.push("creatorId = :creatorId");
      values[":creatorId"] = filter.creatorId;
    }
    return pagedQuery({
      pattern: "AP63",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: `gsi1pk = :pk${range}`,
        FilterExpression: filters.length ? filters.join(" AND ") : undefined,
        ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      cursor: filter.cursor,
      limit: 50,
      parse: (item) => Conversion.Info.parse(item),
    });
  },

  /** AP64: every conversion credited to a creator (gsi2), for earnings. */
  async listByCreator(creatorId: string): Promise<Conversion.Info[]> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": `CREATOR#${creatorId}#CONVERSIONS` },
      ScanIndexForward: false,
    });
    return items.map((item) => Conversion.Info.parse(item));
  },

  /**
   * AP65: pending commissions whose hold ended by `now` (gsi3, sparse: only pending ones are in it). The
   * index is eventually consistent, so each is re-read before its transition.
   */
  async listDueHolds(now: string): Promise<string[]> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk AND gsi3sk <= :now",
      ExpressionAttributeValues: { ":pk": HOLDS, ":now": `${now}#~` },
    });
    // Ids only: each is read (and parsed) on its own by the job, so one unreadable item stops nothing.
    return items.flatMap((item) => (typeof item.id === "string" ? [item.id] : []));
  },

  /** AP66: whether a webhook delivery was handled already. */
  async webhookSeen(brandId: string, source: string, deliveryId: string): Promise<boolean> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.webhook(brandId, source, deliveryId) }),
    );
    return found.Item !== undefined;
  },

  /** AP66 (remember): after handling; kept 30 days, longer than Shopify and Stripe retry. */
  async rememberWebhook(
    brandId: string,
    source: string,
    deliveryId: string,
    nowSeconds: number,
  ): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.webhook(brandId, source, deliveryId),
          type: "webhook_delivery",
          ttl: nowSeconds + WEBHOOK_MEMORY_SECONDS,
        },
      }),
    );
  },
};
