import { Conversion } from "@shopguide/core/conversion";
import { Clock } from "@shopguide/core/util/clock";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, type Json, logIn, type TestAccount } from "../../../../tests/fixtures/accounts";
import {
  addViewer,
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
import { nextWeeklyPeriod, runJob } from "../../../../tests/fixtures/jobs";

let brand: TestBrand;
let otherBrand: TestBrand;
let secret: string;
let viewer: TestAccount;
let maya: TestAccount;
let noah: TestAccount;

async function order(orderId: string, amount: number, couponCode: string) {
  await ok(
    await postConversion(brand.id, secret, {
      orderId,
      amount,
      currency: "USD",
      couponCode,
      occurredAt: Clock.now().toISOString(),
    }),
    201,
  );
}

async function upcoming(creator: TestAccount): Promise<Json[]> {
  return (await ok(await call("GET", "/api/v1/me/statements?status=open", creator), 200)).items;
}

async function brandUpcoming(): Promise<Json[]> {
  return (await ok(await call("GET", `/api/v1/brands/${brand.id}/statements?status=open`, brand.owner), 200))
    .items;
}

async function stored(creator: TestAccount): Promise<Json[]> {
  return (await ok(await call("GET", "/api/v1/me/statements", creator), 200)).items;
}

/** What the close job must reproduce from a preview: everything but ids, status and history. */
function settled(statement: Json) {
  const entry = ({ conversionId, commissionId, orderId, amount }: Json) => ({
    conversionId,
    commissionId,
    orderId,
    amount,
  });
  const byOrder = (a: Json, b: Json) => (a.orderId < b.orderId ? -1 : 1);
  return {
    brandId: statement.brandId,
    creatorId: statement.creatorId,
    creator: statement.creator,
    brand: statement.brand,
    period: statement.period,
    currency: statement.currency,
    lines: statement.lines.map(entry).sort(byOrder),
    adjustments: statement.adjustments
      .map((adjustment: Json) => ({ ...entry(adjustment), kind: adjustment.kind, reason: adjustment.reason }))
      .sort(byOrder),
    carriedIn: statement.carriedIn,
    total: statement.total,
    payable: statement.payable,
    carriedOut: statement.carriedOut,
  };
}

beforeAll(async () => {
  brand = await createBrand();
  otherBrand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 0 });
  await weeklyPayouts(brand);
  viewer = await addViewer(brand);
  maya = await enrolledCreator(campaign.id, "MAYA10");
  noah = await enrolledCreator(campaign.id, "NOAH10");
});

describe("upcoming statements (status open)", () => {
  let openId: string;

  it("preview the running period, and the close job then writes exactly that", async () => {
    await order("p1-a", 10_000, "MAYA10");
    await order("p1-b", 20_000, "MAYA10");
    await order("p1-small", 5_000, "NOAH10");
    await runJob("release-holds");

    const [preview] = await upcoming(maya);
    expect(preview).toMatchObject({
      status: "open",
      creator: { handle: maya.handle },
      brand: { name: expect.stringMatching(/^Brand /) },
      currency: "USD",
      carriedIn: 0,
      total: 3_000,
      payable: 3_000,
      events: [],
    });
    expect(preview.lines.map((line: Json) => [line.orderId, line.amount]).sort()).toEqual([
      ["p1-a", 1_000],
      ["p1-b", 2_000],
    ]);
    // The period is the running one; it closes at its end.
    expect(new Date(preview.period.start).getTime()).toBeLessThanOrEqual(Clock.nowMs());
    expect(new Date(preview.period.end).getTime()).toBeGreaterThan(Clock.nowMs());
    openId = preview.id;
    expect(await ok(await call("GET", `/api/v1/statements/${openId}`, maya), 200)).toEqual(preview);
    const brandView = await brandUpcoming();
    expect(brandView.map((statement: Json) => statement.creator.handle).sort()).toEqual(
      [maya.handle, noah.handle].sort(),
    );
    const noahPreview = brandView.find((statement: Json) => statement.creator.handle === noah.handle);
    expect(noahPreview).toMatchObject({ status: "open", total: 500, payable: 0, carriedOut: 500 });
    // Reading a preview writes nothing: no stored statement yet.
    expect(await stored(maya)).toEqual([]);

    await nextWeeklyPeriod();
    const [closed] = await stored(maya);
    expect(closed.status).toBe("closed");
    expect(settled(closed)).toEqual(settled(preview));
    const [carried] = await stored(noah);
    expect(carried.status).toBe("carried");
    expect(settled(carried)).toEqual(settled(noahPreview));
    // Once closed, nothing is upcoming, and the old preview id is gone.
    expect(await upcoming(maya)).toEqual([]);
    expect((await call("GET", `/api/v1/statements/${openId}`, maya)).status).toBe(404);
  });

  it("carries the balance in and shows clawbacks of paid commissions", async () => {
    const [first] = await stored(maya);
    await ok(await call("POST", `/api/v1/statements/${first.id}/approve`, brand.owner), 200);
    await ok(
      await call("POST", `/api/v1/statements/${first.id}/paid`, brand.owner, {
        reference: "TX-1",
        paidAt: Clock.now().toISOString(),
      }),
      200,
    );
    await ok(
      await postConversion(brand.id, secret, {
        type: "refund",
        orderId: "p1-a",
        refundId: "r1",
        refundAmount: 10_000,
        currency: "USD",
      }),
      200,
    );
    await order("p2-a", 30_000, "MAYA10");
    await order("p2-b", 8_000, "NOAH10");
    await runJob("release-holds");

    const [mine] = await upcoming(maya);
    expect(mine).toMatchObject({ status: "open", carriedIn: 0, total: 2_000, payable: 2_000 });
    expect(mine.lines.map((line: Json) => [line.orderId, line.amount])).toEqual([["p2-a", 3_000]]);
    expect(mine.adjustments.map((entry: Json) => [entry.orderId, entry.kind, entry.amount])).toEqual([
      ["p1-a", "clawback", -1_000],
    ]);
    const [his] = await upcoming(noah);
    expect(his).toMatchObject({ status: "open", carriedIn: 500, total: 1_300, payable: 1_300 });
    openId = mine.id;
    // The brand can narrow the preview by the period's start day, like stored statements.
    const day = mine.period.start.slice(0, 10);
    const byDay = await ok(
      await call("GET", `/api/v1/brands/${brand.id}/statements?status=open&period=${day}`, brand.owner),
      200,
    );
    expect(byDay.items).toHaveLength(2);
    const otherDay = await ok(
      await call("GET", `/api/v1/brands/${brand.id}/statements?status=open&period=2000-01-03`, brand.owner),
      200,
    );
    expect(otherDay.items).toEqual([]);

    await nextWeeklyPeriod();
    const closed = (await stored(maya)).find(
      (statement: Json) => statement.period.start === mine.period.start,
    );
    expect(closed.status).toBe("closed");
    expect(settled(closed)).toEqual(settled(mine));
    const noahClosed = (await stored(noah)).find(
      (statement: Json) => statement.period.start === his.period.start,
    );
    expect(settled(noahClosed)).toEqual(settled(his));
    // Filtering stored statements by status still works for creators.
    const paid = await ok(await call("GET", "/api/v1/me/statements?status=paid", maya), 200);
    expect(paid.items.map((statement: Json) => statement.id)).toEqual([first.id]);
  });
});

describe("who may see and act on an upcoming statement", () => {
  beforeAll(async () => {
    await order("p3-a", 40_000, "MAYA10");
    await runJob("release-holds");
    const [preview] = await upcoming(maya);
    expect(preview.status).toBe("open");
    previewId = preview.id;
  });
  let previewId: string;

  const account = (who: string): TestAccount | undefined =>
    ({ owner: brand.owner, viewer, maya, noah, "other brand": otherBrand.owner })[who];

  it.each([
    ["owner", 200],
    ["viewer", 200],
    ["maya", 200],
    ["noah", 404],
    ["other brand", 404],
    ["anonymous", 401],
  ])("%s reads it: %i", async (who, status) => {
    expect((await call("GET", `/api/v1/statements/${previewId}`, account(who))).status).toBe(status);
  });

  it.each([
    ["owner", 200],
    ["viewer", 200],
    ["maya", 404],
    ["other brand", 404],
    ["anonymous", 401],
  ])("%s lists the brand's upcoming statements: %i", async (who, status) => {
    const response = await call("GET", `/api/v1/brands/${brand.id}/statements?status=open`, account(who));
    expect(response.status).toBe(status);
  });

  it("a creator's upcoming list holds only their own", async () => {
    expect((await upcoming(noah)).map((statement: Json) => statement.creator.handle)).not.toContain(
      maya.handle,
    );
    expect((await call("GET", "/api/v1/me/statements?status=open", undefined)).status).toBe(401);
  });

  it.each([
    ["owner", 409, "statement_open"],
    ["viewer", 403, "brand_role_required"],
    ["maya", 404, "statement_not_found"],
    ["other brand", 404, "statement_not_found"],
  ])("%s may not approve, dispute or mark it paid: %i %s", async (who, status, code) => {
    const actions: [string, unknown][] = [
      [`/api/v1/statements/${previewId}/approve`, undefined],
      [`/api/v1/statements/${previewId}/lines/open_x/dispute`, { reason: "Not ours" }],
      [`/api/v1/statements/${previewId}/paid`, { reference: "TX", paidAt: Clock.now().toISOString() }],
    ];
    for (const [path, body] of actions) {
      const response = await call("POST", path, account(who), body);
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(code);
    }
  });
});

describe("a creator's upcoming statements do not grow with their history", () => {
  it("read only the commissions that became payable since the longest last-ended period began", async () => {
    // Both earlier periods are closed; two months on, their commissions are out of the window read.
    Clock.advance(62 * 86_400);
    await nextWeeklyPeriod();
    maya = await logIn(maya);
    await order("h1-a", 40_000, "MAYA10");
    await runJob("release-holds");

    const [mine] = await upcoming(maya);
    expect(mine.lines.map((line: Json) => [line.orderId, line.amount])).toEqual([["h1-a", 4_000]]);
    expect(mine.adjustments).toEqual([]);
    const everPayable = await Conversion.listPayableOfCreator(maya.id, "2000-01-01");
    expect(everPayable.map((conversion) => conversion.orderId).sort()).toEqual([
      "h1-a",
      "p1-a",
      "p1-b",
      "p2-a",
      "p3-a",
    ]);
    const monthAgo = new Date(Clock.nowMs() - 40 * 86_400_000).toISOString().slice(0, 10);
    const window = await Conversion.listPayableOfCreator(maya.id, monthAgo);
    expect(window.map((conversion) => conversion.orderId)).toEqual(["h1-a"]);
  });
});
