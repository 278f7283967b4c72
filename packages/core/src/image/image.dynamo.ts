import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, isConditionFailed, tableName } from "../dynamo";
import { Info, type Variant } from "./schema";

/** Key format (see dynamo/README.md): one item per upload, declared then processed. */
const keys = { image: (imageId: string) => ({ pk: `IMAGE#${imageId}`, sk: "IMAGE" }) };

export const ImageStore = {
  /** AP190: declare an upload (a new id, so the put never meets an existing item). */
  async insert(image: Info): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.image(image.id), type: "image", ...image },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  /** AP190: an upload by id. */
  async get(imageId: string): Promise<Info | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.image(imageId) }));
    return found.Item ? Info.parse(found.Item) : undefined;
  },

  /**
   * AP190: record the processed result, only while the upload is still pending (two completes racing both
   * process; the first to land wins and the other reads it back). Returns the stored image either way.
   */
  async markReady(
    imageId: string,
    result: { width: number; height: number; variants: Variant[] },
  ): Promise<Info> {
    try {
      const updated = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.image(imageId),
          UpdateExpression: "SET #status = :ready, width = :width, height = :height, variants = :variants",
          // Pending only: a ready image never changes again.
          ConditionExpression: "#status = :pending",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":ready": "ready",
            ":pending": "pending",
            ":width": result.width,
            ":height": result.height,
            ":variants": result.variants,
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return Info.parse(updated.Attributes);
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const stored = await ImageStore.get(imageId);
      if (!stored) throw error;
      return stored;
    }
  },
};
