import { AsyncLocalStorage } from "node:async_hooks";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Capacity units consumed by the DynamoDB calls made inside one `measureCapacity` call. */
export interface CapacityUsage {
  readUnits: number;
  /** Write units: as reported for single writes, from item sizes for transactions (see below). */
  writeUnits: number;
  /** What DynamoDB reported for the transactions (DynamoDB Local reports far too little for them). */
  reportedTransactionUnits: number;
  /** Transactions' write units by AWS's rule (2 per started KB of each item), from the items' sizes after the work. */
  transactionUnits: number;
  /** Calls by command name (`TransactWriteItemsCommand`, `PutItemCommand`...): count writes rather than time them. */
  calls: Record<string, number>;
}

interface Meter {
  usage: CapacityUsage;
  /** The keys each transaction wrote, to size them afterwards. */
  transactions: Record<string, unknown>[][];
}

const meters = new AsyncLocalStorage<Meter>();

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

function add(usage: CapacityUsage, command: string, consumed: Consumed | Consumed[] | undefined): void {
  for (const entry of [consumed ?? []].flat()) {
    const units = entry.CapacityUnits ?? (entry.ReadCapacityUnits ?? 0) + (entry.WriteCapacityUnits ?? 0);
    if (command.startsWith("TransactWrite")) usage.reportedTransactionUnits += units;
    else if (WRITES.test(command)) usage.writeUnits += units;
    else usage.readUnits += units;
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

/**
 * Runs `work` and answers what its DynamoDB calls consumed, as DynamoDB reports it
 * (`ReturnConsumedCapacity: TOTAL`), except for transactions: DynamoDB Local reports a handful of units for
 * a transaction of ten 1.5 KB items that AWS bills 40 for, so their cost is computed from the written
 * items' sizes after the work (2 units per started KB per item, an upper bound while items only grow).
 * For the bench and for tests that bound a cost by counting, never by timing.
 */
export async function measureCapacity<T>(
  work: () => Promise<T>,
): Promise<{ result: T; usage: CapacityUsage }> {
  const meter: Meter = {
    usage: { readUnits: 0, writeUnits: 0, reportedTransactionUnits: 0, transactionUnits: 0, calls: {} },
    transactions: [],
  };
  const result = await meters.run(meter, work);
  if (meter.transactions.length > 0) {
    const { batchGet } = await import("./batch");
    const distinct = new Map(meter.transactions.flat().map((key) => [JSON.stringify(key), key]));
    const sizes = new Map<string, number>();
    for (const item of await batchGet([...distinct.values()]))
      sizes.set(JSON.stringify({ pk: item.pk, sk: item.sk }), itemSize(item));
    for (const keys of meter.transactions)
      for (const key of keys)
        meter.usage.transactionUnits +=
          2 * Math.max(1, Math.ceil((sizes.get(JSON.stringify(key)) ?? 0) / 1024));
    meter.usage.writeUnits += meter.usage.transactionUnits;
  }
  return { result, usage: meter.usage };
}

type TransactItem = Record<string, { Key?: Record<string, unknown>; Item?: Record<string, unknown> }>;

/** Installs the meter on the shared document client (client.ts does it once). */
export function meterClient(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const meter = meters.getStore();
      if (!meter) return next(args);
      const command = String(context.commandName ?? "unknown");
      meter.usage.calls[command] = (meter.usage.calls[command] ?? 0) + 1;
      const input = args.input as { ReturnConsumedCapacity?: string; TransactItems?: TransactItem[] };
      input.ReturnConsumedCapacity = "TOTAL";
      if (command.startsWith("TransactWrite") && input.TransactItems) {
        meter.transactions.push(
          input.TransactItems.map((entry) => {
            const operation = Object.values(entry)[0];
            const key = operation?.Key ?? operation?.Item ?? {};
            return { pk: key.pk, sk: key.sk };
          }),
        );
      }
      const result = await next(args);
      add(
        meter.usage,
        command,
        (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity,
      );
      return result;
    },
    { step: "initialize", name: "shopguideCapacityMeter" },
  );
}
