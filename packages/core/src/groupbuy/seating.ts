/**
 * Seating joins under contention (issue 13). Every join of a group-buy writes its one counter item, so
 * joins racing each other conflict, retry and queue behind the item. Three habits keep a winner's answer
 * prompt:
 *
 * - **Group commit.** Joins of one group-buy that arrive in this process in the same turn of the event
 *   loop, or while a seating transaction is in flight, go together in one transaction (up to `SEAT_BATCH`
 *   people): each person's
 *   participation and their units in one transaction, so each is still all-or-nothing, but one process
 *   never races itself for the counter. (A Lambda instance serves one request at a time and seats alone;
 *   the local runner and any long-lived server seat hundreds per transaction.)
 * - **Answered at commit.** A batch's people hear they are seated as soon as its transaction commits; only
 *   the last waits for the read that says whether the batch filled the group-buy (their request settles it).
 *   That read also sizes the next batch to the units left, so the last seats go to a batch that fits them.
 * - **Early rejection.** Once the counter refuses a batch, one consistent read says how many units are
 *   left: the people in line that fit go on, first come first served; the rest are answered `groupbuy_full`
 *   at once, without a transaction of their own; once it is full, so is everyone still in line. The join's
 *   opening read is shared by concurrent joiners (`peek`), so a thousand joiners cost one read, not a
 *   thousand; it only guides, the transaction decides.
 * - **Bounded, jittered retries.** A transaction that lost a race with another process (or a leave) waits
 *   `backoffDelay` (util/retry.ts) and tries again, at most `SEAT_ATTEMPTS` times; then the joiners are
 *   answered 429 with Retry-After instead of queueing without end.
 */
import { Clock } from "../util/clock";
import { RateLimitedError } from "../util/errors";
import { backoffDelay, CONTENTION, sleep } from "../util/retry";
import { GroupBuyStore, SEAT_BATCH } from "./groupbuy.dynamo";
import {
  AlreadyJoinedError,
  GroupBuyClosedError,
  GroupBuyFullError,
  GroupBuyNotFoundError,
  type Info,
  type Participation,
} from "./schema";

/** Seating transactions for one batch before its joiners are asked to try again (429). */
export const SEAT_ATTEMPTS = 8;

export interface Seated {
  /** True for at most one person per batch, the last: their batch filled the group-buy and their request settles it. */
  settles: boolean;
}

interface Waiter {
  participation: Participation;
  seated(result: Seated): void;
  refused(error: unknown): void;
}

interface Line {
  capacity: number;
  /** Units left as last read (the join's opening read, then the read after each batch): sizes the next batch. */
  room: number | undefined;
  waiting: Waiter[];
  draining: boolean;
}

const lines = new Map<string, Line>();
const reads = new Map<string, Promise<Info | undefined>>();

/**
 * The group-buy, strongly consistent, from a read that joiners arriving while it is in flight share. Good
 * for the join's early checks only: the seating transaction re-checks everything on the stored item.
 */
export function peek(groupbuyId: string): Promise<Info | undefined> {
  const pending = reads.get(groupbuyId);
  if (pending) return pending;
  const read = GroupBuyStore.get(groupbuyId).finally(() => reads.delete(groupbuyId));
  reads.set(groupbuyId, read);
  return read;
}

/**
 * Seats one person with their quantity (see the module comment): resolves once they hold their units, or
 * rejects with `already_joined`, `groupbuy_full` (with the units left), `groupbuy_closed` or, after
 * `SEAT_ATTEMPTS` lost races, `rate_limited`.
 */
export function seat(participation: Participation, capacity: number, room?: number): Promise<Seated> {
  const { groupbuyId } = participation;
  let line = lines.get(groupbuyId);
  if (!line) {
    line = { capacity, room, waiting: [], draining: false };
    lines.set(groupbuyId, line);
  }
  const joined = line;
  const answer = new Promise<Seated>((seated, refused) =>
    joined.waiting.push({ participation, seated, refused }),
  );
  if (!joined.draining) void drain(groupbuyId, joined);
  return answer;
}

/** Seats the line batch by batch, one transaction in flight per group-buy, until no one is waiting. */
async function drain(groupbuyId: string, line: Line): Promise<void> {
  line.draining = true;
  try {
    // Joiners released by one shared read arrive one microtask apart: let this turn's arrivals line up
    // first, so they share the first transaction instead of waiting behind a transaction of one.
    await new Promise<void>((turn) => setImmediate(turn));
    while (line.waiting.length) {
      const batch = takeBatch(line);
      try {
        // Nothing left: everyone still in line hears so now, not one failed transaction per batch later.
        if ((await seatBatch(groupbuyId, line, batch)) === "full")
          for (const waiter of line.waiting.splice(0)) waiter.refused(new GroupBuyFullError());
      } catch (error) {
        for (const waiter of batch) waiter.refused(error);
      }
    }
  } finally {
    line.draining = false;
    if (lines.get(groupbuyId) === line && !line.waiting.length) lines.delete(groupbuyId);
  }
}

/**
 * The next batch, first come first served: one request per person (a second request by someone already in
 * the batch stays in line and meets `already_joined` next time; one transaction cannot write an item twice),
 * and no more units than were left at the last read, so the last seats go to a batch that fits them rather
 * than to one the counter refuses whole. When nobody in line fits, the batch goes anyway: the counter's
 * refusal and one read answer all of them at once.
 */
function takeBatch(line: Line): Waiter[] {
  const fitting = pick(line.waiting, line.room);
  const batch = fitting.length ? fitting : pick(line.waiting, undefined);
  const taken = new Set(batch);
  line.waiting = line.waiting.filter((waiter) => !taken.has(waiter));
  return batch;
}

/** Up to `SEAT_BATCH` people in order of arrival, each once, within `room` units when it is known. */
function pick(waiting: Waiter[], room: number | undefined): Waiter[] {
  const batch: Waiter[] = [];
  const people = new Set<string>();
  let units = 0;
  for (const waiter of waiting) {
    if (batch.length >= SEAT_BATCH) break;
    const { userId, quantity } = waiter.participation;
    if (people.has(userId) || (room !== undefined && units + quantity > room)) continue;
    batch.push(waiter);
    people.add(userId);
    units += quantity;
  }
  return batch;
}

/** Seats what it can of one batch; answers "full" once the counter has no unit left for anyone. */
async function seatBatch(groupbuyId: string, line: Line, first: Waiter[]): Promise<"full" | undefined> {
  const { capacity } = line;
  let batch = first;
  for (let attempt = 1; batch.length; attempt++) {
    // Each outcome but a lost race shrinks the batch; this bounds the odd case that shrinks nothing.
    if (attempt > 2 * SEAT_ATTEMPTS) throw new RateLimitedError(1);
    const outcome = await GroupBuyStore.seat(
      batch.map((waiter) => waiter.participation),
      capacity,
      Clock.now(),
    );
    if (outcome.kind === "seated") {
      // Seated means answered: only the last person waits for the read that says whether the batch filled it.
      for (const waiter of batch.slice(0, -1)) waiter.seated({ settles: false });
      const after = await GroupBuyStore.get(groupbuyId).catch(() => undefined);
      line.room = after && Math.max(0, after.capacity - after.units);
      const full = after !== undefined && after.units >= after.capacity;
      // Unread, the last one is still seated; the settle job decides the group-buy by its deadline.
      batch.at(-1)?.seated({ settles: full });
      return full ? "full" : undefined;
    }
    if (outcome.kind === "already_joined") {
      const taken = new Set(outcome.indexes);
      for (const index of taken) batch[index]?.refused(new AlreadyJoinedError());
      batch = batch.filter((_, index) => !taken.has(index));
      continue;
    }
    if (outcome.kind === "conflict") {
      if (attempt >= SEAT_ATTEMPTS) throw new RateLimitedError(1);
      await sleep(backoffDelay(attempt, CONTENTION));
      continue;
    }
    const room = await admitWhatFits(groupbuyId, batch);
    if (room.left === 0 && !room.admitted.length) return "full";
    batch = room.admitted;
  }
  return undefined;
}

/**
 * The counter refused the batch: one consistent read decides who may still try. Full wins over closed (a
 * group-buy that filled settles at once, and "full" is the truer answer); on a closed one everyone is
 * refused; otherwise people fit in order of arrival and the rest hear how many units were left for them.
 */
async function admitWhatFits(
  groupbuyId: string,
  batch: Waiter[],
): Promise<{ admitted: Waiter[]; left: number }> {
  const current = await GroupBuyStore.get(groupbuyId);
  if (!current) throw new GroupBuyNotFoundError();
  let left = Math.max(0, current.capacity - current.units);
  const open = current.status === "open" && Date.parse(current.deadline) > Clock.nowMs();
  if (left > 0 && !open) throw new GroupBuyClosedError();
  const admitted: Waiter[] = [];
  for (const waiter of batch) {
    if (waiter.participation.quantity <= left) {
      admitted.push(waiter);
      left -= waiter.participation.quantity;
    } else waiter.refused(new GroupBuyFullError(left));
  }
  return { admitted, left };
}
