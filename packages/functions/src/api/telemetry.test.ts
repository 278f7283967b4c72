import { resolve } from "node:path";
import { Telemetry } from "@shopguide/core/telemetry";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../../../../tests/fixtures/accounts";
import { createLocalApp } from "../local/server";
import { ORIGIN_SECRET_HEADER, passesOrigin } from "../origin-secret";
import { app } from "./app";
import type { AppEnv } from "./env";
import { originSecret } from "./middleware/origin-secret";

type Line = Record<string, unknown>;

/** Runs `work` and returns the JSON lines it wrote to stdout (where Powertools writes, as in Lambda). */
async function stdoutLines(work: () => Promise<unknown>): Promise<Line[]> {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await work();
  } finally {
    process.stdout.write = write;
  }
  return written
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Line);
}

let creator: TestAccount;

beforeAll(async () => {
  creator = await signUp("creator");
  // The suite runs quiet (vitest.config.ts); this file looks at the lines themselves.
  Telemetry.setLogLevel("INFO");
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
});

describe("request log", () => {
  it("writes one line per request with the request id the response carries and the signed-in user", async () => {
    let response: Response | undefined;
    const lines = await stdoutLines(async () => {
      response = await app.request("/api/v1/me", {
        headers: { ...creator.auth, "x-forwarded-for": "203.0.113.77", cookie: "sg_session=secret-cookie" },
      });
    });
    expect(response?.status).toBe(200);
    const requestLines = lines.filter((line) => line.message === "request");
    expect(requestLines).toHaveLength(1);
    const [line] = requestLines;
    expect(line).toMatchObject({
      level: "INFO",
      service: "shopguide",
      method: "GET",
      route: "/api/v1/me",
      status: 200,
      requestId: response?.headers.get("x-request-id"),
      userId: creator.id,
    });
    expect(typeof line?.latencyMs).toBe("number");
    // Never secrets or addresses.
    const text = JSON.stringify(line);
    expect(text).not.toContain(creator.token);
    expect(text).not.toContain("secret-cookie");
    expect(text).not.toContain("203.0.113.77");
  });

  it("names the API route that answered under the local server too, not the web app's fallback", async () => {
    const local = createLocalApp(resolve("web/dist"));
    let response: Response | undefined;
    const lines = await stdoutLines(async () => {
      response = await local.request("/api/v1/me/guides", { headers: creator.auth });
    });
    expect(response?.status).toBe(200);
    expect(lines.filter((line) => line.message === "request")).toEqual([
      expect.objectContaining({
        route: "/api/v1/me/guides",
        requestId: response?.headers.get("x-request-id"),
      }),
    ]);
  });

  it("logs the route pattern, not the path, and no user when anonymous; a conversion door adds an EMF metric", async () => {
    let response = new Response();
    const lines = await stdoutLines(async () => {
      response = await app.request("/api/v1/brands/brd_unknown123/conversions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ orderId: "o-1", amount: 100, currency: "EUR" }),
      });
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const code = ((await response.json()) as { error: { code: string } }).error.code;
    const [line, ...more] = lines.filter((candidate) => candidate.message === "request");
    expect(more).toHaveLength(0);
    expect(line).toMatchObject({
      method: "POST",
      route: "/api/v1/brands/:brandId/conversions",
      status: response?.status,
      requestId: response?.headers.get("x-request-id"),
    });
    expect(line).not.toHaveProperty("userId");
    const emf = lines.find((candidate) => candidate._aws !== undefined);
    expect(emf).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "shopguide",
            Dimensions: [expect.arrayContaining(["service", "door", "outcome"])],
            Metrics: [{ Name: "Conversions", Unit: "Count" }],
          },
        ],
      },
      service: "shopguide",
      door: "api",
      outcome: code,
      Conversions: 1,
    });
  });
});

describe("origin secret", () => {
  const SECRET = "s".repeat(48);
  const guarded = new Hono<AppEnv>().use(originSecret(() => SECRET)).get("/", (c) => c.text("ok"));
  const open = new Hono<AppEnv>().use(originSecret(() => undefined)).get("/", (c) => c.text("ok"));

  it.each([
    ["no header", {}, 403],
    ["a wrong value", { [ORIGIN_SECRET_HEADER]: "t".repeat(48) }, 403],
    ["a prefix of it", { [ORIGIN_SECRET_HEADER]: SECRET.slice(0, 47) }, 403],
    ["the secret", { [ORIGIN_SECRET_HEADER]: SECRET }, 200],
  ])("with %s answers %i when a secret is configured", async (_, headers, status) => {
    const response = await guarded.request("/", { headers });
    expect(response.status).toBe(status);
    if (status === 403) expect(await response.json()).toMatchObject({ error: { code: "origin_forbidden" } });
  });

  it("lets everything through when none is configured (local)", async () => {
    expect((await open.request("/")).status).toBe(200);
    expect(passesOrigin(undefined, undefined)).toBe(true);
    expect(passesOrigin(SECRET, undefined)).toBe(false);
  });
});
