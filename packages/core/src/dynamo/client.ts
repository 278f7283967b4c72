import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config";
import { meterClient } from "./capacity";
import { connection } from "./connection";

export { connection } from "./connection";

let documentClient: DynamoDBDocumentClient | undefined;

export function createRawClient(): DynamoDBClient {
  return new DynamoDBClient(connection());
}

export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    documentClient = DynamoDBDocumentClient.from(createRawClient(), {
      marshallOptions: { removeUndefinedValues: true },
    });
    meterClient(documentClient);
  }
  return documentClient;
}

export function tableName(): string {
  return config().tableName;
}

/** One cheap key read: proves the table exists and answers, without the control-plane DescribeTable. */
export async function ping(): Promise<boolean> {
  try {
    await dynamo().send(new GetCommand({ TableName: tableName(), Key: { pk: "HEALTH", sk: "HEALTH" } }));
    return true;
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "table ping failed", error: String(error) }));
    return false;
  }
}
