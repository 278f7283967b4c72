import { BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { TransactWriteItem } from "../audit";
import { dynamo, failedConditions, type Page, pagedQuery, queryAll, tableName } from "../dynamo";
import {
  Info,
  type QueueEntry,
  queueIdOf,
  Reason,
  ReportExistsError,
  type Target,
  Target as TargetSchema,
} from "./schema";

/**
 * Key formats (see dynamo/README.md, "Moderation"): everything about one reported item shares the partition
 * `REPORTS#<type>#<targetId>`:
 * - an open report `OPEN#<reporterId>`: its key *is* the "one open report per person and item" rule;
 * - the item's queue entry `QUEUE`: `openCount`, `reasons` (a string set), first and last report time, and on
 *   gsi1 `REPORTQUEUE` / `<firstReportedAt>#<type>#<targetId>`: the admins' queue, oldest first.
 */
const partition = (target: Target) => `REPORTS#${target.type}#${target.id}`;
const keys = {
  report: (target: Target, reporterId: string) => ({ pk: partition(target), sk: `OPEN#${reporterId}` }),
  queue: (target: Target) => ({ pk: partition(target), sk: "QUEUE" }),
};
const QUEUE = "REPORTQUEUE";

const StoredReport = Info.extend({ pk: z.string(), sk: z.string() });
const StoredQueue = z.object({
  target: TargetSchema,
  openCount: z.number().int(),
  reasons: z.set(Reason).or(z.array(Reason)),
  firstReportedAt: z.string(),
  lastReportedAt: z.string(),
});
export type StoredQueue = Omit<QueueEntry, "label" | "hidden" | "guideId">;

const toQueue = (item: Record<string, unknown>): StoredQueue => {
  const stored = StoredQueue.parse(item);
  return { ...stored, id: queueIdOf(stored.target), reasons: [...stored.reasons].sort() };
};

export const ReportStore = {
  /**
   * AP255 (report): the open report (if the reporter has none open on the item) and the item's queue entry
   * counted up, together. A second open report cancels both: ReportExistsError.
   */
  async open(report: Info): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.report(report.target, report.reporterId), type: "report", ...report },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.queue(report.target),
                UpdateExpression:
                  "SET #type = :type, target = :target, lastReportedAt = :at, firstReportedAt = if_not_exists(firstReportedAt, :at), gsi1pk = :queue, gsi1sk = if_not_exists(gsi1sk, :position) ADD openCount :one, reasons :reason",
                ExpressionAttributeNames: { "#type": "type" },
                ExpressionAttributeValues: {
                  ":type": "report_queue",
                  ":target": report.target,
                  ":at": report.createdAt,
                  ":queue": QUEUE,
                  ":position": `${report.createdAt}#${report.target.type}#${report.target.id}`,
                  ":one": 1,
                  ":reason": new Set([report.reason]),
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) throw new ReportExistsError();
      throw error;
    }
  },

  /** AP256 (queue): reported items, oldest first report first, 50 a page (gsi1). */
  queue(cursor: string | undefined): Promise<Page<StoredQueue>> {
    return pagedQuery({
      pattern: "AP256",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :queue",
        ExpressionAttributeValues: { ":queue": QUEUE },
      },
      cursor,
      limit: 50,
      parse: toQueue,
    });
  },

  /**
   * AP256 (close, in the admin action's transaction): removes the item's queue entry. `mustExist` (a dismiss)
   * makes a missing entry cancel the transaction; a hide closes whatever is open, or nothing.
   */
  closeQueue(target: Target, mustExist: boolean): TransactWriteItem {
    return {
      Delete: {
        TableName: tableName(),
        Key: keys.queue(target),
        ...(mustExist ? { ConditionExpression: "attribute_exists(pk)" } : {}),
      },
    };
  },

  /**
   * AP256 (close, after the transaction): deletes the item's open reports made up to the close, so their
   * reporters may report it again; a report made after the close stays, with the queue entry it re-created.
   */
  async deleteReports(target: Target, upTo: string): Promise<void> {
    const open = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :open)",
      ExpressionAttributeValues: { ":pk": partition(target), ":open": "OPEN#" },
    });
    const closed = open.map((item) => StoredReport.parse(item)).filter((report) => report.createdAt <= upTo);
    for (let start = 0; start < closed.length; start += 25) {
      let pending: Record<string, unknown[]> | undefined = {
        [tableName()]: closed
          .slice(start, start + 25)
          .map((report) => ({ DeleteRequest: { Key: keys.report(report.target, report.reporterId) } })),
      };
      while (pending && Object.keys(pending).length > 0) {
        const result = await dynamo().send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  },

  /** Runs an admin action's transaction; true unless item `index` (a closeQueue that must exist) failed. */
  async transact(items: TransactWriteItem[], closeIndex: number): Promise<boolean> {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (failedConditions(error)?.includes(closeIndex)) return false;
      throw error;
    }
  },
};
