import * as z from "zod";

/**
 * Where a failure came from: `stream` (a table stream record) or `job:<name>` (one item of a scheduled job).
 */
export const Source = z.string().regex(/^(stream|job:[a-z0-9-]+)$/);
export type Source = z.infer<typeof Source>;

/**
 * - `retrying`: failed fewer times than the bound; will be tried again (the stream redelivers, the job's
 *   next run takes the item again).
 * - `parked`: failed the bound number of times; the pipeline moved on, the item waits for an admin.
 * - `replaying`: a job item an admin sent back; the job's next run takes it again with a fresh bound.
 * - `resolved`: a retry or a replay succeeded.
 * - `dismissed`: an admin decided not to replay it; a job keeps skipping the item.
 */
export const Status = z.enum(["retrying", "parked", "replaying", "resolved", "dismissed"]);
export type Status = z.infer<typeof Status>;

/** One poison pill: a stream record or job item that failed, as admins see it. */
export const Info = z.object({
  id: z.string(),
  source: Source,
  /** The consumer (stream) or job step that failed. */
  consumer: z.string(),
  /** What identifies the failing thing within its source: the stream event id, or the job item's key. */
  itemKey: z.string(),
  status: Status,
  error: z.string(),
  attempts: z.number().int(),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
  parkedAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  /** Stream only: the record's event id, sequence number and table keys. */
  eventId: z.string().optional(),
  sequenceNumber: z.string().optional(),
  keys: z.record(z.string(), z.unknown()).optional(),
  /**
   * Stream only: the record as the stream delivered it (DynamoDB JSON: eventID, eventName, dynamodb with
   * Keys, NewImage, OldImage), serialized, so a replay decodes and consumes exactly what failed.
   */
  record: z.string().optional(),
});
export type Info = z.infer<typeof Info>;

/** What a failing attempt reports; the store adds the counters and times. */
export interface Report {
  source: Source;
  itemKey: string;
  consumer: string;
  error: string;
  eventId?: string | undefined;
  sequenceNumber?: string | undefined;
  keys?: Record<string, unknown> | undefined;
  record?: string | undefined;
}
