import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, isConditionFailed, type Page, pagedQuery, queryAll, tableName } from "../dynamo";
import { Info, type Report, type Status } from "./schema";

/**
 * Key formats (see dynamo/README.md, "Parked failures"):
 * - failure `FAILURE#<failureId>` / `FAILURE`; the id is derived from (source, itemKey), so a redelivered
 *   record or a job item failing run after run always lands on the same item.
 *   gsi1 (parked only) `FAILURES#PARKED` / `<parkedAt>#<failureId>`: the admins' list, newest first.
 *   gsi2 (job items, until resolved) `FAILURES#<source>` / `<itemKey>`: what a job run must skip or clear.
 */
const key = (failureId: string) => ({ pk: `FAILURE#${failureId}`, sk: "FAILURE" });
const PARKED = "FAILURES#PARKED";
const DAY_SECONDS = 86_400;
/** A record that failed and then went through is never seen again by the stream path: let it expire. */
const RETRYING_TTL_DAYS = 7;
/** Resolved and dismissed stream failures stay visible for a month. */
const CLOSED_TTL_DAYS = 30;

const ttlAfter = (now: Date, days: number) => Math.floor(now.getTime() / 1000) + days * DAY_SECONDS;
const isJob = (source: string) => source.startsWith("job:");

const toInfo = (item: Record<string, unknown>) => Info.parse(item);

export const FailureStore = {
  /**
   * AP140 (count an attempt): one more failed attempt on the (source, itemKey) failure, created on the first.
   * Only while it is retrying (or replaying, or resolved and failing afresh); a parked or dismissed one is
   * left as it is and answered unchanged, so a parked record redelivered with its batch is not re-counted.
   */
  async countAttempt(failureId: string, report: Report, now: Date): Promise<Info> {
    const values: Record<string, unknown> = {
      ":type": "failure",
      ":id": failureId,
      ":source": report.source,
      ":consumer": report.consumer,
      ":itemKey": report.itemKey,
      ":error": report.error.slice(0, 2000),
      ":now": now.toISOString(),
      ":retrying": "retrying",
      ":replaying": "replaying",
      ":resolved": "resolved",
      ":one": 1,
      ":ttl": ttlAfter(now, RETRYING_TTL_DAYS),
    };
    const set = [
      "#type = :type",
      "id = :id",
      "#source = :source",
      "consumer = :consumer",
      "itemKey = :itemKey",
      "#error = :error",
      "lastFailedAt = :now",
      "firstFailedAt = if_not_exists(firstFailedAt, :now)",
      // A resolved failure that fails again starts retrying again; replaying stays replaying.
      "#status = if_not_exists(#status, :retrying)",
      "#ttl = :ttl",
    ];
    const optional = {
      eventId: report.eventId,
      sequenceNumber: report.sequenceNumber,
      keys: report.keys,
      record: report.record,
    };
    for (const [name, value] of Object.entries(optional)) {
      if (value === undefined) continue;
      set.push(`#${name} = :${name}`);
      values[`:${name}`] = value;
    }
    if (isJob(report.source)) {
      set.push("gsi2pk = :jobPk", "gsi2sk = :itemKey");
      values[":jobPk"] = `FAILURES#${report.source}`;
    }
    try {
      const updated = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key(failureId),
          UpdateExpression: `SET ${set.join(", ")} ADD attempts :one`,
          ConditionExpression: "attribute_not_exists(pk) OR #status IN (:retrying, :replaying, :resolved)",
          ExpressionAttributeNames: {
            "#type": "type",
            "#source": "source",
            "#error": "error",
            "#status": "status",
            "#ttl": "ttl",
            ...Object.fromEntries(
              Object.entries(optional)
                .filter(([, value]) => value !== undefined)
                .map(([name]) => [`#${name}`, name]),
            ),
          },
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      const info = toInfo(updated.Attributes ?? {});
      // A resolved failure failing afresh: back to retrying with this as its first attempt.
      if (info.status === "resolved") return FailureStore.restart(failureId, now);
      return info;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const current = await FailureStore.get(failureId);
      if (!current) throw error;
      return current;
    }
  },

  /** AP140: a resolved failure that failed again counts from one. */
  async restart(failureId: string, now: Date): Promise<Info> {
    const updated = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(failureId),
        UpdateExpression: "SET #status = :retrying, attempts = :one, firstFailedAt = :now REMOVE resolvedAt",
        ConditionExpression: "#status = :resolved",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":retrying": "retrying",
          ":resolved": "resolved",
          ":one": 1,
          ":now": now.toISOString(),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return toInfo(updated.Attributes ?? {});
  },

  /** AP140 (park): into the admins' list; no expiry while parked. */
  async park(failureId: string, now: Date): Promise<Info> {
    const parkedAt = now.toISOString();
    const updated = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(failureId),
        UpdateExpression: "SET #status = :parked, parkedAt = :at, gsi1pk = :pk, gsi1sk = :sk REMOVE #ttl",
        ConditionExpression: "#status IN (:retrying, :replaying)",
        ExpressionAttributeNames: { "#status": "status", "#ttl": "ttl" },
        ExpressionAttributeValues: {
          ":parked": "parked",
          ":retrying": "retrying",
          ":replaying": "replaying",
          ":at": parkedAt,
          ":pk": PARKED,
          ":sk": `${parkedAt}#${failureId}`,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return toInfo(updated.Attributes ?? {});
  },

  /** AP140 (a failed replay): one more attempt on a parked failure, which stays parked. */
  async countReplay(failureId: string, error: string, now: Date): Promise<Info | undefined> {
    try {
      const updated = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key(failureId),
          UpdateExpression: "SET #error = :error, lastFailedAt = :now ADD attempts :one",
          ConditionExpression: "#status = :parked",
          ExpressionAttributeNames: { "#status": "status", "#error": "error" },
          ExpressionAttributeValues: {
            ":error": error.slice(0, 2000),
            ":now": now.toISOString(),
            ":one": 1,
            ":parked": "parked",
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return toInfo(updated.Attributes ?? {});
    } catch (failure) {
      if (isConditionFailed(failure)) return undefined;
      throw failure;
    }
  },

  /** AP143: one failure by id (consistent: admins act on what they just listed). */
  async get(failureId: string): Promise<Info | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: key(failureId), ConsistentRead: true }),
    );
    return found.Item ? toInfo(found.Item) : undefined;
  },

  /** AP141: parked failures, newest first, 50 a page. */
  listParked(cursor: string | undefined): Promise<Page<Info>> {
    return pagedQuery({
      pattern: "AP141",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": PARKED },
        ScanIndexForward: false,
      },
      cursor,
      limit: 50,
      parse: toInfo,
    });
  },

  /** AP142: a job's unresolved failures by item key (retrying, parked, replaying, dismissed). */
  async openOfJob(source: string): Promise<Map<string, Status>> {
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": `FAILURES#${source}` },
    });
    return new Map(items.map((item) => [String(item.itemKey), String(item.status) as Status]));
  },

  /**
   * AP143 (close or requeue), conditional on the status the caller saw (`from`), so two admins acting at once
   * (or an admin and a job run) cannot both win:
   * - resolved: out of both indexes, expires in a month;
   * - dismissed: out of the admins' list; a job item stays in gsi2 so its job keeps skipping it;
   * - replaying (job items): out of the admins' list, attempts back to zero, taken by the job's next run.
   */
  async settle(failure: Info, from: Status[], to: "resolved" | "dismissed" | "replaying", now: Date) {
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, unknown> = {
      ":to": to,
      ...Object.fromEntries(from.map((status, index) => [`:from${index}`, status])),
    };
    const set = ["#status = :to"];
    const remove = ["gsi1pk", "gsi1sk"];
    if (to === "replaying") {
      set.push("attempts = :zero");
      values[":zero"] = 0;
    } else {
      set.push("resolvedAt = :now");
      values[":now"] = now.toISOString();
    }
    if (to === "resolved" || (to === "dismissed" && !isJob(failure.source))) {
      set.push("#ttl = :ttl");
      names["#ttl"] = "ttl";
      values[":ttl"] = ttlAfter(now, CLOSED_TTL_DAYS);
    }
    if (to === "resolved") remove.push("gsi2pk", "gsi2sk");
    try {
      const updated = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key(failure.id),
          UpdateExpression: `SET ${set.join(", ")} REMOVE ${remove.join(", ")}`,
          ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(", ")})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return toInfo(updated.Attributes ?? {});
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  },
};
