import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startDynamoLocal } from "./dynamo-local";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for a process left behind: a live node process whose command line names the data dir. */
function lingering(dataDir: string) {
  return spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", dataDir], { stdio: "ignore" });
}

const exited = (child: ReturnType<typeof spawn>) =>
  new Promise<void>((done) =>
    child.exitCode !== null || child.signalCode ? done() : child.once("exit", () => done()),
  );

describe("DynamoDB Local for the runner", () => {
  it("stops a DynamoDB Local left behind on the data dir by a runner that died, then owns the dir", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "shopguide-owner-"));
    dirs.push(dataDir);
    const leftover = lingering(dataDir);
    // The runner that started it is gone (pid 2^22 + 1 is above Linux's pid limit, so never alive).
    writeFileSync(
      join(dataDir, "dynamodb-local.pid"),
      JSON.stringify({ runner: 4_194_305, java: leftover.pid }),
    );

    const dynamo = await startDynamoLocal({ dataDir });
    try {
      await exited(leftover);
      expect(leftover.signalCode).toBe("SIGTERM");
      expect(dynamo.loopbackOnly).toBe(true);
      const owner = JSON.parse(readFileSync(join(dataDir, "dynamodb-local.pid"), "utf8"));
      expect(owner.runner).toBe(process.pid);
      expect(owner.java).not.toBe(leftover.pid);
    } finally {
      await dynamo.stop();
    }
    expect(() => readFileSync(join(dataDir, "dynamodb-local.pid"))).toThrow();
  });

  it("refuses a data dir another live runner owns, and leaves that runner's DynamoDB Local alone", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "shopguide-owned-"));
    dirs.push(dataDir);
    const otherRunner = lingering(dataDir);
    const otherJava = lingering(dataDir);
    try {
      writeFileSync(
        join(dataDir, "dynamodb-local.pid"),
        JSON.stringify({ runner: otherRunner.pid, java: otherJava.pid }),
      );
      await expect(startDynamoLocal({ dataDir })).rejects.toThrow(
        `Another shopguide runner (pid ${otherRunner.pid}) is using ${dataDir}`,
      );
      expect(otherJava.exitCode).toBeNull();
      expect(otherJava.signalCode).toBeNull();
    } finally {
      otherRunner.kill();
      otherJava.kill();
    }
  });
});
