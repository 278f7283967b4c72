import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { AwsError, callJson } from "../aws/json-call";
import { config } from "../config";
import { dynamo, tableName } from "./index";
import { wire } from "./wire";

const nested = {
  pk: "WIRE#1",
  sk: "WIRE",
  text: "grüße ✓",
  count: 42,
  ratio: 0.125,
  on: true,
  off: false,
  nothing: null,
  skipped: undefined,
  list: ["a", 1, { deep: [true] }],
  map: { utm: { source: "ig" }, empty: {} },
};

describe("the SDK-free DynamoDB client (redirect hot path)", () => {
  it("writes items the SDK's document client reads back identically, and reads what it wrote", async () => {
    await wire.put(nested);
    const { skipped: _skipped, ...expected } = nested;
    const bySdk = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: { pk: "WIRE#1", sk: "WIRE" } }),
    );
    expect(bySdk.Item).toEqual(expected);

    const written = { ...expected, pk: "WIRE#2", extra: "x" };
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: written }));
    expect(await wire.get({ pk: "WIRE#2", sk: "WIRE" }, { consistent: true })).toEqual(written);
    expect(await wire.get({ pk: "WIRE#none", sk: "WIRE" })).toBeUndefined();
  });

  it("turns DynamoDB's error answers into named errors and does not retry client errors", async () => {
    const error = await callJson(
      {
        name: "dynamodb",
        targetPrefix: "DynamoDB_20120810",
        jsonVersion: "1.0",
        endpoint: config().dynamoEndpoint as string,
        region: "us-east-1",
        credentials: () => ({ accessKeyId: config().dynamoLocalKey, secretAccessKey: "local" }),
      },
      "GetItem",
      { TableName: "no-such-table", Key: { pk: { S: "x" }, sk: { S: "y" } } },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ name: "ResourceNotFoundException", status: 400, retryable: false });
  });

  it("retries throttling and server errors with backoff, then succeeds", async () => {
    let calls = 0;
    const flaky = createServer((request, response) => {
      calls++;
      request.resume();
      if (calls === 1) {
        response.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
        response.end(
          JSON.stringify({
            __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException",
            message: "slow down",
          }),
        );
      } else if (calls === 2) {
        response.writeHead(503).end("unavailable");
      } else {
        response.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end("{}");
      }
    });
    await new Promise<void>((ready) => flaky.listen(0, "127.0.0.1", ready));
    try {
      const answer = await callJson(
        {
          name: "dynamodb",
          targetPrefix: "DynamoDB_20120810",
          jsonVersion: "1.0",
          endpoint: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`,
          region: "us-east-1",
          credentials: () => ({ accessKeyId: "a", secretAccessKey: "b" }),
        },
        "PutItem",
        {},
      );
      expect(answer).toEqual({});
      expect(calls).toBe(3);
    } finally {
      flaky.close();
    }
  });
});
