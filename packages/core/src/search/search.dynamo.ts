import { createHash } from "node:crypto";
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { batchGet, dynamo, isConditionFailed, tableName } from "../dynamo";
import { backoffDelay, sleep } from "../util/retry";
import { type Kind, type Ref, View } from "./schema";

/**
 * Each term's entries are spread over this many partitions (by a hash of the entity id), so a hot term
 * (a two-letter prefix, a popular word) is written and read across SHARDS partitions; a reader queries
 * every shard and merges.
 */
export const SHARDS = 4;

/** Key formats (see dynamo/README.md, "Search"). */
const keys = {
  entry: (type: Kind, term: string, shard: number) => `SEARCH#${type}#${term}#${shard}`,
  doc: (ref: Ref) => ({ pk: `SEARCHDOC#${ref.type}#${ref.id}`, sk: "DOC" }),
  view: (ref: Ref) => ({ pk: `SEARCHDOC#${ref.type}#${ref.id}`, sk: "VIEW" }),
  brandReindex: (brandId: string) => ({ pk: `SEARCHREINDEX#brand#${brandId}`, sk: "TASK" }),
};

/**
 * A brand's products being re-indexed (its name changed), a page at a time: `run` names the rename that
 * started it (its stream event id), `cursor` the next catalogue page (AP47), absent for the first.
 */
export const BrandReindex = z.object({
  brandId: z.string(),
  run: z.string(),
  cursor: z.string().optional(),
});
export type BrandReindex = z.infer<typeof BrandReindex>;

export function shardOf(id: string): number {
  return (createHash("sha256").update(id).digest()[0] ?? 0) % SHARDS;
}

/** Sorts best first in ascending key order: 9999 - score, fixed width, then the id to break ties. */
function rankKey(score: number, id: string): string {
  return `${String(9999 - score).padStart(4, "0")}#${id}`;
}

/** An entry as the writer tracks it: `<term>\t<score>` (its key follows from these and the entity). */
export type EntryKey = string;
export const entryKey = (term: string, score: number): EntryKey => `${term}\t${score}`;
function splitEntry(entry: EntryKey): { term: string; score: number } {
  const tab = entry.lastIndexOf("\t");
  return { term: entry.slice(0, tab), score: Number(entry.slice(tab + 1)) };
}

const DocItem = z.object({
  entries: z.array(z.string()).default([]),
  version: z.number().int(),
  viewHash: z.string().optional(),
});
export type StoredDoc = z.infer<typeof DocItem>;

const EntryItem = z.object({ id: z.string(), score: z.number() });

/** Writes and deletes, 25 a request (BatchWriteItem's limit), unprocessed ones sent again after a backoff. */
async function batchWrite(requests: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < requests.length; start += 25) {
    let pending: Record<string, unknown>[] = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(backoffDelay(attempt, { baseMs: 50, capMs: 1000, jitter: "full" }));
      const result = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }),
      );
      pending = (result.UnprocessedItems?.[tableName()] ?? []) as Record<string, unknown>[];
    }
  }
}

export const SearchStore = {
  /** AP231: the entries an entity's index holds (the writer's bookkeeping), consistent. */
  async getDoc(ref: Ref): Promise<StoredDoc | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.doc(ref), ConsistentRead: true }),
    );
    return found.Item ? DocItem.parse(found.Item) : undefined;
  },

  /**
   * AP231 (write): records the entries an entity's index may hold, if the record is still the version read
   * (absent for a first write). False when another writer moved it first: the caller reads again.
   */
  async putDoc(ref: Ref, doc: StoredDoc, seenVersion: number | undefined): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.doc(ref), type: "search_doc", kind: ref.type, id: ref.id, ...doc },
          // Two writers of one entity (its user and profile items changing at once) cannot interleave.
          ConditionExpression: seenVersion === undefined ? "attribute_not_exists(pk)" : "version = :seen",
          ...(seenVersion === undefined ? {} : { ExpressionAttributeValues: { ":seen": seenVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP230: puts and deletes term entries of one entity; each is idempotent, so a retried batch is too. */
  async writeEntries(ref: Ref, put: EntryKey[], remove: EntryKey[]): Promise<void> {
    const shard = shardOf(ref.id);
    const key = (entry: EntryKey) => {
      const { term, score } = splitEntry(entry);
      return { pk: keys.entry(ref.type, term, shard), sk: rankKey(score, ref.id) };
    };
    await batchWrite([
      ...remove.map((entry) => ({ DeleteRequest: { Key: key(entry) } })),
      ...put.map((entry) => ({
        PutRequest: {
          Item: { ...key(entry), type: "search_entry", id: ref.id, score: splitEntry(entry).score },
        },
      })),
    ]);
  },

  /** AP232: what a result shows; written when it changed, deleted first when the entity leaves the index. */
  async putView(view: View): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        // `type` names the item's entity for the stream dispatcher; the result's kind is `kind`.
        Item: { ...keys.view(view), ...view, type: "search_view", kind: view.type },
      }),
    );
  },

  async deleteView(ref: Ref): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.view(ref) }));
  },

  /** AP232 (many): the views of a page of results, in no particular order; missing ones are absent. */
  async views(refs: Ref[]): Promise<View[]> {
    const items = await batchGet(refs.map(keys.view));
    return items.map((item) => View.parse({ ...item, type: item.kind }));
  },

  /**
   * AP233: the best `bound` entries of one term, over every shard, best first, and whether that was all of
   * them. Each shard answers at most `bound` (one Query page each, ascending rank key).
   */
  async term(
    type: Kind,
    term: string,
    bound: number,
  ): Promise<{ entries: { id: string; score: number }[]; complete: boolean }> {
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) =>
        dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.entry(type, term, shard) },
            Limit: bound,
          }),
        ),
      ),
    );
    const entries = shards
      .flatMap((page) => page.Items ?? [])
      .map((item) => EntryItem.parse(item))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const complete = shards.every((page) => !page.LastEvaluatedKey) && entries.length <= bound;
    return { entries: entries.slice(0, bound), complete };
  },

  /**
   * AP235 (backfill only, never a request path): one page of a parallel Scan of the table for guides,
   * users, profiles and products, the one-off job that indexes what was written before search existed.
   */
  async scanIndexable(
    segment: number,
    segments: number,
    start: Record<string, unknown> | undefined,
  ): Promise<{ items: Record<string, unknown>[]; next: Record<string, unknown> | undefined }> {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: tableName(),
        Segment: segment,
        TotalSegments: segments,
        ExclusiveStartKey: start,
        FilterExpression: "#type IN (:guide, :user, :product)",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: { ":guide": "guide", ":user": "user", ":product": "product" },
      }),
    );
    return { items: page.Items ?? [], next: page.LastEvaluatedKey };
  },

  /**
   * AP330 (start): a brand's re-index begins at its first page. A newer rename restarts it (its name is read
   * again on every page anyway); the same rename redelivered leaves the task where it got to.
   */
  async startBrandReindex(brandId: string, run: string): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.brandReindex(brandId), type: "search_reindex", brandId, run },
          ConditionExpression: "attribute_not_exists(pk) OR #run <> :run",
          ExpressionAttributeNames: { "#run": "run" },
          ExpressionAttributeValues: { ":run": run },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },

  /**
   * AP330 (checkpoint): the next page, or (`next` undefined) done and deleted, only if the task is still the
   * one read (same run, same page): a redelivered page, or a rename meanwhile, never moves it. Each write
   * is the stream record that runs the next page.
   */
  async advanceBrandReindex(task: BrandReindex, next: string | undefined): Promise<void> {
    const condition = {
      ConditionExpression: `#run = :run AND ${task.cursor === undefined ? "attribute_not_exists(#cursor)" : "#cursor = :cursor"}`,
      ExpressionAttributeNames: { "#run": "run", "#cursor": "cursor" },
      ExpressionAttributeValues: {
        ":run": task.run,
        ...(task.cursor === undefined ? {} : { ":cursor": task.cursor }),
      },
    };
    try {
      if (next === undefined)
        await dynamo().send(
          new DeleteCommand({ TableName: tableName(), Key: keys.brandReindex(task.brandId), ...condition }),
        );
      else
        await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.brandReindex(task.brandId),
            UpdateExpression: "SET #cursor = :next",
            ...condition,
            ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ":next": next },
          }),
        );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },
};
