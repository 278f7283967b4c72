import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Cursor, type Page, pagedQuery, tableName } from "../dynamo";
import { Entry } from "./schema";

export type TransactWriteItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * Key format (see dynamo/README.md, "Audit log"): `AUDIT#<yyyy-mm>` / `<entryId>`, the entry id being
 * `<at ISO-8601>#<random>`. The partition is the month the entry was written in, so one busy month never
 * makes one key hot for good, and "newest first" walks months backwards from the current one.
 */
const MONTH = /^\d{4}-\d{2}$/;
const partition = (month: string) => `AUDIT#${month}`;

/**
 * No entry predates this month (the log shipped in 2026-11; a year of slack for clocks behind). The walk
 * back stops here; an empty month costs one empty Query.
 */
export const FIRST_MONTH = "2025-11";

export const monthOf = (at: string) => at.slice(0, 7);

/** The month before `month` (`2026-01` → `2025-12`). */
export function previousMonth(month: string): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, "0")}`;
}

const Stored = Entry.extend({ pk: z.string(), sk: z.string() });
const toEntry = (item: Record<string, unknown>): Entry => {
  const { pk: _pk, sk: _sk, ...entry } = Stored.parse(item);
  return entry;
};

/** Where a list page resumes: a month, and the month's own pagedQuery cursor when it was cut short. */
const Position = z.object({ month: z.string().regex(MONTH), page: z.string().optional() });
const BINDING = "AP251:audit";

export const AuditStore = {
  /**
   * AP250: the Put that appends one entry, for the caller's own transaction. `attribute_not_exists(pk)`:
   * an entry is never overwritten, even by an id collision (which then cancels the whole admin action).
   */
  put(entry: Entry): TransactWriteItem {
    return {
      Put: {
        TableName: tableName(),
        Item: { pk: partition(monthOf(entry.at)), sk: entry.id, type: "audit_entry", ...entry },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    };
  },

  /**
   * AP251: entries newest first. Reads the cursor's month (or the current one) descending with pagedQuery,
   * and moves to earlier months until the page is full or FIRST_MONTH is read.
   */
  async list(input: { cursor: string | undefined; limit: number; now: Date }): Promise<Page<Entry>> {
    let position = Cursor.open(BINDING, Position, input.cursor) ?? {
      month: monthOf(input.now.toISOString()),
    };
    const items: Entry[] = [];
    for (;;) {
      const page = await pagedQuery({
        pattern: "AP251",
        input: {
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": partition(position.month) },
          ScanIndexForward: false,
        },
        cursor: position.page,
        limit: input.limit - items.length,
        parse: toEntry,
      });
      items.push(...page.items);
      if (page.nextCursor) position = { month: position.month, page: page.nextCursor };
      else if (position.month > FIRST_MONTH) position = { month: previousMonth(position.month) };
      else return { items };
      if (items.length >= input.limit) return { items, nextCursor: Cursor.seal(BINDING, position) };
    }
  },
};
