import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../packages/functions/src/local/dynamo-local";

const dataDir = mkdtempSync(join(tmpdir(), "shopguide-runner-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** This process's environment without the test run's own shopguide settings (its table, its DynamoDB). */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SHOPGUIDE_")));
}

interface Runner {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `npm start` minus the web build (the test run has built it already): the runner as a real process. */
async function start(env: Record<string, string> = {}): Promise<Runner> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
    env: { ...inheritedEnv(), PORT: String(port), SHOPGUIDE_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  // The budget is 60 s from start to a healthy API; poll until then.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runner exited early:\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`runner not healthy within 60 s:\n${output}`);
    await new Promise((done) => setTimeout(done, 250));
  }
  return { child, url, output: () => output };
}

async function stop(runner: Runner): Promise<number | null> {
  const exited = new Promise<number | null>((done) => runner.child.once("exit", (code) => done(code)));
  runner.child.kill("SIGTERM");
  return exited;
}

/** Java processes serving this test's data directory (DynamoDB Local is started with -dbPath <dataDir>). */
function javaProcessesFor(dir: string): string[] {
  try {
    return execFileSync("pgrep", ["-f", `DynamoDBLocal.jar.*${dir}`], { encoding: "utf8" })
      .trim()
      .split("\n");
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

const login = (url: string, email: string, password: string) =>
  fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });

describe("npm start (the local runner)", () => {
  // Two full starts and stops: each start keeps its own 60 s budget (in start()); the test as a whole gets
  // more room than the default, so a busy machine running other test files alongside does not fail it.
  it("serves API, web and demo data, stops cleanly, and keeps data across restarts", async () => {
    const first = await start();
    expect(first.output()).toContain("Demo data created");
    expect(first.output()).toContain("maya@demo.shopguide.dev");

    const page = await fetch(`${first.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const deepLink = await fetch(`${first.url}/account`);
    expect(await deepLink.text()).toContain('<div id="root">');

    expect((await login(first.url, "maya@demo.shopguide.dev", "shopguide-demo-2026")).status).toBe(200);
    const signup = await fetch(`${first.url}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: "kept@example.test",
        password: "survives restarts",
        handle: "kept_user",
        displayName: "Kept",
        role: "follower",
      }),
    });
    expect(signup.status).toBe(201);

    expect(javaProcessesFor(dataDir)).toHaveLength(1);
    expect(await stop(first)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);

    const second = await start();
    expect(second.output()).not.toContain("Demo data created");
    expect((await login(second.url, "kept@example.test", "survives restarts")).status).toBe(200);
    expect(await stop(second)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  }, 180_000);

  it("says how to install Java when there is none", () => {
    let output = "";
    let status: number | null = 0;
    try {
      execFileSync(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
        env: { ...inheritedEnv(), PATH: "/nonexistent" },
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      const failure = error as { status: number | null; stderr: string; stdout: string };
      status = failure.status;
      output = failure.stderr + failure.stdout;
    }
    expect(status).toBe(1);
    expect(output).toMatch(/Java 17/);
    expect(output).toMatch(/apt-get install -y openjdk-17-jre-headless/);
  });

  it("says which port is busy, and starts no DynamoDB Local, when PORT is taken", async () => {
    const busy = createServer();
    await new Promise<void>((listening) => busy.listen(0, listening));
    const port = (busy.address() as AddressInfo).port;
    const dataDir = mkdtempSync(join(tmpdir(), "shopguide-busy-"));
    let output = "";
    let status: number | null = 0;
    try {
      execFileSync(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
        env: { ...inheritedEnv(), PORT: String(port), SHOPGUIDE_DATA_DIR: dataDir },
        encoding: "utf8",
        stdio: "pipe",
        timeout: 60_000,
      });
    } catch (error) {
      const failure = error as { status: number | null; stderr: string; stdout: string };
      status = failure.status;
      output = failure.stderr + failure.stdout;
    } finally {
      busy.close();
    }
    expect(status).toBe(1);
    expect(output).toContain(`Port ${port} is already in use`);
    expect(javaProcessesFor(dataDir)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
