// Over 400 lines on purpose: the group-buy's one store, whose conditional writes (the seating transaction,
// leave, settlement, code issuance, cancel) each guard capacity and status, and read best next to the key
// formats they share. Each failed condition comes back as an outcome or a typed error; the domain decides.
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  dynamo,
  failedConditions,
  isConditionFailed,
  isTransactionConflict,
  type Page,
  pagedQuery,
  queryAll,
  retryOnConflict,
  tableName,
} from "../dynamo";
import { httpUrlProblem } from "../util/url";
import * as GroupBuy from "./schema";

/**
 * Key formats (see dynamo/README.md, "Group-buys"):
 * - group-buy `GROUPBUY#<groupbuyId>` / `GROUPBUY`, holding the counters `participants` (people) and `units`;
 *   gsi1 `BRAND#<brandId>#GROUPBUYS` / `<groupbuyId>`;
 *   gsi2 `GROUPBUYS#OPEN` / `<deadline>#<groupbuyId>` while open, then `GROUPBUYS#ISSUING` until every
 *   participant of a success holds a code (sparse: the settle job reads only what it has to do)
 * - participation `GROUPBUY#<groupbuyId>` / `PARTICIPANT#<userId>`; gsi1 `USER#<userId>#GROUPBUYS` / `<groupbuyId>`
 * - code claim `GBCODE#<CODE>` / `GBCODE` → groupbuyId, userId (unique across the platform)
 * - fan-out task `GROUPBUY#<groupbuyId>` / `FANOUT#<key>`; gsi2 `GROUPBUYS#FANOUT` / `<startedAt>#<groupbuyId>#<key>`
 *   while unfinished (sparse: the job reads only open walks); kept `FANOUT_KEEP_SECONDS` once finished
 */
const keys = {
  groupbuy: (groupbuyId: string) => ({ pk: `GROUPBUY#${groupbuyId}`, sk: "GROUPBUY" }),
  participation: (groupbuyId: string, userId: string) => ({
    pk: `GROUPBUY#${groupbuyId}`,
    sk: `PARTICIPANT#${userId}`,
  }),
  code: (code: string) => ({ pk: `GBCODE#${code}`, sk: "GBCODE" }),
  fanout: (groupbuyId: string, key: string) => ({ pk: `GROUPBUY#${groupbuyId}`, sk: `FANOUT#${key}` }),
};

/**
 * A finished fan-out task stays this long (past the stream's 24 h retention), so a redelivered record that
 * started it finds it finished instead of walking every participant again.
 */
const FANOUT_KEEP_SECONDS = 30 * 86_400;

/** The most open fan-out tasks one job run reads: group-buys settle a few at a time, never thousands. */
const FANOUTS_PER_RUN = 100;

/** Leaves on a hot group-buy update the one counter item; losers of a race retry with jittered backoff. */
const LEAVE_ATTEMPTS = 12;

/** People seated by one transaction: 99 participations and the counter make DynamoDB's 100-item limit. */
export const SEAT_BATCH = 99;

/**
 * What one seating attempt met: all seated; some people already seated (their indexes in the batch; a
 * transaction fails on every failed condition at once, so the counter may also have been short); the
 * counter's condition (full for this batch, closed, or past the deadline); or a race on an item.
 */
export type SeatOutcome =
  | { kind: "seated" }
  | { kind: "already_joined"; indexes: number[] }
  | { kind: "no_room" }
  | { kind: "conflict" };

function groupbuyItem({ type: _type, ...groupbuy }: GroupBuy.Info) {
  return {
    ...keys.groupbuy(groupbuy.id),
    gsi1pk: `BRAND#${groupbuy.brandId}#GROUPBUYS`,
    gsi1sk: groupbuy.id,
    gsi2pk: "GROUPBUYS#OPEN",
    gsi2sk: `${groupbuy.deadline}#${groupbuy.id}`,
    type: "groupbuy",
    ...groupbuy,
  };
}

function participationItem(participation: GroupBuy.Participation) {
  return {
    ...keys.participation(participation.groupbuyId, participation.userId),
    gsi1pk: `USER#${participation.userId}#GROUPBUYS`,
    gsi1sk: participation.groupbuyId,
    type: "groupbuy_participation",
    ...participation,
  };
}

/**
 * A stored group-buy. Items written before product URLs were checked may carry one we no longer accept
 * (`javascript:`): the group-buy is answered without it rather than failing every read, join and settle.
 */
function parseListedGroupBuy(item: Record<string, unknown>): GroupBuy.Info | undefined {
  try {
    return parseGroupBuy(item);
  } catch (error) {
    console.error(
      JSON.stringify({ level: "error", msg: "unreadable group-buy", id: item.id, error: String(error) }),
    );
    return undefined;
  }
}

// Group-buys stored before capacity counted units have no `units`: their head count stands in.
function parseGroupBuy(item: Record<string, unknown>): GroupBuy.Info {
  const parsed = GroupBuy.Info.safeParse({
    ...item,
    units: item.units ?? item.participants,
    type: "groupbuy",
  });
  if (parsed.success) return parsed.data;
  const product = item.product;
  if (product && typeof product === "object") {
    const kept = Object.fromEntries(
      Object.entries(product).filter(
        ([name, value]) =>
          (name !== "url" && name !== "imageUrl") || (typeof value === "string" && !httpUrlProblem(value)),
      ),
    );
    const degraded = GroupBuy.Info.safeParse({
      ...item,
      units: item.units ?? item.participants,
      product: kept,
      type: "groupbuy",
    });
    if (degraded.success) return degraded.data;
  }
  throw parsed.error;
}

/** What deleting or cancelling needs, readable even when the rest of a legacy item is not. */
const Essentials = z.object({
  brandId: z.string(),
  status: z.string(),
  participants: z.number().int().default(0),
});
const parseParticipation = (item: Record<string, unknown>) => GroupBuy.Participation.parse(item);
const parseFanout = (item: Record<string, unknown>) => GroupBuy.FanoutTask.parse(item);

/** The task still unfinished and still at the cursor this runner read: no one else has moved it on. */
const FANOUT_AT_CURSOR = "attribute_exists(pk) AND attribute_not_exists(finishedAt)";
function atCursor(seen: string | undefined) {
  return {
    ConditionExpression: `${FANOUT_AT_CURSOR} AND ${seen ? "#cursor = :seen" : "attribute_not_exists(#cursor)"}`,
    seenValues: seen ? { ":seen": seen } : {},
  };
}
const CodeClaim = z.object({ groupbuyId: z.string(), userId: z.string() });

/**
 * The counters' condition for joining with q units: open, before the deadline, and at least q units left.
 * DynamoDB cannot add in a condition, so the caller passes `:room` = capacity - q, with `:capacity` pinning
 * the capacity it was computed from. An item from before `units` existed is judged by its head count.
 */
const UNITS_FREE =
  "#status = :open AND #deadline > :now AND #capacity = :capacity AND " +
  "(#units <= :room OR (attribute_not_exists(#units) AND #participants <= :room))";
const SEAT_NAMES = {
  "#status": "status",
  "#deadline": "deadline",
  "#participants": "participants",
  "#capacity": "capacity",
  "#units": "units",
};
/** The seat counter's condition for giving one back: still open and before the deadline. */
const STILL_OPEN = "#status = :open AND #deadline > :now";

export const GroupBuyStore = {
  /** AP90 (insert). */
  async insert(groupbuy: GroupBuy.Info): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: groupbuyItem(groupbuy),
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  /** AP90: a group-buy by id, strongly consistent (the seat count is read right after joins). */
  async get(groupbuyId: string): Promise<GroupBuy.Info | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.groupbuy(groupbuyId), ConsistentRead: true }),
    );
    return found.Item ? parseGroupBuy(found.Item) : undefined;
  },

  /**
   * AP91 (join), for one or more people at once: each participation only if that person has none, and the
   * seat counter + people and + units only if every unit asked still fits, while open and before the
   * deadline. One transaction (at most `SEAT_BATCH` people: 100 items with the counter), so each person is
   * seated with their units or not at all, seats never exceed capacity and no one sits twice. Makes one
   * attempt and reports what it met as facts; the domain (seating.ts) decides what to try next.
   */
  async seat(batch: GroupBuy.Participation[], capacity: number, now: Date): Promise<SeatOutcome> {
    const units = batch.reduce((sum, participation) => sum + participation.quantity, 0);
    const groupbuyId = batch[0]?.groupbuyId;
    if (!groupbuyId || batch.length > SEAT_BATCH)
      throw new Error(`A seat batch holds 1-${SEAT_BATCH} people`);
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            ...batch.map((participation) => ({
              Put: {
                TableName: tableName(),
                Item: participationItem(participation),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            })),
            {
              Update: {
                TableName: tableName(),
                Key: keys.groupbuy(groupbuyId),
                // An item from before `units` existed starts from its head count, as it was judged by.
                UpdateExpression:
                  "SET #units = if_not_exists(#units, #participants) + :units ADD #participants :people",
                ConditionExpression: UNITS_FREE,
                ExpressionAttributeNames: SEAT_NAMES,
                ExpressionAttributeValues: {
                  ":people": batch.length,
                  ":units": units,
                  ":capacity": capacity,
                  ":room": capacity - units,
                  ":open": "open",
                  ":now": now.toISOString(),
                },
              },
            },
          ],
        }),
      );
      return { kind: "seated" };
    } catch (error) {
      if (isTransactionConflict(error)) return { kind: "conflict" };
      const failed = failedConditions(error);
      if (!failed?.length) throw error;
      // Reasons come back in the order of the items: index i < batch.length is person i's participation.
      const alreadyJoined = failed.filter((index) => index < batch.length);
      if (alreadyJoined.length) return { kind: "already_joined", indexes: alreadyJoined };
      return { kind: "no_room" };
    }
  },

  /**
   * AP91 (leave): the participation deleted, only if it exists, and the counter -1, only while open and
   * before the deadline. Two concurrent leaves by one person: the second finds no participation, so a
   * seat is freed exactly once.
   */
  async leave(participation: GroupBuy.Participation, now: Date): Promise<void> {
    const { groupbuyId, userId, quantity } = participation;
    try {
      await retryOnConflict(
        () =>
          dynamo().send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Delete: {
                    TableName: tableName(),
                    Key: keys.participation(groupbuyId, userId),
                    // The same participation that was read: its quantity is what goes back.
                    ConditionExpression: "attribute_exists(pk) AND #quantity = :quantity",
                    ExpressionAttributeNames: { "#quantity": "quantity" },
                    ExpressionAttributeValues: { ":quantity": quantity },
                  },
                },
                {
                  Update: {
                    TableName: tableName(),
                    Key: keys.groupbuy(groupbuyId),
                    UpdateExpression:
                      "SET #units = if_not_exists(#units, #participants) - :quantity ADD #participants :minusOne",
                    ConditionExpression: STILL_OPEN,
                    ExpressionAttributeNames: {
                      "#status": "status",
                      "#deadline": "deadline",
                      "#participants": "participants",
                      "#units": "units",
                    },
                    ExpressionAttributeValues: {
                      ":minusOne": -1,
                      ":quantity": quantity,
                      ":open": "open",
                      ":now": now.toISOString(),
                    },
                  },
                },
              ],
            }),
          ),
        LEAVE_ATTEMPTS,
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new GroupBuy.ParticipationNotFoundError();
      if (failed?.includes(1)) throw new GroupBuy.GroupBuyClosedError();
      throw error;
    }
  },

  /**
   * AP92 (settle): the single open → succeeded/failed transition. Conditional on the status still open and
   * the seat count still the one the outcome was decided on; of concurrent settlers exactly one wins, and
   * the losers (or a settler overtaken by a leave) simply read again. A success moves to the ISSUING
   * index until its codes are out; a failure leaves the settle job's index.
   */
  async transition(
    seen: GroupBuy.Info,
    outcome: { status: "succeeded"; settledTier: number } | { status: "failed" },
    now: Date,
  ): Promise<boolean> {
    try {
      await retryOnConflict(() =>
        dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.groupbuy(seen.id),
            UpdateExpression:
              outcome.status === "succeeded"
                ? "SET #status = :status, settledTier = :tier, settledAt = :now, gsi2pk = :issuing, gsi2sk = :id"
                : "SET #status = :status, settledAt = :now REMOVE gsi2pk, gsi2sk",
            ConditionExpression: "#status = :open AND #participants = :seen",
            ExpressionAttributeNames: { "#status": "status", "#participants": "participants" },
            ExpressionAttributeValues: {
              ":status": outcome.status,
              ":open": "open",
              ":seen": seen.participants,
              ":now": now.toISOString(),
              ...(outcome.status === "succeeded"
                ? { ":tier": outcome.settledTier, ":issuing": "GROUPBUYS#ISSUING", ":id": seen.id }
                : {}),
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /**
   * AP93 (issue a code): the code claimed (only if no one holds it) and set on the participation (only if
   * it has none), in one transaction. A taken code is redrawn; a participation that already has a code
   * means another settler issued it, and nothing is written.
   */
  async issueCode(groupbuy: GroupBuy.Info, userId: string, draw: () => string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = draw();
      try {
        await retryOnConflict(() =>
          dynamo().send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName(),
                    Item: {
                      ...keys.code(code),
                      type: "groupbuy_code",
                      groupbuyId: groupbuy.id,
                      brandId: groupbuy.brandId,
                      userId,
                    },
                    ConditionExpression: "attribute_not_exists(pk)",
                  },
                },
                {
                  Update: {
                    TableName: tableName(),
                    Key: keys.participation(groupbuy.id, userId),
                    UpdateExpression: "SET #code = :code",
                    ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#code)",
                    ExpressionAttributeNames: { "#code": "code" },
                    ExpressionAttributeValues: { ":code": code },
                  },
                },
              ],
            }),
          ),
        );
        return;
      } catch (error) {
        const failed = failedConditions(error);
        if (failed?.includes(1)) return;
        if (failed?.includes(0)) continue;
        throw error;
      }
    }
    throw new Error(`Could not draw a free code for ${groupbuy.id}/${userId}`);
  },

  /** AP92: every participant holds a code; the group-buy leaves the settle job's index. */
  async markCodesIssued(groupbuyId: string, now: Date): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.groupbuy(groupbuyId),
        UpdateExpression: "SET codesIssuedAt = if_not_exists(codesIssuedAt, :now) REMOVE gsi2pk, gsi2sk",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":now": now.toISOString() },
      }),
    );
  },

  /** AP94: group-buys the settle job has work on: open ones past their deadline, successes still issuing. */
  async listDue(now: Date): Promise<string[]> {
    const ids: string[] = [];
    for (const query of [
      { pk: "GROUPBUYS#OPEN", condition: "gsi2pk = :pk AND gsi2sk < :now" },
      { pk: "GROUPBUYS#ISSUING", condition: "gsi2pk = :pk" },
    ]) {
      const items = await queryAll({
        TableName: tableName(),
        IndexName: "gsi2",
        KeyConditionExpression: query.condition,
        ExpressionAttributeValues: {
          ":pk": query.pk,
          ...(query.condition.includes(":now") ? { ":now": now.toISOString() } : {}),
        },
      });
      for (const item of items) ids.push(String(item.id));
    }
    return ids;
  },

  /** AP95: one person's participation (consistent: the web reads it right after a join or leave). */
  async getParticipation(groupbuyId: string, userId: string): Promise<GroupBuy.Participation | undefined> {
    const found = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.participation(groupbuyId, userId),
        ConsistentRead: true,
      }),
    );
    return found.Item ? parseParticipation(found.Item) : undefined;
  },

  /** AP96: a user's participations, newest group-buy first, 50 per page (gsi1). */
  listParticipationsOf(userId: string, cursor?: string): Promise<Page<GroupBuy.Participation>> {
    return pagedQuery({
      pattern: "AP96",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `USER#${userId}#GROUPBUYS` },
        ScanIndexForward: false,
      },
      cursor,
      limit: 50,
      parse: parseParticipation,
    });
  },

  /**
   * AP98: a brand's group-buys, newest first (ids sort by time), 50 per page (gsi1). One unreadable item
   * must not take the brand's whole list down: it is logged and left out.
   */
  async listByBrand(brandId: string, cursor?: string): Promise<Page<GroupBuy.Info>> {
    const page = await pagedQuery({
      pattern: "AP98",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `BRAND#${brandId}#GROUPBUYS` },
        ScanIndexForward: false,
      },
      cursor,
      limit: 50,
      parse: parseListedGroupBuy,
    });
    return { ...page, items: page.items.filter((item): item is GroupBuy.Info => item !== undefined) };
  },

  /** AP90: the fields deleting or cancelling needs, without parsing the rest of the item. */
  async getEssentials(groupbuyId: string): Promise<z.infer<typeof Essentials> | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.groupbuy(groupbuyId), ConsistentRead: true }),
    );
    return found.Item ? Essentials.parse(found.Item) : undefined;
  },

  /** AP144 (delete): an open group-buy nobody has joined; a join racing it makes the condition fail. */
  async deleteUnjoined(groupbuyId: string): Promise<boolean> {
    try {
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.groupbuy(groupbuyId),
          ConditionExpression:
            "#status = :open AND (attribute_not_exists(#participants) OR #participants = :zero)",
          ExpressionAttributeNames: { "#status": "status", "#participants": "participants" },
          ExpressionAttributeValues: { ":open": "open", ":zero": 0 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /**
   * AP144 (cancel): open → failed now, out of the settle job's index. A failed group-buy issues no codes and
   * earns nothing, so every participant is released; joins and leaves stop at once (they need `open`).
   */
  async cancel(groupbuyId: string, now: Date): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.groupbuy(groupbuyId),
          UpdateExpression:
            "SET #status = :failed, settledAt = :now, cancelledAt = :now REMOVE gsi2pk, gsi2sk",
          ConditionExpression: "#status = :open",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":failed": "failed", ":open": "open", ":now": now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP97: who holds a group-buy code. */
  async getCode(code: string): Promise<z.infer<typeof CodeClaim> | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.code(code) }));
    return found.Item ? CodeClaim.parse(found.Item) : undefined;
  },

  /**
   * AP310: one page of a group-buy's participants, `limit` at a time from `cursor` (consistent: a settled
   * group-buy's participants are final, and the walk must see every one of them).
   */
  participantsPage(
    groupbuyId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<GroupBuy.Participation>> {
    return pagedQuery({
      pattern: "AP310",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :participant)",
        ExpressionAttributeValues: { ":pk": `GROUPBUY#${groupbuyId}`, ":participant": "PARTICIPANT#" },
        ConsistentRead: true,
      },
      cursor,
      limit,
      parse: parseParticipation,
    });
  },

  /**
   * AP311 (open): the task for (group-buy, key) as stored, written first if there is none. Two openers at
   * once (a redelivered record, the job) both get the one task.
   */
  async openFanout(task: GroupBuy.FanoutTask): Promise<GroupBuy.FanoutTask> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.fanout(task.groupbuyId, task.key),
            gsi2pk: "GROUPBUYS#FANOUT",
            gsi2sk: `${task.startedAt}#${task.groupbuyId}#${task.key}`,
            type: "groupbuy_fanout",
            ...task,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return task;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const found = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.fanout(task.groupbuyId, task.key),
        ConsistentRead: true,
      }),
    );
    if (!found.Item) throw new Error(`Fan-out task ${task.groupbuyId}/${task.key} vanished`);
    return parseFanout(found.Item);
  },

  /**
   * AP311 (checkpoint): the next page starts at `cursor`, only if the task is still where this runner read
   * it; false when another runner moved it on (this one then leaves it to them).
   */
  async checkpointFanout(task: GroupBuy.FanoutTask, cursor: string): Promise<boolean> {
    const { ConditionExpression, seenValues } = atCursor(task.cursor);
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.fanout(task.groupbuyId, task.key),
          UpdateExpression: "SET #cursor = :cursor ADD pages :one",
          ConditionExpression,
          ExpressionAttributeNames: { "#cursor": "cursor" },
          ExpressionAttributeValues: { ":cursor": cursor, ":one": 1, ...seenValues },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP311 (finish): done, out of the open index, kept a while for redeliveries; false if another runner finished it. */
  async finishFanout(task: GroupBuy.FanoutTask, now: Date): Promise<boolean> {
    const { ConditionExpression, seenValues } = atCursor(task.cursor);
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.fanout(task.groupbuyId, task.key),
          UpdateExpression:
            "SET finishedAt = :now, #ttl = :ttl ADD pages :one REMOVE gsi2pk, gsi2sk, #cursor",
          ConditionExpression,
          ExpressionAttributeNames: { "#cursor": "cursor", "#ttl": "ttl" },
          ExpressionAttributeValues: {
            ":now": now.toISOString(),
            ":ttl": Math.floor(now.getTime() / 1000) + FANOUT_KEEP_SECONDS,
            ":one": 1,
            ...seenValues,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP312: unfinished fan-out tasks, oldest first, at most FANOUTS_PER_RUN (gsi2). */
  async listOpenFanouts(): Promise<GroupBuy.FanoutTask[]> {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": "GROUPBUYS#FANOUT" },
        Limit: FANOUTS_PER_RUN,
      }),
    );
    return (page.Items ?? []).map(parseFanout);
  },
};
