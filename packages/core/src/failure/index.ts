export * as Failure from "./index";

import { createHash } from "node:crypto";
import type { Page } from "../dynamo/cursor";
import { Telemetry } from "../telemetry";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { AppError, NotFoundError } from "../util/errors";
import { FailureStore } from "./failure.dynamo";
import type { Info, Report, Status } from "./schema";

export { Info, type Report, Source, Status } from "./schema";

/** Deliveries of one stream record before it is parked (Lambda and the local poller redeliver it). */
export const STREAM_ATTEMPTS = 5;
/** Runs of a job that may fail on one item before the item is parked (one run a minute for most jobs). */
export const JOB_ATTEMPTS = 3;

export class FailureNotFoundError extends NotFoundError {
  constructor() {
    super("Failure", "failure_not_found");
  }
}

export class FailureNotParkedError extends AppError {
  constructor(status: Status) {
    super(
      "conflict",
      "failure_not_parked",
      `This failure is ${status}; only parked failures can be acted on`,
    );
  }
}

export class ReplayFailedError extends AppError {
  constructor(failure: Info) {
    super("conflict", "replay_failed", `The replay failed again: ${failure.error}`, {
      failureId: failure.id,
      attempts: failure.attempts,
    });
  }
}

/** The failure id of (source, itemKey): stable, so every attempt on one record or item meets one failure. */
export function idOf(source: string, itemKey: string): string {
  return `flr_${createHash("sha256").update(`${source}\n${itemKey}`).digest("base64url").slice(0, 32)}`;
}

/** One line for a failure item and the logs; a schema error names each field, not its whole report. */
export function describe(error: unknown): string {
  const issues = (error as { issues?: unknown } | undefined)?.issues;
  if (error instanceof Error && error.name === "ZodError" && Array.isArray(issues)) {
    const fields = issues.map(
      (issue: { path?: unknown[]; message?: string }) =>
        `${(issue.path ?? []).join(".") || "(root)"}: ${issue.message ?? "invalid"}`,
    );
    return `ZodError: ${fields.join("; ")}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Counts one failed attempt and parks the failure once it has failed `maxAttempts` times (or at once with
 * `parkNow`, for what no retry can fix, such as a record that cannot be decoded). Answers the failure as
 * stored: `parked` means the caller moves on; a failure already parked or dismissed is answered as it is.
 */
export async function recordAttempt(
  report: Report,
  options: { maxAttempts: number; parkNow?: boolean },
): Promise<Info> {
  const now = Clock.now();
  const id = idOf(report.source, report.itemKey);
  const counted = await FailureStore.countAttempt(id, report, now);
  if (counted.status === "parked" || counted.status === "dismissed") return counted;
  if (!options.parkNow && counted.attempts < options.maxAttempts) return counted;
  const parked = await FailureStore.park(id, now);
  Telemetry.log.error("parked a failing item", {
    failureId: id,
    source: report.source,
    consumer: report.consumer,
    itemKey: report.itemKey,
    attempts: parked.attempts,
    error: report.error,
  });
  Telemetry.parked(1);
  return parked;
}

/** What one item of a job run came to. */
export type Outcome = "done" | "skipped" | "failed" | "parked";

/** One run of a job, knowing which of its items are parked (skipped) or retrying (cleared on success). */
export interface JobRun {
  /**
   * Runs `work` for one item unless it is parked or dismissed. A throw is contained: counted against the
   * item, parked after the bound, and never stops the run. Only a failure to record the failure throws.
   */
  item(itemKey: string, work: () => Promise<void>): Promise<Outcome>;
  /** An item that failed before `item` could run it (for example, it could not even be read). */
  fail(itemKey: string, error: unknown): Promise<Outcome>;
}

/** Starts a run of job `name`: one query for the job's unresolved failures, then items one at a time. */
export async function startJob(name: string, maxAttempts = JOB_ATTEMPTS): Promise<JobRun> {
  const source = `job:${name}`;
  const open = await FailureStore.openOfJob(source);
  const fail = async (itemKey: string, error: unknown): Promise<Outcome> => {
    const status = open.get(itemKey);
    if (status === "parked" || status === "dismissed") return "skipped";
    Telemetry.log.error("job item failed", { job: name, itemKey, error: describe(error) });
    const failure = await recordAttempt(
      { source, itemKey, consumer: name, error: describe(error) },
      { maxAttempts },
    );
    open.set(itemKey, failure.status);
    return failure.status === "parked" || failure.status === "dismissed" ? "parked" : "failed";
  };
  return {
    fail,
    async item(itemKey, work) {
      const status = open.get(itemKey);
      if (status === "parked" || status === "dismissed") return "skipped";
      try {
        await work();
      } catch (error) {
        return fail(itemKey, error);
      }
      if (status === "retrying" || status === "replaying") {
        const failure = await FailureStore.get(idOf(source, itemKey));
        if (failure) await FailureStore.settle(failure, ["retrying", "replaying"], "resolved", Clock.now());
        open.delete(itemKey);
      }
      return "done";
    },
  };
}

/** GET /admin/failures: parked failures, newest first (admins only). */
export async function listParked(actor: Actor, cursor?: string): Promise<Page<Info>> {
  Actor.requireRole(actor, "admin");
  return FailureStore.listParked(cursor);
}

export async function get(actor: Actor, failureId: string): Promise<Info> {
  Actor.requireRole(actor, "admin");
  const failure = /^flr_[\w-]{1,64}$/.test(failureId) ? await FailureStore.get(failureId) : undefined;
  if (!failure) throw new FailureNotFoundError();
  return failure;
}

async function parked(actor: Actor, failureId: string): Promise<Info> {
  const failure = await get(actor, failureId);
  if (failure.status !== "parked") throw new FailureNotParkedError(failure.status);
  return failure;
}

/**
 * Replays a parked failure. A stream record goes through `replayRecord` (the same decoding and consumers
 * the stream handler runs) and is resolved when that succeeds; a failed replay counts as one more attempt
 * and answers `replay_failed`. A job item is requeued: its job takes it again on the next run, with a
 * fresh bound, and resolves it when it goes through.
 */
export async function replay(
  actor: Actor,
  failureId: string,
  replayRecord: (failure: Info) => Promise<void>,
): Promise<Info> {
  const failure = await parked(actor, failureId);
  const now = Clock.now();
  if (failure.source !== "stream") {
    const requeued = await FailureStore.settle(failure, ["parked"], "replaying", now);
    if (!requeued) throw new FailureNotParkedError((await get(actor, failureId)).status);
    return requeued;
  }
  try {
    await replayRecord(failure);
  } catch (error) {
    const again = await FailureStore.countReplay(failure.id, describe(error), Clock.now());
    throw new ReplayFailedError(again ?? { ...failure, error: describe(error) });
  }
  const resolved = await FailureStore.settle(failure, ["parked"], "resolved", Clock.now());
  if (!resolved) throw new FailureNotParkedError((await get(actor, failureId)).status);
  return resolved;
}

/** Closes a parked failure without replaying it; a dismissed job item stays skipped by its job. */
export async function dismiss(actor: Actor, failureId: string): Promise<Info> {
  const failure = await parked(actor, failureId);
  const dismissed = await FailureStore.settle(failure, ["parked"], "dismissed", Clock.now());
  if (!dismissed) throw new FailureNotParkedError((await get(actor, failureId)).status);
  return dismissed;
}
