import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
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
