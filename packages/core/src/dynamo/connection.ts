import { config } from "../config";

/**
 * Where and as whom to reach DynamoDB: in the cloud the SDK finds the regional endpoint and the function
 * role's credentials; against DynamoDB Local, its endpoint and an access key naming the local database.
 */
export function connection(): {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
} {
  const { dynamoEndpoint, dynamoLocalKey, region } = config();
  return dynamoEndpoint
    ? {
        region,
        endpoint: dynamoEndpoint,
        credentials: { accessKeyId: dynamoLocalKey, secretAccessKey: "local" },
      }
    : { region };
}
