import "./quiet";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join, resolve } from "node:path";
import { type HttpBindings, serve } from "@hono/node-server";
import { webBuildIsCurrent } from "../../../../web/build-stamp";
import { assertJava, startDynamoLocal } from "./dynamo-local";
import { startMailCatcher } from "./mail-catcher";
import { startS3Local } from "./s3-local";

/**
 * `npm start`: DynamoDB Local, the table, demo data on first run, the API and web on one port, the stream
 * poller and the scheduled jobs, all in this one process (plus DynamoDB Local's Java child). It builds the
 * web app first when its sources changed since the last build, while DynamoDB Local starts. SIGTERM or
 * SIGINT to this process stops all of it, and so does its parent going away.
 */
assertJava();

const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise: the demo accounts' password is in the README.
const host = process.env.HOST ?? "127.0.0.1";
const inMemory = process.env.SHOPGUIDE_IN_MEMORY === "1";
const dataDir = resolve(process.env.SHOPGUIDE_DATA_DIR ?? ".data");
const buildWeb = process.env.SHOPGUIDE_BUILD_WEB !== "0";

function isLoopback(address: string): boolean {
  if (address === "localhost") return true;
  if (isIP(address) === 4) return address.startsWith("127.");
  return address === "::1" || address.startsWith("::ffff:127.");
}

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
  hostname: host,
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
if (!isLoopback(host)) {
  console.warn(
    [
      `WARNING: HOST=${host}: shopguide listens beyond this machine. Anyone who can reach port ${port} can`,
      "use it, including the demo accounts (their password is in the README) and the demo admin. Use it",
      "only on a network you trust. DynamoDB Local still listens on 127.0.0.1 only.",
    ].join("\n"),
  );
}

// Stop everything on SIGTERM/SIGINT, or when the parent that started us (npm, a shell, a test) is gone:
// npm forwards signals to its script's shell, which may not pass them on.
let stopping = false;
let stopParts: () => Promise<void> = async () => {};
async function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${reason}: shutting down`);
  server.close();
  await stopParts();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown("parent process exited");
}, 500).unref();

// The web build (when its inputs changed) and DynamoDB Local start side by side.
const webDist = resolve("web/dist");
const webBuilt = (async () => {
  if (!buildWeb || webBuildIsCurrent(resolve("web"))) return;
  console.log("Building the web app (its sources changed since the last build)...");
  const { build } = await import("vite");
  await build({ configFile: resolve("web/vite.config.ts"), logLevel: "warn" });
})();
const dynamoLocalStarted = startDynamoLocal(inMemory ? {} : { dataDir });
// The media bucket's objects live beside the table's data (or in a temporary directory, in memory).
const s3LocalStarted = startS3Local(inMemory ? {} : { directory: join(dataDir, "s3") });
let dynamoLocal: Awaited<typeof dynamoLocalStarted>;
let s3Local: Awaited<typeof s3LocalStarted>;
try {
  [dynamoLocal, s3Local] = await Promise.all([dynamoLocalStarted, s3LocalStarted, webBuilt]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await dynamoLocalStarted.then((started) => started.stop()).catch(() => {});
  await s3LocalStarted.then((started) => started.stop()).catch(() => {});
  process.exit(1);
}
stopParts = async () => {
  await Promise.all([dynamoLocal.stop(), s3Local.stop()]);
};
if (!dynamoLocal.loopbackOnly) {
  console.warn(
    "WARNING: this Java has no compiler module (jdk.compiler), so DynamoDB Local listens on every interface.\n" +
      "Install a full JDK 17 (e.g. openjdk-17-jdk-headless) to keep it on 127.0.0.1.",
  );
}

// The SMTP catcher every mail goes to (Mail.send over SMTP), listed at GET /api/dev/mail and /dev/mail.
const mailCatcher = await startMailCatcher(async (mail) => {
  const { MailStore } = await import("@shopguide/core/mail");
  await MailStore.recordCaught(mail);
});
stopParts = async () => {
  await mailCatcher.stop();
  await dynamoLocal.stop();
};

// The environment is the configuration; set it before anything reads it.
process.env.SHOPGUIDE_SMTP_URL ??= mailCatcher.url;
process.env.SHOPGUIDE_DYNAMO_ENDPOINT = dynamoLocal.endpoint;
process.env.SHOPGUIDE_S3_ENDPOINT = s3Local.endpoint;
process.env.SHOPGUIDE_MEDIA_BUCKET ??= "shopguide-local-media";
process.env.SHOPGUIDE_TABLE ??= "shopguide-local";
process.env.SHOPGUIDE_PUBLIC_URL ??= `http://localhost:${port}`;
process.env.SHOPGUIDE_DEV_CLOCK ??= "1";
// The key that encrypts brands' signing secrets: generated once per checkout and kept out of git.
if (!process.env.SHOPGUIDE_SECRETS_KEY) {
  const keyFile = resolve(".shopguide-local-key");
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  process.env.SHOPGUIDE_SECRETS_KEY = readFileSync(keyFile, "utf8").trim();
}
// This server's own origins; `npm run dev` adds Vite's.
process.env.SHOPGUIDE_WEB_ORIGINS ??= `http://localhost:${port},http://127.0.0.1:${port}`;

const { config } = await import("@shopguide/core/config");
const { createRawClient, ensureTable } = await import("@shopguide/core/dynamo");
const { handler: streamHandler } = await import("../stream");
const { StreamPoller } = await import("./stream-poller");
const { fileCheckpoint } = await import("./stream-checkpoint");
const { startScheduler } = await import("./scheduler");
const { createLocalApp } = await import("./server");
const { seed, DEMO_PASSWORD } = await import("./seed");

const client = createRawClient();
const created = (await ensureTable(client, config().tableName)) === "created";
client.destroy();
const { ensureLocalBucket } = await import("@shopguide/core/image/bucket");
await ensureLocalBucket(config().webOrigins);

// Resume the stream where the last run stopped (crash included); a new table's stream is read whole.
const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: created ? "TRIM_HORIZON" : "LATEST",
  ...(inMemory ? {} : { checkpoint: fileCheckpoint(join(dataDir, "stream-checkpoint.json")) }),
});
await poller.pollOnce();
stopParts = async () => {
  await poller.stop();
  await mailCatcher.stop();
  await dynamoLocal.stop();
};

if (created) {
  // The poller's loop starts after seeding, so the seed can drain the stream (trending heat) on its own.
  const accounts = await seed({ settle: () => poller.drain() });
  console.log("\nDemo data created. Sign in with any of these (password: %s):", DEMO_PASSWORD);
  for (const account of accounts) console.log(`  ${account.role.padEnd(8)} ${account.email}`);
}
poller.start();
// A table from before search existed: index what it holds, once (the stream resumes past those writes).
// A new table's stream is read whole, so it needs none.
const backfilled = join(dataDir, "search-backfilled");
if (created && !inMemory) writeFileSync(backfilled, "new table: indexed from its stream\n");
else if (!inMemory && !existsSync(backfilled)) {
  const { Search } = await import("@shopguide/core/search");
  void Search.backfill()
    .then((report) => {
      writeFileSync(backfilled, `${JSON.stringify(report)}\n`);
      console.log("Search index backfilled: %j", report);
    })
    .catch((error: unknown) => console.error("Search backfill failed (run npm run search:backfill):", error));
}
const stopScheduler = startScheduler();
stopParts = async () => {
  await stopScheduler();
  await poller.stop();
  await Promise.all([dynamoLocal.stop(), s3Local.stop()]);
};

app = createLocalApp(webDist);
const shown = isLoopback(host) ? "localhost" : host;
console.log(`\nshopguide is running at http://${shown}:${port} (listening on ${host})`);
console.log(`  API:       http://${shown}:${port}/api  (docs at /api/docs)`);
console.log(`  Mail:      ${mailCatcher.url} (caught mail at http://${shown}:${port}/dev/mail)`);
console.log(`  DynamoDB:  ${dynamoLocal.endpoint} (${inMemory ? "in memory" : `data in ${dataDir}`})`);
console.log(`  S3:        ${s3Local.endpoint} (bucket ${config().mediaBucket})`);
console.log("  Stop:      Ctrl-C, or kill <pid of npm start>");
if (!created) console.log(`  Demo logins: password ${DEMO_PASSWORD}, e.g. maya@demo.shopguide.dev`);
