import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { Click } from "@shopguide/core/click";
import { config } from "@shopguide/core/config";
import { dynamo, tableName } from "@shopguide/core/dynamo";
import { Failure } from "@shopguide/core/failure";
import { Stats } from "@shopguide/core/stats";
import { User } from "@shopguide/core/user";
import type { Actor } from "@shopguide/core/util/actor";
import { Clock } from "@shopguide/core/util/clock";
import { createId } from "@shopguide/core/util/id";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { handler as streamHandler } from "../stream";
import { fileCheckpoint } from "./stream-checkpoint";
import { firstFailed, StreamPoller } from "./stream-poller";

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

const admin: Actor = { kind: "user", userId: "usr_admin", handle: "admin", role: "admin" };

/** A human click on `code`, stored as the redirect stores it. */
const click = (code: string, ip: string) =>
  Click.recordNow({
    id: createId("clk"),
    code,
    creatorId: "usr_poison_creator",
    at: Clock.now().toISOString(),
    ipHash: ip,
    device: "desktop",
    browser: "Chrome",
    bot: false,
  });

const humanClicks = async (code: string) => (await Stats.totalsForLinks([code])).get(code)?.humanClicks;

describe("poison records", () => {
  it("restarts from the lowest failed sequence number, whatever order failures are listed in", () => {
    const records = ["1", "2", "3"].map((SequenceNumber) => ({ dynamodb: { SequenceNumber } }));
    const failures = (...ids: string[]) => ({
      batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })),
    });
    expect(firstFailed(records, failures())).toBeUndefined();
    expect(firstFailed(records, failures("3", "2"))).toBe(1);
    expect(firstFailed(records, failures("9"))).toBe(0);
    expect(firstFailed(records, failures(""))).toBe(0);
  });

  it("parks a failing record and an undecodable one after the bound; the good ones around them count", async () => {
    const code = "poison1";
    await click(code, "ip-1");
    // A click item the counter cannot read (no ipHash, device...): its consumer throws on every delivery.
    const poisonId = createId("clk");
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: `CLICK#${poisonId}`, sk: "CLICK", type: "click", id: poisonId, code },
      }),
    );
    // A link with an empty utm map, as PATCH {"utm":{}} stored it: DynamoDB Local's stream hands `{}` for it.
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: "LINK#legacy01", sk: "LINK", type: "link", code: "legacy01", utm: {} },
      }),
    );
    await click(code, "ip-2");

    let batches = 0;
    const poller = new StreamPoller({
      tableName: config().tableName,
      start: "TRIM_HORIZON",
      handler: (event) => {
        batches++;
        return streamHandler(event);
      },
    });
    await poller.drain();
    expect(await humanClicks(code)).toBe(2);
    // The shard moved on: a click written after the poison is counted too.
    await click(code, "ip-3");
    await poller.drain();
    await poller.stop();
    expect(await humanClicks(code)).toBe(3);
    expect(batches).toBeGreaterThanOrEqual(Failure.STREAM_ATTEMPTS);

    const parked = (await Failure.listParked(admin)).items;
    const consumer = parked.find((failure) => failure.consumer === "countClick");
    expect(consumer).toMatchObject({
      source: "stream",
      status: "parked",
      attempts: Failure.STREAM_ATTEMPTS,
      keys: { pk: `CLICK#${poisonId}`, sk: "CLICK" },
      eventId: expect.any(String),
      sequenceNumber: expect.any(String),
    });
    expect(consumer?.error).toMatch(/ipHash/);
    expect(JSON.parse(String(consumer?.record)).dynamodb.NewImage.id).toEqual({ S: poisonId });
    const undecodable = parked.find((failure) => failure.consumer === "decode");
    expect(undecodable).toMatchObject({ status: "parked", attempts: 1, keys: { pk: "LINK#legacy01" } });
    expect(parked).toHaveLength(2);
  });
});
