/**
 * The upgrade backfill's own items: the parallel Scan that finds every creator, and one checkpoint per Scan
 * segment so a stopped run resumes at its last finished page. Never a request path.
 *
 * Key format: checkpoint `JOB#scale-backfill` / `SEGMENT#<n>` (`segments`, `start`: the Scan key the next
 * page starts at, absent for the first page, `done`, `creators`, `at`).
 */
import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, tableName } from "../dynamo";

const keys = {
  checkpoint: (segment: number) => ({ pk: "JOB#scale-backfill", sk: `SEGMENT#${segment}` }),
};

export const SegmentCheckpoint = z.object({
  segment: z.number().int(),
  segments: z.number().int(),
  start: z.record(z.string(), z.unknown()).optional(),
  done: z.boolean(),
  creators: z.number().int(),
  at: z.string(),
});
export type SegmentCheckpoint = z.infer<typeof SegmentCheckpoint>;

export const BackfillStore = {
  /**
   * AP326: one page of one Scan segment, the creators among up to `limit` items read (FILTER `type = user
   * AND role = creator`, projecting the id only). Answers where the next page starts.
   */
  async scanCreators(
    segment: number,
    segments: number,
    start: Record<string, unknown> | undefined,
    limit: number,
  ): Promise<{ creatorIds: string[]; next: Record<string, unknown> | undefined }> {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: tableName(),
        Segment: segment,
        TotalSegments: segments,
        ExclusiveStartKey: start,
        Limit: limit,
        FilterExpression: "#type = :user AND #role = :creator",
        ProjectionExpression: "id",
        ExpressionAttributeNames: { "#type": "type", "#role": "role" },
        ExpressionAttributeValues: { ":user": "user", ":creator": "creator" },
      }),
    );
    return {
      creatorIds: (page.Items ?? []).flatMap((item) => (typeof item.id === "string" ? [item.id] : [])),
      next: page.LastEvaluatedKey,
    };
  },

  /** AP327: a segment's checkpoint (consistent), undefined when the segment has none. */
  async checkpoint(segment: number): Promise<SegmentCheckpoint | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.checkpoint(segment), ConsistentRead: true }),
    );
    return found.Item ? SegmentCheckpoint.parse(found.Item) : undefined;
  },

  /**
   * AP327 (put): a segment's checkpoint after a finished page. Unconditional: each segment has one worker
   * per run, and two runs at once only repeat idempotent work.
   */
  async putCheckpoint(checkpoint: SegmentCheckpoint): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.checkpoint(checkpoint.segment), type: "backfill_checkpoint", ...checkpoint },
      }),
    );
  },
};
