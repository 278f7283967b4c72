import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  dynamo,
  failedConditions,
  isConditionFailed,
  type Page,
  pagedQuery,
  queryAll,
  tableName,
} from "../dynamo";
import * as Campaign from "./schema";

/**
 * Key formats (see dynamo/README.md):
 * - campaign `CAMPAIGN#<campaignId>` / `CAMPAIGN`; gsi1 `BRAND#<brandId>#CAMPAIGNS` / `<campaignId>`;
 *   gsi2 `CAMPAIGNS#ACTIVE` / `<campaignId>` only while active (the marketplace)
 * - enrollment `CAMPAIGN#<campaignId>` / `ENROLLMENT#<creatorId>`; gsi1 `CREATOR#<creatorId>#ENROLLMENTS` / `<campaignId>`
 * - coupon claim `COUPON#<brandId>#<CODE>` / `COUPON` → campaignId, creatorId (unique per brand)
 */
const keys = {
  campaign: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: "CAMPAIGN" }),
  enrollment: (campaignId: string, creatorId: string) => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `ENROLLMENT#${creatorId}`,
  }),
  coupon: (brandId: string, code: string) => ({ pk: `COUPON#${brandId}#${code}`, sk: "COUPON" }),
};

/** The item's `type` names the entity, so the campaign's own type travels as `campaignType`. */
function campaignItem({ type: campaignType, ...campaign }: Campaign.Info) {
  return {
    ...keys.campaign(campaign.id),
    gsi1pk: `BRAND#${campaign.brandId}#CAMPAIGNS`,
    gsi1sk: campaign.id,
    ...(campaign.status === "active" ? { gsi2pk: "CAMPAIGNS#ACTIVE", gsi2sk: campaign.id } : {}),
    ...campaign,
    type: "campaign",
    campaignType,
  };
}

function enrollmentItem(enrollment: Campaign.Enrollment) {
  return {
    ...keys.enrollment(enrollment.campaignId, enrollment.creatorId),
    gsi1pk: `CREATOR#${enrollment.creatorId}#ENROLLMENTS`,
    gsi1sk: enrollment.campaignId,
    type: "enrollment",
    ...enrollment,
  };
}

const parseCampaign = (item: Record<string, unknown>) =>
  Campaign.Info.parse({ ...item, type: item.campaignType });

const CouponClaim = z.object({ campaignId: z.string(), creatorId: z.string() });

export const CampaignStore = {
  /** AP50 (insert). */
  async insert(campaign: Campaign.Info): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: campaignItem(campaign),
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  /**
   * AP50 (update): the editable fields only. `budgetRemaining` is left alone: conversions decrement it
   * concurrently and a whole-item put would undo their work.
   */
  async update(campaign: Campaign.Info): Promise<void> {
    const { budgetRemaining: _untouched, type: _entity, ...rest } = campaignItem(campaign);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [name, value] of Object.entries(rest)) {
      if (name === "pk" || name === "sk" || value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    const removes = ["endsAt", "gsi2pk", "gsi2sk"].filter(
      (name) => !(name in rest) || rest[name as keyof typeof rest] === undefined,
    );
    for (const name of removes) names[`#${name}`] = name;
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.campaign(campaign.id),
              UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.map((name) => `#${name}`).join(", ")}` : ""}`,
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
        ],
      }),
    );
  },

  /** AP50: a campaign by id (strongly consistent: the budget left is read right before committing it). */
  async get(campaignId: string): Promise<Campaign.Info | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.campaign(campaignId), ConsistentRead: true }),
    );
    return found.Item ? parseCampaign(found.Item) : undefined;
  },

  /** AP51: a brand's campaigns, newest first (gsi1), 50 a page. */
  listByBrand(brandId: string, cursor: string | undefined): Promise<Page<Campaign.Info>> {
    return pagedQuery({
      pattern: "AP51",
      input: {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `BRAND#${brandId}#CAMPAIGNS` },
        ScanIndexForward: false,
      },
      cursor,
      limit: 50,
      parse: parseCampaign,
    });
  },

  /** AP52: active campaigns, newest first, 50 per page (gsi2, sparse: only active ones are in it). */
  listDiscoverable(cursor?: string): Promise<Page<Campaign.Info>> {
    return pagedQuery({
      pattern: "AP52",
      input: {
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": "CAMPAIGNS#ACTIVE" },
        ScanIndexForward: false,
      },
      cursor,
      limit: 50,
      parse: parseCampaign,
    });
  },

  /** AP53 (insert): one application per creator and campaign; its coupon code claimed in the same transaction. */
  async insertEnrollment(enrollment: Campaign.Enrollment): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: enrollmentItem(enrollment),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            ...(enrollment.couponCode
              ? [
                  {
                    Put: {
                      TableName: tableName(),
                      Item: {
                        ...keys.coupon(enrollment.brandId, enrollment.couponCode),
                        type: "coupon_claim",
                        campaignId: enrollment.campaignId,
                        creatorId: enrollment.creatorId,
                      },
                      ConditionExpression: "attribute_not_exists(pk)",
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new Campaign.AlreadyAppliedError();
      if (failed?.includes(1)) throw new Campaign.CouponTakenError();
      throw error;
    }
  },

  /** AP53 (decide): the enrollment exists; approve or decline it. */
  async putEnrollment(enrollment: Campaign.Enrollment): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: enrollmentItem(enrollment),
          ConditionExpression: "attribute_exists(pk)",
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new Campaign.EnrollmentNotFoundError();
      throw error;
    }
  },

  /** AP53: one creator's enrollment in one campaign. */
  async getEnrollment(campaignId: string, creatorId: string): Promise<Campaign.Enrollment | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.enrollment(campaignId, creatorId) }),
    );
    return found.Item ? Campaign.Enrollment.parse(found.Item) : undefined;
  },

  /** AP54: a campaign's enrollments, 50 a page (by creator id). */
  listEnrollments(campaignId: string, cursor?: string): Promise<Page<Campaign.Enrollment>> {
    return pagedQuery({
      pattern: "AP54",
      input: {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :enrollment)",
        ExpressionAttributeValues: { ":pk": `CAMPAIGN#${campaignId}`, ":enrollment": "ENROLLMENT#" },
      },
      cursor,
      limit: 50,
      parse: (item) => Campaign.Enrollment.parse(item),
    });
  },

  /** AP55: a creator's enrollments (gsi1). */
  async listEnrollmentsOf(
    creatorId: string,
    only?: { brandId: string; status: Campaign.Enrollment["status"] },
  ): Promise<Campaign.Enrollment[]> {
    // Every page (a creator past 1 MB of enrollments must not lose the rest); `only` filters on the server.
    const items = await queryAll({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ...(only
        ? {
            FilterExpression: "brandId = :brandId AND #status = :status",
            ExpressionAttributeNames: { "#status": "status" },
          }
        : {}),
      ExpressionAttributeValues: {
        ":pk": `CREATOR#${creatorId}#ENROLLMENTS`,
        ...(only ? { ":brandId": only.brandId, ":status": only.status } : {}),
      },
    });
    return items.map((item) => Campaign.Enrollment.parse(item));
  },

  /** AP56: who owns a coupon code at a brand. */
  async getCoupon(brandId: string, code: string): Promise<z.infer<typeof CouponClaim> | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.coupon(brandId, code) }),
    );
    return found.Item ? CouponClaim.parse(found.Item) : undefined;
  },
};

/**
 * AP57: the transaction step that commits `amount` of a campaign's budget. Conditional on at least that
 * much remaining, so concurrent conversions can never together exceed the cap; the conversion write that
 * carries this step retries with what is left when the condition fails.
 */
export function budgetDebit(campaignId: string, amount: number) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.campaign(campaignId),
      UpdateExpression: "ADD budgetRemaining :minus",
      ConditionExpression: "budgetRemaining >= :amount",
      ExpressionAttributeValues: { ":minus": -amount, ":amount": amount },
      // A short budget answers with the campaign as it is, so the caller caps to what is left without a read.
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    },
  };
}

/**
 * AP57 (give back): the transaction step that returns `amount` to a campaign's budget when a commission
 * debited from it is reduced, reversed or rejected. It rides in the conversion's transition, which is
 * conditional on the version read, so each amount comes back exactly once.
 */
export function budgetCredit(campaignId: string, amount: number) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.campaign(campaignId),
      UpdateExpression: "ADD budgetRemaining :plus",
      ExpressionAttributeValues: { ":plus": amount },
    },
  };
}
