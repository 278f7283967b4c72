import { CapacityMeter } from "@shopguide/core/dynamo";
import { Statement } from "@shopguide/core/statement";
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
import { nextWeeklyPeriod } from "../../../../tests/fixtures/jobs";

/**
 * The brand's ledger with one creator is bounded (issue 13): statements a page at a time, newest first,
 * behind an opaque cursor; totals from running totals; and one page costs the same whether its statements
 * hold one line or a hundred.
 */

let brand: TestBrand;
let secret: string;
/** One line a week for more weeks than a ledger page holds. */
let maya: TestAccount;
/** One statement of one line, and one of `MANY` lines, in the same two weeks. */
let noah: TestAccount;
let liam: TestAccount;
const WEEKS = Statement.LEDGER_PAGE + 2;
const MANY = 100;

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

const ledgerPath = (creator: TestAccount, cursor?: string) =>
  `/api/v1/brands/${brand.id}/ledger/${creator.handle}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;

beforeAll(async () => {
  brand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  await weeklyPayouts(brand, 0);
  const campaign = await createCampaign(brand, { holdDays: 0 });
  maya = await enrolledCreator(campaign.id, "MAYA10");
  noah = await enrolledCreator(campaign.id, "NOAH10");
  liam = await enrolledCreator(campaign.id, "LIAM10");
  for (let week = 0; week < WEEKS; week++) {
    await order(`maya-${week}`, 10_000 + week * 100, "MAYA10");
    if (week < 2) {
      await order(`noah-${week}`, 10_000, "NOAH10");
      for (let index = 0; index < (week === 0 ? 1 : MANY); index++)
        await order(`liam-${week}-${index}`, 10_000, "LIAM10");
    }
    await nextWeeklyPeriod();
  }
  // Months have passed: sessions have expired.
  brand.owner = await logIn(brand.owner);
  maya = await logIn(maya);
}, 300_000);

describe("the brand's ledger with one creator", () => {
  it("pages its statements newest first with an opaque cursor, totals on every page", async () => {
    const first = await ok(await call("GET", ledgerPath(maya), brand.owner), 200);
    expect(first.statements).toHaveLength(Statement.LEDGER_PAGE);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(await call("GET", ledgerPath(maya, first.nextCursor), brand.owner), 200);
    expect(second.statements).toHaveLength(WEEKS - Statement.LEDGER_PAGE);
    expect(second.nextCursor).toBeUndefined();
    expect(second.currencies).toEqual(first.currencies);

    const listed: Json[] = [...first.statements, ...second.statements];
    const starts = listed.map((statement) => statement.period.start);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(new Set(listed.map((statement) => statement.id)).size).toBe(WEEKS);
    // The creator's own statements are the same ones.
    const mine = (await ok(await call("GET", "/api/v1/me/statements", maya), 200)).items;
    expect(listed.map((statement) => statement.id)).toEqual(mine.map((statement: Json) => statement.id));

    // 10% of 10 000 + 100 week: the totals are what the statements add up to, and nothing is paid yet.
    const commissions = Array.from({ length: WEEKS }, (_, week) => 1_000 + week * 10).reduce((a, b) => a + b);
    expect(first.currencies).toEqual([
      {
        currency: "USD",
        statements: WEEKS,
        commissions,
        reversals: 0,
        clawbacks: 0,
        payments: 0,
        balance: commissions,
        since: starts.at(-1),
      },
    ]);
    expect(listed.reduce((total, statement) => total + statement.counts.linesTotal, 0)).toBe(commissions);
  });

  it("opens a statement's lines on demand through the statement's own lines route", async () => {
    const [newest] = (await ok(await call("GET", ledgerPath(liam), brand.owner), 200)).statements;
    expect(newest.counts).toMatchObject({ lines: MANY, reversalsTotal: 0, clawbacksTotal: 0 });
    expect(newest).not.toHaveProperty("lines");
    const lines: Json[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok(
        await call(
          "GET",
          `/api/v1/statements/${newest.id}/lines${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
          brand.owner,
        ),
        200,
      );
      lines.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(lines).toHaveLength(MANY);
    expect(lines.reduce((total, line) => total + line.amount, 0)).toBe(newest.counts.linesTotal);
  });

  it("reads as much for a page of statements of a hundred lines as for a page of one-line statements", async () => {
    CapacityMeter.enable();
    const measure = async (creator: TestAccount) => {
      CapacityMeter.reset();
      const page = await ok(await call("GET", ledgerPath(creator), brand.owner), 200);
      await CapacityMeter.settle();
      return { page, reading: CapacityMeter.read() };
    };
    const few = await measure(noah);
    const many = await measure(liam);
    expect(few.page.statements.map((statement: Json) => statement.counts.lines)).toEqual([1, 1]);
    expect(many.page.statements.map((statement: Json) => statement.counts.lines)).toEqual([MANY, 1]);
    expect(many.reading.read).toBe(few.reading.read);
    expect(many.reading.calls).toEqual(few.reading.calls);
    // Bounded: the members check, the handle, the totals and one page of headers (a few units, not one per line).
    expect(many.reading.read).toBeLessThan(10);
  });

  it("refuses a cursor from another creator's ledger, and answers only the brand's members", async () => {
    const first = await ok(await call("GET", ledgerPath(maya), brand.owner), 200);
    const foreign = await call("GET", ledgerPath(noah, first.nextCursor), brand.owner);
    expect(foreign.status).toBe(400);
    expect(await errorCode(foreign)).toBe("cursor_invalid");
    const viewer = await addViewer(brand);
    expect((await call("GET", ledgerPath(maya, first.nextCursor), viewer)).status).toBe(200);
    const other = await createBrand();
    for (const outsider of [other.owner, maya])
      expect((await call("GET", ledgerPath(maya, first.nextCursor), outsider)).status).toBe(404);
    expect((await call("GET", ledgerPath(maya), undefined)).status).toBe(401);
  });
});
