import { unmarshall } from "@aws-sdk/util-dynamodb";
import { config } from "@shopguide/core/config";
import { User } from "@shopguide/core/user";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
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
});
