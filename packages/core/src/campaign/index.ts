export * as Campaign from "./index";

import { Brand } from "../brand";
import type { Page } from "../dynamo";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { ForbiddenError, ValidationError } from "../util/errors";
import { createId } from "../util/id";
import type { Money } from "../util/money-schema";
import { CampaignStore } from "./campaign.dynamo";
import {
  type ApplyInput,
  CampaignClosedError,
  CampaignNotFoundError,
  CouponCode,
  CreateInput,
  type Enrollment,
  EnrollmentNotFoundError,
  type Info,
  type UpdateInput,
} from "./schema";

export * from "./schema";

/**
 * Whether the campaign runs at `at`: active, started, not ended. The start compares at whole seconds: stores
 * stamp orders in whole seconds, so an order in the very second a campaign started (at 12:00:00.400) is
 * stamped 12:00:00 and must count as inside it.
 */
export function isLive(campaign: Info, at: Date): boolean {
  const second = (ms: number) => Math.floor(ms / 1000);
  return (
    campaign.status === "active" &&
    second(Date.parse(campaign.startsAt)) <= second(at.getTime()) &&
    (!campaign.endsAt || at.getTime() < Date.parse(campaign.endsAt))
  );
}

/** A brand admin creates a campaign; amounts must be in the brand's currency, products from its catalogue. */
export async function create(actor: Actor, raw: CreateInput): Promise<Info> {
  const input = CreateInput.parse(raw);
  await Brand.requireMember(actor, input.brandId, "admin");
  const brand = await Brand.getInternal(input.brandId);
  const issues: { path: string; message: string }[] = [];
  const moneys: [string, Money | undefined][] = [
    ["rule.amount", input.rule.kind === "flat" ? input.rule.amount : undefined],
    ["budget", input.budget],
    ...(input.productRules ?? []).map(
      (entry, index) =>
        [`productRules.${index}.rule.amount`, entry.rule.kind === "flat" ? entry.rule.amount : undefined] as [
          string,
          Money | undefined,
        ],
    ),
  ];
  for (const [path, money] of moneys)
    if (money && money.currency !== brand.currency)
      issues.push({ path, message: `Use the brand's currency, ${brand.currency}` });
  const productIds = [
    ...new Set([...(input.productIds ?? []), ...(input.productRules ?? []).map((entry) => entry.productId)]),
  ];
  const products = await Brand.findProducts(
    brand.id,
    productIds.map((productId) => ({ productId })),
  );
  products.forEach((product, index) => {
    if (!product)
      issues.push({ path: "productIds", message: `No product ${productIds[index]} in the catalogue` });
  });
  if (issues.length) throw new ValidationError(issues);
  const now = Clock.now().toISOString();
  const campaign: Info = {
    id: createId("cmp"),
    brandId: brand.id,
    brandName: brand.name,
    type: "commission",
    name: input.name,
    description: input.description,
    rule: input.rule,
    productRules: input.productRules,
    productIds: input.productIds,
    currency: brand.currency,
    attributionWindowDays: input.attributionWindowDays,
    holdDays: input.holdDays,
    holdFromReturnWindow: input.holdFromReturnWindow,
    startsAt: input.startsAt ? new Date(input.startsAt).toISOString() : now,
    endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : undefined,
    budget: input.budget,
    budgetRemaining: input.budget?.amount,
    enrollment: input.enrollment,
    status: "active",
    createdAt: now,
    updatedAt: now,
  };
  await CampaignStore.insert(campaign);
  return campaign;
}

/** Any signed-in user may read a campaign: creators need it to decide whether to apply. */
export async function get(actor: Actor, campaignId: string): Promise<Info> {
  Actor.requireUser(actor);
  const campaign = await CampaignStore.get(campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  // Paused and ended campaigns are the brand's business only.
  if (campaign.status !== "active" && !(await Brand.isMember(actor, campaign.brandId)))
    throw new CampaignNotFoundError();
  return campaign;
}

export async function getInternal(campaignId: string): Promise<Info | undefined> {
  return CampaignStore.get(campaignId);
}

export async function update(actor: Actor, campaignId: string, input: UpdateInput): Promise<Info> {
  const campaign = await CampaignStore.get(campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  await Brand.requireMember(actor, campaign.brandId, "admin");
  const { endsAt, ...rest } = input;
  const next: Info = {
    ...campaign,
    ...rest,
    endsAt: endsAt === null ? undefined : endsAt ? new Date(endsAt).toISOString() : campaign.endsAt,
    updatedAt: Clock.now().toISOString(),
  };
  await CampaignStore.update(next);
  return next;
}

/** Live campaigns creators can discover, newest first. */
export async function listDiscoverable(actor: Actor, cursor?: string): Promise<Page<Info>> {
  Actor.requireUser(actor);
  const page = await CampaignStore.listDiscoverable(cursor);
  const now = Clock.now();
  return { ...page, items: page.items.filter((campaign) => isLive(campaign, now)) };
}

/** A brand's campaigns (commission and group-buy alike), newest first, 50 a page, for its members. */
export async function listByBrand(actor: Actor, brandId: string, cursor?: string): Promise<Page<Info>> {
  await Brand.requireMember(actor, brandId, "viewer");
  return CampaignStore.listByBrand(brandId, cursor);
}

/** A creator applies; open campaigns approve at once, approval-only ones wait for the brand. */
export async function apply(actor: Actor, campaignId: string, input: ApplyInput): Promise<Enrollment> {
  const user = Actor.requireRole(actor, "creator");
  const campaign = await get(actor, campaignId);
  if (!isLive(campaign, Clock.now()) && Date.parse(campaign.startsAt) <= Clock.nowMs())
    throw new CampaignClosedError();
  const now = Clock.now().toISOString();
  const enrollment: Enrollment = {
    campaignId,
    brandId: campaign.brandId,
    campaignName: campaign.name,
    creatorId: user.userId,
    handle: user.handle,
    status: campaign.enrollment === "open" ? "approved" : "pending",
    couponCode: input.couponCode,
    createdAt: now,
    decidedAt: campaign.enrollment === "open" ? now : undefined,
  };
  await CampaignStore.insertEnrollment(enrollment);
  return enrollment;
}

async function decide(actor: Actor, campaignId: string, handle: string, status: "approved" | "declined") {
  const campaign = await CampaignStore.get(campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  await Brand.requireMember(actor, campaign.brandId, "admin");
  // By key: the handle names the creator, the creator and the campaign name the enrollment (AP53).
  const creator = await User.findByHandle(handle);
  const enrollment = creator ? await CampaignStore.getEnrollment(campaignId, creator.id) : undefined;
  if (!enrollment) throw new EnrollmentNotFoundError();
  const next: Enrollment = { ...enrollment, status, decidedAt: Clock.now().toISOString() };
  await CampaignStore.putEnrollment(next);
  return next;
}

export function approve(actor: Actor, campaignId: string, handle: string): Promise<Enrollment> {
  return decide(actor, campaignId, handle, "approved");
}

export function decline(actor: Actor, campaignId: string, handle: string): Promise<Enrollment> {
  return decide(actor, campaignId, handle, "declined");
}

/** A campaign's applications a page at a time (brand members). */
export async function listEnrollments(
  actor: Actor,
  campaignId: string,
  cursor?: string,
): Promise<Page<Enrollment>> {
  const campaign = await CampaignStore.get(campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  await Brand.requireMember(actor, campaign.brandId, "viewer");
  return CampaignStore.listEnrollments(campaignId, cursor);
}

/** The calling creator's applications, so the marketplace can show where they stand. */
export async function listMyEnrollments(actor: Actor): Promise<Enrollment[]> {
  const user = Actor.requireUser(actor);
  if (user.role !== "creator") throw new ForbiddenError("Only creators enroll in campaigns", "role_required");
  return CampaignStore.listEnrollmentsOf(user.userId);
}

/** Attribution: the creator's approved enrollments with this brand, with their campaigns. */
export async function approvedFor(
  brandId: string,
  creatorId: string,
): Promise<{ campaign: Info; enrollment: Enrollment }[]> {
  const enrollments = await CampaignStore.listEnrollmentsOf(creatorId, { brandId, status: "approved" });
  const campaigns = await Promise.all(enrollments.map((entry) => CampaignStore.get(entry.campaignId)));
  return enrollments.flatMap((enrollment, index) => {
    const campaign = campaigns[index];
    return campaign ? [{ campaign, enrollment }] : [];
  });
}

/** Attribution by coupon: the enrollment that owns this code at this brand, if any. */
export async function findByCoupon(
  brandId: string,
  code: string,
): Promise<{ campaign: Info; enrollment: Enrollment } | undefined> {
  const parsed = CouponCode.safeParse(code);
  if (!parsed.success) return undefined;
  const claim = await CampaignStore.getCoupon(brandId, parsed.data);
  if (!claim) return undefined;
  const [campaign, enrollment] = await Promise.all([
    CampaignStore.get(claim.campaignId),
    CampaignStore.getEnrollment(claim.campaignId, claim.creatorId),
  ]);
  return campaign && enrollment ? { campaign, enrollment } : undefined;
}
