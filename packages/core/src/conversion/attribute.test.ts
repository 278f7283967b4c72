import { describe, expect, it } from "vitest";
import type { Campaign } from "../campaign";
import type { Click } from "../click";
import type { GroupBuy } from "../groupbuy";
import { attribute, type Facts } from "./attribute";

const ORDER_AT = new Date("2026-06-10T12:00:00.000Z");
const DAY = 86_400_000;

const campaign = (overrides: Partial<Campaign.Info> = {}): Campaign.Info => ({
  id: "cmp_1",
  brandId: "brd_1",
  brandName: "Acme",
  type: "commission",
  name: "Spring",
  rule: { kind: "percent", bps: 1000 },
  currency: "USD",
  attributionWindowDays: 7,
  holdDays: 30,
  holdFromReturnWindow: false,
  startsAt: "2026-01-01T00:00:00.000Z",
  enrollment: "open",
  status: "active",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

const click = (overrides: Partial<Click.Info> = {}): Click.Info =>
  ({
    id: "clk_1",
    code: "abc",
    creatorId: "usr_link",
    at: new Date(ORDER_AT.getTime() - DAY).toISOString(),
    bot: false,
    browser: "Firefox",
    device: "desktop",
    ...overrides,
  }) as Click.Info;

const enrollment = (overrides: Partial<Campaign.Enrollment> = {}): Campaign.Enrollment => ({
  campaignId: "cmp_1",
  brandId: "brd_1",
  campaignName: "Spring",
  creatorId: "usr_coupon",
  handle: "coupon",
  status: "approved",
  couponCode: "SAVE10",
  createdAt: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

const base: Facts = {
  brand: { name: "Acme", domains: ["acme.test"] },
  occurredAt: ORDER_AT,
  lines: [],
};

const byClick = (over: Partial<NonNullable<Facts["click"]>> = {}): Partial<Facts> => ({
  clickId: "clk_1",
  click: { click: click(), linkUrl: "https://shop.acme.test/p/1", enrolled: [campaign()], ...over },
});

const byCoupon = (over: Partial<Campaign.Enrollment> = {}, campaignOver: Partial<Campaign.Info> = {}) => ({
  couponCode: "save10",
  coupon: { campaign: campaign(campaignOver), enrollment: enrollment(over) },
});

const groupbuyCode = (referrerId: string | undefined): Facts["groupbuyCode"] => ({
  groupbuy: {
    id: "gby_1",
    name: "Drop",
    currency: "USD",
    rule: { kind: "percent", bps: 500 },
    holdDays: 14,
  } as GroupBuy.Info,
  participation: {
    handle: "buyer",
    referrerId,
    referrerHandle: referrerId ? "ref" : undefined,
    quantity: 2,
  } as GroupBuy.Participation,
  unitPrice: { amount: 4_000, currency: "USD" },
});

describe("attribute: click first, then coupon, last click inside the window", () => {
  it.each<[string, Partial<Facts>, string, string | undefined, string[]]>([
    ["nothing to go on", {}, "no_click_or_coupon", undefined, ["click:skip", "coupon:skip"]],
    ["a human click inside the window", byClick(), "credited_by_click", "usr_link", ["click:pass"]],
    [
      "an unknown click id",
      { clickId: "clk_x" },
      "click_not_found",
      undefined,
      ["click:fail", "coupon:skip"],
    ],
    [
      "a bot's click",
      byClick({ click: click({ bot: true }) }),
      "bot_click",
      undefined,
      ["click:fail", "coupon:skip"],
    ],
    [
      "a click on another store's link",
      byClick({ linkUrl: "https://elsewhere.test/" }),
      "click_other_brand",
      undefined,
      ["click:fail", "coupon:skip"],
    ],
    [
      "a creator with no running campaign",
      byClick({ enrolled: [] }),
      "creator_not_enrolled",
      undefined,
      ["click:fail", "coupon:skip"],
    ],
    [
      "a click 8 days before on a 7-day window",
      byClick({ click: click({ at: new Date(ORDER_AT.getTime() - 8 * DAY).toISOString() }) }),
      "outside_window",
      undefined,
      ["click:fail", "coupon:skip"],
    ],
    [
      "a click 4 minutes after the order (the store's clock runs ahead)",
      byClick({ click: click({ at: new Date(ORDER_AT.getTime() + 4 * 60_000).toISOString() }) }),
      "credited_by_click",
      "usr_link",
      ["click:pass"],
    ],
    [
      "a click 6 minutes after the order",
      byClick({ click: click({ at: new Date(ORDER_AT.getTime() + 6 * 60_000).toISOString() }) }),
      "outside_window",
      undefined,
      ["click:fail", "coupon:skip"],
    ],
    ["a creator's coupon", byCoupon(), "credited_by_coupon", "usr_coupon", ["click:skip", "coupon:pass"]],
    [
      "a failed click, then a good coupon: the coupon credits",
      { ...byClick({ click: click({ bot: true }) }), ...byCoupon() },
      "credited_by_coupon",
      "usr_coupon",
      ["click:fail", "coupon:pass"],
    ],
    [
      "a good click and a coupon: the click wins",
      { ...byClick(), ...byCoupon() },
      "credited_by_click",
      "usr_link",
      ["click:pass"],
    ],
    [
      "a coupon of a creator not yet approved",
      byCoupon({ status: "pending" }),
      "creator_not_enrolled",
      undefined,
      ["click:skip", "coupon:fail"],
    ],
    [
      "a coupon of a paused campaign",
      byCoupon({}, { status: "paused" }),
      "creator_not_enrolled",
      undefined,
      ["click:skip", "coupon:fail"],
    ],
    ["an unknown coupon", { couponCode: "nope" }, "coupon_unknown", undefined, ["click:skip", "coupon:fail"]],
    [
      "a group-buy code with a referrer",
      { couponCode: "gbabc", groupbuyCode: groupbuyCode("usr_ref") },
      "credited_by_groupbuy_code",
      "usr_ref",
      ["click:skip", "coupon:pass"],
    ],
    [
      "a group-buy code without a referrer",
      { couponCode: "gbabc", groupbuyCode: groupbuyCode(undefined) },
      "coupon_unknown",
      undefined,
      ["click:skip", "coupon:fail", "coupon:fail"],
    ],
    [
      "a bad click keeps its reason when the coupon fails too",
      { ...byClick({ click: click({ bot: true }) }), couponCode: "nope" },
      "bot_click",
      undefined,
      ["click:fail", "coupon:fail"],
    ],
  ])("%s", (_name, facts, reason, creatorId, steps) => {
    const result = attribute({ ...base, ...facts });
    expect(result.reason).toBe(reason);
    expect(result.credit?.creatorId).toBe(creatorId);
    expect(result.checks.map((check) => `${check.step}:${check.outcome}`)).toEqual(steps);
  });

  it("credits a group-buy on the tier price, under the group-buy's own terms", () => {
    const result = attribute({ ...base, couponCode: "gbabc", groupbuyCode: groupbuyCode("usr_ref") });
    expect(result.credit?.terms.id).toBe("gby_1");
    expect(result.credit?.budgetRemaining).toBeUndefined();
    expect(result.credit?.lines).toEqual([
      { productId: undefined, sku: undefined, quantity: 2, amount: 8_000 },
    ]);
  });

  it("picks the newest live campaign covering the order, and carries its budget left", () => {
    const older = campaign({ id: "cmp_1" });
    const newer = campaign({
      id: "cmp_2",
      budget: { amount: 10_000, currency: "USD" },
      budgetRemaining: 2_500,
    });
    const ended = campaign({ id: "cmp_3", endsAt: "2026-06-01T00:00:00.000Z" });
    const result = attribute({ ...base, ...byClick({ enrolled: [older, newer, ended] }) });
    expect(result.credit?.terms.id).toBe("cmp_2");
    expect(result.credit?.budgetRemaining).toBe(2_500);
  });
});
