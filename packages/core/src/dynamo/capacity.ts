/**
 * The capacity meter: what the platform's own code paths cost in DynamoDB capacity units, measured rather
 * than estimated. Enabled, one middleware on the shared client asks every data-plane command for
 * `ReturnConsumedCapacity: "INDEXES"` and tallies the answer's read and write units per table and per GSI;
 * `npm run bench -- scale` resets and reads it around each user action (docs/scale.md).
 *
 * Off by default (`SHOPGUIDE_CAPACITY_METER=1` or `CapacityMeter.enable()` turns it on): nothing is added
 * to the client's middleware stack and the redirect's SDK-free client (wire.ts) asks for nothing, so it
 * costs one boolean check per call. Transactions against DynamoDB Local are sized, not read: Local reports a
 * handful of units for a transaction of ten 1.5 KB items that AWS bills 40 for, so the meter remembers each
 * transaction's keys and, when `measure` ends, charges AWS's rule (2 units per started KB of each item, from
 * the items' sizes after the work: an upper bound while items only grow). A write that fails its condition still consumes
 * units, but the SDK throws instead of answering, so those are not counted: the meter is a lower bound
 * on contended paths (group-buy joins that lose), exact elsewhere.
 */
import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { config } from "../config";

/** Commands that accept `ReturnConsumedCapacity`, and whether they read or write. */
const metered: Record<string, "read" | "write"> = {
  GetItemCommand: "read",
  BatchGetItemCommand: "read",
  QueryCommand: "read",
  ScanCommand: "read",
  TransactGetItemsCommand: "read",
  PutItemCommand: "write",
  UpdateItemCommand: "write",
  DeleteItemCommand: "write",
  BatchWriteItemCommand: "write",
  TransactWriteItemsCommand: "write",
};

export interface Units {
  read: number;
  write: number;
}

export interface CapacityReading extends Units {
  /** Units per target: the table's name, or `<table>/<index>` for a GSI's share. */
  byTarget: Record<string, Units>;
  /** Calls per command name (`PutItemCommand`...), metered or not, failed included. */
  calls: Record<string, number>;
}

const MIDDLEWARE = "shopguideCapacityMeter";
let reading: CapacityReading = empty();
let enabledHere = false;
/** Off while the meter reads items to size transactions, so its own reads are not counted. */
let metering = true;
const enabledOn = new WeakSet<DynamoDBDocumentClient>();

function empty(): CapacityReading {
  return { read: 0, write: 0, byTarget: {}, calls: {} };
}

function add(target: string, kind: "read" | "write", units: number | undefined): void {
  if (!units) return;
  reading.byTarget[target] ??= { read: 0, write: 0 };
  reading.byTarget[target][kind] += units;
}

/** Against DynamoDB Local transactions are sized afterwards (see above); against AWS its answer is the bill. */
const sizedLater = (commandName: string) =>
  commandName === "TransactWriteItemsCommand" && !!config().dynamoEndpoint;

/** Keys written by transactions not yet sized, per table. */
let unsized: { table: string; key: Record<string, unknown> }[] = [];

type TransactItem = Record<
  string,
  { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> }
>;

function rememberTransaction(input: { TransactItems?: TransactItem[] }): void {
  for (const entry of input.TransactItems ?? []) {
    const operation = Object.values(entry)[0];
    const key = operation?.Key ?? operation?.Item;
    if (operation?.TableName && key)
      unsized.push({ table: operation.TableName, key: { pk: key.pk, sk: key.sk } });
  }
}

/** An item's size as DynamoDB bills it: attribute names plus values (close, not byte-exact for numbers). */
export function itemSize(item: Record<string, unknown>): number {
  const size = (value: unknown): number => {
    if (typeof value === "string") return Buffer.byteLength(value);
    if (typeof value === "number") return Math.ceil(String(value).replace(/[-.]/g, "").length / 2) + 1;
    if (typeof value === "boolean" || value === null || value === undefined) return 1;
    if (value instanceof Set) return [...value].reduce((sum: number, entry) => sum + size(entry), 0);
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, entry) => sum + size(entry) + 1, 0);
    if (typeof value === "object")
      return (
        3 +
        Object.entries(value as Record<string, unknown>).reduce(
          (sum, [name, entry]) => sum + Buffer.byteLength(name) + size(entry) + 1,
          0,
        )
      );
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + size(value), 0);
}

/** Charges the remembered transactions by their items' current sizes (one batched read, itself unmetered). */
async function sizeTransactions(): Promise<void> {
  if (unsized.length === 0) return;
  const pending = unsized;
  unsized = [];
  const { batchGet } = await import("./batch");
  const distinct = new Map(pending.map(({ key }) => [JSON.stringify(key), key]));
  const sizes = new Map<string, number>();
  const wasMetering = metering;
  metering = false;
  try {
    for (const item of await batchGet([...distinct.values()]))
      sizes.set(JSON.stringify({ pk: item.pk, sk: item.sk }), itemSize(item));
  } finally {
    metering = wasMetering;
  }
  for (const { table, key } of pending) {
    const units = 2 * Math.max(1, Math.ceil((sizes.get(JSON.stringify(key)) ?? 0) / 1024));
    reading.write += units;
    add(table, "write", units);
  }
}

/** Tallies one ConsumedCapacity entry: the total, then the table's and each index's share. */
function tally(consumed: ConsumedCapacity, kind: "read" | "write"): void {
  const table = consumed.TableName ?? "?";
  reading[kind] += consumed.CapacityUnits ?? 0;
  const tableUnits = consumed.Table?.CapacityUnits;
  // Without a breakdown, the whole amount is the table's.
  const own = tableUnits ?? (consumed.GlobalSecondaryIndexes ? undefined : consumed.CapacityUnits);
  add(table, kind, own ?? 0);
  for (const [index, capacity] of Object.entries(consumed.GlobalSecondaryIndexes ?? {}))
    add(`${table}/${index}`, kind, capacity.CapacityUnits ?? 0);
}

export namespace CapacityMeter {
  /** Whether calls are metered: `SHOPGUIDE_CAPACITY_METER=1`, or `enable()` called in this process. */
  export function enabled(): boolean {
    return enabledHere || config().capacityMeter;
  }

  /** Meters every call from now on: the shared client (dynamo()) attaches on its next use, `wire` at once. */
  export function enable(): void {
    enabledHere = true;
  }

  /** Counts one call made outside the SDK (dynamo/wire.ts), with the answer's ConsumedCapacity. */
  export function count(commandName: string, consumed: ConsumedCapacity | undefined): void {
    reading.calls[commandName] = (reading.calls[commandName] ?? 0) + 1;
    const kind = metered[commandName];
    if (kind && consumed) tally(consumed, kind);
  }

  /** Adds the meter to a client's middleware stack (once per client). */
  export function attach(client: DynamoDBDocumentClient): void {
    if (enabledOn.has(client)) return;
    enabledOn.add(client);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? "?";
        const kind = metered[name];
        if (!metering) return next(args);
        if (!kind) {
          reading.calls[name] = (reading.calls[name] ?? 0) + 1;
          return next(args);
        }
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "INDEXES";
        if (sizedLater(name)) rememberTransaction(args.input as { TransactItems?: TransactItem[] });
        const result = await next(args).catch((error: unknown) => {
          count(name, undefined);
          throw error;
        });
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
          .ConsumedCapacity;
        const entries = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
        reading.calls[name] = (reading.calls[name] ?? 0) + 1;
        if (!sizedLater(name)) for (const entry of entries) tally(entry, kind);
        return result;
      },
      { step: "initialize", name: MIDDLEWARE, priority: "high" },
    );
  }

  /** Charges the transactions written since the last settle (DynamoDB Local only; a no-op otherwise). */
  export async function settle(): Promise<void> {
    await sizeTransactions();
  }

  /** Forgets everything counted so far. */
  export function reset(): void {
    reading = empty();
    unsized = [];
  }

  /** What was counted since the last reset (a copy); call `settle()` first after transactions on Local. */
  export function read(): CapacityReading {
    return structuredClone(reading);
  }

  /** Runs `work` and returns what it consumed, leaving the running total to include it. */
  export async function measure<T>(work: () => Promise<T>): Promise<{ result: T; used: CapacityReading }> {
    await settle();
    const before = read();
    const result = await work();
    await settle();
    return { result, used: difference(read(), before) };
  }

  /** `after - before`, per total, target and call count. */
  export function difference(after: CapacityReading, before: CapacityReading): CapacityReading {
    const out = empty();
    out.read = after.read - before.read;
    out.write = after.write - before.write;
    for (const [target, units] of Object.entries(after.byTarget)) {
      const was = before.byTarget[target] ?? { read: 0, write: 0 };
      out.byTarget[target] = { read: units.read - was.read, write: units.write - was.write };
    }
    for (const [name, count] of Object.entries(after.calls))
      out.calls[name] = count - (before.calls[name] ?? 0);
    return out;
  }
}
