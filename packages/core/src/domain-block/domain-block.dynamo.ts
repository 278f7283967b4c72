import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { TransactWriteItem } from "../audit";
import { failedConditions, type Page, pagedQuery, tableName } from "../dynamo";
import { dynamo } from "../dynamo/client";
import { blocklistKey } from "./blocklist";
import {
  Block,
  DomainAlreadyBlockedError,
  DomainBlockNotFoundError,
  MAX_BLOCKED,
  TooManyBlockedDomainsError,
} from "./schema";

/**
 * Key formats (see dynamo/README.md, "Blocked domains"):
 * - one item per block: `DOMAINBLOCK` / `<domain>` (reason, who, when): the admins' paged list.
 * - the blocklist: `DOMAINBLOCKS` / `SET`, `domains` a string set of every blocked domain: what the redirect
 *   reads (one GetItem per process per minute). Both are written in one transaction, so they never disagree.
 */
const BLOCKS = "DOMAINBLOCK";
const blockKey = (domain: string) => ({ pk: BLOCKS, sk: domain });

const Stored = Block.extend({ pk: z.string(), sk: z.string() }).transform(
  ({ pk: _pk, sk: _sk, ...block }) => block,
);

export const DomainBlockStore = {
  /**
   * AP267 (block): the block item (if absent), the domain added to the blocklist set (while it holds fewer
   * than MAX_BLOCKED) and the audit entry, all or nothing.
   */
  async block(block: Block, audit: TransactWriteItem): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...blockKey(block.domain), type: "domain_block", ...block },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: blocklistKey,
                UpdateExpression: "ADD domains :domain SET #type = :type",
                ConditionExpression: "attribute_not_exists(domains) OR size(domains) < :max",
                ExpressionAttributeNames: { "#type": "type" },
                ExpressionAttributeValues: {
                  ":domain": new Set([block.domain]),
                  ":type": "domain_blocklist",
                  ":max": MAX_BLOCKED,
                },
              },
            },
            audit,
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new DomainAlreadyBlockedError();
      if (failed?.includes(1)) throw new TooManyBlockedDomainsError();
      throw error;
    }
  },

  /** AP267 (unblock): the block item deleted (if present), the domain out of the set, the audit entry. */
  async unblock(domain: string, audit: TransactWriteItem): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: tableName(),
                Key: blockKey(domain),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: blocklistKey,
                UpdateExpression: "DELETE domains :domain",
                ExpressionAttributeValues: { ":domain": new Set([domain]) },
              },
            },
            audit,
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) throw new DomainBlockNotFoundError();
      throw error;
    }
  },

  /** AP268: blocked domains in name order, 50 a page (pagedQuery). */
  list(cursor: string | undefined): Promise<Page<Block>> {
    return pagedQuery({
      pattern: "AP268",
      input: { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": BLOCKS } },
      cursor,
      limit: 50,
      parse: (item) => Stored.parse(item),
    });
  },
};
