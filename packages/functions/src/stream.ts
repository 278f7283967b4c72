import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { loadBoundSecrets } from "./secrets";
import { handleBatch } from "./stream-batch";

await loadBoundSecrets();

/**
 * Lambda entry point for the table stream (event source with ReportBatchItemFailures); the local runner
 * calls the same function with the same records. Poison records are parked, never retried forever: see
 * handleBatch.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  return handleBatch(event);
}
