import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { CapacityMeter, type CapacityReading, dynamo, tableName } from "./index";
import { wire } from "./wire";

/** What one call consumed, by the meter. */
async function used(work: () => Promise<unknown>): Promise<CapacityReading> {
  return (await CapacityMeter.measure(work)).used;
}

const indexed = (n: number) => ({
  pk: `CAP#${n}`,
  sk: "CAP",
  gsi1pk: "CAPS",
  gsi1sk: String(n).padStart(4, "0"),
  note: "x".repeat(100),
});

describe("the capacity meter (DynamoDB Local answers ConsumedCapacity for every data-plane call)", () => {
  beforeAll(() => CapacityMeter.enable());

  it("counts write units per table and per index for Put, Update, Delete, BatchWrite and TransactWrite", async () => {
    const table = tableName();
    const put = await used(() => dynamo().send(new PutCommand({ TableName: table, Item: indexed(1) })));
    // One small item: 1 WCU on the table and 1 on gsi1, which it is projected into.
    expect(put.write).toBe(2);
    expect(put.byTarget[table]).toEqual({ read: 0, write: 1 });
    expect(put.byTarget[`${table}/gsi1`]).toEqual({ read: 0, write: 1 });
    expect(put.calls.PutItemCommand).toBe(1);

    const update = await used(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: "CAP#1", sk: "CAP" },
          UpdateExpression: "SET note = :note",
          ExpressionAttributeValues: { ":note": "y" },
        }),
      ),
    );
    expect(update.write).toBeGreaterThanOrEqual(1);
    expect(update.byTarget[table]?.write).toBe(1);

    const batch = await used(() =>
      dynamo().send(
        new BatchWriteCommand({
          RequestItems: { [table]: [2, 3, 4].map((n) => ({ PutRequest: { Item: indexed(n) } })) },
        }),
      ),
    );
    expect(batch.byTarget[table]?.write).toBe(3);
    expect(batch.write).toBeGreaterThanOrEqual(3);

    const transaction = await used(() =>
      dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: "CAP#5", sk: "CAP" } } },
            { Put: { TableName: table, Item: { pk: "CAP#6", sk: "CAP" } } },
          ],
        }),
      ),
    );
    // Transactions cost two units per started KB of each item written (prepare and commit), as AWS bills
    // them; DynamoDB Local under-reports them, so the meter sizes the items it wrote.
    expect(transaction.write).toBe(4);

    const deleted = await used(() =>
      dynamo().send(new DeleteCommand({ TableName: table, Key: { pk: "CAP#2", sk: "CAP" } })),
    );
    expect(deleted.byTarget[table]?.write).toBe(1);
    expect(deleted.byTarget[`${table}/gsi1`]?.write).toBe(1);
  });

  it("counts read units for Get and Query, on the table and on an index", async () => {
    const table = tableName();
    const get = await used(() =>
      dynamo().send(
        new GetCommand({ TableName: table, Key: { pk: "CAP#1", sk: "CAP" }, ConsistentRead: true }),
      ),
    );
    expect(get.read).toBe(1);
    expect(get.byTarget[table]).toEqual({ read: 1, write: 0 });

    const eventual = await used(() =>
      dynamo().send(new GetCommand({ TableName: table, Key: { pk: "CAP#1", sk: "CAP" } })),
    );
    expect(eventual.read).toBe(0.5);

    const query = await used(() =>
      dynamo().send(
        new QueryCommand({
          TableName: table,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": "CAPS" },
        }),
      ),
    );
    expect(query.read).toBeGreaterThan(0);
    expect(query.byTarget[`${table}/gsi1`]?.read).toBe(query.read);
  });

  it("meters the redirect's SDK-free client too", async () => {
    const table = tableName();
    const put = await used(() => wire.put({ pk: "CAP#wire", sk: "CAP" }));
    expect(put.byTarget[table]).toEqual({ read: 0, write: 1 });
    const get = await used(() => wire.get({ pk: "CAP#wire", sk: "CAP" }, { consistent: true }));
    expect(get.read).toBe(1);
  });
});
