/**
 * The conversion store: every conversion item (claims, conversions, events, refunds, hold buckets, webhook
 * deliveries) to and from its keys, and each failed condition thrown as a fact. Over 400 lines because the
 * key formats, the condition facts and the writes that use them read best together; it decides nothing.
 */
import { createHash } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { budgetCredit, budgetDebit } from "../campaign/campaign.dynamo";
import { config } from "../config";
import {
  batchGet,
  ConditionFailedError,
  dynamo,
  failedConditions,
  failedItems,
  isConditionFailed,
  type Page,
  pagedQuery,
  queryAll,
  tableName,
} from "../dynamo";
import { PayableIndex } from "../statement/schema";
import { Clock } from "../util/clock";
import { Event, Info, OrderClaim, type Refund } from "./schema";
import { TOTAL_BUCKETS, type TotalsDelta, totalsDeltas } from "./totals";

/**
 * Key formats (see dynamo/README.md, "Brands, campaigns and conversions"):
 * - conversion `CONVERSION#<conversionId>` / `CONVERSION`; gsi1 `BRAND#<brandId>#CONVERSIONS` /
 *   `<occurredAt>#<conversionId>`; gsi2 (when credited) `CREATOR#<creatorId>#CONVERSIONS` / same; gsi3 (only
 *   while its commission is pending) `HOLDS#<due hour>#<shard>` / `<due>#<conversionId>`, where due is
 *   `dueAt ?? holdUntil`, the hour its first 13 characters (`2026-11-29T05`) and the shard a hash of the
 *   conversion id modulo `config().holdShards`. Items from before the shards sit on `HOLDS#PENDING` until
 *   their next write moves them (the job drains both); (while approved or reversed) `PAYABLE#<day it became
 *   so>` / `<brandId>#<conversionId>` (statement/schema.ts `PayableIndex`)
 * - hold bucket `HOLDBUCKETS` / `<due hour>`: the job's directory of hours that may hold pending
 *   commissions; put with a bucket's first commission (once per process), deleted by the job once drained
 * - commission event `CONVERSION#<conversionId>` / `EVENT#<version, 6 digits>` (append-only)
 * - refund applied `CONVERSION#<conversionId>` / `REFUND#<refundKey>`
 * - order claim `ORDER#<brandId>#<orderId>` / `ORDER` → conversionId, amount, currency, first answer
 * - refund for an unknown order `ORDER#<brandId>#<orderId>` / `REFUND#<refundKey>`
 * - webhook delivery seen `WEBHOOK#<brandId>#<source>#<deliveryId>` / `WEBHOOK`, ttl 30 days
 */
const keys = {
  conversion: (conversionId: string) => ({ pk: `CONVERSION#${conversionId}`, sk: "CONVERSION" }),
  totals: (creatorId: string, campaignId: string, currency: string) => ({
    pk: `EARNINGS#${creatorId}`,
    sk: `CAMPAIGN#${campaignId}#${currency}`,
  }),
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
  holdBucket: (hour: string) => ({ pk: "HOLDBUCKETS", sk: hour }),
  creatorPayable: (creatorId: string, day: string, conversionId: string) => ({
    pk: `CREATOR#${creatorId}#PAYABLE`,
    sk: `${day}#${conversionId}`,
  }),
};

/** How long a creator's payable marker (AP224) is kept: past any period that can still be open or unclosed. */
const CREATOR_PAYABLE_SECONDS = 120 * 86_400;

/** Before the shards, every pending commission sat on this one key (AP65); drained, never written again. */
const LEGACY_HOLDS = "HOLDS#PENDING";
const WEBHOOK_MEMORY_SECONDS = 30 * 86_400;

/** The hour bucket of an ISO time: `2026-11-29T05`. */
export const hourOf = (iso: string) => iso.slice(0, 13);

function shardOf(conversionId: string): number {
  return createHash("sha256").update(conversionId).digest().readUInt32BE(0) % config().holdShards;
}

const holdPartition = (hour: string, shard: number) => `HOLDS#${hour}#${shard}`;

/** When a pending commission is due for the release job: see Commission.dueAt. */
const dueOf = (conversion: Info) =>
  conversion.commission ? (conversion.commission.dueAt ?? conversion.commission.holdUntil) : undefined;

function holdKeys(conversion: Info) {
  const due = dueOf(conversion);
  if (conversion.commission?.status !== "pending" || !due) return {};
  return { gsi3pk: holdPartition(hourOf(due), shardOf(conversion.id)), gsi3sk: `${due}#${conversion.id}` };
}

function conversionItem(conversion: Info) {
  const sort = `${conversion.occurredAt}#${conversion.id}`;
  return {
    ...keys.conversion(conversion.id),
    gsi1pk: `BRAND#${conversion.brandId}#CONVERSIONS`,
    gsi1sk: sort,
    ...(conversion.creatorId ? { gsi2pk: `CREATOR#${conversion.creatorId}#CONVERSIONS`, gsi2sk: sort } : {}),
    ...holdKeys(conversion),
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

function eventItem(event: Event) {
  return { ...keys.event(event.conversionId, event.seq), type: "commission_event", ...event };
}

/**
 * Hour buckets this process has put in the directory (per table: tests give each file its own). A bucket
 * is put with the first pending commission this process writes into it, in the same transaction, so the
 * directory never misses a bucket that holds one, at the cost of one small write per process and hour.
 */
const markedBuckets = new Set<string>();

/** AP162 (put): the directory entry for the conversion's hold bucket, unless this process wrote it already. */
function bucketMarker(conversion: Info) {
  const due = dueOf(conversion);
  if (conversion.commission?.status !== "pending" || !due) return [];
  if (markedBuckets.has(`${tableName()}#${hourOf(due)}`)) return [];
  return [
    { Put: { TableName: tableName(), Item: { ...keys.holdBucket(hourOf(due)), type: "hold_bucket" } } },
  ];
}

/**
 * AP224: when a commission becomes payable (approved or reversed), a small marker in its creator's own
 * partition, keyed by the same UTC day as the payable index (AP150), so the creator's upcoming statements
 * read only the days that can still be unsettled instead of every conversion they were ever credited.
 * Expires after 120 days; written in the same transaction as the change, appended last so the positions
 * the callers read cancellation reasons by stay put.
 */
function creatorPayableMarker(conversion: Info) {
  const status = conversion.commission?.status;
  if (!conversion.creatorId || (status !== "approved" && status !== "reversed")) return [];
  const now = Clock.now();
  return [
    {
      Put: {
        TableName: tableName(),
        Item: markerItem(conversion.creatorId, now.toISOString().slice(0, 10), conversion.id, now),
      },
    },
  ];
}

/**
 * A payable marker under `day`, expiring 120 days after that day (after `now` when filed today), so a
 * backfilled marker for an older day lives no longer than the live one written that day would have.
 */
function markerItem(creatorId: string, day: string, conversionId: string, now: Date) {
  return {
    ...keys.creatorPayable(creatorId, day, conversionId),
    type: "creator_payable",
    conversionId,
    ttl: payableMarkerExpiry(day, now),
  };
}

/** When a payable marker filed under `day` expires (epoch seconds): see markerItem. */
export const payableMarkerExpiry = (day: string, now: Date) =>
  Math.floor(Math.min(now.getTime(), Date.parse(`${day}T23:59:59.999Z`)) / 1000) + CREATOR_PAYABLE_SECONDS;

function rememberMarker(conversion: Info) {
  const due = dueOf(conversion);
  if (conversion.commission?.status === "pending" && due) markedBuckets.add(`${tableName()}#${hourOf(due)}`);
}

/**
 * Contention, worth another try: a transaction cancelled because another one held an item, or (DynamoDB
 * Local only, which says so in the message) an internal error for waiting too long on its lock.
 */
export const isContention = (error: unknown) =>
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === "TransactionConflict")) ||
  (error instanceof Error &&
    error.name === "InternalServerError" &&
    /waiting for a lock/.test(error.message));

/** The order was claimed first (another delivery of it): `claim` is what that one stored. */
export class OrderClaimedError extends ConditionFailedError {
  constructor(
    readonly claim: OrderClaim,
    options?: { cause?: unknown },
  ) {
    super("The order claim exists", options);
  }
}

/** The campaign's budget had less left than the debit: `remaining` is what it had. */
export class BudgetShortError extends ConditionFailedError {
  constructor(
    readonly remaining: number,
    options?: { cause?: unknown },
  ) {
    super("The campaign budget has less left than the commission", options);
  }
}

/** The conversion is no longer at the version read: `current` is it as it stood (when known). */
export class ConversionChangedError extends ConditionFailedError {
  constructor(
    readonly current: Info | undefined,
    options?: { cause?: unknown },
  ) {
    super("The conversion changed since it was read", options);
  }
}

/** This refund key was applied already. */
export class RefundAppliedError extends ConditionFailedError {
  constructor(options?: { cause?: unknown }) {
    super("The refund was applied already", options);
  }
}

const OrphanRefund = z.object({
  orderId: z.string(),
  refundKey: z.string(),
  currency: z.string(),
  refundAmount: z.number().int().optional(),
  refundedTotal: z.number().int().optional(),
  occurredAt: z.string().optional(),
});

/** The conversion put conditional on the version read; on failure DynamoDB returns the item as it is. */
function versionedPut(current: Info, next: Info) {
  return {
    Put: {
      TableName: tableName(),
      Item: conversionItem(next),
      ConditionExpression: "version = :version",
      ExpressionAttributeValues: { ":version": current.version },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    },
  };
}

/**
 * AP220: the creator's running earnings totals follow the change, in the same transaction as the change
 * itself (so a retried or conflicting write never counts twice): ADD the difference per totals item. Each
 * write also adds 1 to `revision`, so the upgrade backfill (AP322) can replace an item only if no commission
 * of it changed between its reading the item and its writing the recomputed sums.
 */
function totalsUpdates(before: Info | undefined, after: Info) {
  return totalsDeltas(before, after).map((delta) => ({
    Update: {
      TableName: tableName(),
      Key: keys.totals(delta.creatorId, delta.campaignId, delta.currency),
      UpdateExpression: `SET #type = :type, creatorId = :creatorId, campaignId = :campaignId, campaignName = :campaignName, currency = :currency ADD ${TOTAL_BUCKETS.map((bucket) => `${bucket} :${bucket}`).join(", ")}, revision :one`,
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
        ":one": 1,
        ":type": "earnings_total",
        ":creatorId": delta.creatorId,
        ":campaignId": delta.campaignId,
        ":campaignName": delta.campaignName,
        ":currency": delta.currency,
        ...Object.fromEntries(TOTAL_BUCKETS.map((bucket) => [`:${bucket}`, delta.sums[bucket]])),
      },
    },
  }));
}

const TotalsItem = z.object({
  campaignId: z.string(),
  campaignName: z.string(),
  currency: z.string(),
  pending: z.number().int().default(0),
  held: z.number().int().default(0),
  approved: z.number().int().default(0),
  reversed: z.number().int().default(0),
  paid: z.number().int().default(0),
});
export type TotalsItem = z.infer<typeof TotalsItem>;

/** A totals item with the revision live writes add to (AP220): what the upgrade backfill conditions on. */
const StoredTotals = TotalsItem.extend({ revision: z.number().int().optional() });
export type StoredTotals = z.infer<typeof StoredTotals>;

/** The budget given back with a change (AP57's inverse), when there is any. */
const credit = (next: Info, amount: number) =>
  amount > 0 && next.campaignId ? [budgetCredit(next.campaignId, amount)] : [];

export const ConversionStore = {
  /** AP58: the order claim for (brand, orderId): the idempotency key of every door. */
  async getOrderClaim(brandId: string, orderId: string): Promise<OrderClaim | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.order(brandId, orderId), ConsistentRead: true }),
    );
    return found.Item ? OrderClaim.parse(found.Item) : undefined;
  },

  /**
   * AP58 + AP59 (insert) + AP57: the order claim, the conversion, its first commission event and the budget
   * debit, all or nothing. The claim is conditional on not existing, so of any number of concurrent
   * deliveries of one order exactly one writes; the others get OrderClaimedError with the stored claim. The
   * debit is conditional on enough remaining; short, BudgetShortError says what was left.
   */
  async insert(
    conversion: Info,
    event: Event | undefined,
    debit: { campaignId: string; amount: number } | undefined,
    answer: unknown,
  ): Promise<void> {
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
          ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: conversionItem(conversion),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      ...(event ? [{ Put: { TableName: tableName(), Item: eventItem(event) } }] : []),
      ...bucketMarker(conversion),
    ];
    const debitAt = items.length;
    const withDebit =
      debit && debit.amount > 0 ? [...items, budgetDebit(debit.campaignId, debit.amount)] : items;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            ...withDebit,
            ...totalsUpdates(undefined, conversion),
            ...creatorPayableMarker(conversion),
          ],
        }),
      );
      rememberMarker(conversion);
    } catch (error) {
      const failed = failedItems(error);
      const claim = failed?.get(0);
      if (failed?.has(0) && claim) throw new OrderClaimedError(OrderClaim.parse(claim), { cause: error });
      if (failed?.has(debitAt)) {
        const remaining = failed.get(debitAt)?.budgetRemaining;
        throw new BudgetShortError(typeof remaining === "number" ? remaining : 0, { cause: error });
      }
      throw error;
    }
  },

  /** AP59: a conversion by id (strongly consistent: transitions read then write conditionally). */
  async get(conversionId: string): Promise<Info | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.conversion(conversionId), ConsistentRead: true }),
    );
    return found.Item ? Info.parse(found.Item) : undefined;
  },

  /**
   * AP59 (transition): replaces the conversion if it is still at the version the caller read, appends the
   * event under the new version and gives back `returned` to the campaign budget. ConversionChangedError
   * (with the conversion as it is) when someone else changed it first.
   */
  async transition(current: Info, next: Info, event: Event, returned = 0): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            versionedPut(current, next),
            {
              Put: {
                TableName: tableName(),
                Item: eventItem({ ...event, seq: next.version }),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            ...credit(next, returned),
            ...bucketMarker(next),
            ...totalsUpdates(current, next),
            ...creatorPayableMarker(next),
          ],
        }),
      );
      rememberMarker(next);
    } catch (error) {
      const failed = failedItems(error);
      if (failed?.size) {
        const old = failed.get(0);
        throw new ConversionChangedError(old ? Info.parse(old) : undefined, { cause: error });
      }
      throw error;
    }
  },

  /**
   * AP60: a refund, once per refund key: the refund marker (conditional on not existing), the conversion at
   * the version read, the commission event if the amount changed, and the budget given back.
   * RefundAppliedError for a key seen before; ConversionChangedError when the conversion moved on.
   */
  async applyRefund(
    current: Info,
    next: Info,
    refund: Refund,
    event: Event | undefined,
    returned = 0,
  ): Promise<void> {
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
            versionedPut(current, next),
            ...(event
              ? [{ Put: { TableName: tableName(), Item: eventItem({ ...event, seq: next.version }) } }]
              : []),
            ...credit(next, returned),
            ...bucketMarker(next),
            ...totalsUpdates(current, next),
            ...creatorPayableMarker(next),
          ],
        }),
      );
      rememberMarker(next);
    } catch (error) {
      const failed = failedItems(error);
      if (failed?.has(0)) throw new RefundAppliedError({ cause: error });
      if (failed?.has(1)) {
        const old = failed.get(1);
        throw new ConversionChangedError(old ? Info.parse(old) : undefined, { cause: error });
      }
      throw error;
    }
  },

  /** AP61: keep a refund whose order we never saw; a retry of it changes nothing. */
  async recordOrphanRefund(brandId: string, refund: Refund, at: string): Promise<void> {
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
  async listOrphanRefunds(brandId: string, orderId: string): Promise<Refund[]> {
    const { pk } = keys.orphanRefund(brandId, orderId, "");
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :refund)",
      ExpressionAttributeValues: { ":pk": pk, ":refund": "REFUND#" },
    });
    return items.map((item) => OrphanRefund.parse(item));
  },

  /** AP62: a commission's history, oldest first. */
  async listEvents(conversionId: string): Promise<Event[]> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :event)",
      ExpressionAttributeValues: { ":pk": `CONVERSION#${conversionId}`, ":event": "EVENT#" },
    });
    return items.map((item) => Event.parse(item));
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
  ): Promise<Page<Info>> {
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
      parse: (item) => Info.parse(item),
    });
  },

  /**
   * AP221: a creator's running earnings totals, one item per (campaign, currency) they earned in: grows with
   * the campaigns they joined, never with their commissions. At most `limit` campaigns (the first by id).
   */
  async listTotals(creatorId: string, limit: number): Promise<TotalsItem[]> {
    const page = await pagedQuery({
      pattern: "AP221",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :campaign)",
        ExpressionAttributeValues: { ":pk": `EARNINGS#${creatorId}`, ":campaign": "CAMPAIGN#" },
      },
      cursor: undefined,
      limit,
      parse: (item) => TotalsItem.parse(item),
    });
    return page.items;
  },

  /** AP222: one page (50, newest first) of the conversions credited to a creator (gsi2), for earnings. */
  async pageByCreator(creatorId: string, cursor: string | undefined): Promise<Page<Info>> {
    return pagedQuery({
      pattern: "AP222",
      input: {
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": `CREATOR#${creatorId}#CONVERSIONS` },
        ScanIndexForward: false,
      },
      cursor,
      limit: 50,
      parse: (item) => Info.parse(item),
    });
  },

  /**
   * AP291: writes `handle` (a deleted account's pseudonym) over the creator handle on one page (100) of the
   * conversions credited to a creator (gsi2): the `creatorHandle` field and the `@handle` the receipt's
   * attribution checks name. Amounts, statuses and events are untouched. Idempotent; answers where to
   * resume, undefined when every page is done.
   */
  async renameCreatorPage(
    creatorId: string,
    handle: string,
    after: Record<string, unknown> | undefined,
  ): Promise<Record<string, unknown> | undefined> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": `CREATOR#${creatorId}#CONVERSIONS` },
        ProjectionExpression: "pk, sk, creatorHandle, receipt",
        ExclusiveStartKey: after,
        Limit: 100,
      }),
    );
    for (const item of page.Items ?? []) {
      const was = typeof item.creatorHandle === "string" ? item.creatorHandle : undefined;
      const receipt =
        was && item.receipt !== undefined
          ? JSON.parse(JSON.stringify(item.receipt).replaceAll(`@${was}`, `@${handle}`))
          : item.receipt;
      await dynamo()
        .send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: `SET creatorHandle = :handle${receipt === undefined ? "" : ", receipt = :receipt"}`,
            // Only items still there and credited to this creator: never recreate a deleted one.
            ConditionExpression: "attribute_exists(pk) AND creatorId = :creator",
            ExpressionAttributeValues: {
              ":handle": handle,
              ":creator": creatorId,
              ...(receipt === undefined ? {} : { ":receipt": receipt }),
            },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailed(error)) throw error;
        });
    }
    return page.LastEvaluatedKey;
  },

  /**
   * AP224 (read): the conversions of a creator that became payable on `fromDay` or later, as they are now
   * (one query of the creator's markers, then the conversions by key): bounded by the days that can still
   * be unsettled, not by the creator's history.
   */
  async listPayableOfCreator(creatorId: string, fromDay: string): Promise<Info[]> {
    const markers = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND sk >= :from",
      ExpressionAttributeValues: { ":pk": `CREATOR#${creatorId}#PAYABLE`, ":from": fromDay },
      ProjectionExpression: "conversionId",
    });
    const ids = [...new Set(markers.map((marker) => String(marker.conversionId)))];
    const items = await batchGet(ids.map((id) => keys.conversion(id)));
    return items.map((item) => Info.parse(item)).sort((a, b) => (a.id < b.id ? -1 : 1));
  },

  /**
   * AP162 (read): the hours up to `hour` that may still hold pending commissions, oldest first: the release
   * job's checkpoint is the oldest of them. One small partition, written about once per process and hour.
   */
  async listHoldBuckets(hour: string): Promise<string[]> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND sk <= :hour",
      ExpressionAttributeValues: { ":pk": keys.holdBucket("").pk, ":hour": hour },
    });
    return items.flatMap((item) => (typeof item.sk === "string" ? [item.sk] : []));
  },

  /** AP162 (delete): an hour the job drained, past and closed to new commissions. */
  async forgetHoldBucket(hour: string): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.holdBucket(hour) }));
  },

  /** Shards per hour bucket, for the job's walk. */
  holdShards: () => config().holdShards,

  /**
   * AP163: one page of one hold shard's commissions due by `now` (gsi3 `HOLDS#<hour>#<shard>`, sparse: only
   * pending ones are in it); `hour` undefined reads the legacy single key (AP65). Ids only: the index is
   * eventually consistent, and the job re-reads (and parses) each on its own, so one unreadable item stops
   * nothing.
   */
  listDueHolds(
    hour: string | undefined,
    shard: number,
    now: string,
    cursor: string | undefined,
  ): Promise<Page<string | undefined>> {
    return pagedQuery({
      pattern: hour ? "AP163" : "AP65",
      input: {
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND gsi3sk <= :now",
        ExpressionAttributeValues: {
          ":pk": hour ? holdPartition(hour, shard) : LEGACY_HOLDS,
          ":now": `${now}#~`,
        },
      },
      cursor,
      limit: 100,
      parse: (item) => (typeof item.id === "string" ? item.id : undefined),
    });
  },

  // ---- The upgrade backfill (`npm run scale:backfill`, backfill/index.ts): never a request path ----------

  /**
   * AP320: a creator's earnings totals items as they stand (consistent), with the `revision` every live
   * write adds to (AP220); absent on items written before it existed.
   */
  async totalsForRebuild(creatorId: string): Promise<StoredTotals[]> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :campaign)",
      ExpressionAttributeValues: { ":pk": `EARNINGS#${creatorId}`, ":campaign": "CAMPAIGN#" },
      ConsistentRead: true,
    });
    return items.map((item) => StoredTotals.parse(item));
  },

  /**
   * AP321: one page (100) of every conversion credited to a creator (gsi2, oldest first), each with the
   * payable index key it sits under now (`gsi3pk`, undefined when on none). Answers where to resume.
   */
  async creditedPage(
    creatorId: string,
    after: Record<string, unknown> | undefined,
  ): Promise<{
    items: { conversion: Info; gsi3pk: string | undefined }[];
    next: Record<string, unknown> | undefined;
  }> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": `CREATOR#${creatorId}#CONVERSIONS` },
        ExclusiveStartKey: after,
        Limit: 100,
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => ({
        conversion: Info.parse(item),
        gsi3pk: typeof item.gsi3pk === "string" ? item.gsi3pk : undefined,
      })),
      next: page.LastEvaluatedKey,
    };
  },

  /**
   * AP322: replaces one totals item with recomputed sums, only if its `revision` is still the one read
   * before the sums were computed (or it still has none), setting the next revision. False when a live
   * write moved it meanwhile (the caller recomputes); nothing is ever added, so nothing counts twice.
   */
  async replaceTotals(delta: TotalsDelta, seenRevision: number | undefined): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.totals(delta.creatorId, delta.campaignId, delta.currency),
            type: "earnings_total",
            creatorId: delta.creatorId,
            campaignId: delta.campaignId,
            campaignName: delta.campaignName,
            currency: delta.currency,
            ...delta.sums,
            revision: (seenRevision ?? 0) + 1,
          },
          ConditionExpression:
            seenRevision === undefined ? "attribute_not_exists(revision)" : "revision = :seen",
          ...(seenRevision === undefined ? {} : { ExpressionAttributeValues: { ":seen": seenRevision } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /**
   * AP323: files a payable commission that sits off the day-keyed payable index (on the legacy `PAYABLE`
   * partition, or on none) under `PAYABLE#<day>`, with its creator's marker (AP224) when the day is recent
   * enough to keep one: one transaction, conditional on the conversion's version and index key as read, so
   * a live write in between (which files it itself) wins and this writes nothing. False when it lost.
   */
  async fileOnPayableDay(
    conversion: Info,
    seenGsi3pk: string | undefined,
    day: string,
    marker: boolean,
  ): Promise<boolean> {
    const now = Clock.now();
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.conversion(conversion.id),
                UpdateExpression: "SET gsi3pk = :pk, gsi3sk = :sk",
                ConditionExpression: `version = :version AND ${seenGsi3pk === undefined ? "attribute_not_exists(gsi3pk)" : "gsi3pk = :seen"}`,
                ExpressionAttributeValues: {
                  ":pk": PayableIndex.pk(day),
                  ":sk": PayableIndex.sk(conversion.brandId, conversion.id),
                  ":version": conversion.version,
                  ...(seenGsi3pk === undefined ? {} : { ":seen": seenGsi3pk }),
                },
              },
            },
            ...(marker && conversion.creatorId
              ? [
                  {
                    Put: {
                      TableName: tableName(),
                      Item: markerItem(conversion.creatorId, day, conversion.id, now),
                    },
                  },
                ]
              : []),
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
   * AP324: of these (creator, day, conversion) payable markers (AP224), the ones missing (BatchGetItem, 100
   * keys a request), so a rerun reads them instead of writing them.
   */
  async missingPayableMarkers<T extends { creatorId: string; day: string; conversionId: string }>(
    wanted: T[],
  ): Promise<T[]> {
    const found = await batchGet(
      wanted.map(({ creatorId, day, conversionId }) => keys.creatorPayable(creatorId, day, conversionId)),
    );
    const present = new Set(found.map((item) => `${item.pk}|${item.sk}`));
    return wanted.filter(({ creatorId, day, conversionId }) => {
      const key = keys.creatorPayable(creatorId, day, conversionId);
      return !present.has(`${key.pk}|${key.sk}`);
    });
  },

  /**
   * AP324 (put): a missing payable marker, put only if still absent, so a live write's own marker (or a
   * concurrent run's) is left as it is.
   */
  async putPayableMarker(creatorId: string, day: string, conversionId: string): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: markerItem(creatorId, day, conversionId, Clock.now()),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },

  /** Whether a payable marker filed under `day` would still be kept now (a live one lives 120 days). */
  markerLasts: (day: string, now: Date) => payableMarkerExpiry(day, now) > Math.floor(now.getTime() / 1000),

  /** AP325: when a conversion last changed (its newest commission event), for filing it by day. */
  async lastEventAt(conversionId: string): Promise<string | undefined> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :event)",
        ExpressionAttributeValues: { ":pk": `CONVERSION#${conversionId}`, ":event": "EVENT#" },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const at = page.Items?.[0]?.at;
    return typeof at === "string" ? at : undefined;
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
