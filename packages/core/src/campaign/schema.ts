/**
 * Campaign schemas, types and errors: what the domain (index.ts) and its store (campaign.dynamo.ts) share,
 * so the store never imports the domain module that imports it.
 */
import * as z from "zod";
import { dateTimeWithin } from "../util/date-window";
import { AppError, NotFoundError } from "../util/errors";
import { Money } from "../util/money-schema";

export const PercentRule = z.object({
  kind: z.literal("percent"),
  /** Basis points of the (eligible) order amount: 1000 = 10%. */
  bps: z.number().int().min(1).max(10_000),
});
export const FlatRule = z.object({
  kind: z.literal("flat"),
  amount: Money,
  per: z.enum(["order", "unit"]),
});
export const Rule = z.discriminatedUnion("kind", [PercentRule, FlatRule]);
export type Rule = z.infer<typeof Rule>;

export const Status = z.enum(["active", "paused", "ended"]);
export const EnrollmentMode = z.enum(["open", "approval"]);

export const Info = z.object({
  id: z.string(),
  brandId: z.string(),
  brandName: z.string(),
  type: z.literal("commission"),
  name: z.string(),
  description: z.string().optional(),
  rule: Rule,
  /** Per-product rules that replace `rule` for those products. */
  productRules: z.array(z.object({ productId: z.string(), rule: Rule })).optional(),
  /** The products it covers; absent means every product of the brand. */
  productIds: z.array(z.string()).optional(),
  currency: z.string(),
  attributionWindowDays: z.number().int(),
  holdDays: z.number().int(),
  /** Hold each commission for its products' longest return window instead, when they have one. */
  holdFromReturnWindow: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  budget: Money.optional(),
  /** Budget not yet committed to commissions, in minor units; absent without a budget. */
  budgetRemaining: z.number().int().optional(),
  enrollment: EnrollmentMode,
  status: Status,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

/** A campaign's start and end: any time since 2000 (a start may be backdated), at most three years ahead. */
const CAMPAIGN_TIME = { futureDays: 3 * 365 } as const;

export const CreateInput = z
  .object({
    brandId: z.string().min(1).max(64),
    type: z.literal("commission"),
    name: z.string().trim().min(1, { error: "Enter a name" }).max(120),
    description: z.string().trim().max(2000).optional(),
    rule: Rule,
    productRules: z
      .array(z.object({ productId: z.string().min(1).max(64), rule: Rule }))
      .max(200)
      .optional(),
    productIds: z.array(z.string().min(1).max(64)).max(500).optional(),
    attributionWindowDays: z.number().int().min(1).max(90).default(30),
    holdDays: z.number().int().min(0).max(365).default(30),
    holdFromReturnWindow: z.boolean().default(false),
    startsAt: dateTimeWithin(CAMPAIGN_TIME).optional(),
    endsAt: dateTimeWithin(CAMPAIGN_TIME).optional(),
    budget: Money.optional(),
    enrollment: EnrollmentMode,
  })
  .refine(
    (input) => !input.startsAt || !input.endsAt || Date.parse(input.startsAt) < Date.parse(input.endsAt),
    {
      error: "endsAt must be after startsAt",
      path: ["endsAt"],
    },
  );
export type CreateInput = z.input<typeof CreateInput>;

export const UpdateInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(2000),
    status: Status,
    endsAt: dateTimeWithin(CAMPAIGN_TIME).nullable(),
    enrollment: EnrollmentMode,
    attributionWindowDays: z.number().int().min(1).max(90),
    holdDays: z.number().int().min(0).max(365),
  })
  .partial();
export type UpdateInput = z.infer<typeof UpdateInput>;

export const EnrollmentStatus = z.enum(["pending", "approved", "declined"]);

/** A coupon code a creator's audience types at checkout; upper-case, unique per brand. */
export const CouponCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{3,32}$/, { error: "3-32 letters, digits, _ or -" });

export const Enrollment = z.object({
  campaignId: z.string(),
  brandId: z.string(),
  campaignName: z.string(),
  creatorId: z.string(),
  handle: z.string(),
  status: EnrollmentStatus,
  couponCode: z.string().optional(),
  createdAt: z.string(),
  decidedAt: z.string().optional(),
});
export type Enrollment = z.infer<typeof Enrollment>;

export const ApplyInput = z.object({ couponCode: CouponCode.optional() });
export type ApplyInput = z.infer<typeof ApplyInput>;

export class CampaignNotFoundError extends NotFoundError {
  constructor() {
    super("Campaign", "campaign_not_found");
  }
}

export class EnrollmentNotFoundError extends NotFoundError {
  constructor() {
    super("Enrollment", "enrollment_not_found");
  }
}

export class AlreadyAppliedError extends AppError {
  constructor() {
    super("conflict", "already_applied", "You have already applied to this campaign");
  }
}

export class CouponTakenError extends AppError {
  constructor() {
    super("conflict", "coupon_taken", "This coupon code is taken for this brand");
  }
}

export class CampaignClosedError extends AppError {
  constructor() {
    super("conflict", "campaign_closed", "This campaign is not taking applications");
  }
}
