/**
 * The hold-release job: every pending commission whose hold ended by the platform clock becomes approved.
 *
 * Pending commissions are indexed by the hour they come due, each hour spread over `holdShards` shards
 * (gsi3 `HOLDS#<hour>#<shard>`), so no single key takes every conversion's write. A small directory
 * (`HOLDBUCKETS`) names the hours that may still hold some; the oldest of them is the job's checkpoint. A
 * run walks only the directory's hours up to now, every shard page by page, and stops after `budgetMs`:
 * what it did not reach is still in the index, so the next run resumes there. An hour that ended (plus a
 * grace for late index updates) and whose shards came back empty leaves the directory.
 *
 * Each approval is conditional on the version it read, so two runs at once approve each one exactly once;
 * an item that throws is counted and parked after 3 runs (Failure.startJob), and skipped until replayed.
 */
import { retryOnConflict } from "../dynamo";
import { Failure } from "../failure";
import { Clock } from "../util/clock";
import { ConversionChangedError, ConversionStore, hourOf, isContention } from "./conversion.dynamo";
import { moveCommission } from "./lifecycle";
import type { Info } from "./schema";

/** How long after an hour ends the job still reads it: index updates and clocks that lag a little. */
const GRACE_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;

/** The default time budget of one run: well inside the job's 60 s timeout. */
export const RELEASE_BUDGET_MS = 40_000;

export async function releaseHolds(options: { budgetMs?: number } = {}): Promise<number> {
  const budgetMs = options.budgetMs ?? RELEASE_BUDGET_MS;
  const started = performance.now();
  const outOfTime = () => performance.now() - started >= budgetMs;
  const run = await Failure.startJob("release-holds");
  const now = Clock.now().toISOString();
  let approved = 0;

  /**
   * Walks one shard (or the legacy key): "stopped" when the budget ran out after an item (every run makes
   * progress, however small its budget), "drained" when it read to the end and left nothing behind.
   */
  const drain = async (hour: string | undefined, shard: number): Promise<"stopped" | "drained" | "left"> => {
    let cursor: string | undefined;
    let leftBehind = false;
    do {
      const page = await ConversionStore.listDueHolds(hour, shard, now, cursor);
      for (const conversionId of page.items) {
        if (!conversionId) {
          leftBehind = true;
          continue;
        }
        let released = false;
        const outcome = await run.item(conversionId, async () => {
          released = await approve(conversionId, now);
        });
        if (released) approved++;
        if (outcome !== "done") leftBehind = true;
        if (outOfTime()) return "stopped";
      }
      cursor = page.nextCursor;
    } while (cursor);
    return leftBehind ? "left" : "drained";
  };

  // Commissions written before the shards existed, until none are left on the old key.
  if ((await drain(undefined, 0)) === "stopped") return approved;
  for (const hour of await ConversionStore.listHoldBuckets(hourOf(now))) {
    let empty = true;
    for (let shard = 0; shard < ConversionStore.holdShards(); shard++) {
      const walked = await drain(hour, shard);
      if (walked === "stopped") return approved;
      if (walked === "left") empty = false;
    }
    const closed = Date.parse(`${hour}:00:00.000Z`) + HOUR_MS + GRACE_MS <= Date.parse(now);
    if (empty && closed) await ConversionStore.forgetHoldBucket(hour);
  }
  return approved;
}

/**
 * Approves one commission if it is still pending and due (the index is eventually consistent, so it is
 * re-read). A concurrent change (a refund's adjustment) answers with the conversion as it is, which is
 * judged again, a few times at most; true when this call approved it.
 */
async function approve(conversionId: string, now: string): Promise<boolean> {
  let due: Info | undefined = await ConversionStore.get(conversionId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const commission = due?.commission;
    if (!due || !commission || due.status !== "pending") return false;
    if ((commission.dueAt ?? commission.holdUntil) > now) return false;
    const { next, event } = moveCommission(due, {
      to: "approved",
      at: now,
      reason: `Hold ended ${commission.holdUntil}`,
    });
    const read = due;
    try {
      // A lost race on a shared item (the creator's earnings totals, AP220) is retried with jittered backoff;
      // the write stays conditional on the version read, so a retry applies once or fails its condition.
      await retryOnConflict(() => ConversionStore.transition(read, next, event));
      return true;
    } catch (error) {
      if (error instanceof ConversionChangedError && error.current) due = error.current;
      else if (error instanceof ConversionChangedError || isContention(error))
        due = await ConversionStore.get(conversionId);
      else throw error;
    }
  }
  throw new Error(`Approving ${conversionId} kept conflicting with other writes`);
}
