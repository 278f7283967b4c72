import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import { callJson, environmentCredentials, type Service } from "../aws/json-call";
import { config } from "../config";
import { CapacityMeter } from "./capacity";
import { connection } from "./connection";

/**
 * DynamoDB without the SDK, for the redirect's hot path only: GetItem and PutItem over the JSON protocol,
 * signed by aws/sigv4. The SDK's import alone costs ~10x an empty handler's cold start; this costs almost
 * nothing. Everything else keeps the SDK's document client (dynamo/client.ts).
 */

type Attribute =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: Attribute[] }
  | { M: Record<string, Attribute> }
  | { SS: string[] }
  | { NS: string[] };

export type Item = Record<string, unknown>;

/** Document value → DynamoDB JSON; undefined values are left out, as the document client is configured. */
function marshal(value: unknown): Attribute | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { NULL: true };
  if (typeof value === "string") return { S: value };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot store ${value}`);
    return { N: String(value) };
  }
  if (typeof value === "boolean") return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map((entry) => marshal(entry) ?? { NULL: true }) };
  if (typeof value === "object") return { M: marshalItem(value as Item) };
  throw new TypeError(`Cannot store a ${typeof value}`);
}

function marshalItem(item: Item): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [name, value] of Object.entries(item)) {
    const attribute = marshal(value);
    if (attribute) out[name] = attribute;
  }
  return out;
}

function unmarshal(attribute: Attribute): unknown {
  if ("S" in attribute) return attribute.S;
  if ("N" in attribute) return Number(attribute.N);
  if ("BOOL" in attribute) return attribute.BOOL;
  if ("NULL" in attribute) return null;
  if ("L" in attribute) return attribute.L.map(unmarshal);
  if ("M" in attribute) return unmarshalItem(attribute.M);
  if ("SS" in attribute) return new Set(attribute.SS);
  return new Set(attribute.NS.map(Number));
}

function unmarshalItem(item: Record<string, Attribute>): Item {
  const out: Item = {};
  for (const [name, attribute] of Object.entries(item)) out[name] = unmarshal(attribute);
  return out;
}

let service: Service | undefined;

function dynamodb(): Service {
  if (service) return service;
  const { region, endpoint, credentials } = connection();
  service = {
    name: "dynamodb",
    targetPrefix: "DynamoDB_20120810",
    jsonVersion: "1.0",
    endpoint: endpoint ?? `https://dynamodb.${region}.amazonaws.com`,
    region,
    credentials: credentials ? () => credentials : environmentCredentials,
  };
  return service;
}

/** One call; when the capacity meter is on, it asks for and counts the consumed capacity. */
async function call<T>(operation: "GetItem" | "PutItem", input: Record<string, unknown>): Promise<T> {
  if (!CapacityMeter.enabled()) return callJson<T>(dynamodb(), operation, input);
  const answer = await callJson<T & { ConsumedCapacity?: ConsumedCapacity }>(dynamodb(), operation, {
    ...input,
    ReturnConsumedCapacity: "INDEXES",
  });
  CapacityMeter.count(`${operation}Command`, answer.ConsumedCapacity);
  return answer;
}

export const wire = {
  async get(key: Item, options: { consistent?: boolean } = {}): Promise<Item | undefined> {
    const answer = await call<{ Item?: Record<string, Attribute> }>("GetItem", {
      TableName: config().tableName,
      Key: marshalItem(key),
      ConsistentRead: options.consistent || undefined,
    });
    return answer.Item ? unmarshalItem(answer.Item) : undefined;
  },

  /** An unconditional PutItem: safe to retry only for items whose key is fresh (click ids). */
  async put(item: Item): Promise<void> {
    await call("PutItem", { TableName: config().tableName, Item: marshalItem(item) });
  },
};
