import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import {
  batchGet,
  dynamo,
  failedConditions,
  isConditionFailed,
  type Page,
  pagedQuery,
  queryUpTo,
  retryOnConflict,
  tableName,
} from "../dynamo";
import * as BrandDomain from "./schema";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * Key formats (see dynamo/README.md, "Brand domains"):
 * - record `BRAND#<brandId>` / `DOMAIN#<domain>`; gsi1 `CLAIMANTS#<domain>` / `<brandId>` (every brand
 *   listing the domain, AP261); while verified, gsi3 `DOMAINCHECK#<yyyy-mm-dd>` / `<nextCheckAt>#<brandId>#<domain>`
 *   (the re-check job's due buckets, AP264)
 * - claim `DOMAIN#<domain>` / `CLAIM`: the one brand holding the domain verified (AP262, AP263)
 */
const keys = {
  record: (brandId: string, domain: string) => ({ pk: `BRAND#${brandId}`, sk: `DOMAIN#${domain}` }),
  claim: (domain: string) => ({ pk: `DOMAIN#${domain}`, sk: "CLAIM" }),
  claimants: (domain: string) => `CLAIMANTS#${domain}`,
  dueDay: (at: string) => `DOMAINCHECK#${at.slice(0, 10)}`,
};

const parseRecord = (item: Record<string, unknown>) => BrandDomain.Record.parse(item);

function recordItem(record: BrandDomain.Record) {
  return {
    ...keys.record(record.brandId, record.domain),
    gsi1pk: keys.claimants(record.domain),
    gsi1sk: record.brandId,
    ...(record.state === "verified" && record.nextCheckAt
      ? {
          gsi3pk: keys.dueDay(record.nextCheckAt),
          gsi3sk: `${record.nextCheckAt}#${record.brandId}#${record.domain}`,
        }
      : {}),
    type: "brand_domain",
    ...record,
  };
}

/** The claim may be taken by `brandId`: nobody holds it, or it already does. */
const claimFree = "attribute_not_exists(pk) OR brandId = :brandId";

/** Writes that ride in a brand's own create or update transaction, and what their failed conditions mean. */
export interface DomainWrites {
  items: TransactItem[];
  /** The domain error for the failed conditions (indexes into `items`), if one of them is ours. */
  explain(failed: number[]): Error | undefined;
}

export const BrandDomainStore = {
  /** AP260: one record, read consistently (what verify and the brand update act on). */
  async get(brandId: string, domain: string): Promise<BrandDomain.Record | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.record(brandId, domain), ConsistentRead: true }),
    );
    return found.Item ? parseRecord(found.Item) : undefined;
  },

  /** AP260: the records of some of a brand's domains (at most its 20 active ones), by key. */
  async getMany(brandId: string, domains: string[]): Promise<BrandDomain.Record[]> {
    const items = await batchGet(
      domains.map((domain) => keys.record(brandId, domain)),
      { consistent: true },
    );
    return items.map(parseRecord);
  },

  /** AP260: a brand's domain records (active and lost), by domain name, 100 a page. */
  list(brandId: string, cursor?: string): Promise<Page<BrandDomain.Record>> {
    return pagedQuery({
      pattern: "AP260",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :domain)",
        ExpressionAttributeValues: { ":pk": `BRAND#${brandId}`, ":domain": "DOMAIN#" },
        ConsistentRead: true,
      },
      cursor,
      limit: 100,
      parse: parseRecord,
    });
  },

  /** AP260 (backfill): a record for a domain a brand listed before verification existed; never overwrites. */
  async insertIfAbsent(record: BrandDomain.Record): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: recordItem(record),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },

  /** AP261: the brands listing a domain (gsi1, eventually consistent), at most 1 000. */
  async claimants(domain: string): Promise<BrandDomain.Record[]> {
    const { items } = await queryUpTo(
      {
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.claimants(domain) },
      },
      1000,
    );
    return items.map(parseRecord);
  },

  /** AP262: the verified claims on some domains (attribution: at most a brand's 20), by key. */
  async claims(domains: string[]): Promise<BrandDomain.Claim[]> {
    const items = await batchGet(domains.map(keys.claim));
    return items.map((item) => BrandDomain.Claim.parse(item));
  },

  /**
   * AP266: what adding and removing domains writes, inside the brand's own transaction. An added domain
   * gets a fresh record (over a `lost` one, never over a live one) and a check that no other brand holds
   * its claim; a removed one loses its record, and its claim if this brand held it verified.
   */
  changeWrites(brandId: string, added: BrandDomain.Record[], removed: BrandDomain.Record[]): DomainWrites {
    const items: TransactItem[] = [];
    const checks = new Map<number, string>();
    for (const record of added) {
      items.push({
        Put: {
          TableName: tableName(),
          Item: recordItem(record),
          ConditionExpression: "attribute_not_exists(pk) OR #state = :lost",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":lost": "lost" },
        },
      });
      checks.set(items.length, record.domain);
      items.push({
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.claim(record.domain),
          ConditionExpression: claimFree,
          ExpressionAttributeValues: { ":brandId": brandId },
        },
      });
    }
    for (const record of removed) {
      items.push({ Delete: { TableName: tableName(), Key: keys.record(brandId, record.domain) } });
      if (record.state === "verified")
        items.push({
          Delete: {
            TableName: tableName(),
            Key: keys.claim(record.domain),
            ConditionExpression: "brandId = :brandId",
            ExpressionAttributeValues: { ":brandId": brandId },
          },
        });
    }
    return {
      items,
      explain(failed) {
        const taken = failed.map((index) => checks.get(index)).find(Boolean);
        return taken ? new BrandDomain.DomainVerifiedElsewhereError(taken) : undefined;
      },
    };
  },

  /**
   * AP263: the brand takes the domain's one claim (if nobody holds it, or it already does) and its record
   * becomes verified (if it is still listed: not removed, not lost), in one transaction. Of two brands
   * verifying at once exactly one wins; the other fails the claim's condition.
   */
  async verify(
    record: BrandDomain.Record,
    method: BrandDomain.Method,
    at: string,
    nextCheckAt: string,
  ): Promise<BrandDomain.Record> {
    const next: BrandDomain.Record = {
      ...record,
      state: "verified",
      method,
      verifiedAt: record.state === "verified" ? (record.verifiedAt ?? at) : at,
      lastCheckedAt: at,
      lastError: undefined,
      failures: 0,
      nextCheckAt,
    };
    try {
      await retryOnConflict(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName(),
                  Item: {
                    ...keys.claim(record.domain),
                    type: "domain_claim",
                    domain: record.domain,
                    brandId: record.brandId,
                    verifiedAt: next.verifiedAt,
                  },
                  ConditionExpression: claimFree,
                  ExpressionAttributeValues: { ":brandId": record.brandId },
                },
              },
              {
                Put: {
                  TableName: tableName(),
                  Item: recordItem(next),
                  ConditionExpression: "attribute_exists(pk) AND #state <> :lost",
                  ExpressionAttributeNames: { "#state": "state" },
                  ExpressionAttributeValues: { ":lost": "lost" },
                },
              },
            ],
          }),
        ),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new BrandDomain.DomainVerifiedElsewhereError(record.domain);
      if (failed?.includes(1)) throw new BrandDomain.DomainNotFoundError();
      throw error;
    }
    return next;
  },

  /**
   * AP266: a check's outcome that changes no claim: a pass that keeps a verified domain verified (next
   * re-check), or a failure that leaves it where it was (pending, or verified within its grace). Only if
   * the record is still in the state it was read in, so a concurrent verify or removal wins (answers false).
   */
  async recordCheck(before: BrandDomain.Record, next: BrandDomain.Record): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: recordItem(next),
          ConditionExpression: "#state = :state",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":state": before.state },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /**
   * AP266 (demote): a verified domain out of grace goes back to pending and gives up its claim (so the
   * brand that proves it next may take it), together; only if this brand still holds both.
   */
  async demote(next: BrandDomain.Record): Promise<void> {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: recordItem(next),
              ConditionExpression: "#state = :verified",
              ExpressionAttributeNames: { "#state": "state" },
              ExpressionAttributeValues: { ":verified": "verified" },
            },
          },
          {
            Delete: {
              TableName: tableName(),
              Key: keys.claim(next.domain),
              ConditionExpression: "brandId = :brandId",
              ExpressionAttributeValues: { ":brandId": next.brandId },
            },
          },
        ],
      }),
    );
  },

  /**
   * AP265: a brand loses a domain another brand verified: its record becomes `lost` (if it was not verified
   * by it) and the domain leaves its active list, in one transaction with `brandWrite` (the brand item's
   * conditional update, brand.dynamo.ts). Answers false when the brand changed meanwhile (read and retry).
   */
  async lose(record: BrandDomain.Record, at: string, brandWrite: TransactItem): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.record(record.brandId, record.domain),
                UpdateExpression: "SET #state = :lost, lastCheckedAt = :at, lastError = :why",
                ConditionExpression: "#state IN (:unverified, :pending)",
                ExpressionAttributeNames: { "#state": "state" },
                ExpressionAttributeValues: {
                  ":lost": "lost",
                  ":at": at,
                  ":why": "Another brand verified this domain",
                  ":unverified": "unverified",
                  ":pending": "pending",
                },
              },
            },
            brandWrite,
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.length) return false;
      throw error;
    }
  },

  /** AP264: verified domains due for a re-check in one day's bucket, by `at` (gsi3, sparse), 100 a page. */
  due(day: string, at: string, cursor?: string): Promise<Page<BrandDomain.Record>> {
    return pagedQuery({
      pattern: "AP264",
      input: {
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND gsi3sk <= :at",
        ExpressionAttributeValues: { ":pk": keys.dueDay(day), ":at": `${at}#~` },
      },
      cursor,
      limit: 100,
      parse: parseRecord,
    });
  },
};
