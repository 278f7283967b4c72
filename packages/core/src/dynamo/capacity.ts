import { AsyncLocalStorage } from "node:async_hooks";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Capacity units consumed by the DynamoDB calls made inside one `measureCapacity` call. */
export interface CapacityUsage {
  readUnits: number;
  writeUnits: number;
  /** Calls by command name (`TransactWriteCommand`, `PutCommand`...), to count writes rather than time them. */
  calls: Record<string, number>;
}

const meters = new AsyncLocalStorage<CapacityUsage>();

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

function add(usage: CapacityUsage, command: string, consumed: Consumed | Consumed[] | undefined): void {
  for (const entry of [consumed ?? []].flat()) {
    const read = entry.ReadCapacityUnits ?? 0;
    const write = entry.WriteCapacityUnits ?? 0;
    if (read || write) {
      usage.readUnits += read;
      usage.writeUnits += write;
    } else if (WRITES.test(command)) usage.writeUnits += entry.CapacityUnits ?? 0;
    else usage.readUnits += entry.CapacityUnits ?? 0;
  }
}

/**
 * Runs `work` and answers what its DynamoDB calls consumed, as DynamoDB itself reports it
 * (`ReturnConsumedCapacity: TOTAL`, which DynamoDB Local honours too). For the bench and for tests that
 * bound a cost by counting, never by timing. Outside a measurement nothing is asked or added.
 */
export async function measureCapacity<T>(work: () => Promise<T>): Promise<{ result: T; usage: CapacityUsage }> {
  const usage: CapacityUsage = { readUnits: 0, writeUnits: 0, calls: {} };
  const result = await meters.run(usage, work);
  return { result, usage };
}

/** Installs the meter on the shared document client (client.ts does it once). */
export function meterClient(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const usage = meters.getStore();
      if (!usage) return next(args);
      const command = String(context.commandName ?? "unknown");
      usage.calls[command] = (usage.calls[command] ?? 0) + 1;
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      add(usage, command, (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
      return result;
    },
    { step: "initialize", name: "shopguideCapacityMeter" },
  );
}
