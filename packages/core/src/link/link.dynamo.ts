import { createHash } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, failedConditions, isConditionFailed, type Page, pagedQuery, tableName } from "../dynamo";
import { backoffDelay, sleep } from "../util/retry";
import * as Link from "./schema";
import { linkKey } from "./target.dynamo";

/** What makes two links "the same": creator, normalised destination and guide. */
export interface LinkIdentity {
  creatorId: string;
  url: string;
  guideId: string | undefined;
}

/**
 * Key formats (see dynamo/README.md):
 * - link: `LINK#<code>` / `LINK`, listed per creator on gsi1 `CREATOR#<creatorId>#LINKS` / `<createdAt>#<code>`.
 * - identity claim: `LINKID#<sha256(creator, url, guide)>` / `LINKID` → `code`; makes (creator, url, guide) unique.
 */
const keys = {
  link: linkKey,
  byCreator: (creatorId: string, createdAt: string, code: string) => ({
    gsi1pk: `CREATOR#${creatorId}#LINKS`,
    gsi1sk: `${createdAt}#${code}`,
  }),
  identity: ({ creatorId, url, guideId }: LinkIdentity) => ({
    pk: `LINKID#${createHash("sha256")
      .update(JSON.stringify([creatorId, url, guideId ?? null]))
      .digest("base64url")}`,
    sk: "LINKID",
  }),
};

let storedLink: ReturnType<typeof Link.Info.omit<{ shortUrl: true; displayHost: true }>> | undefined;
// Built on first use: this file and ./index import each other.
const StoredLink = () => (storedLink ??= Link.Info.omit({ shortUrl: true, displayHost: true }));

function toLink(item: Record<string, unknown>): Link.Info {
  const stored = StoredLink().parse(item);
  return { ...stored, shortUrl: Link.shortUrl(stored.code), displayHost: Link.destinationHost(stored.url) };
}

// Both puts claim a key that must not exist yet: the code (random, may collide) and the identity.
const notExists = "attribute_not_exists(pk)";

export type InsertOutcome = "inserted" | "code_taken" | "identity_taken" | "conflict";

export const LinkStore = {
  /** AP20 (insert) + AP22 (identity claim), all or nothing. */
  async insert(link: Link.Info, identity: LinkIdentity): Promise<InsertOutcome> {
    const { shortUrl: _derived, displayHost: _shown, ...stored } = link;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.link(link.code),
                  ...keys.byCreator(link.creatorId, link.createdAt, link.code),
                  type: "link",
                  ...stored,
                },
                ConditionExpression: notExists,
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.identity(identity), type: "link_identity", code: link.code },
                ConditionExpression: notExists,
              },
            },
          ],
        }),
      );
      return "inserted";
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(1)) return "identity_taken";
      if (failed?.includes(0)) return "code_taken";
      // Another transaction on the same identity was in flight: the caller reads again and retries.
      if (error instanceof TransactionCanceledException) {
        await sleep(5 + backoffDelay(1, { baseMs: 25, capMs: 25 }));
        return "conflict";
      }
      throw error;
    }
  },

  /** AP20: a link by code. */
  async get(code: string): Promise<Link.Info | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.link(code) }));
    return found.Item ? toLink(found.Item) : undefined;
  },

  /** AP22: the link a creator already has for this URL and guide, read strongly after a lost race. */
  async findByIdentity(identity: LinkIdentity): Promise<Link.Info | undefined> {
    const claim = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.identity(identity), ConsistentRead: true }),
    );
    const code = claim.Item?.code;
    if (typeof code !== "string") return undefined;
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.link(code), ConsistentRead: true }),
    );
    return found.Item ? toLink(found.Item) : undefined;
  },

  /** AP21: a creator's links, newest first, a page at a time (the creator's list, 50; sweeps, 100). */
  pageByCreator(creatorId: string, cursor: string | undefined, limit = 100): Promise<Page<Link.Info>> {
    return pagedQuery({
      pattern: "AP21",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `CREATOR#${creatorId}#LINKS` },
        ScanIndexForward: false,
      },
      cursor,
      limit,
      parse: toLink,
    });
  },

  /**
   * AP259: the platform's switch on a link (`disabledReason`), apart from the creator's own `disabled`. Set
   * only on an existing link; removed only while it still holds `onlyReason`, so lifting a suspension never
   * clears a reason it did not set.
   */
  async setDisabledReason(
    code: string,
    reason: "account_suspended" | null,
    onlyReason: "account_suspended",
  ): Promise<void> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.link(code),
          ...(reason
            ? {
                UpdateExpression: "SET disabledReason = :reason",
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeValues: { ":reason": reason },
              }
            : {
                UpdateExpression: "REMOVE disabledReason",
                ConditionExpression: "disabledReason = :only",
                ExpressionAttributeValues: { ":only": onlyReason },
              }),
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // gone, or not ours to clear
    }
  },

  /** AP20: enable/disable and UTM changes on an existing link (never creates one). */
  async update(
    code: string,
    changes: { disabled?: boolean | undefined; utm?: Link.Utm | null | undefined },
    updatedAt: string,
  ): Promise<Link.Info> {
    const set = ["updatedAt = :updatedAt"];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ":updatedAt": updatedAt };
    if (changes.disabled !== undefined) {
      set.push("disabled = :disabled");
      values[":disabled"] = changes.disabled;
    }
    // An empty map is removed, not stored: see Link.storedUtm.
    if (changes.utm === null || (changes.utm && Object.keys(changes.utm).length === 0)) remove.push("utm");
    else if (changes.utm !== undefined) {
      set.push("utm = :utm");
      values[":utm"] = changes.utm;
    }
    try {
      const updated = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.link(code),
          UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
          // Never let an update create a half link.
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return toLink(updated.Attributes ?? {});
    } catch (error) {
      if (isConditionFailed(error)) throw new Link.LinkNotFoundError();
      throw error;
    }
  },
};
