import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { keyAttributes, Table } from "./table";

/**
 * Creates the table from the shared definition when it does not exist yet (local runner and tests; the
 * cloud table comes from the storage stack). Safe to call on every start.
 */
export async function ensureTable(client: DynamoDBClient, name: string): Promise<"created" | "existed"> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return "existed";
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: keyAttributes.map((attribute) => ({
          AttributeName: attribute,
          AttributeType: "S",
        })),
        KeySchema: [
          { AttributeName: Table.partitionKey, KeyType: "HASH" },
          { AttributeName: Table.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: Object.entries(Table.globalIndexes).map(([indexName, index]) => ({
          IndexName: indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: "HASH" },
            { AttributeName: index.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: Table.streamView },
      }),
    );
  } catch (error) {
    // Two starters racing on one table: the loser simply finds it there.
    if ((error as { name?: string }).name !== "ResourceInUseException") throw error;
    return "existed";
  }
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: name });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: Table.timeToLiveAttribute, Enabled: true },
    }),
  );
  return "created";
}
