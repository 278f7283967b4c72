import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type HttpBindings, serve } from "@hono/node-server";
import { assertJava, startDynamoLocal } from "./dynamo-local";

/**
 * `npm start`: DynamoDB Local, the table, demo data on first run, the API and web on one port, the stream
 * poller and the scheduled jobs, all in this one process (plus DynamoDB Local's Java child).
 */
assertJava();

const port = Number(process.env.PORT ?? 3000);
const inMemory = process.env.SHOPGUIDE_IN_MEMORY === "1";
const dataDir = resolve(process.env.SHOPGUIDE_DATA_DIR ?? ".data");

// Take the port before anything else, so nothing started meanwhile can grab it and a busy port fails in a
// second with a clear message instead of after the whole start-up. Until the app is ready it answers 503.
let app: { fetch: (request: Request, env: HttpBindings) => Response | Promise<Response> } | undefined;
const starting = () =>
  Response.json(
    { error: { code: "starting", message: "shopguide is starting; try again in a moment" } },
    { status: 503, headers: { "retry-after": "1" } },
  );
const server = serve({
  fetch: (request, env) => (app ? app.fetch(request, env as HttpBindings) : starting()),
  port,
});
await new Promise<void>((listening, failed) => {
  server.once("listening", listening);
  server.once("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") return failed(error);
    console.error(
      `Port ${port} is already in use. Stop what uses it, or start on another: PORT=3001 npm start`,
    );
    process.exit(1);
  });
});

const dynamoLocal = await startDynamoLocal(inMemory ? {} : { dataDir });

// The environment is the configuration; set it before anything reads it.
process.env.SHOPGUIDE_DYNAMO_ENDPOINT = dynamoLocal.endpoint;
process.env.SHOPGUIDE_TABLE ??= "shopguide-local";
process.env.SHOPGUIDE_PUBLIC_URL ??= `http://localhost:${port}`;
process.env.SHOPGUIDE_DEV_CLOCK ??= "1";
// The key that encrypts brands' signing secrets: generated once per checkout and kept out of git.
if (!process.env.SHOPGUIDE_SECRETS_KEY) {
  const keyFile = resolve(".shopguide-local-key");
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  process.env.SHOPGUIDE_SECRETS_KEY = readFileSync(keyFile, "utf8").trim();
}
process.env.SHOPGUIDE_WEB_ORIGINS ??= `http://localhost:${port},http://127.0.0.1:${port},http://localhost:5173`;

const { config } = await import("@shopguide/core/config");
const { createRawClient, ensureTable } = await import("@shopguide/core/dynamo");
const { handler: streamHandler } = await import("../stream");
const { StreamPoller } = await import("./stream-poller");
const { startScheduler } = await import("./scheduler");
const { createLocalApp } = await import("./server");
const { seed, DEMO_PASSWORD } = await import("./seed");

const client = createRawClient();
const created = (await ensureTable(client, config().tableName)) === "created";
client.destroy();

const poller = new StreamPoller({ tableName: config().tableName, handler: streamHandler, start: "LATEST" });
await poller.pollOnce();
poller.start();
const stopScheduler = startScheduler();

if (created) {
  const accounts = await seed();
  console.log("\nDemo data created. Sign in with any of these (password: %s):", DEMO_PASSWORD);
  for (const account of accounts) console.log(`  ${account.role.padEnd(8)} ${account.email}`);
}

app = createLocalApp(resolve("web/dist"));
console.log(`\nshopguide is running at http://localhost:${port}`);
console.log(`  API:       http://localhost:${port}/api  (docs at /api/docs)`);
console.log(`  DynamoDB:  ${dynamoLocal.endpoint} (${inMemory ? "in memory" : `data in ${dataDir}`})`);
if (!created) console.log(`  Demo logins: password ${DEMO_PASSWORD}, e.g. maya@demo.shopguide.dev`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: shutting down`);
  server.close();
  await stopScheduler();
  await poller.stop();
  await dynamoLocal.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
