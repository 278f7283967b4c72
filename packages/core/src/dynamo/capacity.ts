/**
 * The capacity meter: what the platform's own code paths cost in DynamoDB capacity units, measured rather
 * than estimated. Enabled, one middleware on the shared client asks every data-plane command for
 * `ReturnConsumedCapacity: "INDEXES"` and tallies the answer's read and write units per table and per GSI;
 * `npm run bench -- scale` resets and reads it around each user action (docs/scale.md).
 *
 * Off by default (`SHOPGUIDE_CAPACITY_METER=1` or `CapacityMeter.enable()` turns it on): nothing is added
 * to the client's middleware stack and the redirect's SDK-free client (wire.ts) asks for nothing, so it
 * costs one boolean check per call. A write that fails its condition still consumes
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
const enabledOn = new WeakSet<DynamoDBDocumentClient>();

function empty(): CapacityReading {
  return { read: 0, write: 0, byTarget: {}, calls: {} };
}

function add(target: string, kind: "read" | "write", units: number | undefined): void {
  if (!units) return;
  reading.byTarget[target] ??= { read: 0, write: 0 };
  reading.byTarget[target][kind] += units;
}

/**
 * DynamoDB bills a transaction twice an item's units (prepare and commit) and says so in its answer;
 * DynamoDB Local answers the plain units. Against Local the meter doubles them, so its figures are what
 * AWS would bill.
 */
function transactionFactor(commandName: string): number {
  return commandName.startsWith("Transact") && config().dynamoEndpoint ? 2 : 1;
}

/** Tallies one ConsumedCapacity entry: the total, then the table's and each index's share. */
function tally(consumed: ConsumedCapacity, kind: "read" | "write", factor: number): void {
  const table = consumed.TableName ?? "?";
  reading[kind] += (consumed.CapacityUnits ?? 0) * factor;
  const tableUnits = consumed.Table?.CapacityUnits;
  // Without a breakdown, the whole amount is the table's.
  const own = tableUnits ?? (consumed.GlobalSecondaryIndexes ? undefined : consumed.CapacityUnits);
  add(table, kind, (own ?? 0) * factor);
  for (const [index, capacity] of Object.entries(consumed.GlobalSecondaryIndexes ?? {}))
    add(`${table}/${index}`, kind, (capacity.CapacityUnits ?? 0) * factor);
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
    if (kind && consumed) tally(consumed, kind, transactionFactor(commandName));
  }

  /** Adds the meter to a client's middleware stack (once per client). */
  export function attach(client: DynamoDBDocumentClient): void {
    if (enabledOn.has(client)) return;
    enabledOn.add(client);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? "?";
        const kind = metered[name];
        if (!kind) {
          reading.calls[name] = (reading.calls[name] ?? 0) + 1;
          return next(args);
        }
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "INDEXES";
        const result = await next(args).catch((error: unknown) => {
          count(name, undefined);
          throw error;
        });
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
          .ConsumedCapacity;
        const entries = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
        reading.calls[name] = (reading.calls[name] ?? 0) + 1;
        for (const entry of entries) tally(entry, kind, transactionFactor(name));
        return result;
      },
      { step: "initialize", name: MIDDLEWARE, priority: "high" },
    );
  }

  /** Forgets everything counted so far. */
  export function reset(): void {
    reading = empty();
  }

  /** What was counted since the last reset (a copy). */
  export function read(): CapacityReading {
    return structuredClone(reading);
  }

  /** Runs `work` and returns what it consumed, leaving the running total to include it. */
  export async function measure<T>(work: () => Promise<T>): Promise<{ result: T; used: CapacityReading }> {
    const before = read();
    const result = await work();
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
