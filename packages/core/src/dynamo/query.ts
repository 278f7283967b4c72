import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, tableName } from "./client";
import { Cursor, type Page } from "./cursor";

/**
 * Every item a query matches, following LastEvaluatedKey page by page. For bounded partitions only (a
 * statement's lines, a conversion's events, one follower's feed entries); user-facing lists page instead.
 */
export async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  return (await queryUpTo(input, Number.POSITIVE_INFINITY)).items;
}

/**
 * The first `max` items a query matches, page by page, and whether that was all of them: a read whose cost
 * is bounded however large the partition grows.
 */
export async function queryUpTo(
  input: QueryCommandInput,
  max: number,
): Promise<{ items: Record<string, unknown>[]; complete: boolean }> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const left = max - items.length;
    const page = await dynamo().send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: start,
        ...(Number.isFinite(left) ? { Limit: Math.min(left, input.Limit ?? left) } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start && items.length < max);
  return { items: items.slice(0, max), complete: start === undefined };
}

/** What a query may say; the table, the start key and the page size are the helper's. */
export type PagedQueryInput = Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey" | "Limit">;

/** A LastEvaluatedKey: the table's and an index's key attributes, all strings in this table. */
const StartKey = z.partialRecord(
  z.enum(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"]),
  z.string(),
);

/** JSON with object keys sorted, so one query always yields one binding. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/**
 * One page of a named access pattern, with an opaque cursor bound to exactly this query: the pattern name
 * and everything that selects items (index, key condition, filter, their values, direction). A cursor from
 * another pattern, partition (another brand or user) or filter fails its MAC and answers 400
 * `cursor_invalid`, so a foreign start key never reaches DynamoDB (which would refuse it with a 500-bound
 * ValidationException). Every item goes through `parse`: items are parsed, never cast.
 */
export async function pagedQuery<T>(query: {
  /** The access pattern served, e.g. "AP47"; names the query in the cursor's binding. */
  pattern: string;
  input: PagedQueryInput;
  cursor: string | undefined;
  limit: number;
  parse: (item: Record<string, unknown>) => T;
}): Promise<Page<T>> {
  const { ProjectionExpression: _projection, ConsistentRead: _consistent, ...selecting } = query.input;
  const binding = `${query.pattern}:${canonical(selecting)}`;
  const start = Cursor.open(binding, StartKey, query.cursor);
  const found = await dynamo().send(
    new QueryCommand({
      ...query.input,
      TableName: tableName(),
      ExclusiveStartKey: start,
      Limit: query.limit,
    }),
  );
  return {
    items: (found.Items ?? []).map(query.parse),
    nextCursor: found.LastEvaluatedKey ? Cursor.seal(binding, found.LastEvaluatedKey) : undefined,
  };
}
