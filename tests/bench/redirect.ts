import { spawnSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { build, type Metafile } from "esbuild";
import { startDynamoLocal } from "../../packages/functions/src/local/dynamo-local";

/** Bundle size and cold import, measured before DynamoDB Local starts so its JVM does not skew them. */
async function measureBundle(): Promise<void> {
  const outDir = resolve("node_modules/.cache/shopguide-bench");
  mkdirSync(outDir, { recursive: true });
  const entry = resolve("packages/functions/src/redirect.ts");
  const emptyEntry = join(outDir, "empty-handler.mjs");
  writeFileSync(emptyEntry, "export const handler = async () => ({ statusCode: 204 });\n");
  // What any DynamoDB-backed handler pays before its own code: the SDK v3 document client, constructed.
  const sdkEntry = join(outDir, "sdk-only-handler.mjs");
  writeFileSync(
    sdkEntry,
    [
      'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";',
      'import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";',
      'const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));',
      "export const handler = async () => ({ statusCode: 204, client, commands: [GetCommand, PutCommand] });",
    ].join("\n"),
  );
  const sdkOnly = await bundle(sdkEntry, join(outDir, "sdk-only.mjs"), []);
  const redirect = await bundle(entry, join(outDir, "redirect.bundled.mjs"), []);
  const empty = await bundle(emptyEntry, join(outDir, "empty.mjs"), []);
  const heavy = Object.keys(redirect.meta.inputs).filter((path) =>
    /@aws-sdk|@smithy|\/zod\/|zod-openapi|\/hono\/|api\/app/.test(path),
  );
  console.log(
    "\nredirect Lambda bundle (esbuild, minified, ESM, self-contained: nothing left to node_modules)",
  );
  console.log(`  ${(redirect.bytes / 1024).toFixed(1)} KB (target <= 300 KB)`);
  console.log(`    ${topInputs(redirect.meta)}`);
  console.log(`  empty handler bundle: ${empty.bytes} bytes`);
  console.log(
    `  pulls in the AWS SDK, zod, Hono or the API app: ${heavy.length ? heavy.slice(0, 5).join(", ") : "no"}`,
  );
  const emptyMs = coldImportMs(join(outDir, "empty.mjs"));
  const redirectMs = coldImportMs(join(outDir, "redirect.bundled.mjs"));
  const sdkOnlyMs = coldImportMs(join(outDir, "sdk-only.mjs"));
  console.log("cold import (median of 15 fresh node processes)");
  console.log(`  empty handler:                ${emptyMs.toFixed(1)} ms`);
  console.log(
    `  redirect:                     ${redirectMs.toFixed(1)} ms (${(redirectMs / emptyMs).toFixed(2)}x; target <= 2x)`,
  );
  console.log(
    `  for scale, the SDK document client alone (${(sdkOnly.bytes / 1024).toFixed(0)} KB): ${sdkOnlyMs.toFixed(1)} ms (${(sdkOnlyMs / emptyMs).toFixed(2)}x)`,
  );
}

/**
 * The redirect hot path against its two bounds, alternated round by round so drift (JIT warm-up, DynamoDB
 * Local's JVM, the other core) hits all three alike:
 * - ours: the local server's /r/{code} with the real recorder (group-committed BatchWrite) on DynamoDB Local;
 * - bare: node:http answering the same 302 from an in-memory Map (the ceiling of any Node redirect);
 * - raw writes: node:http whose every request PutItems the same click item with the SDK (DynamoDB Local's
 *   write ceiling for one durable write per click, as the Lambda does it).
 * Then the redirect Lambda bundle's size and its cold import time against an empty handler's.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: {
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    },
  });
  const wrong = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => status !== "302")
    .reduce((sum, [, stat]) => sum + stat.count, 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + wrong,
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((ready) =>
    server.listen(0, "127.0.0.1", () => ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function bundle(
  entry: string,
  outfile: string,
  external: string[],
): Promise<{ bytes: number; meta: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external,
    metafile: true,
    logLevel: "error",
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
  });
  return { bytes: statSync(outfile).size, meta: result.metafile };
}

/** Median wall time of `import()` of a file in a fresh Node process, over several processes. */
function coldImportMs(file: string, runs = 15): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    if (child.status !== 0) throw new Error(`import of ${file} failed: ${child.stderr}`);
    times.push(Number(child.stdout));
  }
  return median(times);
}

function topInputs(meta: Metafile, count = 6): string {
  const output = Object.values(meta.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const name = path.includes("node_modules/")
      ? (path.split("node_modules/").at(-1) ?? path)
          .split("/")
          .slice(0, path.includes("node_modules/@") ? 2 : 1)
          .join("/")
      : "shopguide";
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`)
    .join(", ");
}

export async function run(): Promise<void> {
  await measureBundle();
  console.log("");
  const dynamoLocal = await startDynamoLocal();
  const stopOnSignal = () => void dynamoLocal.stop().then(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  const servers: Server[] = [];
  try {
    process.env.SHOPGUIDE_DYNAMO_ENDPOINT = dynamoLocal.endpoint;
    process.env.SHOPGUIDE_TABLE = "bench-redirect";
    process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
    const { createRawClient, ensureTable } = await import("@shopguide/core/dynamo");
    const { config } = await import("@shopguide/core/config");
    const { Link } = await import("@shopguide/core/link");
    const { Click } = await import("@shopguide/core/click");
    const { createId } = await import("@shopguide/core/util/id");
    const { createLocalApp } = await import("../../packages/functions/src/local/server");
    const raw = createRawClient();
    await ensureTable(raw, config().tableName);
    raw.destroy();

    const { link } = await Link.ensure({
      creatorId: "usr_bench",
      url: "https://shop.example/p/42?color=red#buy",
    });

    const ours = serve({ fetch: createLocalApp(resolve("web/dist")).fetch, port: 0, hostname: "127.0.0.1" });
    servers.push(ours as Server);
    await new Promise((ready) => ours.once("listening", ready));
    const oursUrl = `http://127.0.0.1:${(ours.address() as AddressInfo).port}/r/${link.code}`;

    const destinations = new Map([[link.code, link.url]]);
    const bare = createServer((request, response) => {
      const url = destinations.get((request.url ?? "").slice(3));
      if (!url) return response.writeHead(404).end();
      response.writeHead(302, { location: Click.buildLocation(url, undefined, createId("clk")) }).end();
    });
    servers.push(bare);
    const bareUrl = `${await listen(bare)}/r/${link.code}`;

    const template = await (async () => {
      let stored: import("@shopguide/core/click").Click.Info | undefined;
      await Click.visit(
        {
          code: link.code,
          method: "GET",
          ip: "203.0.113.1",
          userAgent: "bench",
          referer: undefined,
          country: "DE",
        },
        async (click) => {
          stored = click;
        },
      );
      if (!stored) throw new Error("no click template");
      return stored;
    })();
    const writes = createServer((_request, response) => {
      Click.recordNow({ ...template, id: createId("clk"), at: new Date().toISOString() }).then(
        () => response.writeHead(302, { location: link.url }).end(),
        () => response.writeHead(500).end(),
      );
    });
    servers.push(writes);
    const writesUrl = `${await listen(writes)}/r/${link.code}`;

    console.log(
      `redirect benchmark: ${ROUNDS} rounds x ${SECONDS} s per target, ${CONNECTIONS} connections, DynamoDB Local in memory`,
    );
    // Warm-up: JIT, connection pools, DynamoDB Local's JVM.
    for (const url of [oursUrl, bareUrl, writesUrl]) await autocannon({ url, connections: 10, duration: 2 });

    const rounds: Record<"ours" | "bare" | "writes", Figures[]> = { ours: [], bare: [], writes: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      rounds.ours.push(await load(oursUrl));
      rounds.bare.push(await load(bareUrl));
      rounds.writes.push(await load(writesUrl));
      const line = (name: "ours" | "bare" | "writes") => {
        const figures = rounds[name].at(-1) as Figures;
        return `${name} ${figures.rps.toFixed(0)} req/s p50 ${figures.p50} ms p99 ${figures.p99} ms${figures.errors ? ` (${figures.errors} errors)` : ""}`;
      };
      console.log(`round ${round}: ${line("ours")} | ${line("bare")} | ${line("writes")}`);
    }

    const summary = (name: "ours" | "bare" | "writes") => ({
      rps: median(rounds[name].map((figures) => figures.rps)),
      p50: median(rounds[name].map((figures) => figures.p50)),
      p99: median(rounds[name].map((figures) => figures.p99)),
      errors: rounds[name].reduce((sum, figures) => sum + figures.errors, 0),
    });
    const [o, b, w] = [summary("ours"), summary("bare"), summary("writes")];
    console.log("\nmedians over rounds");
    console.log("target                              req/s     p50 ms   p99 ms  errors");
    for (const [label, figures] of [
      ["redirect + durable click (ours)", o],
      ["bare node:http 302 from a Map", b],
      ["raw SDK PutItem per request", w],
    ] as const) {
      console.log(
        `${label.padEnd(34)} ${figures.rps.toFixed(0).padStart(7)} ${String(figures.p50).padStart(9)} ${String(figures.p99).padStart(8)} ${String(figures.errors).padStart(7)}`,
      );
    }
    console.log(`ours / raw write ceiling: ${(o.rps / w.rps).toFixed(2)}x (target >= 0.8x)`);
    console.log(`ours / bare redirect:     ${(o.rps / b.rps).toFixed(2)}x`);
    console.log(`ours p99 at ${CONNECTIONS} connections: ${o.p99} ms (target <= 50 ms)`);
  } finally {
    for (const server of servers) {
      server.closeAllConnections?.();
      await new Promise((done) => server.close(() => done(undefined)));
    }
    await dynamoLocal.stop();
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
  }
}
