import { readFile, rename, writeFile } from "node:fs/promises";

/**
 * Where the local stream poller keeps how far it got: per shard, the sequence number of the last record it
 * handled completely. Lambda's event source mapping keeps this for the cloud; the local runner keeps it in
 * a file in its data directory, so a restart (after a crash too) resumes where the last run stopped instead
 * of at the newest record. Redelivery after a crash is possible (a batch handled but not yet saved); every
 * stream consumer is idempotent, so that costs nothing.
 */
export interface StreamCheckpoint {
  /** The saved positions for this stream, or undefined when none was ever saved (a brand-new data dir). */
  load(streamArn: string): Promise<Map<string, string> | undefined>;
  /** Replaces the saved positions; never leaves a half-written checkpoint behind. */
  save(streamArn: string, positions: Map<string, string>): Promise<void>;
}

interface Saved {
  streamArn: string;
  shards: Record<string, string>;
}

/** A checkpoint in one JSON file, replaced atomically (write a temporary file, then rename over). */
export function fileCheckpoint(file: string): StreamCheckpoint {
  return {
    async load(streamArn) {
      let saved: Saved;
      try {
        saved = JSON.parse(await readFile(file, "utf8")) as Saved;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw new Error(`Unreadable stream checkpoint ${file}; delete it to start over`, { cause: error });
      }
      // Another stream (the table was recreated): nothing of it was handled, read it all.
      if (saved.streamArn !== streamArn) return new Map();
      return new Map(Object.entries(saved.shards));
    },
    async save(streamArn, positions) {
      const saved: Saved = { streamArn, shards: Object.fromEntries(positions) };
      await writeFile(`${file}.tmp`, JSON.stringify(saved));
      await rename(`${file}.tmp`, file);
    },
  };
}
