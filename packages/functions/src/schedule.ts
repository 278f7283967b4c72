import { BrandDomain } from "@shopguide/core/brand-domain";
import { Conversion } from "@shopguide/core/conversion";
import { Failure } from "@shopguide/core/failure";
import { Feed } from "@shopguide/core/feed";
import { GroupBuy } from "@shopguide/core/groupbuy";
import { Notification } from "@shopguide/core/notification";
import { Statement } from "@shopguide/core/statement";
import { Suspension } from "@shopguide/core/suspension";
import { Telemetry } from "@shopguide/core/telemetry";
import { createId } from "@shopguide/core/util/id";
import { Webhook } from "@shopguide/core/webhook";
import { loadBoundSecrets } from "./secrets";

await loadBoundSecrets();

/**
 * A scheduled job: runs to completion, idempotent, safe when two run at once. Each handles its items one at
 * a time through `Failure.startJob(name)`: an item that throws is counted, parked after a bound, and skipped
 * until an admin replays it, so one bad item never stops the others (docs/architecture.md).
 */
export interface Job {
  /** How often it runs: an EventBridge rate for the cloud, the same period for the local timers. */
  everySeconds: number;
  /**
   * How often the local runner runs it, when that should differ. The local scheduler times jobs by the
   * platform clock, so after a dev-clock jump a job runs within a tick; a job that looks for ended periods
   * checks often locally so a jump past a period end shows its result within a minute.
   */
  localEverySeconds?: number;
  /** The function's timeout in the cloud, when the default (10 s) is too short. */
  timeoutSeconds?: number;
  /** Runs it once; a job that reports what it did (items read, written) answers that report. */
  run(): Promise<unknown>;
}

/** Every scheduled job by name. infra/jobs.ts makes one cron per entry; the local scheduler runs the same table. */
export const jobs: Record<string, Job> = {
  /** Re-ranks recent guides by decayed engagement into the stored trending list. */
  "rebuild-trending": {
    everySeconds: 300,
    async run() {
      await Feed.rebuildTrending();
    },
  },
  /**
   * Approves pending commissions whose hold has ended by the platform clock; idempotent per commission.
   * Walks the due hour buckets' shards for at most 40 s a run and resumes where it stopped.
   */
  "release-holds": {
    everySeconds: 60,
    timeoutSeconds: 60,
    async run() {
      await Conversion.releaseHolds();
    },
  },
  /**
   * Rolls approved commissions and refunds' adjustments onto statements for periods that have ended,
   * reading only the payable days since its checkpoint. Stops taking work after `Statement.BUDGET_MS`
   * (90 s) and resumes next run; the 120 s timeout leaves room for the batch in flight. Answers its
   * report (`Statement.CloseReport`: itemsRead, groups, statements, lines, ms), which the scale bench reads.
   */
  "close-statements": {
    everySeconds: 3600,
    localEverySeconds: 60,
    timeoutSeconds: 120,
    async run(): Promise<Statement.CloseReport> {
      const report = await Statement.close();
      Telemetry.metric(Telemetry.Metric.JobItemsProcessed, "Count", report.itemsRead, {
        job: "close-statements",
      });
      return report;
    },
  },
  /**
   * Settles open group-buys past their deadline, then carries on every group-buy fan-out the stream left
   * open (codes, failure and next-tier notices), a page per group-buy in turn, for at most
   * `GroupBuy.JOB_BUDGET_MS` (40 s); resumes next run. Idempotent, safe when two run at once.
   */
  "settle-groupbuys": {
    everySeconds: 60,
    timeoutSeconds: 60,
    async run(): Promise<GroupBuy.SettleReport> {
      const report = await GroupBuy.settleDue();
      Telemetry.metric(Telemetry.Metric.JobItemsProcessed, "Count", report.pages, {
        job: "settle-groupbuys",
      });
      return report;
    },
  },
  /**
   * Sends every outgoing webhook due by the platform clock, one claimed attempt each; retries follow the
   * backoff schedule. Stops claiming after 40 s, so a run (each send at most 10 s) ends inside its timeout.
   */
  "deliver-webhooks": {
    everySeconds: 60,
    timeoutSeconds: 60,
    async run() {
      const attempts = await Webhook.deliverDue();
      Telemetry.metric(Telemetry.Metric.JobItemsProcessed, "Count", attempts, { job: "deliver-webhooks" });
    },
  },
  /**
   * Re-checks verified brand domains whose daily check is due (the due-day buckets of the last week, at most
   * 500 a run); a domain failing `RECHECK_FAILURES_ALLOWED` checks in a row goes back to pending. Each
   * check waits on DNS (3 s, twice) and one fetch (5 s), hence the longer timeout.
   */
  "recheck-domains": {
    everySeconds: 86_400,
    localEverySeconds: 3600,
    timeoutSeconds: 300,
    async run(): Promise<BrandDomain.RecheckReport> {
      const report = await BrandDomain.recheckDue();
      Telemetry.metric(Telemetry.Metric.JobItemsProcessed, "Count", report.read, { job: "recheck-domains" });
      return report;
    },
  },
  /**
   * The daily digest: once a UTC day is over, everyone who chose the digest for feed items gets one mail
   * with that day's unread ones (one per person and day, whoever reruns it). Looks hourly, so a run stopped
   * by its 40 s budget, or a day whose digests kept a run busy, is finished within the hour.
   */
  "send-digests": {
    everySeconds: 3600,
    localEverySeconds: 60,
    timeoutSeconds: 60,
    async run(): Promise<Notification.DigestReport> {
      const run = await Failure.startJob("send-digests");
      const report = await Notification.sendDigests(run, Notification.DIGEST_BUDGET_MS);
      Telemetry.metric(Telemetry.Metric.JobItemsProcessed, "Count", report.mailed + report.empty, {
        job: "send-digests",
      });
      return report;
    },
  },
  /**
   * Carries out account suspensions and restores: hides or unhides the creator's guides, switches their
   * links off or on, holds pending commissions. Pages with checkpoints; stops taking work after 40 s and
   * resumes next run; a sweep that keeps failing is parked.
   */
  "account-sweeps": {
    everySeconds: 60,
    timeoutSeconds: 60,
    async run() {
      const finished = await Suspension.runSweeps();
      Telemetry.metric(Telemetry.Metric.JobItemsProcessed, "Count", finished, { job: "account-sweeps" });
      return { finished };
    },
  },
};

/**
 * Runs one job as the cloud and the local runner should: every line it logs carries the job name and a run
 * id; its duration or failure becomes a metric (jobs that count their items report them themselves); a
 * failure is logged and rethrown.
 */
export async function runJob(name: string, job: Job): Promise<void> {
  await Telemetry.withCorrelation({ job: name, runId: createId("run") }, async () => {
    const started = performance.now();
    try {
      await job.run();
      const durationMs = Math.round(performance.now() - started);
      Telemetry.metric(Telemetry.Metric.JobDuration, "Milliseconds", durationMs, { job: name });
      Telemetry.log.info("job finished", { durationMs });
    } catch (error) {
      Telemetry.metric(Telemetry.Metric.JobFailures, "Count", 1, { job: name });
      Telemetry.log.error("job failed", { error: error instanceof Error ? error : String(error) });
      throw error;
    }
  });
}

/** Lambda entry point: EventBridge passes `{ job }` as the event. */
export async function handler(event: { job: string }): Promise<void> {
  const job = jobs[event.job];
  if (!job) throw new Error(`Unknown job ${event.job}`);
  await runJob(event.job, job);
}
