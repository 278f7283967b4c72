import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import { connection, createRawClient } from "@shopguide/core/dynamo";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import type { StreamCheckpoint } from "./stream-checkpoint";

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

interface ShardCursor {
  iterator: string | undefined;
  /** The last sequence number handled, to resume after a failed batch or an expired iterator. */
  after: string | undefined;
  closed: boolean;
}

/**
 * Where redelivery starts, as Lambda does with ReportBatchItemFailures: at the lowest failed sequence
 * number, whatever order the failures are listed in; an identifier that names no record (or is empty) fails
 * the whole batch. Undefined when every record was handled.
 */
export function firstFailed(records: _Record[], result: DynamoDBBatchResponse): number | undefined {
  const failures = result?.batchItemFailures ?? [];
  if (failures.length === 0) return undefined;
  let lowest = records.length;
  for (const { itemIdentifier } of failures) {
    const index = itemIdentifier
      ? records.findIndex((record) => record.dynamodb?.SequenceNumber === itemIdentifier)
      : -1;
    if (index < 0) return 0;
    lowest = Math.min(lowest, index);
  }
  return lowest;
}

/**
 * Plays the part of Lambda's event source mapping on one machine: reads every shard of the table's stream
 * in order and hands each batch to the same handler the stream Lambda runs, retrying from the first failed
 * record. `start: "TRIM_HORIZON"` reads from the beginning (tests), "LATEST" only what comes next. With a
 * `checkpoint`, each pass saves how far every shard got, and a new poller resumes from there (shards the
 * checkpoint does not name are read whole); `start` then applies only when no checkpoint was ever saved.
 */
export class StreamPoller {
  private readonly client = createRawClient();
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardCursor>();
  private streamArn: string | undefined;
  private running = false;
  /** Whether the last pass handed some batch back for redelivery (it is not quiet then). */
  private redelivering = false;
  private loop: Promise<void> | undefined;
  /** The positions last written to the checkpoint, to skip rewriting it when nothing moved. */
  private savedPositions = "";

  constructor(
    private readonly options: {
      tableName: string;
      handler: StreamHandler;
      start: "LATEST" | "TRIM_HORIZON";
      intervalMs?: number;
      checkpoint?: StreamCheckpoint;
    },
  ) {
    this.streams = new DynamoDBStreamsClient(connection());
  }

  private async discoverShards(): Promise<void> {
    if (!this.streamArn) {
      const table = await this.client.send(new DescribeTableCommand({ TableName: this.options.tableName }));
      this.streamArn = table.Table?.LatestStreamArn;
      if (!this.streamArn) throw new Error(`Table ${this.options.tableName} has no stream`);
    }
    const known = this.shards.size > 0;
    const resume = known ? undefined : await this.options.checkpoint?.load(this.streamArn);
    const described = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of described.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.shards.has(shard.ShardId)) continue;
      const after = resume?.get(shard.ShardId);
      if (after) {
        const cursor: ShardCursor = { iterator: undefined, after, closed: false };
        await this.reopen(shard.ShardId, cursor);
        this.shards.set(shard.ShardId, cursor);
        continue;
      }
      // Shards that appear after the first look are new: read them whole.
      const type = known || resume ? "TRIM_HORIZON" : this.options.start;
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: type,
        }),
      );
      this.shards.set(shard.ShardId, { iterator: ShardIterator, after: undefined, closed: false });
    }
  }

  private async reopen(shardId: string, cursor: ShardCursor): Promise<void> {
    const open = (after: string | undefined) =>
      this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ...(after
            ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
            : { ShardIteratorType: "TRIM_HORIZON" }),
        }),
      );
    try {
      cursor.iterator = (await open(cursor.after)).ShardIterator;
    } catch (error) {
      // Past the stream's retention (a checkpoint older than a day): what is left is all unread.
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      cursor.iterator = (await open(undefined)).ShardIterator;
    }
  }

  /**
   * Reads each shard once and delivers what it finds, then saves how far it got (a pass that throws saves
   * what it handled before); answers how many records were handled.
   */
  async pollOnce(): Promise<number> {
    try {
      return await this.pollShards();
    } finally {
      await this.saveCheckpoint();
    }
  }

  /** Writes each shard's last handled sequence number, when any moved since the last save. */
  private async saveCheckpoint(): Promise<void> {
    if (!this.options.checkpoint || !this.streamArn) return;
    const positions = new Map<string, string>();
    for (const [shardId, cursor] of this.shards) if (cursor.after) positions.set(shardId, cursor.after);
    const serialized = JSON.stringify([...positions]);
    if (serialized === this.savedPositions) return;
    await this.options.checkpoint.save(this.streamArn, positions);
    this.savedPositions = serialized;
  }

  private async pollShards(): Promise<number> {
    await this.discoverShards();
    let handled = 0;
    this.redelivering = false;
    for (const [shardId, cursor] of this.shards) {
      if (cursor.closed || !cursor.iterator) continue;
      let page: { Records?: _Record[]; NextShardIterator?: string };
      try {
        page = await this.streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: 100 }));
      } catch (error) {
        if (!(error instanceof ExpiredIteratorException)) throw error;
        await this.reopen(shardId, cursor);
        continue;
      }
      const records = page.Records ?? [];
      if (records.length > 0) {
        const event = { Records: records } as unknown as DynamoDBStreamEvent;
        const result = await this.options.handler(event);
        const index = firstFailed(records, result);
        if (index !== undefined) {
          handled += index;
          this.redelivering = true;
          cursor.after = records[index - 1]?.dynamodb?.SequenceNumber ?? cursor.after;
          await this.reopen(shardId, cursor);
          continue;
        }
        handled += records.length;
        cursor.after = records.at(-1)?.dynamodb?.SequenceNumber ?? cursor.after;
      }
      cursor.iterator = page.NextShardIterator;
      if (!page.NextShardIterator) cursor.closed = true;
    }
    return handled;
  }

  /**
   * Polls until two passes in a row find nothing: every write made before the call has been handled. A batch
   * handed back for redelivery is not quiet (the handler bounds its retries by parking); a handler that
   * never lets a batch through fails the drain after 100 such passes instead of spinning forever.
   */
  async drain(): Promise<void> {
    let quiet = 0;
    let stuck = 0;
    while (quiet < 2) {
      const handled = await this.pollOnce();
      stuck = handled === 0 && this.redelivering ? stuck + 1 : 0;
      if (stuck >= 100) throw new Error("The stream handler failed the same batch 100 times in a row");
      quiet = handled === 0 && !this.redelivering ? quiet + 1 : 0;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const interval = this.options.intervalMs ?? 250;
    this.loop = (async () => {
      while (this.running) {
        try {
          if ((await this.pollOnce()) === 0) await new Promise((done) => setTimeout(done, interval));
        } catch (error) {
          console.error(JSON.stringify({ level: "error", msg: "stream poll failed", error: String(error) }));
          await new Promise((done) => setTimeout(done, interval * 4));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.streams.destroy();
    this.client.destroy();
  }
}
