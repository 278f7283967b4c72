import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { Click } from "@shopguide/core/click";
import { Failure } from "@shopguide/core/failure";
import { Feed } from "@shopguide/core/feed";
import { Stats } from "@shopguide/core/stats";
import { Telemetry } from "@shopguide/core/telemetry";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { type ChangeEvent, consumers } from "./stream-consumers";

type Image = Record<string, AttributeValue>;

/** A stored record bigger than this keeps its keys only (an item holds at most 400 KB). */
const MAX_STORED_RECORD = 300_000;

/** Decodes a record; throws when an image cannot be unmarshalled (the caller parks it). */
function toChange(record: DynamoDBRecord): ChangeEvent | undefined {
  const data = record.dynamodb;
  if (!data || !record.eventName) return undefined;
  const newImage = data.NewImage ? unmarshall(data.NewImage as Image) : undefined;
  const oldImage = data.OldImage ? unmarshall(data.OldImage as Image) : undefined;
  const type = (newImage ?? oldImage)?.type;
  if (typeof type !== "string") return undefined;
  return { id: record.eventID ?? "", name: record.eventName, type, newImage, oldImage };
}

/** The table item a record is about: records of one item keep their order, records of others do not wait. */
function itemOf(record: DynamoDBRecord): string {
  return JSON.stringify(Object.entries(record.dynamodb?.Keys ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function sequenceOf(record: DynamoDBRecord): string {
  return record.dynamodb?.SequenceNumber ?? record.eventID ?? "";
}

/** The record as delivered, to replay later; images dropped (keys kept) when it is too big to store. */
function serialize(record: DynamoDBRecord): string {
  const { eventID, eventName, dynamodb } = record;
  const whole = JSON.stringify({ eventID, eventName, dynamodb });
  if (whole.length <= MAX_STORED_RECORD) return whole;
  return JSON.stringify({
    eventID,
    eventName,
    dynamodb: { Keys: dynamodb?.Keys, SequenceNumber: dynamodb?.SequenceNumber },
    truncated: true,
  });
}

function report(record: DynamoDBRecord, consumer: string, error: unknown): Failure.Report {
  const keys = record.dynamodb?.Keys;
  let plainKeys: Record<string, unknown> | undefined;
  try {
    plainKeys = keys ? unmarshall(keys as Image) : undefined;
  } catch {
    plainKeys = { raw: JSON.stringify(keys) };
  }
  return {
    source: "stream",
    itemKey: record.eventID ?? sequenceOf(record),
    consumer,
    error: Failure.describe(error),
    eventId: record.eventID,
    sequenceNumber: record.dynamodb?.SequenceNumber,
    keys: plainKeys,
    record: serialize(record),
  };
}

/** Runs the consumers of a change from `from` on (all of them when `from` is not one of theirs). */
async function consume(change: ChangeEvent, from?: string): Promise<void> {
  const list = consumers[change.type] ?? [];
  const start = Math.max(
    0,
    list.findIndex((consumer) => consumer.name === from),
  );
  for (const consumer of list.slice(start)) {
    try {
      await consumer(change);
    } catch (error) {
      throw new ConsumerError(consumer.name, error);
    }
  }
}

/** Names the consumer that threw, for the failure item. */
class ConsumerError extends Error {
  constructor(
    readonly consumer: string,
    readonly original: unknown,
  ) {
    super(Failure.describe(original), { cause: original });
  }
}

type RecordOutcome = "done" | "retry" | "parked";

async function handleRecord(record: DynamoDBRecord, maxAttempts: number): Promise<RecordOutcome> {
  let change: ChangeEvent | undefined;
  try {
    change = toChange(record);
  } catch (error) {
    // No retry decodes it differently: park it at once.
    await Failure.recordAttempt(report(record, "decode", error), { maxAttempts, parkNow: true });
    return "parked";
  }
  if (!change) return "done";
  const decoded = change;
  try {
    // Every line a consumer logs carries the stream event id and the item type.
    await Telemetry.withCorrelation({ eventId: decoded.id, itemType: decoded.type }, () => consume(decoded));
    return "done";
  } catch (error) {
    const consumer = error instanceof ConsumerError ? error.consumer : "unknown";
    const cause = error instanceof ConsumerError ? error.original : error;
    Telemetry.log.error("stream consumer failed", {
      eventId: change.id,
      itemType: change.type,
      consumer,
      error: Failure.describe(cause),
    });
    const failure = await Failure.recordAttempt(report(record, consumer, cause), { maxAttempts });
    return failure.status === "retrying" || failure.status === "replaying" ? "retry" : "parked";
  }
}

/** A new click: counted with the rest of its batch rather than on its own (see countClicks). */
function isNewClick(record: DynamoDBRecord): boolean {
  return record.eventName === "INSERT" && record.dynamodb?.NewImage?.type?.S === "click";
}

/**
 * The batch's new clicks, counted together (`Stats.aggregate`: each counter item written once per chunk,
 * exactly once per click whatever the batch). A click that cannot be read, or a chunk that fails, falls
 * back to one click at a time, so each failure is counted against its own record and parked after the
 * bound like any other; the clicks around it still count. Answers the records to redeliver.
 */
async function countClicks(records: DynamoDBRecord[], maxAttempts: number): Promise<DynamoDBRecord[]> {
  const retry: DynamoDBRecord[] = [];
  const readable: { record: DynamoDBRecord; click: Click.Info }[] = [];
  const fail = async (record: DynamoDBRecord, error: unknown) => {
    Telemetry.log.error("stream consumer failed", {
      eventId: record.eventID,
      itemType: "click",
      consumer: COUNT_CLICK,
      error: Failure.describe(error),
    });
    const failure = await Failure.recordAttempt(report(record, COUNT_CLICK, error), { maxAttempts });
    if (failure.status === "retrying" || failure.status === "replaying") retry.push(record);
  };
  for (const record of records) {
    let click: Click.Info;
    try {
      const change = toChange(record);
      click = Click.Info.parse(change?.newImage);
    } catch (error) {
      await fail(record, error);
      continue;
    }
    readable.push({ record, click });
  }
  let from = 0;
  try {
    const counted = await Stats.aggregate(readable.map((entry) => entry.click));
    await creditTrending(counted);
    from = readable.length;
  } catch (error) {
    if (!(error instanceof Stats.ChunkFailedError)) throw error;
    await creditTrending(error.partial);
    from = error.index;
  }
  for (const { record, click } of readable.slice(from)) {
    try {
      await creditTrending(await Stats.aggregate([click]));
    } catch (error) {
      await fail(record, error instanceof Stats.ChunkFailedError ? error.original : error);
    }
  }
  return retry;
}

/**
 * Counted human clicks warm their guides' trending heat. The counters are already exact and committed, so
 * a failure here is logged rather than failing the clicks (a redelivery would find them counted and credit
 * nothing); the ranking loses those points.
 */
async function creditTrending(counted: Stats.Aggregation): Promise<void> {
  try {
    await Feed.onClicksCounted(counted.guideClicks);
  } catch (error) {
    Telemetry.log.error("trending credit for counted clicks failed", { error: Failure.describe(error) });
  }
}

/** The consumer name new clicks are counted under (a parked click is replayed through it). */
const COUNT_CLICK = "countClick";

/**
 * One batch of table stream records, as Lambda (ReportBatchItemFailures) and the local poller deliver it.
 * Each record is handled on its own: a failure is counted against the record (its event id) and reported
 * back for redelivery, and after `maxAttempts` deliveries the record is parked (a failure item admins can
 * replay) and reported as handled, so the shard moves on. A record whose images cannot be decoded is parked
 * at once. Records of an item behind one of its failed records are not run ahead of it: they are reported
 * back too. New clicks are the exception to "on its own": they are counted together (countClicks), each
 * still failing and parking alone. Only a failure to record a failure (the table itself failing) throws,
 * failing the whole batch.
 */
export async function handleBatch(
  event: DynamoDBStreamEvent,
  maxAttempts = Failure.STREAM_ATTEMPTS,
): Promise<DynamoDBBatchResponse> {
  const failed = new Set<DynamoDBRecord>();
  const blocked = new Set<string>();
  const clicks: DynamoDBRecord[] = [];
  for (const record of event.Records) {
    const item = itemOf(record);
    if (blocked.has(item)) failed.add(record);
    else if (isNewClick(record)) clicks.push(record);
    else if ((await handleRecord(record, maxAttempts)) === "retry") {
      blocked.add(item);
      failed.add(record);
    }
  }
  for (const record of await countClicks(clicks, maxAttempts)) failed.add(record);
  return {
    batchItemFailures: event.Records.filter((record) => failed.has(record)).map((record) => ({
      itemIdentifier: sequenceOf(record),
    })),
  };
}

/** An admin's replay of a parked stream failure: the stored record, decoded again, from the failed consumer on. */
export async function replayRecord(failure: Failure.Info): Promise<void> {
  if (!failure.record) throw new Error("This failure carries no record to replay");
  const stored = JSON.parse(failure.record) as DynamoDBRecord & { truncated?: boolean };
  if (stored.truncated) throw new Error("The record was too large to keep; replay it from the table by hand");
  const change = toChange(stored);
  if (!change) return;
  try {
    await consume(change, failure.consumer);
  } catch (error) {
    throw error instanceof ConsumerError ? error.original : error;
  }
}
