import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config";

let documentClient: DynamoDBDocumentClient | undefined;

/** DynamoDB Local accepts any credentials; the cloud uses the function role's. */
export function createRawClient(): DynamoDBClient {
  const { dynamoEndpoint, region } = config();
  return new DynamoDBClient({
    region,
    ...(dynamoEndpoint
      ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
}

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(createRawClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
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
