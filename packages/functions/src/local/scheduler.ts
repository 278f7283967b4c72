import { Clock } from "@shopguide/core/util/clock";
import { type Job, jobs as jobTable, runJob } from "../schedule";

/**
 * Runs every scheduled job through the same job table the schedule Lambda uses, timed by the platform clock
 * (`Clock`), not the wall clock: when `POST /api/dev/clock` moves it forward, every job whose next run is
 * then due runs at once (checked each `tickMs`), in the table's order, each after the one before it has
 * finished (so holds released by one are on the statements the next closes). A run never overlaps itself
 * here; the jobs are safe under overlap anyway, as they are in the cloud. A job's `localEverySeconds`, when
 * set, replaces its cloud period locally.
 */
export function startScheduler(
  options: { jobs?: Record<string, Job>; tickMs?: number } = {},
): () => Promise<void> {
  const entries = Object.entries(options.jobs ?? jobTable).map(([name, job]) => {
    const everyMs = (job.localEverySeconds ?? job.everySeconds) * 1000;
    return { name, job, everyMs, next: Clock.nowMs() + everyMs, busy: false };
  });
  const running = new Set<Promise<void>>();
  const tick = () => {
    const now = Clock.nowMs();
    const due = entries.filter((entry) => !entry.busy && entry.next <= now);
    if (due.length === 0) return;
    for (const entry of due) entry.busy = true;
    const batch = (async () => {
      for (const entry of due) {
        entry.next = Clock.nowMs() + entry.everyMs;
        try {
          // The same wrapper as the schedule Lambda: correlation ids, duration and failure metrics, one log line.
          await runJob(entry.name, entry.job);
        } catch {
          // runJob has logged it and counted the failure; the next tick tries again, as the next cron would.
        } finally {
          entry.busy = false;
        }
      }
    })();
    running.add(batch);
    void batch.finally(() => running.delete(batch));
  };
  const timer = setInterval(tick, options.tickMs ?? 1_000);
  return async () => {
    clearInterval(timer);
    await Promise.all(running);
  };
}
