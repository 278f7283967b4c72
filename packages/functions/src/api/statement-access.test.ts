import { Statement } from "@shopguide/core/statement";
import { Clock } from "@shopguide/core/util/clock";
import { beforeAll, describe, expect, it } from "vitest";
import {
  errorCode,
  type Json,
  readJson,
  signUp,
  type TestAccount,
} from "../../../../tests/fixtures/accounts";
import {
  addMember,
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
import { jobs } from "../schedule";

let brand: TestBrand;
let otherBrand: TestBrand;
let admin: TestAccount;
let viewer: TestAccount;
let creator: TestAccount;
let otherCreator: TestAccount;
let statementId: string;
let lineIds: string[];

type Who = "owner" | "admin" | "viewer" | "creator" | "other creator" | "other brand" | "anonymous";
const account = (who: Who): TestAccount | undefined =>
  ({
    owner: brand.owner,
    admin,
    viewer,
    creator,
    "other creator": otherCreator,
    "other brand": otherBrand.owner,
    anonymous: undefined,
  })[who];

async function allStatements(): Promise<Json[]> {
  const page = await ok(await call("GET", `/api/v1/brands/${brand.id}/statements`, brand.owner), 200);
  return page.items;
}

beforeAll(async () => {
  brand = await createBrand();
  otherBrand = await createBrand();
  const secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 0 });
  creator = await enrolledCreator(campaign.id, "ALEX10");
  otherCreator = await enrolledCreator(campaign.id, "SAM10");
  admin = await signUp("brand");
  viewer = await signUp("brand");
  await addMember(brand, admin, "admin");
  await addMember(brand, viewer, "viewer");
  for (let index = 0; index < 12; index++) {
    await ok(
      await postConversion(brand.id, secret, {
        orderId: `o-${index}`,
        amount: 10_000 + index * 1_000,
        currency: "USD",
        couponCode: index % 3 === 0 ? "SAM10" : "ALEX10",
        occurredAt: Clock.now().toISOString(),
      }),
      201,
    );
  }
  await jobs["release-holds"]?.run();
  await weeklyPayouts(brand);
  // A week and a day: the week the orders were in has ended (sessions outlive it).
  Clock.advance(8 * 86_400);
});

describe("the closing job", () => {
  it("two runs at once write the same statements as one, and a rerun changes nothing", async () => {
    const written = await Promise.all([Statement.close(), Statement.close()]);
    expect(written[0].statements + written[1].statements).toBe(2);
    await Statement.close();
    const statements = await allStatements();
    expect(statements).toHaveLength(2);
    const commissions = statements.flatMap((statement) =>
      statement.lines.map((line: Json) => line.commissionId),
    );
    expect(commissions).toHaveLength(12);
    expect(new Set(commissions).size).toBe(12);
    expect(statements.reduce((sum, statement) => sum + statement.total, 0)).toBe(
      Array.from({ length: 12 }, (_, index) => 1_000 + index * 100).reduce((sum, amount) => sum + amount, 0),
    );
    const mine = statements.find((statement) => statement.creator.handle === creator.handle);
    statementId = mine.id;
    lineIds = mine.lines.map((line: Json) => line.id);
  });
});

describe("who may do what with a statement", () => {
  const reads: [Who, number][] = [
    ["owner", 200],
    ["admin", 200],
    ["viewer", 200],
    ["creator", 200],
    ["other creator", 404],
    ["other brand", 404],
    ["anonymous", 401],
  ];
  it.each(reads)("%s reads the statement and its CSV: %i", async (who, status) => {
    expect((await call("GET", `/api/v1/statements/${statementId}`, account(who))).status).toBe(status);
    expect((await call("GET", `/api/v1/statements/${statementId}.csv`, account(who))).status).toBe(status);
  });

  const brandReads: [Who, number][] = [
    ["owner", 200],
    ["viewer", 200],
    ["creator", 404],
    ["other brand", 404],
    ["anonymous", 401],
  ];
  it.each(brandReads)("%s lists the brand's statements, CSV and ledger: %i", async (who, status) => {
    for (const path of [
      `/api/v1/brands/${brand.id}/statements`,
      `/api/v1/brands/${brand.id}/statements.csv`,
      `/api/v1/brands/${brand.id}/ledger/${creator.handle}`,
    ])
      expect((await call("GET", path, account(who))).status).toBe(status);
  });

  it("the creator lists their own statements only", async () => {
    const mine = await ok(await call("GET", "/api/v1/me/statements", creator), 200);
    expect(mine.items.map((statement: Json) => statement.id)).toEqual([statementId]);
  });

  const refused: [Who, number][] = [
    ["viewer", 403],
    ["creator", 404],
    ["other creator", 404],
    ["other brand", 404],
    ["anonymous", 401],
  ];
  it.each(refused)("%s may not dispute, approve or mark paid: %i", async (who, status) => {
    const actions: [string, unknown][] = [
      [`/api/v1/statements/${statementId}/lines/${lineIds[0]}/dispute`, { reason: "Not ours" }],
      [`/api/v1/statements/${statementId}/approve`, undefined],
      [`/api/v1/statements/${statementId}/paid`, { reference: "TX", paidAt: Clock.now().toISOString() }],
    ];
    for (const [path, body] of actions)
      expect((await call("POST", path, account(who), body)).status).toBe(status);
  });

  it("an admin disputes and approves, the owner marks paid, in that order only", async () => {
    const early = await call("POST", `/api/v1/statements/${statementId}/paid`, brand.owner, {
      reference: "TX-9",
      paidAt: Clock.now().toISOString(),
    });
    expect(early.status).toBe(409);
    await ok(
      await call("POST", `/api/v1/statements/${statementId}/lines/${lineIds[0]}/dispute`, admin, {
        reason: "Returned goods",
      }),
      200,
    );
    const gone = await call("POST", `/api/v1/statements/${statementId}/lines/${lineIds[0]}/dispute`, admin, {
      reason: "Again",
    });
    expect(gone.status).toBe(404);
    await ok(await call("POST", `/api/v1/statements/${statementId}/approve`, admin), 200);
    const late = await call("POST", `/api/v1/statements/${statementId}/lines/${lineIds[1]}/dispute`, admin, {
      reason: "Too late",
    });
    expect(late.status).toBe(409);
    // A payment date is bounded: at most a day ahead, never before the statement's period ended.
    const statement = await ok(await call("GET", `/api/v1/statements/${statementId}`, brand.owner), 200);
    for (const paidAt of [
      "9999-12-24T10:00:00Z",
      new Date(Clock.nowMs() + 2 * 86_400_000).toISOString(),
      new Date(Date.parse(statement.period.end) - 1_000).toISOString(),
    ]) {
      const refused = await call("POST", `/api/v1/statements/${statementId}/paid`, brand.owner, {
        reference: "TX-9",
        paidAt,
      });
      expect(refused.status, paidAt).toBe(422);
      expect((await readJson(refused)).error.details, paidAt).toEqual([
        expect.objectContaining({ path: "paidAt", code: "date_out_of_range" }),
      ]);
    }
    const paidAt = new Date(Clock.nowMs() - 3_600_000).toISOString();
    const paid = await ok(
      await call("POST", `/api/v1/statements/${statementId}/paid`, brand.owner, {
        reference: "TX-9",
        paidAt,
      }),
      200,
    );
    expect(paid.paid).toEqual({ reference: "TX-9", paidAt });
    const seen = await ok(await call("GET", `/api/v1/statements/${statementId}`, creator), 200);
    expect(seen).toMatchObject({ status: "paid", paid: { reference: "TX-9" } });
    expect(seen.events.map((event: Json) => [event.kind, event.by])).toEqual([
      ["closed", "system"],
      ["disputed", admin.handle],
      ["approved", admin.handle],
      ["paid", brand.owner.handle],
    ]);
  });

  it("a viewer may not change the payout settings", async () => {
    const body = { period: "weekly", minimumPayout: 500 };
    expect((await call("PUT", `/api/v1/brands/${brand.id}/payout-settings`, viewer, body)).status).toBe(403);
    expect((await call("PUT", `/api/v1/brands/${brand.id}/payout-settings`, admin, body)).status).toBe(200);
  });

  it("refuses a minimum payout the stored settings could not hold with 422, not 500", async () => {
    const body = { period: "weekly", minimumPayout: 100_000_001 };
    const answer = await call("PUT", `/api/v1/brands/${brand.id}/payout-settings`, admin, body);
    expect(answer.status).toBe(422);
    expect(await errorCode(answer)).toBe("validation_failed");
  });
});
