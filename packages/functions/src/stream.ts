import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { Telemetry } from "@shopguide/core/telemetry";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { loadBoundSecrets } from "./secrets";
import { type ChangeEvent, consumers } from "./stream-consumers";

await loadBoundSecrets();

type Image = Record<string, AttributeValue>;

function toChange(record: DynamoDBStreamEvent["Records"][number]): ChangeEvent | undefined {
  const data = record.dynamodb;
  if (!data || !record.eventName) return undefined;
  const newImage = data.NewImage ? unmarshall(data.NewImage as Image) : undefined;
  const oldImage = data.OldImage ? unmarshall(data.OldImage as Image) : undefined;
  const type = (newImage ?? oldImage)?.type;
  if (typeof type !== "string") return undefined;
  return { id: record.eventID ?? "", name: record.eventName, type, newImage, oldImage };
}

/**
 * Lambda entry point for the table stream; the local runner calls the same function with the same records.
 * Records go in order to the consumers registered for their item type. On the first failure the rest of the
 * batch is reported back, so it is retried from there; consumers are idempotent, so redelivery is harmless.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const change = toChange(record);
    if (!change) continue;
    try {
      // Every line a consumer logs carries the stream event id and the item type.
      await Telemetry.withCorrelation({ eventId: change.id, itemType: change.type }, async () => {
        for (const consume of consumers[change.type] ?? []) await consume(change);
      });
    } catch (error) {
      Telemetry.log.error("stream consumer failed", {
        eventId: change.id,
        itemType: change.type,
        error: error instanceof Error ? error : String(error),
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? change.id }] };
    }
  }
  return { batchItemFailures: [] };
}
