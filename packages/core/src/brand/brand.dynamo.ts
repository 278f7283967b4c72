import { createHash } from "node:crypto";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { TransactWriteItem } from "../audit";
import type { DomainWrites, TransactItem } from "../brand-domain/brand-domain.dynamo";
import {
  dynamo,
  failedConditions,
  isConditionFailed,
  type Page,
  pagedQuery,
  queryUpTo,
  tableName,
} from "../dynamo";
import * as Brand from "./schema";

/**
 * Key formats (see dynamo/README.md, "Brands, campaigns and conversions"):
 * - brand `BRAND#<brandId>` / `BRAND`
 * - member `BRAND#<brandId>` / `MEMBER#<userId>`, and on gsi1 `USER#<userId>#BRANDS` / `<brandId>`
 * - product `BRAND#<brandId>` / `PRODUCT#<productId>`, with a SKU claim `BRAND#<brandId>` / `SKU#<sku>` and,
 *   when it names its Shopify ids, a variant claim `BRAND#<brandId>` / `SHOPIFY#<productId>#<variantId>`
 * - invitation `BRAND#<brandId>` / `INVITE#<invitationId>`, and on gsi1 `INVITEE#<sha256(email)>` /
 *   `<invitationId>` (AP130–AP134)
 */
const keys = {
  brand: (brandId: string) => ({ pk: `BRAND#${brandId}`, sk: "BRAND" }),
  member: (brandId: string, userId: string) => ({ pk: `BRAND#${brandId}`, sk: `MEMBER#${userId}` }),
  membershipOf: (userId: string, brandId: string) => ({ gsi1pk: `USER#${userId}#BRANDS`, gsi1sk: brandId }),
  product: (brandId: string, productId: string) => ({ pk: `BRAND#${brandId}`, sk: `PRODUCT#${productId}` }),
  sku: (brandId: string, sku: string) => ({ pk: `BRAND#${brandId}`, sk: `SKU#${sku}` }),
  shopify: (brandId: string, productId: string, variantId: string) => ({
    pk: `BRAND#${brandId}`,
    sk: `SHOPIFY#${productId}#${variantId}`,
  }),
  invitation: (brandId: string, invitationId: string) => ({
    pk: `BRAND#${brandId}`,
    sk: `INVITE#${invitationId}`,
  }),
  invitee: (email: string) => `INVITEE#${createHash("sha256").update(email).digest("hex")}`,
};

/** Closed invitations stay readable for 30 days after they expire, then DynamoDB's TTL removes them. */
const INVITATION_KEEP_SECONDS = 30 * 86_400;

function invitationItem(invitation: Brand.Invitation, tokenHash: string) {
  return {
    ...keys.invitation(invitation.brandId, invitation.id),
    gsi1pk: keys.invitee(invitation.email),
    gsi1sk: invitation.id,
    type: "brand_invitation",
    ...invitation,
    tokenHash,
    ttl: Math.floor(new Date(invitation.expiresAt).getTime() / 1000) + INVITATION_KEEP_SECONDS,
  };
}

const parseInvitation = (item: Record<string, unknown>) => Brand.Invitation.parse(item);

const notExists = "attribute_not_exists(pk)";
const SkuClaim = z.object({ productId: z.string() });

function memberItem(member: Brand.Member) {
  return {
    ...keys.member(member.brandId, member.userId),
    ...keys.membershipOf(member.userId, member.brandId),
    type: "brand_member",
    ...member,
  };
}

export const BrandStore = {
  /** AP41 (insert): the brand, its owner's membership and its domains' records (AP266), together. */
  async insert(brand: Brand.Info, owner: Brand.Member, domains: DomainWrites): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.brand(brand.id), type: "brand", ...brand },
                ConditionExpression: notExists,
              },
            },
            { Put: { TableName: tableName(), Item: memberItem(owner), ConditionExpression: notExists } },
            ...domains.items,
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      throw (failed && domains.explain(failed.map((index) => index - 2))) ?? error;
    }
  },

  /** AP41: a brand by id. */
  async get(brandId: string): Promise<Brand.Info | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.brand(brandId) }));
    return found.Item ? Brand.Info.parse(found.Item) : undefined;
  },

  /**
   * AP41 (update): the brand exists, so overwrite it whole; with changed domains, their records' writes
   * (AP266) ride in the same transaction.
   */
  async put(brand: Brand.Info, domains?: DomainWrites): Promise<void> {
    const put = {
      TableName: tableName(),
      Item: { ...keys.brand(brand.id), type: "brand", ...brand },
      ConditionExpression: "attribute_exists(pk)",
    };
    if (!domains?.items.length) {
      await dynamo().send(new PutCommand(put));
      return;
    }
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...domains.items] }));
    } catch (error) {
      const failed = failedConditions(error);
      throw (failed && domains.explain(failed.map((index) => index - 1))) ?? error;
    }
  },

  /**
   * AP265 (the brand's half): its active domains become `domains`, only if the brand is as read
   * (`updatedAt`), for the transaction that marks a domain lost.
   */
  domainsWrite(brand: Brand.Info, domains: string[], at: string): TransactItem {
    return {
      Update: {
        TableName: tableName(),
        Key: keys.brand(brand.id),
        UpdateExpression: "SET domains = :domains, updatedAt = :at",
        ConditionExpression: "updatedAt = :read",
        ExpressionAttributeValues: { ":domains": domains, ":at": at, ":read": brand.updatedAt },
      },
    };
  },

  /**
   * AP254 (brand): sets the verified badge, with the audit entry's Put in the same transaction. Only an
   * existing brand.
   */
  async setVerified(brandId: string, verified: boolean, at: string, audit: TransactWriteItem): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.brand(brandId),
                UpdateExpression: "SET verified = :verified, updatedAt = :at",
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeValues: { ":verified": verified, ":at": at },
              },
            },
            audit,
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(0)) throw new Brand.BrandNotFoundError();
      throw error;
    }
  },

  /** AP42: one membership (the access check on every brand route). */
  async getMember(brandId: string, userId: string): Promise<Brand.Member | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.member(brandId, userId) }),
    );
    return found.Item ? Brand.Member.parse(found.Item) : undefined;
  },

  /** AP42 (insert): a new member; an existing membership is a conflict, never silently changed. */
  async insertMember(member: Brand.Member): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({ TableName: tableName(), Item: memberItem(member), ConditionExpression: notExists }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new Brand.AlreadyMemberError();
      throw error;
    }
  },

  /** AP43: a brand's members. */
  async listMembers(brandId: string): Promise<Brand.Member[]> {
    const found = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :member)",
        ExpressionAttributeValues: { ":pk": `BRAND#${brandId}`, ":member": "MEMBER#" },
      }),
    );
    return (found.Items ?? []).map((item) => Brand.Member.parse(item));
  },

  /**
   * AP334 (account erasure): deletes a membership. With `keeper`, another owner or admin of the brand, the
   * same transaction checks the keeper still is one, so two admins deleting their accounts at once cannot
   * both go and leave the brand with none: answers false then (the caller reads the members again).
   */
  async removeMember(member: Brand.Member, keeper: Brand.Member | undefined): Promise<boolean> {
    const remove = { Delete: { TableName: tableName(), Key: keys.member(member.brandId, member.userId) } };
    if (!keeper) {
      await dynamo().send(new TransactWriteCommand({ TransactItems: [remove] }));
      return true;
    }
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            remove,
            {
              ConditionCheck: {
                TableName: tableName(),
                Key: keys.member(keeper.brandId, keeper.userId),
                // Still a member who may manage the brand (an owner or admin).
                ConditionExpression: "attribute_exists(pk) AND #role IN (:owner, :admin)",
                ExpressionAttributeNames: { "#role": "role" },
                ExpressionAttributeValues: { ":owner": "owner", ":admin": "admin" },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.includes(1)) return false;
      throw error;
    }
  },

  /** AP44: the brands a user belongs to (gsi1). */
  async listMembershipsOf(userId: string): Promise<Brand.Member[]> {
    const found = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `USER#${userId}#BRANDS` },
      }),
    );
    return (found.Items ?? []).map((item) => Brand.Member.parse(item));
  },

  /** AP45 (insert): a product and its SKU claim; the claim makes the SKU unique within the brand. */
  async insertProduct(product: Brand.Product): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.product(product.brandId, product.id), type: "product", ...product },
                ConditionExpression: notExists,
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.sku(product.brandId, product.sku), type: "sku_claim", productId: product.id },
                ConditionExpression: notExists,
              },
            },
            ...(product.shopify
              ? [
                  {
                    Put: {
                      TableName: tableName(),
                      Item: {
                        ...keys.shopify(
                          product.brandId,
                          product.shopify.productId,
                          product.shopify.variantId,
                        ),
                        type: "shopify_variant_claim",
                        productId: product.id,
                      },
                      ConditionExpression: notExists,
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.includes(1)) throw new Brand.SkuTakenError(product.sku);
      if (product.shopify && failedConditions(error)?.includes(2))
        throw new Brand.ShopifyVariantTakenError(product.shopify.variantId);
      throw error;
    }
  },

  /** AP45 (update): the SKU never changes, so the claim stays as it is. */
  async putProduct(product: Brand.Product): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.product(product.brandId, product.id), type: "product", ...product },
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
  },

  /** AP45: a product by id. */
  async getProduct(brandId: string, productId: string): Promise<Brand.Product | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.product(brandId, productId) }),
    );
    return found.Item ? Brand.Product.parse(found.Item) : undefined;
  },

  /** AP46: a product by SKU, through its claim. */
  async getProductBySku(brandId: string, sku: string): Promise<Brand.Product | undefined> {
    const claim = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.sku(brandId, sku) }),
    );
    return claim.Item ? BrandStore.getProduct(brandId, SkuClaim.parse(claim.Item).productId) : undefined;
  },

  /** AP164: a product by the Shopify product and variant it is sold as, through its claim. */
  async getProductByShopify(
    brandId: string,
    productId: string,
    variantId: string,
  ): Promise<Brand.Product | undefined> {
    const claim = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.shopify(brandId, productId, variantId) }),
    );
    return claim.Item ? BrandStore.getProduct(brandId, SkuClaim.parse(claim.Item).productId) : undefined;
  },

  /** AP47: a brand's catalogue, 100 per page, oldest first. */
  listProducts(brandId: string, cursor?: string): Promise<Page<Brand.Product>> {
    return pagedQuery({
      pattern: "AP47",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :product)",
        ExpressionAttributeValues: { ":pk": `BRAND#${brandId}`, ":product": "PRODUCT#" },
      },
      cursor,
      limit: 100,
      parse: (item) => Brand.Product.parse(item),
    });
  },

  /** AP130 (insert): a new pending invitation with its token's hash (never the token). */
  async insertInvitation(invitation: Brand.Invitation, tokenHash: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: invitationItem(invitation, tokenHash),
        ConditionExpression: notExists,
      }),
    );
  },

  /** AP131: one invitation, read consistently (the state that accept, decline and revoke act on). */
  async getInvitation(brandId: string, invitationId: string): Promise<Brand.Invitation | undefined> {
    const found = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.invitation(brandId, invitationId),
        ConsistentRead: true,
      }),
    );
    return found.Item ? parseInvitation(found.Item) : undefined;
  },

  /** AP132: a brand's invitations, newest first (ids sort by time), 100 a page. */
  listInvitations(brandId: string, cursor?: string): Promise<Page<Brand.Invitation>> {
    return pagedQuery({
      pattern: "AP132",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :invite)",
        ExpressionAttributeValues: { ":pk": `BRAND#${brandId}`, ":invite": "INVITE#" },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      cursor,
      limit: 100,
      parse: parseInvitation,
    });
  },

  /** AP133: the invitations addressed to one email (gsi1, by the email's hash), newest first, 100 a page. */
  listInvitationsFor(email: string, cursor?: string): Promise<Page<Brand.Invitation>> {
    return pagedQuery({
      pattern: "AP133",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.invitee(email) },
        ScanIndexForward: false,
      },
      cursor,
      limit: 100,
      parse: parseInvitation,
    });
  },

  /** AP133 (one): an invitation addressed to `email`, by its id, however many the address has. */
  async findInvitationFor(email: string, invitationId: string): Promise<Brand.Invitation | undefined> {
    const { items } = await queryUpTo(
      {
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk = :id",
        ExpressionAttributeValues: { ":pk": keys.invitee(email), ":id": invitationId },
      },
      1,
    );
    return items[0] ? parseInvitation(items[0]) : undefined;
  },

  /**
   * AP134 (decline, revoke): pending → closed, only if still pending. Expiry is not checked here: an
   * expired invitation may still be revoked or declined, which changes nothing but its label.
   */
  async closeInvitation(
    invitation: Brand.Invitation,
    status: "declined" | "revoked",
    at: string,
  ): Promise<Brand.Invitation> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.invitation(invitation.brandId, invitation.id),
          UpdateExpression: "SET #status = :status, closedAt = :at",
          ConditionExpression: "#status = :pending",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":status": status, ":at": at, ":pending": "pending" },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new Brand.InvitationClosedError("no longer pending");
      throw error;
    }
    return { ...invitation, status, closedAt: at };
  },

  /**
   * AP134 (accept): one transaction closes the invitation (if pending and not expired at `at`) and writes
   * the membership (if absent), so a token is used once and never makes a second membership.
   */
  async acceptInvitation(invitation: Brand.Invitation, member: Brand.Member, at: string): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.invitation(invitation.brandId, invitation.id),
                UpdateExpression: "SET #status = :accepted, closedAt = :at",
                ConditionExpression: "#status = :pending AND expiresAt > :at",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":accepted": "accepted", ":at": at, ":pending": "pending" },
              },
            },
            { Put: { TableName: tableName(), Item: memberItem(member), ConditionExpression: notExists } },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new Brand.InvitationClosedError("no longer pending");
      if (failed?.includes(1)) throw new Brand.AlreadyMemberError();
      throw error;
    }
  },
};
