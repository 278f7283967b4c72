import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, tableName } from "../dynamo";

const Counter = z.object({ attempts: z.number().int() });

export const RateLimitStore = {
  /** AP5: atomically add one to a window's counter and read the new value. */
  async increment(subject: string, windowStart: number, windowEnd: number): Promise<number> {
    const updated = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `RATE#${subject}`, sk: `W#${windowStart}` },
        UpdateExpression: "ADD attempts :one SET #type = :type, #ttl = :ttl",
        ExpressionAttributeNames: { "#type": "type", "#ttl": "ttl" },
        ExpressionAttributeValues: {
          ":one": 1,
          ":type": "rate_window",
          ":ttl": windowEnd + (windowEnd - windowStart) + 60,
        },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Counter.parse(updated.Attributes).attempts;
  },

  /** AP5: a window's count so far (0 when nobody tried), for the sliding estimate over the previous window. */
  async count(subject: string, windowStart: number): Promise<number> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: { pk: `RATE#${subject}`, sk: `W#${windowStart}` } }),
    );
    return found.Item ? Counter.parse(found.Item).attempts : 0;
  },
};
