import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Click } from "@shopguide/core/click";
import { toItem } from "@shopguide/core/click/item";
import { CapacityMeter, type CapacityReading } from "@shopguide/core/dynamo";
import { createId } from "@shopguide/core/util/id";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { handleBatch } from "./stream-batch";

/** A click burst on one link, as the redirect would have stored it. */
export interface ClickBurst {
  code: string;
  creatorId: string;
  guideId?: string;
  /** How many clicks. */
  clicks: number;
  /** Clicks per second (spaced evenly from `start`). */
  perSecond: number;
  /** Distinct visitors (IP hashes), taken round-robin; by default every click is a new visitor. */
  visitors?: number;
  /** Every n-th click is a crawler's (0: none). */
  botEvery?: number;
  /** Distinct referrer hosts, round-robin (0: direct visits). */
  referrers?: number;
  start: Date;
}

/** The clicks of a burst, oldest first. */
export function burstClicks(burst: ClickBurst): Click.Info[] {
  return Array.from({ length: burst.clicks }, (_, index) => {
    const bot = burst.botEvery ? index % burst.botEvery === burst.botEvery - 1 : false;
    return {
      id: createId("clk"),
      code: burst.code,
      creatorId: burst.creatorId,
      ...(burst.guideId ? { guideId: burst.guideId } : {}),
      at: new Date(burst.start.getTime() + Math.floor((index * 1000) / burst.perSecond)).toISOString(),
      ipHash: `ip-${index % (burst.visitors ?? burst.clicks)}`,
      device: bot ? ("bot" as const) : ("mobile" as const),
      browser: bot ? "Googlebot" : "Safari",
      ...(burst.referrers ? { referrerHost: `ref${index % burst.referrers}.example` } : {}),
      country: "DE",
      bot,
    };
  });
}

let sequence = 0;

/** Stream INSERT records for some clicks, as DynamoDB Streams delivers them (new image, keys, sequence). */
export function clickRecords(clicks: Click.Info[]): DynamoDBRecord[] {
  return clicks.map((click) => {
    const item = toItem(click);
    const number = String(++sequence).padStart(21, "0");
    return {
      eventID: `evt-${click.id}`,
      eventName: "INSERT",
      eventSource: "aws:dynamodb",
      dynamodb: {
        Keys: marshall({ pk: item.pk, sk: item.sk }) as Record<string, AttributeValue>,
        NewImage: marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>,
        SequenceNumber: number,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    } as DynamoDBRecord;
  });
}

/** What counting a burst cost, as DynamoDB reported it (ReturnConsumedCapacity). */
export interface BurstCost {
  clicks: number;
  batches: number;
  usage: CapacityReading;
  /** Write capacity units per click: the figure issue 13 bounds at 3 for 100 clicks/s on one link. */
  writeUnitsPerClick: number;
  readUnitsPerClick: number;
}

/**
 * Counts a burst of clicks through the stream handler Lambda runs (`handleBatch`), `batchSize` records a
 * batch as the click event source delivers them, and measures the capacity consumed. The clicks themselves
 * are not written (the redirect's write is its own cost); only their aggregation is measured. For the bench
 * (`npm run bench -- scale`) and the cost tests; counts units, never time.
 */
export async function measureClickBurst(burst: ClickBurst, batchSize = 100): Promise<BurstCost> {
  const records = clickRecords(burstClicks(burst));
  let batches = 0;
  CapacityMeter.enable();
  const { used: usage } = await CapacityMeter.measure(async () => {
    for (let start = 0; start < records.length; start += batchSize) {
      const event: DynamoDBStreamEvent = { Records: records.slice(start, start + batchSize) };
      const answer = await handleBatch(event);
      if (answer.batchItemFailures.length > 0) throw new Error("A click batch failed while measuring");
      batches++;
    }
  });
  return {
    clicks: records.length,
    batches,
    usage,
    writeUnitsPerClick: usage.write / records.length,
    readUnitsPerClick: usage.read / records.length,
  };
}
