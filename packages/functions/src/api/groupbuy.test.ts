import { randomUUID } from "node:crypto";
import { config } from "@shopguide/core/config";
import { GroupBuy } from "@shopguide/core/groupbuy";
import { Clock } from "@shopguide/core/util/clock";
import { beforeAll, describe, expect, it } from "vitest";
import {
  errorCode,
  manyAccounts,
  readJson,
  signUp,
  type TestAccount,
} from "../../../../tests/fixtures/accounts";
import {
  call,
  createBrand,
  createCampaign,
  createSecret,
  ok,
  postConversion,
  type TestBrand,
} from "../../../../tests/fixtures/commerce";
import { StreamPoller } from "../local/stream-poller";
import { jobs } from "../schedule";
import { handler as streamHandler } from "../stream";

const DAY = 86_400;
const usd = (amount: number) => ({ amount, currency: "USD" });

let brand: TestBrand;
let secret: string;
let creator: TestAccount;

/** A group-buy at $100 with tiers 2 → $90, 10 → $80, 50 → $70, due in a day unless overridden. */
function groupbuyBody(overrides: Record<string, unknown> = {}) {
  return {
    brandId: brand.id,
    type: "groupbuy",
    name: "Kettle together",
    product: { title: "Pour-over kettle", url: `https://${brand.domain}/products/kettle` },
    basePrice: usd(10_000),
    tiers: [
      { participants: 2, price: usd(9_000) },
      { participants: 10, price: usd(8_000) },
      { participants: 50, price: usd(7_000) },
    ],
    minParticipants: 2,
    capacity: 100,
    maxQuantityPerPerson: 2,
    deadline: new Date(Clock.nowMs() + DAY * 1000).toISOString(),
    rule: { kind: "percent", bps: 1000 },
    ...overrides,
  };
}

async function createGroupBuy(overrides: Record<string, unknown> = {}) {
  return ok(await call("POST", "/api/v1/campaigns", brand.owner, groupbuyBody(overrides)), 201);
}

const followers = (count: number) => manyAccounts(count);

const join = (id: string, account: TestAccount, body: Record<string, unknown> = { quantity: 1 }) =>
  call("POST", `/api/v1/groupbuys/${id}/join`, account, body);
const leave = (id: string, account: TestAccount) => call("DELETE", `/api/v1/groupbuys/${id}/join`, account);
const state = async (id: string) => ok(await call("GET", `/api/v1/groupbuys/${id}`, undefined), 200);
const participantRows = async (id: string) => {
  const response = await call(
    "GET",
    `/api/v1/brands/${brand.id}/groupbuys/${id}/participants.csv`,
    brand.owner,
  );
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/text\/csv/);
  return (await response.text()).trim().split("\n").slice(1);
};

beforeAll(async () => {
  brand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  creator = await signUp("creator");
});

describe("creating a group-buy through POST /campaigns", () => {
  it("answers 201 with the group-buy's id and open state, and keeps commission campaigns working", async () => {
    const created = await createGroupBuy();
    expect(created.id).toMatch(/^gby_/);
    expect(created).toMatchObject({
      type: "groupbuy",
      status: "open",
      participants: 0,
      currentTier: null,
      nextTier: { participants: 2, price: usd(9_000) },
      remainingForNextTier: 2,
      currentPrice: usd(10_000),
    });
    expect(created.timeLeftSeconds).toBeGreaterThan(DAY - 60);
    expect(await state(created.id)).toMatchObject({ id: created.id, status: "open" });
    const campaign = await createCampaign(brand);
    expect(campaign).toMatchObject({ type: "commission", status: "active" });
  });

  const inTwoDays = () => new Date(Clock.nowMs() + 2 * DAY * 1000).toISOString();
  it.each([
    [
      "tiers not ascending",
      {
        tiers: [
          { participants: 5, price: usd(9_000) },
          { participants: 3, price: usd(8_000) },
        ],
      },
    ],
    [
      "a tier not cheaper than the last",
      {
        tiers: [
          { participants: 2, price: usd(8_000) },
          { participants: 3, price: usd(9_000) },
        ],
      },
    ],
    ["a tier at the base price", { tiers: [{ participants: 2, price: usd(10_000) }] }],
    [
      "capacity below the minimum",
      { minParticipants: 10, capacity: 5, tiers: [{ participants: 2, price: usd(9_000) }] },
    ],
    ["a deadline in the past", { deadline: new Date(Clock.nowMs() - 1000).toISOString() }],
    ["a deadline beyond 30 days", { deadline: new Date(Clock.nowMs() + 31 * DAY * 1000).toISOString() }],
    ["another currency", { basePrice: { amount: 10_000, currency: "EUR" }, deadline: inTwoDays() }],
    ["neither product nor productId", { product: undefined }],
  ])("rejects %s with 422", async (_case, overrides) => {
    const response = await call("POST", "/api/v1/campaigns", brand.owner, groupbuyBody(overrides));
    expect(response.status).toBe(422);
  });

  it("lets only the brand's admins create one", async () => {
    const stranger = await signUp("brand");
    const response = await call("POST", "/api/v1/campaigns", stranger, groupbuyBody());
    expect([response.status, await errorCode(response)]).toEqual([404, "brand_not_found"]);
  });
});

describe("joins and leaves under contention", () => {
  it("seats exactly 100 of 1 000 concurrent joiners, and the stored participants equal the counter", async () => {
    const groupbuy = await createGroupBuy({ capacity: 100, minParticipants: 100 });
    const people = await followers(1000);
    const answers = await Promise.all(people.map((person) => join(groupbuy.id, person)));
    const codes = await Promise.all(
      answers.map(async (response) => (response.status === 201 ? "joined" : await errorCode(response))),
    );
    expect(codes.filter((code) => code === "joined")).toHaveLength(100);
    expect(codes.filter((code) => code === "groupbuy_full")).toHaveLength(900);
    const after = await GroupBuy.getInternal(groupbuy.id);
    expect(after?.participants).toBe(100);
    expect(await participantRows(groupbuy.id)).toHaveLength(100);
    // Filling the last seat decided it at once: 100 ≥ the minimum, tier 50 reached. The codes are not the
    // last joiner's wait: they follow from the table stream (next test), or here from the job's backstop.
    expect(after).toMatchObject({ status: "succeeded", settledTier: 2 });
    expect(after?.codesIssuedAt).toBeUndefined();
    await jobs["settle-groupbuys"]?.run();
    expect((await GroupBuy.getInternal(groupbuy.id))?.codesIssuedAt).toBeDefined();
    const rows = await participantRows(groupbuy.id);
    const issued = rows.map((row) => row.split(",")[6]?.replace(/"/g, ""));
    expect(issued.every((code) => /^GB[A-Z0-9]{10}$/.test(code ?? ""))).toBe(true);
    expect(new Set(issued).size).toBe(100);
  }, 240_000);

  it("issues the codes from the table stream once the last seat is taken, each once", async () => {
    const groupbuy = await createGroupBuy({
      capacity: 2,
      minParticipants: 2,
      tiers: [{ participants: 2, price: usd(9_000) }],
    });
    const [first, last] = await followers(2);
    if (!first || !last) throw new Error("two followers expected");
    await join(groupbuy.id, first);
    // Read only what the last join writes: the whole file's stream would be most of this test's time.
    const poller = new StreamPoller({
      tableName: config().tableName,
      handler: streamHandler,
      start: "LATEST",
    });
    await poller.drain();
    expect((await join(groupbuy.id, last)).status).toBe(201);
    expect(await GroupBuy.getInternal(groupbuy.id)).toMatchObject({ status: "succeeded" });
    await poller.drain();
    await poller.stop();
    const settled = await GroupBuy.getInternal(groupbuy.id);
    expect(settled?.codesIssuedAt).toBeDefined();
    const codes = (await participantRows(groupbuy.id)).map((row) => row.split(",")[6]?.replace(/"/g, ""));
    expect(codes).toHaveLength(2);
    expect(codes.every((code) => /^GB[A-Z0-9]{10}$/.test(code ?? ""))).toBe(true);
  });

  it("counts capacity in units: 30 concurrent joiners of 3 units each never take more than 10", async () => {
    const groupbuy = await createGroupBuy({
      capacity: 10,
      maxQuantityPerPerson: 3,
      tiers: [{ participants: 2, price: usd(9_000) }],
    });
    const people = await followers(31);
    const last = people.pop();
    if (!last) throw new Error("no follower");
    const answers = await Promise.all(people.map((person) => join(groupbuy.id, person, { quantity: 3 })));
    const outcomes = await Promise.all(
      answers.map(async (response) => (response.status === 201 ? "joined" : await errorCode(response))),
    );
    // Three people take 9 units; a fourth would need 3 of the 1 left.
    expect(outcomes.filter((code) => code === "joined")).toHaveLength(3);
    expect(outcomes.filter((code) => code === "groupbuy_full")).toHaveLength(27);
    const open = await state(groupbuy.id);
    expect(open).toMatchObject({ status: "open", participants: 3, units: 9, unitsLeft: 1, capacity: 10 });
    const tooMany = await join(groupbuy.id, last, { quantity: 2 });
    expect(tooMany.status).toBe(409);
    expect((await readJson(tooMany)).error).toMatchObject({
      code: "groupbuy_full",
      details: { unitsLeft: 1 },
    });
    // The last unit fills it: settled at once, with every stored quantity adding up to the capacity.
    await ok(await join(groupbuy.id, last, { quantity: 1 }), 201);
    const settled = await GroupBuy.getInternal(groupbuy.id);
    expect(settled).toMatchObject({ status: "succeeded", participants: 4, units: 10 });
    const quantities = (await participantRows(groupbuy.id)).map((row) =>
      Number(row.split(",")[2]?.replace(/"/g, "")),
    );
    expect(quantities.reduce((sum, quantity) => sum + quantity, 0)).toBe(10);
  });

  it("gives a leaver's units back", async () => {
    const groupbuy = await createGroupBuy({
      capacity: 5,
      maxQuantityPerPerson: 3,
      tiers: [{ participants: 2, price: usd(9_000) }],
    });
    const [a, b] = await followers(2);
    if (!a || !b) throw new Error("no followers");
    await ok(await join(groupbuy.id, a, { quantity: 3 }), 201);
    expect((await join(groupbuy.id, b, { quantity: 3 })).status).toBe(409);
    expect((await leave(groupbuy.id, a)).status).toBe(204);
    expect(await state(groupbuy.id)).toMatchObject({ participants: 0, units: 0, unitsLeft: 5 });
    await ok(await join(groupbuy.id, b, { quantity: 3 }), 201);
  });

  it("seats one person once from 10 concurrent joins", async () => {
    const groupbuy = await createGroupBuy();
    const [person] = await followers(1);
    if (!person) throw new Error("no follower");
    const answers = await Promise.all(Array.from({ length: 10 }, () => join(groupbuy.id, person)));
    const codes = await Promise.all(
      answers.map(async (response) => (response.status === 201 ? "joined" : await errorCode(response))),
    );
    expect(codes.filter((code) => code === "joined")).toHaveLength(1);
    expect(codes.filter((code) => code === "already_joined")).toHaveLength(9);
    expect((await state(groupbuy.id)).participants).toBe(1);
  });

  it("frees each seat once from 50 concurrent leaves (two tries per person)", async () => {
    const groupbuy = await createGroupBuy({ capacity: 60 });
    const people = await followers(50);
    for (const person of people) await ok(await join(groupbuy.id, person), 201);
    expect((await state(groupbuy.id)).participants).toBe(50);
    const leavers = people.slice(0, 25);
    const answers = await Promise.all([...leavers, ...leavers].map((person) => leave(groupbuy.id, person)));
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(25);
    expect(statuses.filter((status) => status === 404)).toHaveLength(25);
    expect((await state(groupbuy.id)).participants).toBe(25);
    expect(await participantRows(groupbuy.id)).toHaveLength(25);
  });

  it("answers the error contract as a table of cases", async () => {
    const groupbuy = await createGroupBuy({
      capacity: 2,
      minParticipants: 2,
      tiers: [{ participants: 2, price: usd(9_000) }],
    });
    const [a, b, c] = await followers(3);
    if (!a || !b || !c) throw new Error("no followers");
    await ok(await join(groupbuy.id, a), 201);
    const cases: [string, () => Promise<Response>, number, string][] = [
      [
        "more than the per-person limit",
        () => join(groupbuy.id, b, { quantity: 3 }),
        422,
        "validation_failed",
      ],
      ["joining twice", () => join(groupbuy.id, a), 409, "already_joined"],
      ["leaving without a seat", () => leave(groupbuy.id, b), 404, "participation_not_found"],
      ["an unknown group-buy", () => join("gby_nope", b), 404, "groupbuy_not_found"],
      [
        "anonymous",
        () => call("POST", `/api/v1/groupbuys/${groupbuy.id}/join`, undefined, { quantity: 1 }),
        401,
        "unauthorized",
      ],
    ];
    for (const [label, request, status, code] of cases) {
      const response = await request();
      expect({ label, status: response.status, code: await errorCode(response) }).toEqual({
        label,
        status,
        code,
      });
    }
    // The last seat fills it and settles it: nobody joins or leaves after that.
    await ok(await join(groupbuy.id, b), 201);
    const full = await join(groupbuy.id, c);
    expect([full.status, await errorCode(full)]).toEqual([409, "groupbuy_full"]);
    const late = await leave(groupbuy.id, a);
    expect([late.status, await errorCode(late)]).toEqual([409, "groupbuy_closed"]);
  });

  it("takes nothing after the deadline by the platform clock", async () => {
    const groupbuy = await createGroupBuy({ deadline: new Date(Clock.nowMs() + 60_000).toISOString() });
    const [a, b] = await followers(2);
    if (!a || !b) throw new Error("no followers");
    await ok(await join(groupbuy.id, a), 201);
    Clock.advance(61);
    const late = await join(groupbuy.id, b);
    expect([late.status, await errorCode(late)]).toEqual([409, "groupbuy_closed"]);
    const leaving = await leave(groupbuy.id, a);
    expect([leaving.status, await errorCode(leaving)]).toEqual([409, "groupbuy_closed"]);
    expect((await state(groupbuy.id)).timeLeftSeconds).toBe(0);
  });
});

describe("settlement at the deadline", () => {
  const settleJob = () => {
    const job = jobs["settle-groupbuys"];
    if (!job) throw new Error("no settle-groupbuys job");
    return job.run();
  };

  it.each([
    ["minimum - 1 fails", 4, 5, "failed", null],
    ["the minimum succeeds below the first tier", 5, 5, "succeeded", null],
    ["exactly reaching a tier gets that tier", 10, 5, "succeeded", { participants: 10, price: usd(8_000) }],
    [
      "one short of the next tier keeps the one before",
      9,
      2,
      "succeeded",
      { participants: 2, price: usd(9_000) },
    ],
  ])("%s", async (_case, joiners, minimum, status, tier) => {
    const groupbuy = await createGroupBuy({
      minParticipants: minimum,
      tiers: [
        { participants: minimum === 5 && joiners === 5 ? 6 : 2, price: usd(9_000) },
        { participants: 10, price: usd(8_000) },
      ],
    });
    const people = await followers(joiners);
    for (const person of people) await ok(await join(groupbuy.id, person), 201);
    Clock.advance(DAY + 1);
    await settleJob();
    const settled = await state(groupbuy.id);
    expect(settled.status).toBe(status);
    if (tier !== undefined) expect(settled.currentTier).toEqual(tier);
    const mine = await ok(await call("GET", "/api/v1/me/groupbuys", people[0]), 200);
    const entry = mine.items.find((item: { groupbuyId: string }) => item.groupbuyId === groupbuy.id);
    expect(entry.status).toBe(status);
    if (status === "succeeded") expect(entry.code).toMatch(/^GB[A-Z0-9]{10}$/);
    else expect(entry.code).toBeUndefined();
  });

  it("two settlements at once reach one outcome and issue each code once", async () => {
    const groupbuy = await createGroupBuy();
    const people = await followers(12);
    for (const person of people) await ok(await join(groupbuy.id, person), 201);
    Clock.advance(DAY + 1);
    const outcomes = await Promise.all([
      GroupBuy.settle(groupbuy.id),
      GroupBuy.settle(groupbuy.id),
      settleJob(),
    ]);
    expect(outcomes[0]?.status).toBe("succeeded");
    expect(outcomes[1]?.status).toBe("succeeded");
    const rows = await participantRows(groupbuy.id);
    const codes = rows.map((row) => row.split(",")[6]?.replace(/"/g, "") ?? "");
    expect(codes).toHaveLength(12);
    expect(new Set(codes).size).toBe(12);
    // Each participant's code is the one its claim item names: nothing was issued twice.
    const after = await GroupBuy.settle(groupbuy.id);
    expect(after.codesIssuedAt).toBeDefined();
    const again = (await participantRows(groupbuy.id)).map((row) => row.split(",")[6]?.replace(/"/g, ""));
    expect(again.sort()).toEqual([...codes].sort());
    expect((await state(groupbuy.id)).currentTier).toEqual({ participants: 10, price: usd(8_000) });
  });
});

describe("attribution of group-buy codes", () => {
  it("credits the referring creator on the tier price, and a failed group-buy's participants have no code to use", async () => {
    const link = await ok(
      await call("POST", "/api/v1/links", creator, { url: `https://${brand.domain}/products/kettle` }),
      201,
    );
    const groupbuy = await createGroupBuy({ minParticipants: 2 });
    const [byLink, byHandle, alone] = await followers(3);
    if (!byLink || !byHandle || !alone) throw new Error("no followers");
    await ok(await join(groupbuy.id, byLink, { quantity: 2, ref: link.code }), 201);
    await ok(await join(groupbuy.id, byHandle, { quantity: 1, ref: creator.handle }), 201);
    await ok(await join(groupbuy.id, alone, { quantity: 1 }), 201);
    Clock.advance(DAY + 1);
    await GroupBuy.settle(groupbuy.id);
    const codeOf = async (account: TestAccount) => {
      const mine = await ok(await call("GET", "/api/v1/me/groupbuys", account), 200);
      return mine.items.find((item: { groupbuyId: string }) => item.groupbuyId === groupbuy.id)
        .code as string;
    };

    // 2 × the $90 tier = $180; 10% of it is $18.00, whatever the order total says.
    const credited = await postConversion(brand.id, secret, {
      orderId: `gb-${randomUUID()}`,
      amount: 18_000,
      currency: "USD",
      occurredAt: Clock.now().toISOString(),
      couponCode: (await codeOf(byLink)).toLowerCase(),
    });
    expect(credited.status).toBe(201);
    expect(await readJson(credited)).toMatchObject({
      attributed: true,
      creator: { handle: creator.handle },
      commission: { amount: usd(1_800) },
    });
    const byHandleAnswer = await readJson(
      await postConversion(brand.id, secret, {
        orderId: `gb-${randomUUID()}`,
        amount: 9_000,
        currency: "USD",
        occurredAt: Clock.now().toISOString(),
        couponCode: await codeOf(byHandle),
      }),
    );
    expect(byHandleAnswer).toMatchObject({ attributed: true, commission: { amount: usd(900) } });
    // Joined without a referrer: the code is real, but no creator earns on it.
    const unreferred = await readJson(
      await postConversion(brand.id, secret, {
        orderId: `gb-${randomUUID()}`,
        amount: 9_000,
        currency: "USD",
        occurredAt: Clock.now().toISOString(),
        couponCode: await codeOf(alone),
      }),
    );
    expect(unreferred.attributed).toBe(false);

    const failed = await createGroupBuy({ minParticipants: 3 });
    const [lonely] = await followers(1);
    if (!lonely) throw new Error("no follower");
    await ok(await join(failed.id, lonely, { quantity: 1, ref: creator.handle }), 201);
    Clock.advance(DAY + 1);
    await GroupBuy.settle(failed.id);
    expect((await state(failed.id)).status).toBe("failed");
    const mine = await ok(await call("GET", "/api/v1/me/groupbuys", lonely), 200);
    expect(mine.items[0]).toMatchObject({ groupbuyId: failed.id, status: "failed" });
    expect(mine.items[0].code).toBeUndefined();
    const guessed = await readJson(
      await postConversion(brand.id, secret, {
        orderId: `gb-${randomUUID()}`,
        amount: 9_000,
        currency: "USD",
        occurredAt: Clock.now().toISOString(),
        couponCode: GroupBuy.newCode(),
      }),
    );
    expect(guessed.attributed).toBe(false);
  });

  it("keeps another brand's members out of the participants CSV", async () => {
    const groupbuy = await createGroupBuy();
    const other = await createBrand();
    const response = await call(
      "GET",
      `/api/v1/brands/${brand.id}/groupbuys/${groupbuy.id}/participants.csv`,
      other.owner,
    );
    expect([response.status, await errorCode(response)]).toEqual([404, "brand_not_found"]);
    const wrongBrand = await call(
      "GET",
      `/api/v1/brands/${other.id}/groupbuys/${groupbuy.id}/participants.csv`,
      other.owner,
    );
    expect([wrongBrand.status, await errorCode(wrongBrand)]).toEqual([404, "groupbuy_not_found"]);
  });
});

describe("the brand's group-buy listing and JSON export", () => {
  it("lists the brand's group-buys newest first with their progress, for members only", async () => {
    const own = await createBrand();
    const create = async (name: string) =>
      ok(
        await call("POST", "/api/v1/campaigns", own.owner, { ...groupbuyBody(), brandId: own.id, name }),
        201,
      );
    const a = await create("First");
    const b = await create("Second");
    const [joiner] = await followers(1);
    if (!joiner) throw new Error("no follower");
    await ok(await join(b.id, joiner), 201);
    const listed = await ok(await call("GET", `/api/v1/brands/${own.id}/groupbuys`, own.owner), 200);
    expect(listed.items.map((item: { id: string }) => item.id)).toEqual([b.id, a.id]);
    expect(listed.items[0]).toMatchObject({ name: "Second", status: "open", participants: 1 });
    expect(listed.items[0].remainingForNextTier).toBe(1);
    expect(listed.nextCursor).toBeUndefined();

    const other = await createBrand();
    const stranger = await call("GET", `/api/v1/brands/${own.id}/groupbuys`, other.owner);
    expect([stranger.status, await errorCode(stranger)]).toEqual([404, "brand_not_found"]);
    const follower = await call("GET", `/api/v1/brands/${own.id}/groupbuys`, joiner);
    expect([follower.status, await errorCode(follower)]).toEqual([404, "brand_not_found"]);
    const anonymous = await call("GET", `/api/v1/brands/${own.id}/groupbuys`, undefined);
    expect([anonymous.status, await errorCode(anonymous)]).toEqual([401, "unauthorized"]);
    const badCursor = await call("GET", `/api/v1/brands/${own.id}/groupbuys?cursor=nope`, own.owner);
    expect([badCursor.status, await errorCode(badCursor)]).toEqual([400, "cursor_invalid"]);
  });

  it("exports participants and codes as JSON, matching the CSV, for the brand's members only", async () => {
    const groupbuy = await createGroupBuy({ minParticipants: 2 });
    const [a, b] = await followers(2);
    if (!a || !b) throw new Error("no followers");
    await ok(await join(groupbuy.id, a, { quantity: 2, ref: creator.handle }), 201);
    await ok(await join(groupbuy.id, b), 201);
    const path = `/api/v1/brands/${brand.id}/groupbuys/${groupbuy.id}/participants.json`;

    const open = await call("GET", path, brand.owner);
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toMatch(/application\/json/);
    expect(open.headers.get("content-disposition")).toBe(
      `attachment; filename="${groupbuy.id}-participants.json"`,
    );
    const before = (await readJson(open)).items as GroupBuy.ParticipantRow[];
    expect(before.map((row) => row.handle).sort()).toEqual([a.handle, b.handle].sort());
    expect(before.find((row) => row.handle === a.handle)).toMatchObject({
      quantity: 2,
      status: "open",
      unitPrice: usd(9_000),
      referrerHandle: creator.handle,
    });
    expect(before.every((row) => row.code === undefined)).toBe(true);

    Clock.advance(DAY + 1);
    await GroupBuy.settle(groupbuy.id);
    const after = (await ok(await call("GET", path, brand.owner), 200)).items as GroupBuy.ParticipantRow[];
    expect(after.every((row) => row.status === "succeeded" && /^GB[A-Z0-9]{10}$/.test(row.code ?? ""))).toBe(
      true,
    );
    const csvCodes = (await participantRows(groupbuy.id)).map((row) => row.split(",")[6]?.replace(/"/g, ""));
    expect(after.map((row) => row.code).sort()).toEqual(csvCodes.sort());

    const other = await createBrand();
    const cases: [string, TestAccount | undefined, string, number, string][] = [
      ["another brand's owner", other.owner, path, 404, "brand_not_found"],
      [
        "another brand's owner through their own brand",
        other.owner,
        `/api/v1/brands/${other.id}/groupbuys/${groupbuy.id}/participants.json`,
        404,
        "groupbuy_not_found",
      ],
      ["a participant", a, path, 404, "brand_not_found"],
      ["anyone signed out", undefined, path, 401, "unauthorized"],
    ];
    for (const [who, account, url, status, code] of cases) {
      const response = await call("GET", url, account);
      expect([who, response.status, await errorCode(response)]).toEqual([who, status, code]);
    }
  });
});

describe("my seat in a group-buy", () => {
  it("answers my participation and, after success, my code; nothing for someone who has not joined", async () => {
    const groupbuy = await createGroupBuy({ minParticipants: 1 });
    const [me, other] = await followers(2);
    if (!me || !other) throw new Error("no followers");
    const seat = `/api/v1/groupbuys/${groupbuy.id}/join`;
    const before = await call("GET", seat, me);
    expect([before.status, await errorCode(before)]).toEqual([404, "participation_not_found"]);
    await ok(await join(groupbuy.id, me, { quantity: 2, ref: creator.handle }), 201);
    expect(await ok(await call("GET", seat, me), 200)).toMatchObject({
      groupbuyId: groupbuy.id,
      userId: me.id,
      quantity: 2,
      referrerHandle: creator.handle,
    });
    const notJoined = await call("GET", seat, other);
    expect([notJoined.status, await errorCode(notJoined)]).toEqual([404, "participation_not_found"]);
    const anonymous = await call("GET", seat, undefined);
    expect([anonymous.status, await errorCode(anonymous)]).toEqual([401, "unauthorized"]);
    const unknown = await call("GET", "/api/v1/groupbuys/gby_nope/join", me);
    expect([unknown.status, await errorCode(unknown)]).toEqual([404, "groupbuy_not_found"]);

    Clock.advance(DAY + 1);
    await GroupBuy.settle(groupbuy.id);
    const after = await ok(await call("GET", seat, me), 200);
    const mine = await ok(await call("GET", "/api/v1/me/groupbuys", me), 200);
    expect(after.code).toMatch(/^GB[A-Z0-9]{10}$/);
    expect(mine.items[0]).toMatchObject({ groupbuyId: groupbuy.id, code: after.code });
  });
});
