import { Statement } from "@shopguide/core/statement";
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
  weeklyPayouts,
} from "../../../../tests/fixtures/commerce";
import { runJob } from "../../../../tests/fixtures/jobs";

/**
 * Statements without a size limit (issue 13): one creator's 150 commissions from one brand in one period
 * close onto one statement of 150 lines, written in batches of 25 under commission claims; a run cut short
 * between batches resumes exactly once; a run after a closed period reads only what became payable since; and
 * commissions waiting for their period are not reread by every run before it ends.
 */

let brand: TestBrand;
let secret: string;
let maya: TestAccount;
const COMMISSIONS = 150;
/** 10% of 1 000 + i cents: every commission differs, so a line settled twice or lost shows in the total. */
const expectedTotal = Array.from({ length: COMMISSIONS }, (_, index) =>
  Math.round((1_000 + index * 10) / 10),
).reduce((sum, amount) => sum + amount, 0);

async function order(orderId: string, amount: number) {
  await ok(
    await postConversion(brand.id, secret, {
      orderId,
      amount,
      currency: "USD",
      couponCode: "MAYA10",
      occurredAt: Clock.now().toISOString(),
    }),
    201,
  );
}

/** Moves the clock to the Tuesday after next Monday: the week the orders were in has ended. */
function nextWeek() {
  const now = Clock.now();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const nextTuesday = midnight + (((8 - now.getUTCDay()) % 7 || 7) + 1) * 86_400_000;
  Clock.advance(Math.ceil((nextTuesday - now.getTime()) / 1000));
}

async function mine(): Promise<Json[]> {
  return (await ok(await call("GET", "/api/v1/me/statements", maya), 200)).items;
}

/** Every entry of a statement, following `linesCursor` then `nextCursor` page by page. */
async function allLines(statement: Json): Promise<Json[]> {
  const entries: Json[] = [...statement.lines, ...statement.adjustments];
  let cursor: string | undefined = statement.linesCursor;
  while (cursor) {
    const page = await ok(
      await call(
        "GET",
        `/api/v1/statements/${statement.id}/lines?cursor=${encodeURIComponent(cursor)}`,
        maya,
      ),
      200,
    );
    entries.push(...page.items);
    cursor = page.nextCursor;
  }
  return entries;
}

/** The invariants: every commission on the statement once, its lines sum to its total, the CSV and ledger agree. */
async function reconciles(statement: Json, lineCount: number) {
  const lines = await allLines(statement);
  expect(lines).toHaveLength(lineCount);
  expect(new Set(lines.map((line) => line.commissionId)).size).toBe(lineCount);
  expect(statement.counts.lines).toBe(lineCount);
  const sum = lines.reduce((total, line) => total + line.amount, 0);
  expect(statement.total).toBe(statement.carriedIn + sum);
  const csv = await call("GET", `/api/v1/statements/${statement.id}.csv`, maya);
  expect(csv.status).toBe(200);
  const rows = (await csv.text()).trim().split("\n").slice(1);
  expect(rows).toHaveLength(lineCount + 1);
  expect(rows.reduce((total, row) => total + Number(row.split(",").at(-1)), 0)).toBe(statement.total);
  const ledger = await ok(
    await call("GET", `/api/v1/brands/${brand.id}/ledger/${maya.handle}`, brand.owner),
    200,
  );
  const usd = ledger.currencies.find((entry: Json) => entry.currency === "USD");
  expect(usd.balance).toBe((await mine()).reduce((total: number, found: Json) => total + found.total, 0));
}

beforeAll(async () => {
  brand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  await weeklyPayouts(brand);
  const campaign = await createCampaign(brand, { holdDays: 0 });
  maya = await enrolledCreator(campaign.id, "MAYA10");
  for (let index = 0; index < COMMISSIONS; index++) await order(`big-${index}`, 1_000 + index * 10);
  await runJob("release-holds");
  nextWeek();
  await runJob("release-holds");
}, 240_000);

describe("a statement with 150 lines", () => {
  it("a run cut short after 2 batches leaves nothing visible; the next run resumes exactly once", async () => {
    const cut = await Statement.close({ maxBatches: 2 });
    expect(cut).toMatchObject({
      itemsRead: COMMISSIONS,
      groups: 1,
      statements: 0,
      lines: 50,
      complete: false,
    });
    // A statement still closing is nobody's yet.
    expect(await mine()).toEqual([]);

    const resumed = await Statement.close();
    // The 50 already claimed are read again and skipped: their claims say they are settled.
    expect(resumed).toMatchObject({ itemsRead: COMMISSIONS, statements: 1, lines: 100, complete: true });
    const again = await Statement.close();
    expect(again).toMatchObject({ statements: 0, lines: 0 });
  });

  it("one creator's 150 commissions from one brand in one period close onto one statement with 150 lines", async () => {
    const statements = await mine();
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement).toMatchObject({
      status: "closed",
      currency: "USD",
      carriedIn: 0,
      total: expectedTotal,
      payable: expectedTotal,
      counts: { lines: COMMISSIONS, adjustments: 0, disputed: 0, linesTotal: expectedTotal },
    });
    // The statement answers its first page of lines; the rest page through opaque cursors.
    expect(statement.lines).toHaveLength(Statement.LINES_PAGE);
    expect(statement.linesCursor).toEqual(expect.any(String));
    await reconciles(statement, COMMISSIONS);
    // The brand sees the same statement, paged the same way.
    const fromBrand = await ok(await call("GET", `/api/v1/statements/${statement.id}`, brand.owner), 200);
    expect(fromBrand).toMatchObject({ id: statement.id, total: expectedTotal });
    // A cursor from another statement's lines is refused.
    const foreign = await call(
      "GET",
      `/api/v1/statements/stm_01M8JWNW6A79H2JH9KFJ5VF82M/lines?cursor=${encodeURIComponent(statement.linesCursor)}`,
      maya,
    );
    expect(foreign.status).toBe(404);
  });

  it("after a closed period, the next run reads only what became payable since", async () => {
    for (let index = 0; index < 3; index++) await order(`later-${index}`, 10_000);
    await runJob("release-holds");
    nextWeek();
    await runJob("release-holds");
    const report = (await runJob("close-statements")) as Statement.CloseReport;
    // The 150 settled commissions are history: not read again.
    expect(report).toMatchObject({ itemsRead: 3, statements: 1, lines: 3, complete: true });
    const quiet = (await runJob("close-statements")) as Statement.CloseReport;
    expect(quiet).toMatchObject({ itemsRead: 0, statements: 0, lines: 0 });
    const statements = await mine();
    expect(statements).toHaveLength(2);
    const newest = statements[0];
    expect(newest).toMatchObject({ total: 3_000, counts: { lines: 3 } });
    await reconciles(newest, 3);
  });

  it("commissions that wait for their period are read again once that period has ended, not every run", async () => {
    for (let index = 0; index < 2; index++) await order(`waiting-${index}`, 20_000);
    await runJob("release-holds");
    const found = (await runJob("close-statements")) as Statement.CloseReport;
    expect(found).toMatchObject({ itemsRead: 2, waiting: 2, unsettled: 0, statements: 0 });
    // Three days on, still in the same week: one run reads the days since its checkpoint (a day's margin)...
    Clock.advance(3 * 86_400);
    expect(await runJob("close-statements")).toMatchObject({ itemsRead: 2, waiting: 2, statements: 0 });
    // ...and the next reads nothing: the waiting two sit behind its checkpoint until their week ends.
    expect(await runJob("close-statements")).toMatchObject({ itemsRead: 0, waiting: 0, statements: 0 });
    nextWeek();
    const woken = (await runJob("close-statements")) as Statement.CloseReport;
    expect(woken).toMatchObject({ itemsRead: 2, waiting: 0, statements: 1, lines: 2 });
    expect(await runJob("close-statements")).toMatchObject({ itemsRead: 0, statements: 0 });
    const [newest] = await mine();
    expect(newest).toMatchObject({ total: 4_000, counts: { lines: 2 } });
  });
});
