import { Clock } from "@shopguide/core/util/clock";
import { describe, expect, it } from "vitest";
import type { Job } from "../schedule";
import { jobs as jobTable } from "../schedule";
import { startScheduler } from "./scheduler";

const settle = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("local scheduler", () => {
  it("runs jobs by the platform clock: a dev-clock jump runs every due job at once, in table order", async () => {
    const log: string[] = [];
    const job = (name: string, seconds: { everySeconds: number; localEverySeconds?: number }): Job => ({
      ...seconds,
      async run() {
        log.push(`${name} start`);
        await settle(30);
        log.push(`${name} end`);
      },
    });
    const stop = startScheduler({
      tickMs: 20,
      jobs: {
        minutely: job("minutely", { everySeconds: 60 }),
        hourly: job("hourly", { everySeconds: 3_600 }),
        "hourly in the cloud, minutely here": job("local", { everySeconds: 3_600, localEverySeconds: 60 }),
      },
    });
    try {
      await settle(200);
      expect(log).toEqual([]); // nothing is due until the platform clock says so

      Clock.advance(61);
      await settle(400);
      expect(log).toEqual(["minutely start", "minutely end", "local start", "local end"]);

      log.length = 0;
      Clock.advance(3_600);
      await settle(500);
      // Each after the one before has finished: what one job releases, the next one sees.
      expect(log).toEqual([
        "minutely start",
        "minutely end",
        "hourly start",
        "hourly end",
        "local start",
        "local end",
      ]);
    } finally {
      await stop();
    }
  });

  it("checks for ended statement periods every minute locally, as the cloud does hourly", () => {
    expect(jobTable["close-statements"]).toMatchObject({ everySeconds: 3_600, localEverySeconds: 60 });
  });
});
