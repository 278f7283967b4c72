import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { CONTENTION, retry } from "../util/retry";

/** True when a single conditional write failed its condition. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/**
 * For a cancelled transaction, the index of each operation whose condition failed. Callers map an index
 * back to the operation they put there to decide which domain error it means.
 */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).flatMap((reason, index) =>
    reason.Code === "ConditionalCheckFailed" ? [index] : [],
  );
}

/**
 * What a store throws when a conditional write did not happen: a fact, not a decision. `old` is the item as
 * it stood when the condition failed (the write asked `ReturnValuesOnConditionCheckFailure: "ALL_OLD"`), so
 * the domain can decide what it means (a replay, a race lost, a budget short) without reading again.
 * Stores subclass it per condition, parsing `old` into their own types.
 */
export class ConditionFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The old items of the operations whose condition failed, by the operation's index (0 for a single write),
 * unmarshalled; undefined when `error` is not a failed condition. An entry is undefined when the item did
 * not exist or the write did not ask for ALL_OLD.
 */
export function failedItems(error: unknown): Map<number, Record<string, unknown> | undefined> | undefined {
  const plain = (item: Record<string, AttributeValue> | undefined) => (item ? unmarshall(item) : undefined);
  if (error instanceof ConditionalCheckFailedException) return new Map([[0, plain(error.Item)]]);
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const failed = new Map<number, Record<string, unknown> | undefined>();
  (error.CancellationReasons ?? []).forEach((reason, index) => {
    if (reason.Code === "ConditionalCheckFailed") failed.set(index, plain(reason.Item));
  });
  return failed;
}

/** A transaction lost a race with another write to one of its items; nothing was written. */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof TransactionConflictException) return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  return codes.includes("TransactionConflict") && !codes.includes("ConditionalCheckFailed");
}

/**
 * Runs a transaction again when it lost a race (hot counters such as a popular creator's follower count).
 * The transaction must be safe to repeat, which a conditional one is: a retry either applies once or fails
 * its condition. Jittered backoff spreads the racers out.
 */
export function retryOnConflict<T>(write: () => Promise<T>, attempts = 12): Promise<T> {
  return retry(write, { ...CONTENTION, baseMs: 40, attempts, retryable: isTransactionConflict });
}
