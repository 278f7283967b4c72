import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Backfill } from "@shopguide/core/backfill";
import { config } from "@shopguide/core/config";
import { dynamo, queryAll, tableName } from "@shopguide/core/dynamo";
import { Clock } from "@shopguide/core/util/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  weeklyPayouts,
} from "../../../../tests/fixtures/commerce";
import { publishGuide } from "../../../../tests/fixtures/guides";
import { nextWeeklyPeriod, runJob } from "../../../../tests/fixtures/jobs";
import { StreamPoller } from "../local/stream-poller";
import { handler as streamHandler } from "../stream";

/**
 * `npm run scale:backfill` over a table that looks like one upgraded from before issue 13: commissions are
 * written the normal way, then their derived items are taken away (totals deleted or wrong, payable markers
 * deleted, the payable index moved back to the single legacy partition, guide heat and directory entries
 * deleted), and the backfill must bring back exactly what live writes made, run after run, with live
 * conversions landing in the middle of it.
 */

const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

let brand: TestBrand;
let secret: string;
let maya: TestAccount;
let noah: TestAccount;

async function order(orderId: string, amount: number, couponCode: string): Promise<Json> {
  return ok(
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

async function refund(orderId: string, refundAmount: number) {
  await ok(
    await postConversion(brand.id, secret, {
      type: "refund",
      orderId,
      refundId: `r-${orderId}`,
      refundAmount,
      currency: "USD",
    }),
    200,
  );
}

const earnings = async (creator: TestAccount) => {
  const { totals, byCampaign } = await ok(await call("GET", "/api/v1/me/earnings", creator), 200);
  return { totals, byCampaign };
};
const upcoming = async (creator: TestAccount): Promise<Json[]> =>
  (await ok(await call("GET", "/api/v1/me/statements?status=open", creator), 200)).items;
const brandUpcoming = async (): Promise<Json[]> =>
  (await ok(await call("GET", `/api/v1/brands/${brand.id}/statements?status=open`, brand.owner), 200)).items;
const stored = async (creator: TestAccount): Promise<Json[]> =>
  (await ok(await call("GET", "/api/v1/me/statements", creator), 200)).items;

/** What a statement settles, without ids and history: the close job must write what the preview showed. */
function settled(statement: Json) {
  const entry = ({ conversionId, commissionId, orderId, amount, kind }: Json) => ({
    conversionId,
    commissionId,
    orderId,
    amount,
    kind,
  });
  const byOrder = (a: Json, b: Json) => (a.orderId < b.orderId ? -1 : 1);
  const { brandId, creatorId, period, currency, carriedIn, total, payable, carriedOut } = statement;
  return {
    ...{ brandId, creatorId, period, currency, carriedIn, total, payable, carriedOut },
    lines: statement.lines.map(entry).sort(byOrder),
    adjustments: statement.adjustments.map(entry).sort(byOrder),
  };
}

/** Everything the upgrade left undone, as a table from before issue 13 would have it. */
async function asBeforeIssue13() {
  const conversions = await queryAll({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": `BRAND#${brand.id}#CONVERSIONS` },
  });
  for (const conversion of conversions) {
    if (typeof conversion.gsi3pk === "string" && conversion.gsi3pk.startsWith("PAYABLE#"))
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: conversion.pk, sk: conversion.sk },
          UpdateExpression: "SET gsi3pk = :legacy",
          ExpressionAttributeValues: { ":legacy": "PAYABLE" },
        }),
      );
  }
  for (const creator of [maya, noah]) {
    for (const pk of [`EARNINGS#${creator.id}`, `CREATOR#${creator.id}#PAYABLE`]) {
      const items = await queryAll({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
      });
      for (const item of items)
        await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }));
    }
  }
  return conversions;
}

/** A totals item counting only part of the story, as one touched by a live write after the upgrade would. */
async function partialTotals(creator: TestAccount, campaignId: string) {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: `EARNINGS#${creator.id}`,
        sk: `CAMPAIGN#${campaignId}#USD`,
        type: "earnings_total",
        creatorId: creator.id,
        campaignId,
        campaignName: "Spring",
        currency: "USD",
        pending: 0,
        held: 0,
        approved: 123,
        reversed: -7,
        paid: 0,
      },
    }),
  );
}

const legacyPartition = () =>
  queryAll({
    TableName: tableName(),
    IndexName: "gsi3",
    KeyConditionExpression: "gsi3pk = :pk",
    ExpressionAttributeValues: { ":pk": "PAYABLE" },
  });

const conversionItem = async (conversionId: string) =>
  (
    await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND sk = :sk",
        ExpressionAttributeValues: { ":pk": `CONVERSION#${conversionId}`, ":sk": "CONVERSION" },
      }),
    )
  ).Items?.[0];

let campaignId: string;
let longHoldId: string;
/** What live writes made, read before the derived items were taken away. */
let truth: { maya: Json; noah: Json; mayaUpcoming: Json[]; brandUpcoming: Json[] };
let settledOrder: Json;
let refundedOrder: Json;
let approvedDay: string;

beforeAll(async () => {
  brand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 0 });
  campaignId = campaign.id;
  const longHold = await createCampaign(brand, { holdDays: 30, name: "Summer" });
  longHoldId = longHold.id;
  await weeklyPayouts(brand);
  maya = await enrolledCreator(campaign.id, "MAYA10");
  noah = await enrolledCreator(campaign.id, "NOAH10");
  await ok(
    await call("POST", `/api/v1/campaigns/${longHold.id}/enrollments`, maya, { couponCode: "MAYA30" }),
    201,
  );

  // A first period, closed onto a statement while everything was live.
  settledOrder = await order("a-1", 10_000, "MAYA10");
  refundedOrder = await order("a-2", 20_000, "MAYA10");
  await runJob("release-holds");
  approvedDay = Clock.now().toISOString().slice(0, 10);
  await nextWeeklyPeriod();
  expect((await stored(maya)).map((statement) => statement.total)).toEqual([3_000]);
  // Then the running period: new approvals, a refund of a settled commission, a pending one, a rejected one.
  await order("b-1", 30_000, "MAYA10");
  await order("b-2", 40_000, "MAYA30");
  await order("b-3", 12_000, "NOAH10");
  const rejected = await order("b-4", 9_000, "NOAH10");
  await ok(
    await call("POST", `/api/v1/conversions/${rejected.id}/reject`, brand.owner, {
      reason: "test order",
    }),
    200,
  );
  await runJob("release-holds");
  await refund("a-2", 5_000);
  truth = {
    maya: await earnings(maya),
    noah: await earnings(noah),
    mayaUpcoming: await upcoming(maya),
    brandUpcoming: await brandUpcoming(),
  };
});

describe("npm run scale:backfill", () => {
  it("brings back totals, payable markers and the day-keyed payable index exactly as live writes made them", async () => {
    expect(truth.maya.totals).toEqual([
      { currency: "USD", pending: 4_000, held: 0, approved: 5_500, reversed: 500, paid: 0 },
    ]);
    expect(truth.mayaUpcoming).toHaveLength(1);

    await asBeforeIssue13();
    await partialTotals(noah, campaignId);
    // What an upgraded deployment would show without the backfill.
    expect((await earnings(maya)).totals).toEqual([]);
    expect(await upcoming(maya)).toEqual([]);
    expect((await legacyPartition()).length).toBeGreaterThan(0);

    const report = await Backfill.run({ fresh: true });
    expect(report).toMatchObject({ creators: 2, contended: [], resumed: false });
    expect(report.payableFiled).toBe(4); // a-1, a-2, b-1 and b-3: approved or reversed

    expect(await earnings(maya)).toEqual(truth.maya);
    expect(await earnings(noah)).toEqual(truth.noah);
    expect(await upcoming(maya)).toEqual(truth.mayaUpcoming);
    expect(await brandUpcoming()).toEqual(truth.brandUpcoming);
    expect(await legacyPartition()).toEqual([]);
    // Settled and untouched since: filed under the day it was approved, which the close job is past.
    expect((await conversionItem(settledOrder.id))?.gsi3pk).toBe(`PAYABLE#${approvedDay}`);
    // Owed an adjustment (refunded after its statement): filed today, where the job reads next.
    expect((await conversionItem(refundedOrder.id))?.gsi3pk).toBe(
      `PAYABLE#${Clock.now().toISOString().slice(0, 10)}`,
    );
  });

  it("writes nothing the second time, run as the npm script", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "packages/functions/src/scale-backfill.ts", "--fresh"],
      { env: process.env, cwd: new URL("../../../../", import.meta.url).pathname },
    );
    expect(stdout).toMatch(
      /2 creators, 6 conversions read; 0 totals items written, 0 commissions filed by day/,
    );
    expect(await earnings(maya)).toEqual(truth.maya);
    expect(await earnings(noah)).toEqual(truth.noah);
    expect(await upcoming(maya)).toEqual(truth.mayaUpcoming);
  });

  it("resumes a stopped run from its checkpoints, and a finished run starts over", async () => {
    const again = await Backfill.run();
    expect(again).toMatchObject({ creators: 2, resumed: false, totalsWritten: 0, payableFiled: 0 });
    const checkpoints = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "JOB#scale-backfill" },
    });
    expect(checkpoints.map((checkpoint) => checkpoint.done)).toEqual([true, true, true, true]);
    // A run that stopped half way: segments 0 and 1 are to do again, 2 and 3 are done.
    for (const segment of [0, 1])
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: "JOB#scale-backfill", sk: `SEGMENT#${segment}` },
          UpdateExpression: "SET done = :false REMOVE #start",
          ExpressionAttributeNames: { "#start": "start" },
          ExpressionAttributeValues: { ":false": false },
        }),
      );
    const resumed = await Backfill.run();
    expect(resumed.resumed).toBe(true);
    expect(resumed.creators).toBeLessThanOrEqual(2);
    expect(await earnings(maya)).toEqual(truth.maya);
  });

  it("the close job settles onto the next statement exactly what the preview showed", async () => {
    await nextWeeklyPeriod();
    const statements = await stored(maya);
    expect(statements).toHaveLength(2);
    const closed = statements.find(
      (statement) => statement.period.start === truth.mayaUpcoming[0].period.start,
    );
    expect(settled(closed)).toEqual(settled(truth.mayaUpcoming[0]));
    expect(closed.adjustments.map((adjustment: Json) => adjustment.orderId)).toEqual(["a-2"]);
    expect(await upcoming(maya)).toEqual([]);
  });

  it("stays exact when live conversions land while a creator's totals are rebuilt", async () => {
    // Wrong again, as before the backfill, then rebuilt while a new order arrives and is approved, and a
    // pending one is refunded, between the backfill's read of the totals and its listing of the conversions.
    await partialTotals(maya, campaignId);
    await partialTotals(maya, longHoldId);
    let live = 0;
    const report = await Backfill.creator(maya.id, {
      afterTotalsRead: async () => {
        if (live++ > 0) return;
        await order("c-1", 50_000, "MAYA10");
        await runJob("release-holds");
        await refund("b-2", 40_000);
      },
    });
    expect(live).toBe(2); // the first try lost to the live writes, the second one held
    expect(report.contended).toEqual([]);
    expect((await earnings(maya)).totals).toEqual([
      { currency: "USD", pending: 0, held: 0, approved: 10_500, reversed: 4_500, paid: 0 },
    ]);
    // And the same sums a rebuild from nothing gives.
    await asBeforeIssue13();
    await Backfill.creator(maya.id);
    expect((await earnings(maya)).totals).toEqual([
      { currency: "USD", pending: 0, held: 0, approved: 10_500, reversed: 4_500, paid: 0 },
    ]);
  });

  it("files recent guides' heat for trending and the creator in the directory, as the stream did", async () => {
    const guideId = await publishGuide(maya, { tags: ["skincare"] });
    await poller.drain();
    const derived = async () => ({
      trend: await queryAll({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `TREND#${guideId}` },
      }),
      directory: await queryAll({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `DIRECTORY#${maya.id}` },
      }),
    });
    const live = await derived();
    expect(live.trend).toHaveLength(1);
    expect(live.directory.map((entry) => entry.sk).sort()).toEqual(["SCOPE#ALL", "SCOPE#style"]);
    const listed = (await ok(await call("GET", "/api/v1/creators", undefined), 200)).items;

    for (const item of [...live.trend, ...live.directory])
      await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }));
    expect((await ok(await call("GET", "/api/v1/creators", undefined), 200)).items).toEqual([]);

    const report = await Backfill.creator(maya.id);
    expect(report).toMatchObject({ trends: 1, directory: 1 });
    expect(await derived()).toEqual(live);
    expect((await ok(await call("GET", "/api/v1/creators", undefined), 200)).items).toEqual(listed);
    await runJob("rebuild-trending");
    const trending = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "TRENDING" },
      }),
    );
    expect(trending.Items?.[0]?.entries.map((entry: Json) => entry.guideId)).toContain(guideId);
    // A second pass leaves them as they are.
    await Backfill.creator(maya.id);
    expect(await derived()).toEqual(live);
  });
});
