import { CapacityMeter } from "@shopguide/core/dynamo";
import { Clock } from "@shopguide/core/util/clock";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, readJson, signUp, type TestAccount } from "../../../../tests/fixtures/accounts";
import {
  call,
  clickFor,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  GOOGLEBOT,
  ok,
  postConversion,
  postShopify,
  postStripe,
  type TestBrand,
} from "../../../../tests/fixtures/commerce";
import { jobs } from "../schedule";

let brand: TestBrand;
let secret: string;
let campaign: { id: string };
let creator: TestAccount;

const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId,
  amount: 10_000,
  currency: "USD",
  occurredAt: Clock.now().toISOString(),
  ...extra,
});

beforeAll(async () => {
  brand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  campaign = await createCampaign(brand, { holdDays: 30 });
  creator = await enrolledCreator(campaign.id, "MAYA10");
});

describe("door 1: our signed API", () => {
  it("records an order attributed by click, with a receipt, and replays the first answer", async () => {
    const clickId = await clickFor(creator, brand);
    const first = await postConversion(brand.id, secret, order("o-click-1", { clickId }));
    expect(first.status).toBe(201);
    const answer = await readJson(first);
    expect(answer).toMatchObject({
      status: "pending",
      attributed: true,
      creator: { handle: creator.handle },
      commission: { amount: { amount: 1000, currency: "USD" }, status: "pending" },
    });
    const again = await postConversion(brand.id, secret, order("o-click-1", { clickId }));
    expect(again.status).toBe(200);
    expect(await readJson(again)).toEqual(answer);

    const receipt = await ok(await call("GET", `/api/v1/conversions/${answer.id}`, creator), 200);
    expect(receipt.receipt).toMatchObject({
      decision: "credited",
      reason: "credited_by_click",
      method: "click",
    });
    expect(receipt.receipt.click).toMatchObject({ id: clickId, bot: false, referrerHost: "social.example" });
    expect(receipt.receipt.arithmetic.join("\n")).toMatch(/100\.00 USD × 1000 bps/);
    expect(receipt.receipt.rounding).toMatch(/half-up/i);
    expect(receipt.events.map((event: { kind: string }) => event.kind)).toEqual(["pending"]);
  });

  it("answers 50 concurrent identical postbacks with one conversion and one commission", async () => {
    const body = order("o-burst", { couponCode: "MAYA10" });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => postConversion(brand.id, secret, body)),
    );
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    const ids = new Set(await Promise.all(answers.map(async (response) => (await readJson(response)).id)));
    expect(ids.size).toBe(1);
    const [id] = ids;
    const listed = await ok(await call("GET", `/api/v1/brands/${brand.id}/conversions`, brand.owner), 200);
    expect(
      listed.items.filter((conversion: { orderId: string }) => conversion.orderId === "o-burst"),
    ).toHaveLength(1);
    const earnings = await ok(await call("GET", "/api/v1/me/earnings", creator), 200);
    expect(earnings.items.filter((item: { conversionId: string }) => item.conversionId === id)).toHaveLength(
      1,
    );
  });

  it("answers 409 for the same orderId with another amount", async () => {
    expect((await postConversion(brand.id, secret, order("o-amount"))).status).toBe(201);
    const response = await postConversion(brand.id, secret, order("o-amount", { amount: 9_999 }));
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("order_conflict");
  });

  // Whole seconds: the server reads its clock a moment after the test does, so a timestamp the test makes
  // N s ahead may be N - 1 s ahead by then. 302 ahead is still refused after that tick; 301 might not be.
  it.each([
    ["a timestamp 301 s old", { timestamp: -301 }, 401],
    ["a timestamp 302 s ahead", { timestamp: 302 }, 401],
    ["a timestamp 299 s old", { timestamp: -299 }, 201],
    ["one byte of the body changed", { tamper: (raw: string) => raw.replace("10000", "10001") }, 401],
  ])("answers %s with %i", async (_case, options, status) => {
    const { timestamp, tamper } = options as { timestamp?: number; tamper?: (raw: string) => string };
    const response = await postConversion(brand.id, secret, order(`o-sig-${Math.random()}`), {
      timestamp: timestamp === undefined ? undefined : Clock.nowSeconds() + timestamp,
      tamper,
    });
    expect(response.status).toBe(status);
    if (status === 401) expect(await errorCode(response)).toBe("signature_invalid");
  });

  it.each([
    ["no header", {}],
    ["a malformed header", { "shopguide-signature": "v1=abc" }],
  ])("answers 401 with %s", async (_case, headers) => {
    const response = await call(
      "POST",
      `/api/v1/brands/${brand.id}/conversions`,
      undefined,
      order("o-nohdr"),
    );
    expect(response.status).toBe(401);
    const withHeader = await (await import("./app")).app.request(`/api/v1/brands/${brand.id}/conversions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(order("o-nohdr")),
    });
    expect(withHeader.status).toBe(401);
  });

  it("answers 400 for a signed body that is not JSON", async () => {
    const response = await postConversion(brand.id, secret, {}, { tamper: () => "{not json" });
    expect(response.status).toBe(401);
    const { app } = await import("./app");
    const raw = "{not json";
    const { signApi } = await import("../../../../tests/fixtures/commerce");
    const signed = await app.request(`/api/v1/brands/${brand.id}/conversions`, {
      method: "POST",
      headers: { "content-type": "application/json", "shopguide-signature": signApi(secret, raw) },
      body: raw,
    });
    expect(signed.status).toBe(400);
    expect(await errorCode(signed)).toBe("malformed_json");
  });

  it("answers 422 naming the field for a signed body that is not valid", async () => {
    const response = await postConversion(brand.id, secret, {
      orderId: "o-bad",
      amount: 12.5,
      currency: "USD",
    });
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.error.details.map((issue: { path: string }) => issue.path)).toEqual(
      expect.arrayContaining(["amount", "occurredAt"]),
    );
  });

  it.each([
    ["in year 9999", "9999-12-31T00:00:00Z", /no more than 5 minutes from now/],
    ["ten minutes ahead", () => new Date(Clock.nowMs() + 10 * 60_000).toISOString(), /5 minutes from now/],
    ["before 2000", "1999-12-31T23:59:59Z", /last 365 days/],
    ["400 days ago", () => new Date(Clock.nowMs() - 400 * 86_400_000).toISOString(), /last 365 days/],
  ])("answers 422 date_out_of_range on occurredAt for an order %s", async (_label, at, message) => {
    const occurredAt = typeof at === "function" ? at() : at;
    const response = await postConversion(brand.id, secret, order(`o-date-${occurredAt}`, { occurredAt }));
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details).toEqual([
      { path: "occurredAt", code: "date_out_of_range", message: expect.stringMatching(message) },
    ]);
  });

  it("takes an order a few minutes ahead (the store's clock) and refuses a refund dated 9999", async () => {
    const ahead = new Date(Clock.nowMs() + 4 * 60_000).toISOString();
    expect((await postConversion(brand.id, secret, order("o-ahead", { occurredAt: ahead }))).status).toBe(
      201,
    );
    const refund = await postConversion(brand.id, secret, {
      type: "refund",
      orderId: "o-ahead",
      refundAmount: 100,
      currency: "USD",
      occurredAt: "9999-01-01T00:00:00Z",
    });
    expect(refund.status).toBe(422);
    expect((await readJson(refund)).error.details).toEqual([
      expect.objectContaining({ path: "occurredAt", code: "date_out_of_range" }),
    ]);
  });

  it("verifies with both secrets during rotation, at most two, and never with a revoked one", async () => {
    const rotating = await createBrand();
    const old = await createSecret(rotating, "api");
    const fresh = await createSecret(rotating, "api");
    const third = await call("POST", `/api/v1/brands/${rotating.id}/secrets`, rotating.owner, {
      kind: "api",
    });
    expect(third.status).toBe(409);
    expect(await errorCode(third)).toBe("too_many_secrets");
    expect((await postConversion(rotating.id, old.secret, order("r-1"))).status).toBe(201);
    expect((await postConversion(rotating.id, fresh.secret, order("r-2"))).status).toBe(201);
    await ok(
      await call("POST", `/api/v1/brands/${rotating.id}/secrets/${old.id}/revoke`, rotating.owner),
      200,
    );
    expect((await postConversion(rotating.id, old.secret, order("r-3"))).status).toBe(401);
    expect((await postConversion(rotating.id, fresh.secret, order("r-4"))).status).toBe(201);
    const listed = await ok(await call("GET", `/api/v1/brands/${rotating.id}/secrets`, rotating.owner), 200);
    expect(JSON.stringify(listed)).not.toContain(fresh.secret);
    expect(JSON.stringify(listed)).not.toContain(old.secret);
  });
});

describe("attribution", () => {
  it.each([
    ["a bot click", "bot_click"],
    ["a click outside the window", "outside_window"],
    ["an unknown click id", "click_not_found"],
    ["nothing to go on", "no_click_or_coupon"],
    ["an unknown coupon", "coupon_unknown"],
  ])("records %s as unattributed with the reason", async (what, reason) => {
    let extra: Record<string, unknown> = {};
    if (reason === "bot_click") extra = { clickId: await clickFor(creator, brand, GOOGLEBOT) };
    if (reason === "outside_window") {
      // Orders may not claim a future time, so the click ages instead: a one-day window, two days later.
      const shortWindow = await createCampaign(brand, { attributionWindowDays: 1 });
      const briefly = await enrolledCreator(shortWindow.id, "BRIEF1");
      extra = { clickId: await clickFor(briefly, brand) };
      Clock.advance(2 * 86_400);
    }
    if (reason === "click_not_found") extra = { clickId: "clk_01JD6ZZZZZZZZZZZZZZZZZZZZZ" };
    if (reason === "coupon_unknown") extra = { couponCode: "NOBODY" };
    const response = await postConversion(brand.id, secret, order(`o-${reason}`, extra));
    expect(response.status, what).toBe(201);
    const answer = await readJson(response);
    expect(answer).toMatchObject({ status: "unattributed", attributed: false });
    expect(answer.commission).toBeUndefined();
    const receipt = await ok(await call("GET", `/api/v1/conversions/${answer.id}`, brand.owner), 200);
    expect(receipt.receipt).toMatchObject({ decision: "not_credited", reason });
  });

  it("falls back to the creator's coupon when the click does not count", async () => {
    const clickId = await clickFor(creator, brand, GOOGLEBOT);
    const answer = await ok(
      await postConversion(brand.id, secret, order("o-fallback", { clickId, couponCode: "maya10" })),
      201,
    );
    expect(answer).toMatchObject({ attributed: true, creator: { handle: creator.handle } });
    const receipt = await ok(await call("GET", `/api/v1/conversions/${answer.id}`, creator), 200);
    expect(receipt.receipt.method).toBe("coupon");
    expect(receipt.receipt.checks.map((check: { outcome: string }) => check.outcome)).toEqual([
      "fail",
      "pass",
    ]);
  });

  it("does not credit a creator who is not enrolled", async () => {
    const outsider = await signUp("creator");
    const clickId = await clickFor(outsider, brand);
    const answer = await ok(await postConversion(brand.id, secret, order("o-outsider", { clickId })), 201);
    expect(answer.attributed).toBe(false);
  });

  it("holds a self-referral for review", async () => {
    const { createHash } = await import("node:crypto");
    const emailSha256 = createHash("sha256").update(creator.email.toLowerCase()).digest("hex");
    const clickId = await clickFor(creator, brand);
    const answer = await ok(
      await postConversion(brand.id, secret, order("o-self", { clickId, customer: { emailSha256 } })),
      201,
    );
    expect(answer).toMatchObject({ status: "held", commission: { status: "held" } });
    const receipt = await ok(await call("GET", `/api/v1/conversions/${answer.id}`, brand.owner), 200);
    expect(receipt.receipt).toMatchObject({ decision: "held_for_review", reason: "self_referral" });
    expect((await call("POST", `/api/v1/conversions/${answer.id}/release`, creator)).status).toBe(404);
    const released = await ok(
      await call("POST", `/api/v1/conversions/${answer.id}/release`, brand.owner),
      200,
    );
    expect(released).toMatchObject({ status: "pending", commission: { status: "pending" } });
  });
});

describe("refunds", () => {
  it("reduces the commission by 30% on a 30% refund, and reverses it on the rest", async () => {
    const answer = await ok(
      await postConversion(brand.id, secret, order("o-refund", { couponCode: "MAYA10" })),
      201,
    );
    expect(answer.commission.amount.amount).toBe(1000);
    const partial = await postConversion(brand.id, secret, {
      type: "refund",
      orderId: "o-refund",
      refundId: "re-1",
      refundAmount: 3_000,
      currency: "USD",
    });
    expect(partial.status).toBe(200);
    expect((await readJson(partial)).conversion.commission).toEqual({
      amount: { amount: 700, currency: "USD" },
      status: "pending",
    });
    // The same refund again changes nothing.
    const retried = await postConversion(brand.id, secret, {
      type: "refund",
      orderId: "o-refund",
      refundId: "re-1",
      refundAmount: 3_000,
      currency: "USD",
    });
    expect((await readJson(retried)).conversion.commission.amount.amount).toBe(700);
    const rest = await ok(
      await postConversion(brand.id, secret, {
        type: "refund",
        orderId: "o-refund",
        refundId: "re-2",
        refundAmount: 7_000,
        currency: "USD",
      }),
      200,
    );
    expect(rest.conversion).toMatchObject({
      status: "reversed",
      commission: { amount: { amount: 0 }, status: "reversed" },
    });
    const receipt = await ok(await call("GET", `/api/v1/conversions/${answer.id}`, brand.owner), 200);
    expect(
      receipt.events.map((event: { kind: string; amount: number }) => [event.kind, event.amount]),
    ).toEqual([
      ["pending", 1000],
      ["adjusted", 700],
      ["reversed", 0],
    ]);
  });

  it("rounds a partial refund's commission half-up on the final amount", async () => {
    // 3 333 at 10% = 333.3 → 333; a refund of 1 000 leaves 333 × 2 333 / 3 333 = 233.09… → 233.
    await ok(
      await postConversion(brand.id, secret, order("o-round", { amount: 3_333, couponCode: "MAYA10" })),
      201,
    );
    const refunded = await ok(
      await postConversion(brand.id, secret, {
        type: "refund",
        orderId: "o-round",
        refundAmount: 1_000,
        currency: "USD",
      }),
      200,
    );
    expect(refunded.conversion.commission.amount.amount).toBe(233);
  });

  it("records a refund for an unknown order and answers 202", async () => {
    const response = await postConversion(brand.id, secret, {
      type: "refund",
      orderId: "never-seen",
      refundAmount: 500,
      currency: "USD",
    });
    expect(response.status).toBe(202);
    expect(await readJson(response)).toMatchObject({
      matched: false,
      status: "recorded",
      orderId: "never-seen",
    });
  });

  it("applies a refund that arrived before its order once the order arrives, and only once", async () => {
    const early = await postConversion(brand.id, secret, {
      type: "refund",
      orderId: "o-late",
      refundId: "re-early",
      refundAmount: 3_000,
      currency: "USD",
    });
    expect(early.status).toBe(202);
    const { id } = await ok(
      await postConversion(brand.id, secret, order("o-late", { amount: 10_000, couponCode: "MAYA10" })),
      201,
    );
    // The store retries the refund: it is already applied, so nothing moves again.
    await postConversion(brand.id, secret, {
      type: "refund",
      orderId: "o-late",
      refundId: "re-early",
      refundAmount: 3_000,
      currency: "USD",
    });
    const receipt = await ok(await call("GET", `/api/v1/conversions/${id}`, brand.owner), 200);
    // 10% of 100.00 = 10.00; 30% refunded leaves 7.00.
    expect(receipt.commission.amount.amount).toBe(700);
    expect(receipt.events.map((event: { kind: string }) => event.kind)).toEqual(["pending", "adjusted"]);
  });
});

describe("budget cap", () => {
  it("keeps 100 concurrent conversions' commissions within the cap, exactly", async () => {
    const capped = await createBrand();
    const cappedSecret = (await createSecret(capped, "api")).secret;
    const cappedCampaign = await createCampaign(capped, { budget: { amount: 25_500, currency: "USD" } });
    const cappedCreator = await enrolledCreator(cappedCampaign.id, "CAPPED");
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        postConversion(capped.id, cappedSecret, order(`cap-${index}`, { couponCode: "CAPPED" })),
      ),
    );
    expect(answers.map((response) => response.status)).toEqual(Array(100).fill(201));
    // Every commission, page by page (50 a page), and the running totals kept under the same contention.
    let sum = 0;
    let cursor: string | undefined;
    let earnings: { totals: { pending: number }[]; items: { commission: { amount: { amount: number } } }[] };
    do {
      const page = await ok(
        await call(
          "GET",
          `/api/v1/me/earnings${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
          cappedCreator,
        ),
        200,
      );
      earnings ??= page;
      for (const item of page.items) sum += item.commission.amount.amount;
      cursor = page.nextCursor;
    } while (cursor);
    expect(sum).toBeLessThanOrEqual(25_500);
    expect(sum).toBe(25_500);
    expect(earnings.totals[0]?.pending).toBe(25_500);
    const campaignNow = await ok(
      await call("GET", `/api/v1/campaigns/${cappedCampaign.id}`, capped.owner),
      200,
    );
    expect(campaignNow.budgetRemaining).toBe(0);
  });
});

describe("door 2: Shopify", () => {
  let shopifySecret: string;
  let clickId: string;
  const shopifyOrder = (id: number, extra: Record<string, unknown> = {}) => ({
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    email: "buyer@example.org",
    created_at: "2026-11-21T10:00:00-05:00",
    processed_at: Clock.now().toISOString(),
    currency: "USD",
    presentment_currency: "USD",
    financial_status: "paid",
    total_price: "199.98",
    subtotal_price: "199.98",
    total_tax: "0.00",
    landing_site: null,
    note_attributes: [],
    discount_codes: [],
    line_items: [
      {
        id: 1,
        product_id: 788032119674292900,
        variant_id: 1,
        sku: "TEE-1",
        title: "Tee",
        quantity: 2,
        price: "99.99",
      },
    ],
    customer: { id: 115310627314723950, email: "buyer@example.org" },
    ...extra,
  });

  beforeAll(async () => {
    shopifySecret = (await createSecret(brand, "shopify", "shpss_test_app_secret_0123456789")).secret;
    clickId = await clickFor(creator, brand);
  });

  it("turns orders/paid into a conversion from landing_site's sg_click, with exact minor units", async () => {
    const response = await postShopify(
      brand.id,
      shopifySecret,
      "orders/paid",
      shopifyOrder(820982911946154500, { landing_site: `/products/tee?utm_source=sg&sg_click=${clickId}` }),
      "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    );
    expect(response.status).toBe(200);
    const answer = await readJson(response);
    expect(answer).toMatchObject({
      outcome: "order",
      conversion: { attributed: true, commission: { amount: { amount: 2000 } } },
    });
    const receipt = await ok(
      await call("GET", `/api/v1/conversions/${answer.conversion.id}`, brand.owner),
      200,
    );
    expect(receipt.amount).toEqual({ amount: 19_998, currency: "USD" });
    expect(receipt.source).toBe("shopify");
    // The same delivery again is recognised by its webhook id.
    const again = await postShopify(
      brand.id,
      shopifySecret,
      "orders/paid",
      shopifyOrder(820982911946154500, { landing_site: `/products/tee?sg_click=${clickId}` }),
      "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    );
    expect(await readJson(again)).toEqual({ outcome: "duplicate" });
  });

  it("matches line items to catalogue products by Shopify product and variant id, not title", async () => {
    const product = async (sku: string, variantId: string) =>
      ok(
        await call("POST", `/api/v1/brands/${brand.id}/products`, brand.owner, {
          sku,
          name: "Tee",
          price: { amount: 3_000, currency: "USD" },
          shopify: { productId: "7001", variantId },
        }),
        201,
      );
    const small = await product("TEE-S", "9001");
    await product("TEE-L", "9002");
    const taken = await call("POST", `/api/v1/brands/${brand.id}/products`, brand.owner, {
      sku: "TEE-S2",
      name: "Tee",
      price: { amount: 3_000, currency: "USD" },
      shopify: { productId: "7001", variantId: "9001" },
    });
    expect(taken.status).toBe(409);
    expect(await errorCode(taken)).toBe("shopify_variant_taken");
    const onlySmall = await createCampaign(brand, { productIds: [small.id] });
    await enrolledCreator(onlySmall.id, "SMALLTEE");
    const line = (variantId: number, price: string) => ({
      id: variantId,
      product_id: 7001,
      variant_id: variantId,
      sku: "",
      title: "Tee",
      quantity: 1,
      price,
    });
    const answer = await ok(
      await postShopify(
        brand.id,
        shopifySecret,
        "orders/paid",
        shopifyOrder(4_400_123, {
          total_price: "90.00",
          discount_codes: [{ code: "SMALLTEE" }],
          line_items: [line(9001, "30.00"), line(9002, "50.00"), line(9999, "10.00")],
        }),
        "c0d1e2f3-variant-match",
      ),
      200,
    );
    // 10% of the small tee's 30.00 only: the large one is another variant, 9999 is no product of ours.
    expect(answer.conversion).toMatchObject({ attributed: true, commission: { amount: { amount: 300 } } });
    const receipt = await ok(
      await call("GET", `/api/v1/conversions/${answer.conversion.id}`, brand.owner),
      200,
    );
    expect(receipt.items.map((item: { productId?: string }) => item.productId)).toEqual([
      small.id,
      expect.stringMatching(/^prd_/),
      undefined,
    ]);
  });

  it("reads the click id from note_attributes, and a creator's code from discount_codes", async () => {
    const byNote = await ok(
      await postShopify(
        brand.id,
        shopifySecret,
        "orders/paid",
        shopifyOrder(1001, { note_attributes: [{ name: "sg_click", value: clickId }] }),
        "wh-note",
      ),
      200,
    );
    expect(byNote.conversion.attributed).toBe(true);
    const byCode = await ok(
      await postShopify(
        brand.id,
        shopifySecret,
        "orders/paid",
        shopifyOrder(1002, { discount_codes: [{ code: "maya10", amount: "10.00", type: "percentage" }] }),
        "wh-code",
      ),
      200,
    );
    expect(byCode.conversion).toMatchObject({ attributed: true, creator: { handle: creator.handle } });
  });

  it("applies refunds/create proportionally and orders/cancelled in full", async () => {
    await ok(
      await postShopify(
        brand.id,
        shopifySecret,
        "orders/paid",
        shopifyOrder(2001, { landing_site: `/?sg_click=${clickId}` }),
        "wh-2001",
      ),
      200,
    );
    const refund = {
      id: 509562969,
      order_id: 2001,
      created_at: Clock.now().toISOString(),
      note: "damaged",
      restock: false,
      refund_line_items: [{ id: 1, line_item_id: 1, quantity: 1, subtotal: "59.99", total_tax: "0.00" }],
      transactions: [
        { id: 1, amount: "59.99", kind: "refund", gateway: "bogus", status: "success", currency: "USD" },
      ],
    };
    const refunded = await ok(
      await postShopify(brand.id, shopifySecret, "refunds/create", refund, "wh-refund"),
      200,
    );
    // 2 000 × (19 998 − 5 999) / 19 998 = 1 400.04… → 1 400
    expect(refunded.conversion.commission.amount.amount).toBe(1400);
    const cancelled = await ok(
      await postShopify(
        brand.id,
        shopifySecret,
        "orders/cancelled",
        shopifyOrder(2001, { cancelled_at: Clock.now().toISOString() }),
        "wh-cancel",
      ),
      200,
    );
    expect(cancelled.conversion).toMatchObject({ status: "reversed" });
    const unknown = await postShopify(
      brand.id,
      shopifySecret,
      "refunds/create",
      { ...refund, id: 7, order_id: 999 },
      "wh-unknown",
    );
    expect(unknown.status).toBe(202);
  });

  it("never reverses a commission on a replayed orders/paid body sent as orders/cancelled", async () => {
    const paidBody = shopifyOrder(4001, { landing_site: `/?sg_click=${clickId}` });
    const paid = await ok(
      await postShopify(brand.id, shopifySecret, "orders/paid", paidBody, "wh-4001"),
      200,
    );
    // The captured body, validly signed, under a forged topic and a fresh webhook id.
    const replay = await postShopify(brand.id, shopifySecret, "orders/cancelled", paidBody, "wh-4001-forged");
    expect(replay.status).toBe(422);
    expect(await errorCode(replay)).toBe("shopify_topic_unproven");
    const receipt = await ok(
      await call("GET", `/api/v1/conversions/${paid.conversion.id}`, brand.owner),
      200,
    );
    expect(receipt.refundedAmount).toBe(0);
    expect(receipt.commission.status).not.toBe("reversed");
    // The same order's genuine cancellation (cancelled_at in the signed body) is applied.
    const cancelled = await ok(
      await postShopify(
        brand.id,
        shopifySecret,
        "orders/cancelled",
        { ...paidBody, cancelled_at: Clock.now().toISOString(), updated_at: Clock.now().toISOString() },
        "wh-4001-cancel",
      ),
      200,
    );
    expect(cancelled.conversion).toMatchObject({ status: "reversed" });
  });

  it("refuses a delivery more than 48 h old, by its signed body or its X-Shopify-Triggered-At", async () => {
    const old = new Date(Clock.now().getTime() - 49 * 3600 * 1000).toISOString();
    const staleBody = shopifyOrder(5001, { created_at: old, processed_at: old, updated_at: old });
    const stale = await postShopify(brand.id, shopifySecret, "orders/paid", staleBody, "wh-5001");
    expect(stale.status).toBe(400);
    expect(await errorCode(stale)).toBe("webhook_stale");
    const lateHeader = await postShopify(
      brand.id,
      shopifySecret,
      "orders/paid",
      shopifyOrder(5002),
      "wh-5002",
      {
        "x-shopify-triggered-at": old,
      },
    );
    expect(lateHeader.status).toBe(400);
    expect(await errorCode(lateHeader)).toBe("webhook_stale");
    // 47 h old is inside the window (Shopify retries for up to 48 h).
    const recent = new Date(Clock.now().getTime() - 47 * 3600 * 1000).toISOString();
    const retried = await postShopify(
      brand.id,
      shopifySecret,
      "orders/paid",
      shopifyOrder(5003, { created_at: recent, processed_at: recent }),
      "wh-5003",
      { "x-shopify-triggered-at": recent },
    );
    expect(retried.status).toBe(200);
    // Nothing was recorded for the stale ones: their order ids are unknown to a refund.
    const refundOfStale = await postShopify(
      brand.id,
      shopifySecret,
      "refunds/create",
      {
        id: 5001,
        order_id: 5001,
        created_at: Clock.now().toISOString(),
        transactions: [{ amount: "1.00", kind: "refund", status: "success", currency: "USD" }],
      },
      "wh-5001-refund",
    );
    expect(refundOfStale.status).toBe(202);
  });

  it("answers 401 when the HMAC is wrong", async () => {
    const response = await postShopify(
      brand.id,
      "another secret entirely",
      "orders/paid",
      shopifyOrder(3001),
      "wh-bad",
    );
    expect(response.status).toBe(401);
  });
});

describe("door 3: Stripe", () => {
  const whsec = "whsec_test_0123456789abcdefghijklmnop";
  const sessionEvent = (id: string, session: Record<string, unknown>) => ({
    id,
    object: "event",
    api_version: "2024-06-20",
    created: Clock.nowSeconds(),
    livemode: false,
    type: "checkout.session.completed",
    data: {
      object: {
        id: `cs_test_${id}`,
        object: "checkout.session",
        amount_subtotal: 5_000,
        amount_total: 5_000,
        currency: "usd",
        created: Clock.nowSeconds(),
        mode: "payment",
        payment_status: "paid",
        status: "complete",
        payment_intent: `pi_${id}`,
        customer_details: { email: "buyer@example.org", name: "Buyer" },
        metadata: {},
        ...session,
      },
    },
  });

  beforeAll(async () => {
    await createSecret(brand, "stripe", whsec);
  });

  it("credits a creator's coupon from the discounts Stripe applied, on checkout sessions and on invoice.paid", async () => {
    const fromPromotion = await ok(
      await postStripe(
        brand.id,
        whsec,
        sessionEvent("evt_disc_1", {
          discounts: [{ coupon: "co_internal", promotion_code: { id: "promo_1", code: "maya10" } }],
        }),
      ),
      200,
    );
    expect(fromPromotion.conversion).toMatchObject({ attributed: true, creator: { handle: creator.handle } });
    const invoicePaid = (id: string, invoice: Record<string, unknown>) => ({
      id,
      object: "event",
      created: Clock.nowSeconds(),
      type: "invoice.paid",
      data: {
        object: {
          id: `in_${id}`,
          object: "invoice",
          amount_paid: 4_000,
          currency: "usd",
          created: Clock.nowSeconds(),
          payment_intent: `pi_${id}`,
          customer_email: "buyer@example.org",
          discounts: ["di_unexpanded"],
          ...invoice,
        },
      },
    });
    const fromTotals = await ok(
      await postStripe(
        brand.id,
        whsec,
        invoicePaid("evt_disc_2", {
          total_discount_amounts: [
            { amount: 400, discount: { id: "di_1", coupon: { id: "MAYA10", name: "Maya" } } },
          ],
        }),
      ),
      200,
    );
    expect(fromTotals.conversion).toMatchObject({
      attributed: true,
      commission: { amount: { amount: 400, currency: "USD" } },
    });
    const receipt = await ok(
      await call("GET", `/api/v1/conversions/${fromTotals.conversion.id}`, creator),
      200,
    );
    expect(receipt.receipt).toMatchObject({ reason: "credited_by_coupon", couponCode: "MAYA10" });
    const none = await ok(await postStripe(brand.id, whsec, invoicePaid("evt_disc_3", {})), 200);
    expect(none.conversion).toMatchObject({ attributed: false, status: "unattributed" });
  });

  it("turns checkout.session.completed into a conversion and charge.refunded into a reversal", async () => {
    const clickId = await clickFor(creator, brand);
    const created = await ok(
      await postStripe(brand.id, whsec, sessionEvent("evt_1", { client_reference_id: clickId })),
      200,
    );
    expect(created.conversion).toMatchObject({
      attributed: true,
      commission: { amount: { amount: 500, currency: "USD" } },
    });
    const byMetadata = await ok(
      await postStripe(brand.id, whsec, sessionEvent("evt_2", { metadata: { sg_click: clickId } })),
      200,
    );
    expect(byMetadata.conversion.attributed).toBe(true);
    const charge = (amountRefunded: number, id: string) => ({
      id,
      object: "event",
      created: Clock.nowSeconds(),
      type: "charge.refunded",
      data: {
        object: {
          id: "ch_1",
          object: "charge",
          amount: 5_000,
          amount_captured: 5_000,
          amount_refunded: amountRefunded,
          currency: "usd",
          payment_intent: "pi_evt_1",
          refunded: amountRefunded === 5_000,
        },
      },
    });
    const partial = await ok(await postStripe(brand.id, whsec, charge(1_500, "evt_3")), 200);
    expect(partial.conversion.commission.amount.amount).toBe(350);
    const full = await ok(await postStripe(brand.id, whsec, charge(5_000, "evt_4")), 200);
    expect(full.conversion).toMatchObject({ status: "reversed", commission: { amount: { amount: 0 } } });
    expect(await readJson(await postStripe(brand.id, whsec, charge(5_000, "evt_4")))).toEqual({
      outcome: "duplicate",
    });
  });

  it.each([
    ["a wrong secret", "whsec_wrong", 0],
    ["a timestamp 301 s old", whsec, -301],
  ])("answers 401 for %s", async (_case, key, skew) => {
    const response = await postStripe(
      brand.id,
      key,
      sessionEvent(`evt_bad_${skew}`, {}),
      Clock.nowSeconds() + skew,
    );
    expect(response.status).toBe(401);
  });
});

describe("holds and review", () => {
  it("approves a pending commission once its hold has passed, once even when two jobs run at once", async () => {
    // A short hold, so the jump forward stays inside the 30-day session.
    const short = await createCampaign(brand, { holdDays: 2 });
    const holder = await enrolledCreator(short.id, "SHORTHOLD");
    const answer = await ok(
      await postConversion(brand.id, secret, order("o-hold", { couponCode: "SHORTHOLD" })),
      201,
    );
    const toReject = await ok(
      await postConversion(brand.id, secret, order("o-reject", { couponCode: "SHORTHOLD" })),
      201,
    );
    const rejected = await call("POST", `/api/v1/conversions/${toReject.id}/reject`, brand.owner, {
      reason: "Test order",
    });
    expect((await readJson(rejected)).status).toBe("rejected");
    const job = jobs["release-holds"];
    if (!job) throw new Error("no release-holds job");
    await job.run();
    expect((await ok(await call("GET", `/api/v1/conversions/${answer.id}`, holder), 200)).status).toBe(
      "pending",
    );
    Clock.advance(3 * 86_400);
    await Promise.all([job.run(), job.run()]);
    const receipt = await ok(await call("GET", `/api/v1/conversions/${answer.id}`, holder), 200);
    expect(receipt.status).toBe("approved");
    expect(receipt.events.map((event: { kind: string }) => event.kind)).toEqual(["pending", "approved"]);
    const late = await call("POST", `/api/v1/conversions/${answer.id}/reject`, brand.owner, {
      reason: "Too late",
    });
    expect(late.status).toBe(409);
    const earnings = await ok(await call("GET", "/api/v1/me/earnings", holder), 200);
    expect(earnings.totals).toEqual([
      { currency: "USD", pending: 0, held: 0, approved: 1000, reversed: 0, paid: 0 },
    ]);
  });
});

describe("earnings from running totals", () => {
  const totalsOf = async (account: TestAccount) =>
    (await ok(await call("GET", "/api/v1/me/earnings", account), 200)).totals;

  it("keeps the totals right through approve, reject, refund and redelivery", async () => {
    const short = await createCampaign(brand, { holdDays: 2 });
    const earner = await enrolledCreator(short.id, "TOTALS");
    const first = await ok(
      await postConversion(brand.id, secret, order("o-tot-1", { couponCode: "TOTALS" })),
      201,
    );
    const second = await ok(
      await postConversion(brand.id, secret, order("o-tot-2", { couponCode: "TOTALS" })),
      201,
    );
    const third = await ok(
      await postConversion(brand.id, secret, order("o-tot-3", { couponCode: "TOTALS" })),
      201,
    );
    // The store delivers the same order again: replayed, counted once.
    expect((await postConversion(brand.id, secret, order("o-tot-1", { couponCode: "TOTALS" }))).status).toBe(
      200,
    );
    expect(await totalsOf(earner)).toEqual([
      { currency: "USD", pending: 3000, held: 0, approved: 0, reversed: 0, paid: 0 },
    ]);

    await ok(
      await call("POST", `/api/v1/conversions/${third.id}/reject`, brand.owner, { reason: "Test order" }),
      200,
    );
    const refund = {
      type: "refund",
      orderId: "o-tot-2",
      refundId: "re-tot",
      refundAmount: 3_000,
      currency: "USD",
    };
    await ok(await postConversion(brand.id, secret, refund), 200);
    // The same refund delivered twice moves nothing the second time.
    await ok(await postConversion(brand.id, secret, refund), 200);
    expect(await totalsOf(earner)).toEqual([
      { currency: "USD", pending: 1700, held: 0, approved: 0, reversed: 300, paid: 0 },
    ]);

    Clock.advance(3 * 86_400);
    const job = jobs["release-holds"];
    if (!job) throw new Error("no release-holds job");
    await Promise.all([job.run(), job.run()]);
    await job.run();
    expect(await totalsOf(earner)).toEqual([
      { currency: "USD", pending: 0, held: 0, approved: 1700, reversed: 300, paid: 0 },
    ]);
    const full = {
      type: "refund",
      orderId: "o-tot-1",
      refundId: "re-tot-all",
      refundAmount: 10_000,
      currency: "USD",
    };
    await ok(await postConversion(brand.id, secret, full), 200);
    const earnings = await ok(await call("GET", "/api/v1/me/earnings", earner), 200);
    expect(earnings.totals).toEqual([
      { currency: "USD", pending: 0, held: 0, approved: 700, reversed: 1300, paid: 0 },
    ]);
    expect(earnings.byCampaign).toEqual([
      {
        campaignId: short.id,
        campaignName: expect.any(String),
        currency: "USD",
        pending: 0,
        held: 0,
        approved: 700,
        reversed: 1300,
        paid: 0,
      },
    ]);
    expect(earnings.items.map((item: { conversionId: string }) => item.conversionId).sort()).toEqual(
      [first.id, second.id, third.id].sort(),
    );
  });

  it("answers from the totals and one page: the same queries at 10 commissions as at 60", async () => {
    const paged = await createCampaign(brand);
    const few = await enrolledCreator(paged.id, "FEWSALES");
    const many = await enrolledCreator(paged.id, "MANYSALES");
    const sell = async (code: string, count: number) => {
      for (let start = 0; start < count; start += 10)
        await Promise.all(
          Array.from({ length: Math.min(10, count - start) }, async (_, index) =>
            ok(
              await postConversion(
                brand.id,
                secret,
                order(`o-${code}-${start + index}`, { couponCode: code }),
              ),
              201,
            ),
          ),
        );
    };
    await sell("FEWSALES", 10);
    await sell("MANYSALES", 60);
    CapacityMeter.enable();
    const read = async (account: TestAccount) => {
      const { result, used } = await CapacityMeter.measure(() => call("GET", "/api/v1/me/earnings", account));
      return { earnings: await ok(result, 200), queries: used.calls.QueryCommand ?? 0 };
    };
    const small = await read(few);
    const large = await read(many);
    expect(small.queries).toBeGreaterThan(0);
    expect(large.queries).toBe(small.queries);
    expect(small.earnings.totals[0].pending).toBe(10 * 1000);
    expect(large.earnings.totals[0].pending).toBe(60 * 1000);
    expect(small.earnings.items).toHaveLength(10);
    expect(small.earnings.nextCursor).toBeUndefined();
    expect(large.earnings.items).toHaveLength(50);
    const rest = await ok(
      await call("GET", `/api/v1/me/earnings?cursor=${encodeURIComponent(large.earnings.nextCursor)}`, many),
      200,
    );
    expect(rest.items).toHaveLength(10);
    expect(rest.totals).toEqual(large.earnings.totals);
    // Someone else's cursor is refused, not followed.
    const foreign = await call(
      "GET",
      `/api/v1/me/earnings?cursor=${encodeURIComponent(large.earnings.nextCursor)}`,
      few,
    );
    expect(foreign.status).toBe(400);
  });
});

describe("budget given back", () => {
  it("returns a reduced, reversed or rejected commission's amount to the campaign budget, exactly once", async () => {
    const capped = await createBrand();
    const cappedSecret = (await createSecret(capped, "api")).secret;
    const cappedCampaign = await createCampaign(capped, { budget: { amount: 1_500, currency: "USD" } });
    await enrolledCreator(cappedCampaign.id, "GIVEBACK");
    const remaining = async () =>
      (await ok(await call("GET", `/api/v1/campaigns/${cappedCampaign.id}`, capped.owner), 200))
        .budgetRemaining;
    const post = (body: Record<string, unknown>) => postConversion(capped.id, cappedSecret, body);
    const refund = (orderId: string, refundId: string, refundAmount: number) =>
      post({ type: "refund", orderId, refundId, refundAmount, currency: "USD" });

    const first = await ok(await post(order("give-1", { couponCode: "GIVEBACK" })), 201);
    const second = await ok(await post(order("give-2", { couponCode: "GIVEBACK" })), 201);
    expect(second.commission.amount.amount).toBe(500);
    expect(await remaining()).toBe(0);

    // 30% refunded: 1 000 → 700, 300 back; the same refund delivered again gives nothing more.
    for (let delivery = 0; delivery < 3; delivery++) await ok(await refund("give-1", "r-30", 3_000), 200);
    expect(await remaining()).toBe(300);

    // Rejected: all 500 back, once; a second rejection is refused and gives nothing.
    await ok(
      await call("POST", `/api/v1/conversions/${second.id}/reject`, capped.owner, { reason: "Test" }),
      200,
    );
    const again = await call("POST", `/api/v1/conversions/${second.id}/reject`, capped.owner, {
      reason: "Test",
    });
    expect(again.status).toBe(409);
    expect(await remaining()).toBe(800);

    // The rest refunded, twice at once: reversed, the last 700 back once.
    await Promise.all([refund("give-1", "r-rest", 7_000), refund("give-1", "r-rest", 7_000)]);
    const reversed = await ok(await call("GET", `/api/v1/conversions/${first.id}`, capped.owner), 200);
    expect(reversed.commission).toMatchObject({ status: "reversed", amount: { amount: 0 } });
    expect(await remaining()).toBe(1_500);

    // What came back pays the next commission in full.
    const third = await ok(await post(order("give-3", { couponCode: "GIVEBACK" })), 201);
    expect(third.commission.amount.amount).toBe(1_000);
    expect(await remaining()).toBe(500);
  });
});

describe("hold-release job over sharded hold buckets", () => {
  it("indexes pending commissions by due hour and shard, and resumes a run cut short by its time budget", async () => {
    const { Conversion } = await import("@shopguide/core/conversion");
    const { dynamo, tableName } = await import("@shopguide/core/dynamo");
    const { GetCommand, QueryCommand } = await import("@aws-sdk/lib-dynamodb");
    const short = await createCampaign(brand, { holdDays: 1 });
    await enrolledCreator(short.id, "ONEDAY");
    const answers = await Promise.all(
      ["shard-1", "shard-2", "shard-3"].map(async (orderId) =>
        ok(await postConversion(brand.id, secret, order(orderId, { couponCode: "ONEDAY" })), 201),
      ),
    );
    const itemOf = async (id: string) =>
      (
        await dynamo().send(
          new GetCommand({ TableName: tableName(), Key: { pk: `CONVERSION#${id}`, sk: "CONVERSION" } }),
        )
      ).Item ?? {};
    for (const answer of answers) {
      const item = await itemOf(answer.id);
      const hour = item.commission.holdUntil.slice(0, 13);
      expect(item.gsi3pk).toMatch(new RegExp(`^HOLDS#${hour}#[0-7]$`));
      expect(item.gsi3sk).toBe(`${item.commission.holdUntil}#${answer.id}`);
    }
    const buckets = async () =>
      (
        await dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": "HOLDBUCKETS" },
          }),
        )
      ).Items?.map((item) => item.sk) ?? [];
    const hour = (await itemOf(answers[0].id)).commission.holdUntil.slice(0, 13);
    expect(await buckets()).toContain(hour);

    Clock.advance(2 * 86_400);
    // A zero budget stops after each item: one approval per run, the rest left for the next run.
    const perRun: number[] = [];
    for (let run = 0; run < 10; run++) {
      const approved = await Conversion.releaseHolds({ budgetMs: 0 });
      perRun.push(approved);
      if (approved === 0) break;
    }
    expect(perRun.every((count) => count <= 1)).toBe(true);
    expect(perRun.filter((count) => count === 1).length).toBeGreaterThanOrEqual(3);
    for (const answer of answers) {
      const item = await itemOf(answer.id);
      expect(item.status).toBe("approved");
      expect(item.gsi3pk).not.toMatch(/^HOLDS#/);
    }
    // Drained and closed (its hour over, plus the grace): the hour leaves the directory.
    await Conversion.releaseHolds();
    expect(await buckets()).not.toContain(hour);
  });

  it("approves a commission released from review after its hold ended, on the next run", async () => {
    const { createHash } = await import("node:crypto");
    const { Conversion } = await import("@shopguide/core/conversion");
    const reviewed = await createCampaign(brand, { holdDays: 1 });
    const self = await enrolledCreator(reviewed.id, "SELFBUY");
    const emailSha256 = createHash("sha256").update(self.email.toLowerCase()).digest("hex");
    const answer = await ok(
      await postConversion(
        brand.id,
        secret,
        order("o-reviewed", { couponCode: "SELFBUY", customer: { emailSha256 } }),
      ),
      201,
    );
    expect(answer.status).toBe("held");
    Clock.advance(3 * 86_400);
    await Conversion.releaseHolds();
    await ok(await call("POST", `/api/v1/conversions/${answer.id}/release`, brand.owner), 200);
    await Conversion.releaseHolds();
    const receipt = await ok(await call("GET", `/api/v1/conversions/${answer.id}`, brand.owner), 200);
    expect(receipt.status).toBe("approved");
    expect(receipt.events.map((event: { kind: string }) => event.kind)).toEqual([
      "held",
      "pending",
      "approved",
    ]);
  });
});
