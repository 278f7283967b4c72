import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  batchGet,
  ConditionFailedError,
  dynamo,
  failedConditions,
  failedItems,
  isConditionFailed,
  isTransactionConflict,
  queryUpTo,
  retryOnConflict,
  tableName,
} from "../dynamo";
import { ImageView } from "../image/schema";
import { Link } from "../link";
import * as Guide from "./schema";

type TransactWriteItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
type UpdateInput = NonNullable<TransactWriteItem["Update"]>;

/** The guide changed between the admin's read and the write (hidden, restored, unpublished meanwhile). */
export class GuideStateChangedError extends ConditionFailedError {}

/** Key formats (see dynamo/README.md). */
const keys = {
  guide: (guideId: string) => ({ pk: `GUIDE#${guideId}`, sk: "GUIDE" }),
  byCreator: (creatorId: string) => `CREATOR#${creatorId}`,
  publishedBy: (creatorId: string) => `PUBLISHED#${creatorId}`,
  mark: (userId: string, guideId: string, kind: "like" | "save") => ({
    pk: `USER#${userId}`,
    sk: `${kind === "like" ? "LIKE" : "SAVE"}#${guideId}`,
  }),
  savedBy: (userId: string) => `SAVED#${userId}`,
  tag: (tag: string, position: string) => ({ pk: `TAG#${tag}`, sk: position }),
};

const counters = { like: "likeCount", save: "saveCount" } as const;

// Built on first use: this file and ./index import each other.
const buildGuideItem = () =>
  z
    .object({
      type: z.literal("guide"),
      id: z.string(),
      creator: Guide.CreatorRef,
      title: z.string(),
      body: z.string(),
      coverImageUrl: z.string().nullable(),
      // Guides written before images existed have none.
      cover: ImageView.nullable().default(null),
      tags: z.array(z.string()),
      items: z.array(Guide.ProductCard),
      status: Guide.Status,
      createdAt: z.string(),
      updatedAt: z.string(),
      publishedAt: z.string().nullable(),
      likeCount: z.number().int().default(0),
      saveCount: z.number().int().default(0),
      // Set by an admin (CONTRACT-17); absent on every guide never hidden.
      hiddenAt: z.string().optional(),
      hiddenReason: z.string().optional(),
    })
    .transform(
      ({ type: _type, hiddenAt, hiddenReason: _reason, ...guide }): Guide.Info => ({
        ...guide,
        items: guide.items.map((card) => ({ ...card, displayHost: Link.destinationHost(card.url) })),
        hidden: hiddenAt !== undefined,
      }),
    );

/** Cards as stored: `displayHost` is derived on read. */
const storedCards = (items: Guide.ProductCard[]) => items.map(({ displayHost: _shown, ...card }) => card);
let guideItem: ReturnType<typeof buildGuideItem> | undefined;
const GuideItem = {
  parse(item: unknown): Guide.Info {
    guideItem ??= buildGuideItem();
    return guideItem.parse(item);
  },
};

const Entry = z.object({ guideId: z.string(), sk: z.string() });
const SavedEntry = z.object({ guideId: z.string(), gsi1sk: z.string() });

/**
 * The index keys a guide carries in its current state: public guides join gsi2, drafts and hidden ones leave. (The
 * per-day gsi3 index `PUBDAY#<day>` is gone: every like and save of a day's guides rewrote its one
 * partition. Trending keeps its own sharded index of heat, feed/feed.dynamo.ts.)
 */
function indexKeys(guide: Guide.Info) {
  const published =
    Guide.isPublic(guide) && guide.publishedAt
      ? {
          gsi2pk: keys.publishedBy(guide.creator.id),
          gsi2sk: Guide.positionOf({ id: guide.id, publishedAt: guide.publishedAt }),
        }
      : undefined;
  return { gsi1pk: keys.byCreator(guide.creator.id), gsi1sk: guide.id, published };
}

async function queryEntries(input: {
  index?: "gsi2" | "gsi3";
  pk: string;
  before: string | undefined;
  limit: number;
}): Promise<{ entries: { guideId: string; position: string }[]; last: string | undefined }> {
  const pkName = input.index ? `${input.index}pk` : "pk";
  const skName = input.index ? `${input.index}sk` : "sk";
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: input.index,
      KeyConditionExpression: `#pk = :pk${input.before ? " AND #sk < :before" : ""}`,
      ExpressionAttributeNames: { "#pk": pkName, ...(input.before ? { "#sk": skName } : {}) },
      ExpressionAttributeValues: { ":pk": input.pk, ...(input.before ? { ":before": input.before } : {}) },
      ScanIndexForward: false,
      Limit: input.limit,
    }),
  );
  const entries = (page.Items ?? []).map((item) => {
    const position = z.string().parse(item[skName]);
    const guideId = input.index ? z.string().parse(item.id) : Entry.parse(item).guideId;
    return { guideId, position };
  });
  return { entries, last: page.LastEvaluatedKey ? entries.at(-1)?.position : undefined };
}

export const GuideStore = {
  fromImage(image: Record<string, unknown> | undefined): Guide.Info | undefined {
    if (image?.type !== "guide") return undefined;
    return GuideItem.parse(image);
  },

  /** AP10 (insert): a new guide; its id is fresh, the condition only guards against a collision. */
  async insert(guide: Guide.Info): Promise<void> {
    const { gsi1pk, gsi1sk, published } = indexKeys(guide);
    const { hidden: _hidden, ...stored } = guide;
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.guide(guide.id),
          type: "guide",
          gsi1pk,
          gsi1sk,
          ...published,
          ...stored,
          items: storedCards(guide.items),
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  /**
   * AP10 (update): writes everything the author controls plus status and index keys, never the like and save
   * counters, so an edit cannot undo a concurrent like. Unpublishing removes the gsi2 keys; any write removes
   * the retired per-day gsi3 keys a guide from before issue 13 may still carry.
   */
  async replace(guide: Guide.Info): Promise<void> {
    const { published } = indexKeys(guide);
    const fields = {
      title: guide.title,
      body: guide.body,
      coverImageUrl: guide.coverImageUrl,
      cover: guide.cover,
      tags: guide.tags,
      items: storedCards(guide.items),
      status: guide.status,
      updatedAt: guide.updatedAt,
      publishedAt: guide.publishedAt,
      ...published,
    };
    const names = Object.keys(fields);
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.guide(guide.id),
          UpdateExpression: `SET ${names.map((_name, index) => `#n${index} = :v${index}`).join(", ")}${
            published ? " REMOVE gsi3pk, gsi3sk" : " REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk"
          }`,
          // Only the author's own, still existing guide: the service checked, the write makes sure. And still
          // not hidden if it was read visible: an admin's hide meanwhile must not be undone by gsi2 keys.
          ConditionExpression: `attribute_exists(pk) AND #creator.#creatorId = :creatorId${
            guide.hidden ? "" : " AND attribute_not_exists(hiddenAt)"
          }`,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          ExpressionAttributeNames: {
            ...Object.fromEntries(names.map((name, index) => [`#n${index}`, name])),
            "#creator": "creator",
            "#creatorId": "id",
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(
              names.map((name, index) => [`:v${index}`, fields[name as keyof typeof fields]]),
            ),
            ":creatorId": guide.creator.id,
          },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) {
        const old = failedItems(error)?.get(0);
        if (old?.hiddenAt !== undefined) throw new Guide.GuideHiddenError();
        throw new Guide.GuideNotFoundError();
      }
      throw error;
    }
  },

  /**
   * AP252 (hide), the one write that hides a guide, for an admin (with the audit entry and the report queue
   * closing in `with_`, one transaction) and for the suspension sweep (alone, one UpdateItem): sets `hiddenAt`
   * and `hiddenReason` and takes the guide out of the published index (gsi2); the stream then retracts it from
   * tags, feeds, trending and search, as for an unpublish. Only a guide that exists and is not hidden yet, so a
   * hiding already there (an admin's, or an earlier sweep run's) keeps its reason: restore unhides by reason.
   * Otherwise GuideStateChangedError, and the caller decides what that means.
   */
  async hide(guideId: string, input: { at: string; reason: string }, with_: TransactWriteItem[] = []) {
    await this.moderate(
      {
        TableName: tableName(),
        Key: keys.guide(guideId),
        UpdateExpression: "SET hiddenAt = :at, hiddenReason = :reason REMOVE gsi2pk, gsi2sk",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(hiddenAt)",
        ExpressionAttributeValues: { ":at": input.at, ":reason": input.reason },
      },
      with_,
    );
  },

  /**
   * AP253 (restore), the one write that unhides a guide, for an admin (with the audit entry) and for the
   * suspension sweep (`onlyReason`: only a guide hidden for that reason, so restoring an account leaves guides
   * an admin hid one by one hidden). Removes `hiddenAt` / `hiddenReason` and, for a published guide, puts its
   * gsi2 keys back at its position. Only a hidden guide still in the state read (status and publish time), so a
   * concurrent change is never overwritten; otherwise GuideStateChangedError.
   */
  async restore(guide: Guide.Info, with_: TransactWriteItem[] = [], options: { onlyReason?: string } = {}) {
    const published = indexKeys({ ...guide, hidden: false }).published;
    await this.moderate(
      {
        TableName: tableName(),
        Key: keys.guide(guide.id),
        UpdateExpression: published
          ? "SET gsi2pk = :gsi2pk, gsi2sk = :gsi2sk REMOVE hiddenAt, hiddenReason"
          : "REMOVE hiddenAt, hiddenReason",
        // Still in the state read: hidden (for that reason), and published (or not) at the same time.
        ConditionExpression: `attribute_exists(hiddenAt) AND #status = :status AND publishedAt = :publishedAt${
          options.onlyReason === undefined ? "" : " AND hiddenReason = :reason"
        }`,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":status": guide.status,
          ":publishedAt": guide.publishedAt,
          ...(options.onlyReason === undefined ? {} : { ":reason": options.onlyReason }),
          ...(published ? { ":gsi2pk": published.gsi2pk, ":gsi2sk": published.gsi2sk } : {}),
        },
      },
      with_,
    );
  },

  /** Runs a hide or restore: alone as one UpdateItem, or in one transaction with the caller's items. */
  async moderate(update: UpdateInput, with_: TransactWriteItem[]): Promise<void> {
    try {
      if (with_.length === 0) await dynamo().send(new UpdateCommand(update));
      else await dynamo().send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...with_] }));
    } catch (error) {
      const failed = failedConditions(error);
      if (isConditionFailed(error) || failed?.includes(0) || isTransactionConflict(error))
        throw new GuideStateChangedError("The guide changed meanwhile", { cause: error });
      throw error;
    }
  },

  /** AP10 (delete). */
  async delete(guideId: string, creatorId: string): Promise<void> {
    try {
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.guide(guideId),
          ConditionExpression: "attribute_exists(pk) AND #creator.#creatorId = :creatorId",
          ExpressionAttributeNames: { "#creator": "creator", "#creatorId": "id" },
          ExpressionAttributeValues: { ":creatorId": creatorId },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new Guide.GuideNotFoundError();
      throw error;
    }
  },

  /** AP10: a guide by id. */
  async get(guideId: string): Promise<Guide.Info | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.guide(guideId) }));
    return found.Item ? GuideItem.parse(found.Item) : undefined;
  },

  /** AP10 (batch): guides by id, for hydrating feeds and lists. */
  async getMany(guideIds: string[]): Promise<Map<string, Guide.Info>> {
    const items = await batchGet([...new Set(guideIds)].map(keys.guide));
    return new Map(items.map((item) => GuideItem.parse(item)).map((guide) => [guide.id, guide]));
  },

  /** AP11: a creator's guides, drafts included, newest first (gsi1). */
  async listByCreator(
    creatorId: string,
    limit: number,
    before: string | undefined,
  ): Promise<{ guides: Guide.Info[]; last: string | undefined }> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: `gsi1pk = :pk${before ? " AND gsi1sk < :before" : ""}`,
        ExpressionAttributeValues: {
          ":pk": keys.byCreator(creatorId),
          ...(before ? { ":before": before } : {}),
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const guides = (page.Items ?? []).map((item) => GuideItem.parse(item));
    return { guides, last: page.LastEvaluatedKey ? guides.at(-1)?.id : undefined };
  },

  /** AP12: a creator's published guides by position, newest first (gsi2). */
  publishedByCreator(creatorId: string, limit: number, before: string | undefined) {
    return queryEntries({ index: "gsi2", pk: keys.publishedBy(creatorId), before, limit });
  },

  /**
   * AP177: takes a guide from before issue 13 out of the retired per-day index (`PUBDAY#<day>` on gsi3),
   * only while it is still there, so a guide's later likes no longer rewrite that day's partition.
   */
  async leaveDayIndex(guideId: string): Promise<void> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.guide(guideId),
          UpdateExpression: "REMOVE gsi3pk, gsi3sk",
          ConditionExpression: "begins_with(gsi3pk, :day)",
          ExpressionAttributeValues: { ":day": "PUBDAY#" },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // already out
    }
  },

  /** AP14: published guides with a tag, newest first. */
  byTag(tag: string, limit: number, before: string | undefined) {
    return queryEntries({ pk: `TAG#${tag}`, before, limit });
  },

  /** AP14 (write): tag index entries to add and to remove. */
  async writeTagEntries(
    add: { tag: string; guideId: string; position: string }[],
    remove: { tag: string; position: string }[],
  ): Promise<void> {
    const requests = [
      ...add.map((entry) => ({
        PutRequest: {
          Item: { ...keys.tag(entry.tag, entry.position), type: "guide_tag", guideId: entry.guideId },
        },
      })),
      ...remove.map((entry) => ({ DeleteRequest: { Key: keys.tag(entry.tag, entry.position) } })),
    ];
    for (let start = 0; start < requests.length; start += 25) {
      let pending: Record<string, unknown[]> | undefined = {
        [tableName()]: requests.slice(start, start + 25),
      };
      while (pending && Object.keys(pending).length > 0) {
        const result = await dynamo().send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  },

  /** AP15: has this user liked and saved this guide. */
  async marksOf(userId: string, guideId: string): Promise<{ liked: boolean; saved: boolean }> {
    const [liked, saved] = await Promise.all(
      (["like", "save"] as const).map((kind) =>
        dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.mark(userId, guideId, kind) })),
      ),
    );
    return { liked: liked?.Item !== undefined, saved: saved?.Item !== undefined };
  },

  /**
   * AP15 (write): the like or save item and the guide's counter in one transaction. The item put is
   * conditional on not existing (a repeat changes nothing); the counter only moves on a published guide.
   */
  async mark(userId: string, guideId: string, kind: "like" | "save", at: string): Promise<void> {
    try {
      await retryOnConflict(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName(),
                  Item: {
                    ...keys.mark(userId, guideId, kind),
                    type: kind === "like" ? "guide_like" : "guide_save",
                    userId,
                    guideId,
                    at,
                    ...(kind === "save" ? { gsi1pk: keys.savedBy(userId), gsi1sk: `${at}#${guideId}` } : {}),
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              {
                Update: {
                  TableName: tableName(),
                  Key: keys.guide(guideId),
                  UpdateExpression: `ADD ${counters[kind]} :one`,
                  ConditionExpression:
                    "attribute_exists(pk) AND #status = :published AND attribute_not_exists(hiddenAt)",
                  ExpressionAttributeNames: { "#status": "status" },
                  ExpressionAttributeValues: { ":one": 1, ":published": "published" },
                },
              },
            ],
          }),
        ),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) return; // already marked
      if (failed?.includes(1)) throw new Guide.GuideNotPublishedError();
      throw error;
    }
  },

  /** AP15 (delete): the mirror of mark. A guide gone meanwhile still lets the mark itself be removed. */
  async unmark(userId: string, guideId: string, kind: "like" | "save"): Promise<void> {
    try {
      await retryOnConflict(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: tableName(),
                  Key: keys.mark(userId, guideId, kind),
                  ConditionExpression: "attribute_exists(pk)",
                },
              },
              {
                Update: {
                  TableName: tableName(),
                  Key: keys.guide(guideId),
                  UpdateExpression: `ADD ${counters[kind]} :minusOne`,
                  ConditionExpression: "attribute_exists(pk)",
                  ExpressionAttributeValues: { ":minusOne": -1 },
                },
              },
            ],
          }),
        ),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) return; // was not marked
      if (failed?.includes(1)) {
        await dynamo().send(
          new DeleteCommand({ TableName: tableName(), Key: keys.mark(userId, guideId, kind) }),
        );
        return;
      }
      throw error;
    }
  },

  /** AP16: a user's saved guides, most recently saved first (gsi1). */
  async savedBy(
    userId: string,
    limit: number,
    before: string | undefined,
  ): Promise<{ guideIds: string[]; last: string | undefined }> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: `gsi1pk = :pk${before ? " AND gsi1sk < :before" : ""}`,
        ExpressionAttributeValues: { ":pk": keys.savedBy(userId), ...(before ? { ":before": before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const entries = (page.Items ?? []).map((item) => SavedEntry.parse(item));
    return {
      guideIds: entries.map((entry) => entry.guideId),
      last: page.LastEvaluatedKey ? entries.at(-1)?.gsi1sk : undefined,
    };
  },

  /** AP292: the first `max` guides a user liked (by guide id), and whether that is all: for their data export. */
  async likedBy(userId: string, max: number): Promise<{ guideIds: string[]; complete: boolean }> {
    const { items, complete } = await queryUpTo(
      {
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :like)",
        ExpressionAttributeValues: { ":pk": `USER#${userId}`, ":like": "LIKE#" },
        ProjectionExpression: "sk",
      },
      max,
    );
    return {
      guideIds: items.flatMap((item) => (typeof item.sk === "string" ? [item.sk.slice("LIKE#".length)] : [])),
      complete,
    };
  },

  /**
   * AP293: rewrites the creator's handle and name copied into one guide, after the creator changed them. Only
   * a guide still there and still theirs; idempotent.
   */
  async setCreatorRef(guideId: string, creator: Guide.CreatorRef): Promise<void> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.guide(guideId),
          UpdateExpression: "SET #creator = :creator",
          ConditionExpression: "attribute_exists(pk) AND #creator.#creatorId = :creatorId",
          ExpressionAttributeNames: { "#creator": "creator", "#creatorId": "id" },
          ExpressionAttributeValues: { ":creator": creator, ":creatorId": creator.id },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },
};
