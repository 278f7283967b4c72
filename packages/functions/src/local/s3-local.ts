import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** s3rver ships no types; this is the part of it used here. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverClass;

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * An S3-compatible server (s3rver) on 127.0.0.1 and a free port, so the application's own S3 client code,
 * presigned POSTs included, runs locally and in tests. Its objects live in `directory` (a fresh temporary
 * directory, removed on stop, unless one is given to keep them across runs).
 */
export async function startS3Local(options: { directory?: string } = {}): Promise<S3Local> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), "shopguide-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory,
    silent: true,
    vhostBuckets: false,
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      if (!options.directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}
