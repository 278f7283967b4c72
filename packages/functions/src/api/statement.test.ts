import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Backfill } from "@shopguide/core/backfill";
import { dynamo, tableName } from "@shopguide/core/dynamo";
import { Clock } from "@shopguide/core/util/clock";
import { beforeAll, describe, expect, it } from "vitest";
import type { Json, TestAccount } from "../../../../tests/fixtures/accounts";
import {
  call,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  type TestBrand,
} from "../../../../tests/fixtures/commerce";
import { nextWeeklyPeriod, runJob } from "../../../../tests/fixtures/jobs";

let brand: TestBrand;
let secret: string;
let maya: TestAccount;
let noah: TestAccount;
const conversionIds = new Map<string, string>();

async function order(orderId: string, amount: number, couponCode: string) {
  const answer = await ok(
    await postConversion(brand.id, secret, {
      orderId,
      amount,
      currency: "USD",
      couponCode,
      occurredAt: Clock.now().toISOString(),
    }),
    201,
  );
  conversionIds.set(orderId, answer.id);
  return answer;
}

async function refund(orderId: string, refundId: string, refundAmount: number) {
  return ok(
    await postConversion(brand.id, secret, {
      type: "refund",
      orderId,
      refundId,
      refundAmount,
      currency: "USD",
    }),
    200,
  );
}

async function statementsOf(creator: TestAccount): Promise<Json[]> {
  const page = await ok(await call("GET", "/api/v1/me/statements", creator), 200);
  return page.items.filter((statement: Json) => statement.brandId === brand.id);
}

async function csvTotal(path: string, account: TestAccount): Promise<number> {
  const response = await call("GET", path, account);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  const rows = (await response.text()).trim().split("\n").slice(1);
  return rows.reduce((sum, row) => sum + Number(row.split(",").at(-1)), 0);
}

/** The brand's whole ledger with a creator, following its cursor page by page. */
async function ledgerOf(creator: TestAccount): Promise<Json> {
  const path = `/api/v1/brands/${brand.id}/ledger/${creator.handle}`;
  const first = await ok(await call("GET", path, brand.owner), 200);
  const statements: Json[] = [...first.statements];
  let cursor: string | undefined = first.nextCursor;
  while (cursor) {
    const page = await ok(
      await call("GET", `${path}?cursor=${encodeURIComponent(cursor)}`, brand.owner),
      200,
    );
    expect(page.currencies).toEqual(first.currencies);
    statements.push(...page.statements);
    cursor = page.nextCursor;
  }
  return { ...first, statements };
}

/** The invariants that hold after every step of the story. */
async function reconciles(creator: TestAccount) {
  const statements = await statementsOf(creator);
  const ledger = await ledgerOf(creator);
  const usd = ledger.currencies.find((entry: Json) => entry.currency === "USD") ?? {
    balance: 0,
    commissions: 0,
    reversals: 0,
    clawbacks: 0,
    payments: 0,
  };
  expect(usd.balance).toBe(usd.commissions + usd.reversals + usd.clawbacks + usd.payments);
  // The totals are what the ledger's statements add up to, without reading one entry.
  const listed = ledger.statements.filter((statement: Json) => statement.currency === "USD");
  expect(listed.map((statement: Json) => statement.id).sort()).toEqual(
    statements.map((statement) => statement.id).sort(),
  );
  const worth = (statement: Json) =>
    statement.counts.linesTotal +
    statement.counts.adjustmentsTotal -
    (statement.status === "paid" ? statement.payable : 0);
  expect(usd.balance).toBe(listed.reduce((total: number, statement: Json) => total + worth(statement), 0));
  for (const statement of listed)
    expect(statement.counts.reversalsTotal + statement.counts.clawbacksTotal).toBe(
      statement.counts.adjustmentsTotal,
    );
  // What the ledger says is owed: the newest carried balance plus every statement not yet paid.
  const newest = [...statements].sort((a, b) => (a.period.start < b.period.start ? 1 : -1))[0];
  const unpaid = statements
    .filter((statement) => statement.status === "closed" || statement.status === "approved")
    .reduce((total, statement) => total + statement.payable, 0);
  expect(usd.balance).toBe((newest?.carriedOut ?? 0) + unpaid);
  // A commission's amount is a line on one statement at most.
  const lined = statements.flatMap((statement) => statement.lines.map((line: Json) => line.commissionId));
  expect(new Set(lined).size).toBe(lined.length);
  for (const statement of statements) {
    const entries = [...statement.lines, ...statement.adjustments].reduce(
      (total: number, entry: Json) => total + entry.amount,
      0,
    );
    expect(statement.total).toBe(statement.carriedIn + entries);
    expect(await csvTotal(`/api/v1/statements/${statement.id}.csv`, creator)).toBe(statement.total);
  }
  const periods = [...new Set(statements.map((statement) => statement.period.start.slice(0, 10)))];
  for (const period of periods) {
    const apiTotal = statements
      .filter((statement) => statement.period.start.startsWith(period))
      .reduce((total, statement) => total + statement.total, 0);
    const brandTotal = (
      await ok(await call("GET", `/api/v1/brands/${brand.id}/statements?period=${period}`, brand.owner), 200)
    ).items
      .filter((statement: Json) => statement.creator.handle === creator.handle)
      .reduce((total: number, statement: Json) => total + statement.total, 0);
    expect(brandTotal).toBe(apiTotal);
  }
  return statements;
}

beforeAll(async () => {
  brand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 0 });
  expect(
    await ok(
      await call("PUT", `/api/v1/brands/${brand.id}/payout-settings`, brand.owner, {
        period: "weekly",
        minimumPayout: 1000,
      }),
      200,
    ),
  ).toEqual({ period: "weekly", minimumPayout: 1000 });
  maya = await enrolledCreator(campaign.id, "MAYA10");
  noah = await enrolledCreator(campaign.id, "NOAH10");
});

describe("payout statements over several periods", () => {
  it("settles, disputes, pays, claws back and carries forward, reconciling at every step", async () => {
    // Period 1: three orders for Maya (10% each), one partly refunded and one fully refunded before approval.
    await order("p1-a", 10_000, "MAYA10");
    await order("p1-b", 20_000, "MAYA10");
    await order("p1-c", 5_000, "MAYA10");
    await order("p1-gone", 8_000, "MAYA10");
    await refund("p1-c", "r1", 2_500);
    await refund("p1-gone", "r2", 8_000);
    await order("p1-small", 5_000, "NOAH10");
    await runJob("release-holds");
    await runJob("close-statements");
    expect(await statementsOf(maya)).toEqual([]);
    await reconciles(maya);

    await nextWeeklyPeriod();
    let [first] = await reconciles(maya);
    expect(first).toMatchObject({
      creator: { handle: maya.handle },
      currency: "USD",
      status: "closed",
      carriedIn: 0,
      total: 3_250,
      payable: 3_250,
      adjustments: [],
    });
    expect(first.lines.map((line: Json) => [line.orderId, line.amount]).sort()).toEqual([
      ["p1-a", 1_000],
      ["p1-b", 2_000],
      ["p1-c", 250],
    ]);
    // Noah's 500 is below the 1000 minimum: carried forward, nothing to pay.
    const [small] = await reconciles(noah);
    expect(small).toMatchObject({ status: "carried", total: 500, payable: 0, carriedOut: 500 });

    // A rerun of the job changes nothing.
    await runJob("close-statements");
    expect(await statementsOf(maya)).toHaveLength(1);

    // The brand disputes p1-b: it leaves the statement and its commission goes back to review.
    const disputed = first.lines.find((line: Json) => line.orderId === "p1-b");
    first = await ok(
      await call("POST", `/api/v1/statements/${first.id}/lines/${disputed.id}/dispute`, brand.owner, {
        reason: "Order was a duplicate",
      }),
      200,
    );
    expect(first).toMatchObject({ status: "closed", total: 1_250, payable: 1_250 });
    const receipt = await ok(
      await call("GET", `/api/v1/conversions/${disputed.conversionId}`, brand.owner),
      200,
    );
    expect(receipt.commission.status).toBe("held");
    await reconciles(maya);

    await ok(await call("POST", `/api/v1/statements/${first.id}/approve`, brand.owner), 200);
    const paid = await ok(
      await call("POST", `/api/v1/statements/${first.id}/paid`, brand.owner, {
        reference: "TX-1001",
        paidAt: Clock.now().toISOString(),
      }),
      200,
    );
    expect(paid).toMatchObject({ status: "paid", paid: { reference: "TX-1001" } });
    expect(paid.events.map((event: Json) => [event.kind, event.by])).toEqual([
      ["closed", "system"],
      ["disputed", brand.owner.handle],
      ["approved", brand.owner.handle],
      ["paid", brand.owner.handle],
    ]);
    await reconciles(maya);

    // Period 2: refunds after payment (p1-a fully, p1-c by half again) become clawbacks; one small order.
    await refund("p1-a", "r3", 10_000);
    await refund("p1-c", "r4", 1_250);
    await order("p2-a", 3_000, "MAYA10");
    await order("p2-b", 8_000, "NOAH10");
    await nextWeeklyPeriod();
    const [second] = await reconciles(maya);
    expect(second.adjustments.map((entry: Json) => [entry.orderId, entry.kind, entry.amount]).sort()).toEqual(
      [
        ["p1-a", "clawback", -1_000],
        ["p1-c", "clawback", -125],
      ],
    );
    // 300 - 1125 is negative: carried forward, never paid.
    expect(second).toMatchObject({ status: "carried", total: -825, payable: 0, carriedOut: -825 });
    // Noah: 500 carried in + 800 reaches the minimum.
    const [noahSecond] = await reconciles(noah);
    expect(noahSecond).toMatchObject({ status: "closed", carriedIn: 500, total: 1_300, payable: 1_300 });

    // Period 3: the brand releases the disputed order; it lands on the next statement with the carried debt.
    await ok(await call("POST", `/api/v1/conversions/${disputed.conversionId}/release`, brand.owner), 200);
    await order("p3-a", 6_000, "MAYA10");
    await nextWeeklyPeriod();
    const [third] = await reconciles(maya);
    expect(third).toMatchObject({ status: "closed", carriedIn: -825, total: 1_775, payable: 1_775 });
    expect(third.lines.map((line: Json) => line.orderId).sort()).toEqual(["p1-b", "p3-a"]);
    await ok(await call("POST", `/api/v1/statements/${third.id}/approve`, brand.owner), 200);
    await ok(
      await call("POST", `/api/v1/statements/${third.id}/paid`, brand.owner, {
        reference: "TX-1002",
        paidAt: Clock.now().toISOString(),
      }),
      200,
    );
    await reconciles(maya);
    const ledger = await ledgerOf(maya);
    expect(ledger.currencies[0]).toMatchObject({
      commissions: 1_000 + 250 + 300 + 2_000 + 600,
      clawbacks: -1_125,
      reversals: 0,
      payments: -1_250 - 1_775,
      balance: 0,
      statements: 3,
    });

    // Nothing new: a further period writes no statement, and every state change refuses a second time.
    await nextWeeklyPeriod();
    expect(await statementsOf(maya)).toHaveLength(3);
    const again = await call("POST", `/api/v1/statements/${third.id}/approve`, brand.owner);
    expect(again.status).toBe(409);
  });

  it("puts statements finalized before the ledger existed on it, as live writes did, once", async () => {
    const creators = [maya, noah];
    const before = await Promise.all(creators.map(ledgerOf));
    expect(before.every((ledger) => ledger.statements.length > 0)).toBe(true);
    // As an upgraded table has them: headers never ledgered (nor their reversals and clawbacks split), no totals.
    for (const creator of creators) {
      for (const statement of await statementsOf(creator))
        await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { pk: `STATEMENT#${statement.id}`, sk: "STATEMENT" },
            UpdateExpression:
              "REMOVE ledgered, gsi3pk, gsi3sk, #counts.reversalsTotal, #counts.clawbacksTotal",
            ExpressionAttributeNames: { "#counts": "counts" },
          }),
        );
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: { pk: `PAYOUTS#${brand.id}#${creator.id}#USD`, sk: "LEDGER" },
        }),
      );
    }
    expect(await ledgerOf(maya)).toMatchObject({ currencies: [], statements: [] });

    const first = await Backfill.run({ fresh: true });
    expect(first.ledgered).toBe(before.reduce((total, ledger) => total + ledger.statements.length, 0));
    // The same totals, `since` and statements (with their counts split again) as live writes made.
    expect(await Promise.all(creators.map(ledgerOf))).toEqual(before);
    for (const creator of creators) await reconciles(creator);
    const second = await Backfill.run({ fresh: true });
    expect(second.ledgered).toBe(0);
    expect(await Promise.all(creators.map(ledgerOf))).toEqual(before);
  });
});
