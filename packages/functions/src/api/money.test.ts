import { Clock } from "@shopguide/core/util/clock";
import { describe, expect, it } from "vitest";
import { type Json, readJson, signUp, type TestAccount } from "../../../../tests/fixtures/accounts";
import {
  call,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  type TestBrand,
  weeklyPayouts,
} from "../../../../tests/fixtures/commerce";
import { nextWeeklyPeriod } from "../../../../tests/fixtures/jobs";

interface Story {
  brand: TestBrand;
  creator: TestAccount;
  conversionId: string;
}

/** A brand in `currency` with a 10% campaign, a creator's coupon order of `amount` minor units, and a partial refund. */
async function story(currency: string, amount: number, refunded: number): Promise<Story> {
  const brand = await createBrand({ currency });
  const secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 0 });
  const code = `${currency}10`;
  const creator = await enrolledCreator(campaign.id, code);
  await weeklyPayouts(brand, 1);
  const orderId = `o-${currency}`;
  const body = { orderId, amount, currency, couponCode: code, occurredAt: Clock.now().toISOString() };
  const answer = await ok(await postConversion(brand.id, secret, body), 201);
  const refund = { type: "refund", orderId, refundId: "r1", refundAmount: refunded, currency };
  await ok(await postConversion(brand.id, secret, refund), 200);
  return { brand, creator, conversionId: answer.id };
}

async function receiptOf({ creator, conversionId }: Story): Promise<Json> {
  return ok(await call("GET", `/api/v1/conversions/${conversionId}`, creator), 200);
}

async function csvRows(path: string, account: TestAccount): Promise<Record<string, string>[]> {
  const response = await call("GET", path, account);
  expect(response.status).toBe(200);
  const [header = "", ...lines] = (await response.text()).trimEnd().split("\r\n");
  const names = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, index) => [names[index], cell])));
}

describe("commissions in currencies without two decimals", () => {
  it("credits, explains and exports a JPY order in yen and a KWD order in fils", async () => {
    // 10% of 12 345 yen is 1 234.5 yen: half-up makes 1 235. Refunding 2 345 leaves 1235 × 10000 / 12345 = 1000.4 → 1000.
    const jpy = await story("JPY", 12_345, 2_345);
    // 10% of 12.345 dinars is 1.2345: half-up makes 1.235 (1 235 fils). Refunding 2.345 leaves 1.000.
    const kwd = await story("KWD", 12_345, 2_345);

    const yen = await receiptOf(jpy);
    expect(yen.commission).toMatchObject({ amount: { amount: 1000, currency: "JPY" }, originalAmount: 1235 });
    expect(yen.receipt.arithmetic.slice(0, 2)).toEqual([
      "order: 12345 JPY × 1000 bps = 1234 JPY + 0.5 minor unit",
      expect.stringMatching(/^Total 1234 JPY \+ 0\.5 minor unit → 1235 JPY \(half-up/),
    ]);
    expect(yen.events.at(-1).reason).toBe(
      "Refunded 2345 JPY of 12345 JPY: 1235 JPY × 10000 JPY / 12345 JPY, rounded half-up = 1000 JPY",
    );

    const fils = await receiptOf(kwd);
    expect(fils.commission).toMatchObject({
      amount: { amount: 1000, currency: "KWD" },
      originalAmount: 1235,
    });
    expect(fils.receipt.arithmetic.slice(0, 2)).toEqual([
      "order: 12.345 KWD × 1000 bps = 1.234 KWD + 0.5 minor unit",
      expect.stringMatching(/^Total 1\.234 KWD \+ 0\.5 minor unit → 1\.235 KWD \(half-up/),
    ]);
    expect(fils.events.at(-1).reason).toBe(
      "Refunded 2.345 KWD of 12.345 KWD: 1.235 KWD × 10.000 KWD / 12.345 KWD, rounded half-up = 1.000 KWD",
    );

    await nextWeeklyPeriod();
    for (const [{ brand, creator }, decimal] of [
      [jpy, "1000"],
      [kwd, "1.000"],
    ] as const) {
      const rows = await csvRows(`/api/v1/brands/${brand.id}/statements.csv`, brand.owner);
      const lines = rows.filter((row) => row.entry === "line");
      expect(lines).toEqual([
        expect.objectContaining({ currency: brand.currency, amount_decimal: decimal, amount: "1000" }),
      ]);
      const statement = (await ok(await call("GET", "/api/v1/me/statements", creator), 200)).items[0];
      expect(statement).toMatchObject({ currency: brand.currency, total: 1000 });
      const own = await csvRows(`/api/v1/statements/${statement.id}.csv`, creator);
      expect(
        own.filter((row) => row.entry === "line").map((row) => [row.amount_decimal, row.amount]),
      ).toEqual([[decimal, "1000"]]);
    }
  });

  it("exports a KWD group-buy's prices in fils and in dinars", async () => {
    const brand = await createBrand({ currency: "KWD" });
    const kwd = (amount: number) => ({ amount, currency: "KWD" });
    const groupbuy = await ok(
      await call("POST", "/api/v1/campaigns", brand.owner, {
        brandId: brand.id,
        type: "groupbuy",
        name: "Dallah together",
        product: { title: "Dallah", url: `https://${brand.domain}/products/dallah` },
        basePrice: kwd(12_500),
        tiers: [{ participants: 2, price: kwd(11_250) }],
        minParticipants: 1,
        capacity: 10,
        maxQuantityPerPerson: 1,
        deadline: new Date(Clock.nowMs() + 86_400_000).toISOString(),
        rule: { kind: "percent", bps: 1000 },
      }),
      201,
    );
    const follower = await signUp("follower");
    await ok(await call("POST", `/api/v1/groupbuys/${groupbuy.id}/join`, follower, { quantity: 1 }), 201);
    const rows = await csvRows(
      `/api/v1/brands/${brand.id}/groupbuys/${groupbuy.id}/participants.csv`,
      brand.owner,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        handle: follower.handle,
        unitPrice: "12500",
        currency: "KWD",
        unitPriceDecimal: "12.500",
      }),
    ]);
  });

  it("refuses a campaign flat amount that is not an integer of minor units", async () => {
    const brand = await createBrand({ currency: "JPY" });
    const response = await call("POST", "/api/v1/campaigns", brand.owner, {
      brandId: brand.id,
      type: "commission",
      name: "Flat",
      rule: { kind: "flat", amount: { amount: 12.5, currency: "JPY" }, per: "order" },
      enrollment: "open",
    });
    expect(response.status).toBe(422);
    expect((await readJson(response)).error.code).toBe("validation_failed");
  });
});
