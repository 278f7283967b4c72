/**
 * Attribution as a pure decision: who, if anyone, an order is credited to, and why, from facts read
 * beforehand (index.ts `attributionFacts`). Click first, then coupon (a creator's coupon, else a group-buy
 * participant's personal code). The click is the last one the store saw (the id it carried through
 * checkout), so the last click wins; it counts inside the campaign's attribution window. Each step adds a
 * check to the receipt; the first failure's reason is kept.
 */
import { Campaign } from "../campaign";
import type { Click } from "../click";
import type { GroupBuy } from "../groupbuy";
import type { Money } from "../util/money-schema";
import type { Line, Terms } from "./commission";
import type { Check } from "./schema";

export const DAY_MS = 86_400_000;
/** A store's clock may run a little ahead of ours; a click up to this much "after" the order still counts. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** What attribution reads, all gathered before deciding. */
export interface Facts {
  brand: { name: string; domains: string[] };
  occurredAt: Date;
  lines: Line[];
  clickId?: string | undefined;
  /** The click with that id, if it exists, its link's destination, and its creator's approved campaigns. */
  click?: { click: Click.Info; linkUrl: string | undefined; enrolled: Campaign.Info[] } | undefined;
  couponCode?: string | undefined;
  /** The creator enrollment owning the coupon code at this brand, if any. */
  coupon?: { campaign: Campaign.Info; enrollment: Campaign.Enrollment } | undefined;
  /** The participant of a successful group-buy of this brand holding the code, if any. */
  groupbuyCode?:
    | { groupbuy: GroupBuy.Info; participation: GroupBuy.Participation; unitPrice: Money }
    | undefined;
}

/** A decision to credit a creator under some terms (a campaign, or a group-buy). */
export interface Credit {
  terms: Terms;
  /** What is left of the terms' budget as read; absent without a budget. */
  budgetRemaining: number | undefined;
  creatorId: string;
  method: "click" | "coupon";
  click?: Click.Info;
  couponCode?: string;
  /** The lines the commission is computed on, when not the order's own (a group-buy's tier price). */
  lines?: Line[];
}

export interface Attribution {
  credit?: Credit;
  /** Stable code: credited_by_click, credited_by_coupon, credited_by_groupbuy_code, or why not. */
  reason: string;
  checks: Check[];
  /** The click the order carried, credited or not, for the receipt. */
  click?: Click.Info;
}

export function hostMatches(url: string, domains: string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

export function coversOrder(campaign: Terms, lines: Line[]): boolean {
  if (!campaign.productIds || lines.length === 0) return true;
  const covered = new Set([
    ...campaign.productIds,
    ...(campaign.productRules ?? []).map((entry) => entry.productId),
  ]);
  return lines.some((line) => line.productId !== undefined && covered.has(line.productId));
}

/** The newest live campaign among the creator's approved ones at this brand that covers the order. */
export function pickCampaign(
  candidates: Campaign.Info[],
  at: Date,
  lines: Line[],
): Campaign.Info | undefined {
  return candidates
    .filter((campaign) => Campaign.isLive(campaign, at) && coversOrder(campaign, lines))
    .sort((a, b) => (a.id < b.id ? 1 : -1))[0];
}

const campaignCredit = (campaign: Campaign.Info) => ({
  terms: campaign,
  budgetRemaining: campaign.budget ? campaign.budgetRemaining : undefined,
});

export function attribute(facts: Facts): Attribution {
  const checks: Check[] = [];
  let reason = "no_click_or_coupon";
  const fail = (step: "click" | "coupon", code: string | undefined, detail: string): undefined => {
    checks.push({ step, outcome: "fail", detail });
    if (code && reason === "no_click_or_coupon") reason = code;
  };

  const seen = facts.click?.click;
  if (facts.clickId) {
    const byClick = clickStep(facts, fail);
    if (byClick) {
      checks.push(byClick.check);
      return { credit: byClick.credit, reason: "credited_by_click", checks, click: seen };
    }
  } else checks.push({ step: "click", outcome: "skip", detail: "The order carried no click id" });

  if (!facts.couponCode) {
    checks.push({ step: "coupon", outcome: "skip", detail: "The order carried no creator coupon code" });
    return { reason, checks, click: seen };
  }
  const code = facts.couponCode.toUpperCase();
  const found = facts.coupon;
  if (!found) {
    const groupbuy = groupbuyStep(facts.groupbuyCode, code, checks);
    if (groupbuy) return { credit: groupbuy, reason: "credited_by_groupbuy_code", checks, click: seen };
    fail("coupon", "coupon_unknown", `Coupon ${code} belongs to no creator at this brand`);
  } else if (
    found.enrollment.status !== "approved" ||
    !Campaign.isLive(found.campaign, facts.occurredAt) ||
    !coversOrder(found.campaign, facts.lines)
  ) {
    fail(
      "coupon",
      "creator_not_enrolled",
      `Coupon ${code}'s creator is not approved in a running campaign covering this order`,
    );
  } else {
    checks.push({
      step: "coupon",
      outcome: "pass",
      detail: `Coupon ${code} belongs to @${found.enrollment.handle}`,
    });
    return {
      credit: {
        ...campaignCredit(found.campaign),
        creatorId: found.enrollment.creatorId,
        method: "coupon",
        couponCode: code,
      },
      reason: "credited_by_coupon",
      checks,
      click: seen,
    };
  }
  return { reason, checks, click: seen };
}

function clickStep(
  facts: Facts,
  fail: (step: "click", code: string, detail: string) => undefined,
): { credit: Credit; check: Check } | undefined {
  const found = facts.click;
  if (!found) return fail("click", "click_not_found", `No click ${facts.clickId} exists`);
  const { click } = found;
  if (click.bot)
    return fail(
      "click",
      "bot_click",
      `Click ${click.id} came from a bot (${click.browser}), which never earns`,
    );
  if (!found.linkUrl || !hostMatches(found.linkUrl, facts.brand.domains))
    return fail(
      "click",
      "click_other_brand",
      `The clicked link does not lead to ${facts.brand.name}'s store domains`,
    );
  const campaign = pickCampaign(found.enrolled, facts.occurredAt, facts.lines);
  if (!campaign)
    return fail(
      "click",
      "creator_not_enrolled",
      "The link's creator has no approved, running campaign covering this order",
    );
  const age = facts.occurredAt.getTime() - Date.parse(click.at);
  if (age < -CLOCK_SKEW_MS || age > campaign.attributionWindowDays * DAY_MS)
    return fail(
      "click",
      "outside_window",
      `Clicked ${Math.floor(age / DAY_MS)} days before the order; the campaign's window is ${campaign.attributionWindowDays} days`,
    );
  return {
    credit: { ...campaignCredit(campaign), creatorId: click.creatorId, method: "click", click },
    check: {
      step: "click",
      outcome: "pass",
      detail: `Human click on /r/${click.code} at ${click.at}, ${Math.max(0, Math.floor(age / 60_000))} minutes before the order, inside the ${campaign.attributionWindowDays}-day window`,
    },
  };
}

/**
 * A participant's personal code from a successful group-buy credits the creator who referred that
 * participant, on the tier price they pay. Participants who joined without a referrer credit nobody.
 * Tried only when no creator coupon matched.
 */
function groupbuyStep(found: Facts["groupbuyCode"], code: string, checks: Check[]): Credit | undefined {
  if (!found) return undefined;
  const { groupbuy, participation, unitPrice } = found;
  if (!participation.referrerId) {
    checks.push({
      step: "coupon",
      outcome: "fail",
      detail: `Group-buy code ${code} belongs to @${participation.handle}, who joined without a referring creator`,
    });
    return undefined;
  }
  checks.push({
    step: "coupon",
    outcome: "pass",
    detail: `Group-buy code ${code} of @${participation.handle}, referred by @${participation.referrerHandle}`,
  });
  return {
    terms: groupbuy,
    budgetRemaining: undefined,
    creatorId: participation.referrerId,
    method: "coupon",
    couponCode: code,
    lines: [
      {
        productId: undefined,
        sku: undefined,
        quantity: participation.quantity,
        amount: unitPrice.amount * participation.quantity,
      },
    ],
  };
}
