import { jobs } from "../schedule";

/**
 * Runs every scheduled job on its own timer, through the same job table the schedule Lambda uses. A run
 * never overlaps itself here; the jobs are safe under overlap anyway, as they are in the cloud.
 */
export function startScheduler(options: { speedup?: number } = {}): () => Promise<void> {
  const running = new Set<Promise<void>>();
  const timers = Object.entries(jobs).map(([name, job]) => {
    let busy = false;
    return setInterval(
      () => {
        if (busy) return;
        busy = true;
        const run = job
          .run()
          .catch((error) =>
            console.error(
              JSON.stringify({ level: "error", msg: "job failed", job: name, error: String(error) }),
            ),
          )
          .finally(() => {
            busy = false;
            running.delete(run);
          });
        running.add(run);
      },
      (job.everySeconds * 1000) / (options.speedup ?? 1),
    );
  });
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.all(running);
  };
}
