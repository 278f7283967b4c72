import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { config } from "@shopguide/core/config";
import { User } from "@shopguide/core/user";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { fileCheckpoint } from "./stream-checkpoint";
import { StreamPoller } from "./stream-poller";

const newUser = (handle: string) =>
  User.create({
    email: `${handle}@example.test`,
    password: "long enough password",
    handle,
    displayName: handle,
    role: "follower",
  });

function handlesIn(event: DynamoDBStreamEvent): string[] {
  return event.Records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (!image) return [];
    const item = unmarshall(image as never);
    return item.type === "user" ? [String(item.handle)] : [];
  });
}

describe("stream poller", () => {
  it("delivers every write, in order, to the handler", async () => {
    for (const handle of ["ada", "grace", "linus"]) await newUser(handle);
    const seen: string[] = [];
    const poller = new StreamPoller({
      tableName: config().tableName,
      start: "TRIM_HORIZON",
      handler: async (event) => {
        seen.push(...handlesIn(event));
        return { batchItemFailures: [] };
      },
    });
    await poller.drain();
    await poller.stop();
    expect(seen).toEqual(["ada", "grace", "linus"]);
  });

  it("redelivers from the first failed record, as Lambda does with partial batch failures", async () => {
    for (const handle of ["alpha", "bravo", "charlie"]) await newUser(handle);
    const seen: string[] = [];
    let failedOnce = false;
    const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      for (const record of event.Records) {
        const [handle] = handlesIn({ Records: [record] });
        if (handle === "bravo" && !failedOnce) {
          failedOnce = true;
          return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }] };
        }
        if (handle && ["alpha", "bravo", "charlie"].includes(handle)) seen.push(handle);
      }
      return { batchItemFailures: [] };
    };
    const poller = new StreamPoller({ tableName: config().tableName, start: "TRIM_HORIZON", handler });
    await poller.drain();
    await poller.stop();
    expect(failedOnce).toBe(true);
    expect(seen).toEqual(["alpha", "bravo", "charlie"]);
  });

  it("resumes from its checkpoint after a restart; shards the checkpoint does not name are read whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shopguide-checkpoint-"));
    const file = join(dir, "stream-checkpoint.json");
    const run = async (start: "LATEST" | "TRIM_HORIZON") => {
      const seen: string[] = [];
      const poller = new StreamPoller({
        tableName: config().tableName,
        start,
        checkpoint: fileCheckpoint(file),
        handler: async (event) => {
          seen.push(...handlesIn(event).filter((handle) => handle.startsWith("cp_")));
          return { batchItemFailures: [] };
        },
      });
      await poller.drain();
      await poller.stop();
      return seen;
    };
    try {
      for (const handle of ["cp_one", "cp_two"]) await newUser(handle);
      expect(await run("TRIM_HORIZON")).toEqual(["cp_one", "cp_two"]);
      const saved = JSON.parse(readFileSync(file, "utf8"));
      expect(Object.keys(saved.shards).length).toBeGreaterThan(0);

      // Written while no poller ran: a restart that started at LATEST would never see these.
      for (const handle of ["cp_three", "cp_four"]) await newUser(handle);
      expect(await run("LATEST")).toEqual(["cp_three", "cp_four"]);

      // A checkpoint that names no shard of this stream: everything still in the stream is unread.
      writeFileSync(file, JSON.stringify({ ...saved, shards: {} }));
      expect(await run("LATEST")).toEqual(["cp_one", "cp_two", "cp_three", "cp_four"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
