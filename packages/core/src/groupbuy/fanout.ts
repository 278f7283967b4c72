/**
 * Work for every participant of one group-buy (their codes at a success, a notice when it fails or nears a
 * tier), bounded per invocation: a group-buy holds up to 100 000 people, far more than one stream record or
 * job run may handle. The walk goes a page of participants at a time (AP310) from a checkpoint kept in a
 * task item (AP311), so whoever runs it next (a redelivered record, the settle job) resumes where the last
 * runner stopped. The checkpoint moves only after its page is done and only from where the runner read it,
 * so no participant is skipped; the work per participant is idempotent (a code is set only on a
 * participation without one; a notice is written once per kind, source and person), so a page done twice
 * after a crash changes nothing. docs/scale.md, "Group-buy fan-out".
 */
import { config } from "../config";
import type { Failure } from "../failure";
import { notify } from "../notification/notify";
import { Clock } from "../util/clock";
import { newCode } from "./code";
import { GroupBuyStore } from "./groupbuy.dynamo";
import type { FanoutTask, FanoutWork, Participation } from "./schema";

/** Participants worked on at once within a page: each is its own small write on a different item. */
const CONCURRENCY = 8;

/** What one run of the settle job spends on fan-outs before it leaves the rest to the next run. */
export const JOB_BUDGET_MS = 40_000;

export function keyOf(work: FanoutWork): string {
  return work.kind === "codes" ? "codes" : `notice:${work.notice.kind}:${work.notice.source}`;
}

/** The task for this work on this group-buy: the one already stored (maybe finished), or a new one. */
export function open(groupbuyId: string, work: FanoutWork): Promise<FanoutTask> {
  return GroupBuyStore.openFanout({
    groupbuyId,
    key: keyOf(work),
    work,
    pages: 0,
    startedAt: Clock.now().toISOString(),
  });
}

async function actionFor(task: FanoutTask): Promise<(participant: Participation) => Promise<unknown>> {
  const work = task.work;
  if (work.kind === "notice") return (participant) => notify(participant.userId, work.notice);
  const groupbuy = await GroupBuyStore.get(task.groupbuyId);
  if (groupbuy?.status !== "succeeded")
    throw new Error(`Codes for ${task.groupbuyId}, which has not succeeded (${groupbuy?.status})`);
  return async (participant) => {
    if (!participant.code) await GroupBuyStore.issueCode(groupbuy, participant.userId, newCode);
  };
}

/**
 * One page: the work for each participant on it, then the checkpoint, or at the last page the end (a
 * success's codes marked issued first, so a finished codes task always means every code is out). Answers
 * the task as it now stands, or undefined when it is finished or another runner has moved it on.
 */
export async function step(task: FanoutTask): Promise<FanoutTask | undefined> {
  const page = await GroupBuyStore.participantsPage(
    task.groupbuyId,
    config().groupbuyFanoutPage,
    task.cursor,
  );
  const act = await actionFor(task);
  const waiting = [...page.items];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let next = waiting.shift(); next; next = waiting.shift()) await act(next);
    }),
  );
  const now = Clock.now();
  if (page.nextCursor) {
    const moved = await GroupBuyStore.checkpointFanout(task, page.nextCursor);
    return moved ? { ...task, cursor: page.nextCursor, pages: task.pages + 1 } : undefined;
  }
  if (task.work.kind === "codes") await GroupBuyStore.markCodesIssued(task.groupbuyId, now);
  await GroupBuyStore.finishFanout(task, now);
  return undefined;
}

/**
 * Opens the task and walks it for up to `budgetMs` (checked after each page, never before the first: every
 * call makes progress). What is left stays open for the settle job. Answers true when the walk is finished.
 */
export async function start(groupbuyId: string, work: FanoutWork, budgetMs: number): Promise<boolean> {
  const started = performance.now();
  let task: FanoutTask | undefined = await open(groupbuyId, work);
  if (task.finishedAt) return true;
  while (task) {
    task = await step(task);
    if (task && performance.now() - started >= budgetMs) return false;
  }
  return true;
}

/** What one job run did to the open fan-outs. */
export interface ContinueReport {
  pages: number;
  /** Tasks the run stopped short of because its budget ran out (a task that failed is counted by Failure). */
  left: number;
}

/**
 * The settle job's part: every open task (AP312, oldest first), one page each in turn, round after round,
 * until all are finished or `budgetMs` is spent (checked after each page, never before the first), so one
 * huge group-buy takes its turn beside the others instead of holding them up. A task that throws is
 * counted against its item and parked after the job's bound (Failure.startJob); it never stops the others.
 */
export async function continueOpen(run: Failure.JobRun, budgetMs: number): Promise<ContinueReport> {
  const started = performance.now();
  let round = await GroupBuyStore.listOpenFanouts();
  let pages = 0;
  while (round.length > 0) {
    const next: FanoutTask[] = [];
    for (const [index, task] of round.entries()) {
      let after: FanoutTask | undefined;
      const outcome = await run.item(`${task.groupbuyId}#${task.key}`, async () => {
        after = await step(task);
      });
      if (outcome !== "skipped") pages++;
      if (outcome === "done" && after) next.push(after);
      if (performance.now() - started >= budgetMs)
        return { pages, left: next.length + round.length - index - 1 };
    }
    round = next;
  }
  return { pages, left: 0 };
}
