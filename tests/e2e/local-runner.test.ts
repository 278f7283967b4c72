import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../packages/functions/src/local/dynamo-local";
import { signApi } from "../fixtures/commerce";

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

/**
 * The runner as a real process, without a web build (the test run has built it already): its entry point
 * run directly, or `npm start` itself (`via: "npm"`), whose pid is then npm's.
 */
async function start(
  env: Record<string, string> = {},
  options: { via?: "node" | "npm"; dir?: string } = {},
): Promise<Runner> {
  const port = await freePort();
  const command =
    options.via === "npm"
      ? ["npm", ["start"]]
      : [process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"]];
  const child = spawn(command[0] as string, command[1] as string[], {
    env: {
      ...inheritedEnv(),
      PORT: String(port),
      SHOPGUIDE_DATA_DIR: options.dir ?? dataDir,
      SHOPGUIDE_BUILD_WEB: "0",
      ...env,
    },
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
  // The README's promise is healthy within 60 s on a developer machine; this suite shares two cores with
  // everything else it runs, so it allows twice that (the first start's time is in the report).
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runner exited early:\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`runner not healthy within 120 s:\n${output}`);
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

/** The runner and DynamoDB Local pids recorded in a data directory. */
function owners(dir: string): { runner: number; java: number } {
  return JSON.parse(readFileSync(join(dir, "dynamodb-local.pid"), "utf8"));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Whether anything answers TCP on host:port. */
const answers = (host: string, port: number) =>
  fetch(`http://${host.includes(":") ? `[${host}]` : host}:${port}/`, {
    signal: AbortSignal.timeout(3_000),
  }).then(
    () => true,
    () => false,
  );

const bearer = async (url: string, email: string) => {
  const body = (await (await login(url, email, "shopguide-demo-2026")).json()) as { token: string };
  return { authorization: `Bearer ${body.token}`, "content-type": "application/json" };
};

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
  }, 300_000);

  // The issue's crash: acknowledged clicks stored but never counted, the Java child left running, and a
  // second DynamoDB Local on the same files after the restart. Then, on the restarted runner (`npm start`
  // itself): loopback only, the dev clock for admins only, statements within 60 s of a jump past a period
  // end, and a SIGTERM to npm's own pid stops everything.
  it("after kill -9 mid-stream and a restart, counts every acknowledged click once; npm start stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shopguide-crash-"));
    try {
      const first = await start({}, { dir });
      const { runner, java } = owners(dir);
      expect(runner).toBe(first.child.pid);
      const maya = await bearer(first.url, "maya@demo.shopguide.dev");
      const made = await fetch(`${first.url}/api/v1/links`, {
        method: "POST",
        headers: maya,
        body: JSON.stringify({ url: "https://shop.example/crash-test" }),
      });
      expect(made.status).toBe(201);
      const { code } = (await made.json()) as { code: string };

      // A burst, every click acknowledged (302), then kill -9 at once: the stream has not caught up yet.
      const clicks = 60;
      const answered = await Promise.all(
        Array.from({ length: clicks }, () =>
          fetch(`${first.url}/r/${code}`, { redirect: "manual" }).then((response) => response.status),
        ),
      );
      expect(answered.filter((status) => status === 302)).toHaveLength(clicks);
      first.child.kill("SIGKILL");
      await waitFor("the Java child dies with the runner", () => !alive(java), 10_000);
      expect(javaProcessesFor(dir)).toEqual([]);

      const second = await start({}, { dir, via: "npm" });
      expect(javaProcessesFor(dir)).toHaveLength(1);
      const mayaAgain = await bearer(second.url, "maya@demo.shopguide.dev");
      const counted = async () => {
        const stats = await fetch(`${second.url}/api/v1/links/${code}/stats`, { headers: mayaAgain });
        expect(stats.status).toBe(200);
        const { totals } = (await stats.json()) as {
          totals: { humanClicks: number; duplicateClicks: number; botClicks: number };
        };
        return totals.humanClicks + totals.duplicateClicks + totals.botClicks;
      };
      await waitFor("every acknowledged click counted", async () => (await counted()) >= clicks, 30_000);
      // Redelivered records (handled before the crash, after the last saved checkpoint) count nothing twice.
      await new Promise((done) => setTimeout(done, 2_000));
      expect(await counted()).toBe(clicks);

      // Loopback only: neither the server nor DynamoDB Local answers on this machine's other addresses.
      const dynamoPort = Number(/DynamoDB:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(second.output())?.[1]);
      const port = Number(new URL(second.url).port);
      const external = Object.values(networkInterfaces())
        .flat()
        .filter((address) => address && !address.internal && address.family === "IPv4")
        .map((address) => address?.address as string);
      for (const address of external) {
        expect(await answers(address, port), `${address}:${port}`).toBe(false);
        expect(await answers(address, dynamoPort), `${address}:${dynamoPort}`).toBe(false);
      }
      expect(await answers("127.0.0.1", dynamoPort)).toBe(true);

      // Vite's dev origin is trusted for signed-in writes only under `npm run dev`, not here.
      const session = (await bearer(second.url, "maya@demo.shopguide.dev")).authorization.slice(
        "Bearer ".length,
      );
      const cookieWrite = (origin: string) =>
        fetch(`${second.url}/api/v1/links`, {
          method: "POST",
          headers: { cookie: `sg_session=${session}`, origin, "content-type": "application/json" },
          body: JSON.stringify({ url: "https://shop.example/crash-test" }),
        });
      expect((await cookieWrite("http://localhost:5173")).status).toBe(403);
      expect((await cookieWrite(`http://localhost:${port}`)).status).toBe(200);

      // The dev clock: not for a creator; the demo admin moves it 70 days, past the seeded order's 30-day
      // hold and the end of the monthly period it ends in. Holds release and the statement closes at once.
      const jump = { method: "POST", body: JSON.stringify({ advanceSeconds: 70 * 86_400 }) };
      const refused = await fetch(`${second.url}/api/dev/clock`, { ...jump, headers: maya });
      expect(refused.status).toBe(403);
      let theo = await bearer(second.url, "theo@demo.shopguide.dev");
      const statements = async () => {
        const listed = await fetch(`${second.url}/api/v1/me/statements`, { headers: theo });
        expect(listed.status).toBe(200);
        return ((await listed.json()) as { items: unknown[] }).items.length;
      };
      expect(await statements()).toBe(0);

      // 149 more of Theo's orders through the signed conversion API: with the seeded one, 150 commissions
      // from one brand in one period, which must close onto one statement of 150 lines (issue 13).
      const northwind = await bearer(second.url, "team@demo.northwind.dev");
      const [brand] = (
        (await (await fetch(`${second.url}/api/v1/brands`, { headers: northwind })).json()) as {
          items: { id: string }[];
        }
      ).items;
      const minted = await fetch(`${second.url}/api/v1/brands/${brand?.id}/secrets`, {
        method: "POST",
        headers: northwind,
        body: JSON.stringify({ kind: "api" }),
      });
      expect(minted.status).toBe(201);
      const { secret } = (await minted.json()) as { secret: string };
      for (let order = 1; order <= 149; order++) {
        const body = JSON.stringify({
          orderId: `NW-LOAD-${order}`,
          couponCode: "THEO10",
          amount: 1_000 + order,
          currency: "USD",
          occurredAt: new Date().toISOString(),
        });
        const recorded = await fetch(`${second.url}/api/v1/brands/${brand?.id}/conversions`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "shopguide-signature": signApi(secret, body, Math.floor(Date.now() / 1000)),
          },
          body,
        });
        expect(recorded.status).toBe(201);
      }
      const admin = await bearer(second.url, "admin@demo.shopguide.dev");
      expect((await fetch(`${second.url}/api/dev/clock`, { ...jump, headers: admin })).status).toBe(200);
      const jumped = Date.now();
      theo = await bearer(second.url, "theo@demo.shopguide.dev"); // a 70-day jump outlives any session
      await waitFor("a statement after the jump", async () => (await statements()) > 0, 60_000);
      expect(Date.now() - jumped).toBeLessThan(60_000);
      const listed = (await (
        await fetch(`${second.url}/api/v1/me/statements`, { headers: theo })
      ).json()) as {
        items: { id: string }[];
      };
      expect(listed.items).toHaveLength(1);
      const statementId = listed.items[0]?.id;
      const opened = (await (
        await fetch(`${second.url}/api/v1/statements/${statementId}`, { headers: theo })
      ).json()) as {
        lines: unknown[];
        linesCursor?: string;
      };
      let lines = opened.lines.length;
      for (let cursor = opened.linesCursor; cursor; ) {
        const page = (await (
          await fetch(
            `${second.url}/api/v1/statements/${statementId}/lines?cursor=${encodeURIComponent(cursor)}`,
            {
              headers: theo,
            },
          )
        ).json()) as { items: unknown[]; nextCursor?: string };
        lines += page.items.length;
        cursor = page.nextCursor;
      }
      expect(lines).toBe(150);

      // SIGTERM to npm's own pid (not its process group) stops npm, node and Java.
      const { runner: restarted, java: restartedJava } = owners(dir);
      expect(restarted).not.toBe(second.child.pid); // npm's pid; the runner is its child
      expect(await stop(second)).toBe(0);
      await waitFor("the runner exits", () => !alive(restarted), 10_000);
      await waitFor("DynamoDB Local exits", () => !alive(restartedJava), 10_000);
      expect(await answers("127.0.0.1", port)).toBe(false);
      expect(javaProcessesFor(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

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
