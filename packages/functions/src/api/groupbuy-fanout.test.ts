import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Pages of 3 participants, and a stream budget that stops after the first page: a group-buy of 8 people
// takes three pages, so the stream leaves most of every fan-out to the settle job. The per-file setup has
// already read the config, so the modules are loaded afresh after the environment changes.
process.env.SHOPGUIDE_GROUPBUY_FANOUT_PAGE = "3";
process.env.SHOPGUIDE_GROUPBUY_FANOUT_STREAM_MS = "0";
vi.resetModules();
const { manyAccounts, readJson, signUp } = await import("../../../../tests/fixtures/accounts");
const { call, createBrand, ok } = await import("../../../../tests/fixtures/commerce");
const { config } = await import("@shopguide/core/config");
const { GroupBuy } = await import("@shopguide/core/groupbuy");
const { Clock } = await import("@shopguide/core/util/clock");
const { StreamPoller } = await import("../local/stream-poller");
const { jobs } = await import("../schedule");
const { handler: streamHandler } = await import("../stream");
const { app } = await import("./app");

type Account = Awaited<ReturnType<typeof signUp>>;

const DAY = 86_400;
const PEOPLE = 8;
const usd = (amount: number) => ({ amount, currency: "USD" });

let brand: Awaited<ReturnType<typeof createBrand>>;
// Only what this file's tests write from here on: the signups before are no one's concern here.
let poller: InstanceType<typeof StreamPoller>;

beforeAll(async () => {
  expect(config()).toMatchObject({ groupbuyFanoutPage: 3, groupbuyFanoutStreamMs: 0 });
  brand = await createBrand();
  poller = new StreamPoller({ tableName: config().tableName, handler: streamHandler, start: "LATEST" });
  await poller.drain();
});
afterAll(() => poller.stop());

const people = (count: number) => manyAccounts(count);

async function groupbuyWith(joiners: Account[], overrides: Record<string, unknown>): Promise<string> {
  const created = await ok(
    await call("POST", "/api/v1/campaigns", brand.owner, {
      brandId: brand.id,
      type: "groupbuy",
      name: "Kettle together",
      product: { title: "Pour-over kettle", url: `https://${brand.domain}/products/kettle` },
      basePrice: usd(10_000),
      tiers: [{ participants: 2, price: usd(9_000) }],
      minParticipants: 2,
      capacity: 100,
      maxQuantityPerPerson: 1,
      deadline: new Date(Clock.nowMs() + DAY * 1000).toISOString(),
      rule: { kind: "percent", bps: 1000 },
      ...overrides,
    }),
    201,
  );
  for (const person of joiners) await join(created.id, person);
  return created.id;
}

const join = async (groupbuyId: string, person: Account) =>
  ok(await call("POST", `/api/v1/groupbuys/${groupbuyId}/join`, person, { quantity: 1 }), 201);

/**
 * The first join left the group-buy one person short of its first tier: that notice goes to everyone seated
 * when the stream reads it, a page now and the rest from the job. Finished here, so each test watches only
 * the fan-out it is about.
 */
async function quiet(): Promise<void> {
  await poller.drain();
  expect(await settleJob()).toMatchObject({ left: 0 });
}

/** Each person's code (undefined while none), read as the participant. */
async function codes(groupbuyId: string, joiners: Account[]): Promise<(string | undefined)[]> {
  return Promise.all(
    joiners.map(async (person) => {
      const response = await app.request(`/api/v1/groupbuys/${groupbuyId}/join`, { headers: person.auth });
      return (await readJson(response)).code;
    }),
  );
}

/** How many notifications of `kind` about this group-buy (whose title has `titled`) each person holds. */
async function notices(groupbuyId: string, joiners: Account[], kind: string, titled = ""): Promise<number[]> {
  return Promise.all(
    joiners.map(async (person) => {
      const centre = await readJson(await app.request("/api/v1/me/notifications", { headers: person.auth }));
      return centre.items.filter(
        (item: { kind: string; link: string; title: string }) =>
          item.kind === kind && item.link === `/groupbuys/${groupbuyId}` && item.title.includes(titled),
      ).length;
    }),
  );
}

const settleJob = () => jobs["settle-groupbuys"]?.run();
const issued = (found: (string | undefined)[]) => found.filter((code) => code !== undefined).length;

describe("a group-buy's fan-out, a page at a time", () => {
  it("issues every code once: a page from the stream, a page per bounded step, the rest from the job", async () => {
    const joiners = await people(PEOPLE);
    const groupbuyId = await groupbuyWith(joiners.slice(0, -1), { capacity: PEOPLE });
    await quiet();
    await join(groupbuyId, joiners[PEOPLE - 1] as Account);
    expect(await GroupBuy.getInternal(groupbuyId)).toMatchObject({ status: "succeeded" });
    // The stream's budget stops after its first page: 3 of 8 codes, the group-buy still issuing.
    await poller.drain();
    expect(issued(await codes(groupbuyId, joiners))).toBe(3);
    expect((await GroupBuy.getInternal(groupbuyId))?.codesIssuedAt).toBeUndefined();

    // One bounded step (a job run with no time to spare), then a stale runner repeats the page it read
    // before (as a runner that crashed before its checkpoint would): nothing is issued twice.
    const stale = await GroupBuy.Fanout.open(groupbuyId, { kind: "codes" });
    expect(await GroupBuy.settleDue({ budgetMs: 0 })).toMatchObject({ settled: 1, pages: 1, left: 1 });
    const afterStep = await codes(groupbuyId, joiners);
    expect(issued(afterStep)).toBe(6);
    expect(await GroupBuy.Fanout.step(stale)).toBeUndefined();
    expect(await codes(groupbuyId, joiners)).toEqual(afterStep);

    // The job finishes the walk: every participant holds one code, each different.
    expect(await settleJob()).toMatchObject({ left: 0 });
    const all = await codes(groupbuyId, joiners);
    expect(issued(all)).toBe(PEOPLE);
    expect(new Set(all).size).toBe(PEOPLE);
    expect((await GroupBuy.getInternal(groupbuyId))?.codesIssuedAt).toBeDefined();

    // Each new code tells its holder once; a second run finds nothing to do and changes nothing.
    await poller.drain();
    expect(await notices(groupbuyId, joiners, "groupbuy_succeeded")).toEqual(Array(PEOPLE).fill(1));
    expect(await settleJob()).toEqual({ settled: 0, pages: 0, left: 0 });
    expect(await codes(groupbuyId, joiners)).toEqual(all);
  });

  it("tells every participant of a failure once: the stream's page, then the job's", async () => {
    const joiners = await people(PEOPLE);
    const groupbuyId = await groupbuyWith(joiners, { minParticipants: PEOPLE + 2, capacity: 100 });
    await quiet();
    Clock.advance(DAY + 1);
    // The job decides it (failed); the table stream tells the first page.
    await settleJob();
    expect(await GroupBuy.getInternal(groupbuyId)).toMatchObject({ status: "failed" });
    await poller.drain();
    const first = await notices(groupbuyId, joiners, "groupbuy_failed");
    expect(first.filter((count) => count === 1)).toHaveLength(3);
    expect(first.filter((count) => count === 0)).toHaveLength(PEOPLE - 3);

    // A bounded step (one page), then the job for the rest; a redelivered record starts nothing anew.
    await GroupBuy.settleDue({ budgetMs: 0 });
    await poller.drain();
    await settleJob();
    expect(await notices(groupbuyId, joiners, "groupbuy_failed")).toEqual(Array(PEOPLE).fill(1));
    const before = await GroupBuy.getInternal(groupbuyId);
    if (!before) throw new Error("the group-buy is gone");
    await GroupBuy.notifyParticipants(
      groupbuyId,
      {
        kind: "groupbuy_failed",
        source: groupbuyId,
        at: before.settledAt ?? before.deadline,
        title: "again",
        body: "again",
        link: `/groupbuys/${groupbuyId}`,
      },
      0,
    );
    expect(await notices(groupbuyId, joiners, "groupbuy_failed")).toEqual(Array(PEOPLE).fill(1));
    expect(await settleJob()).toMatchObject({ pages: 0, left: 0 });
  });

  it("tells everyone one person short of the next tier once, two group-buys' fan-outs side by side", async () => {
    const joiners = await people(PEOPLE + 1);
    const tiers = [
      { participants: 2, price: usd(9_000) },
      { participants: PEOPLE + 2, price: usd(8_000) },
    ];
    // Two group-buys reach one short of their next tier: each stream record does its first page only.
    const a = await groupbuyWith(joiners.slice(0, PEOPLE), { tiers });
    const b = await groupbuyWith(joiners.slice(0, PEOPLE), { tiers });
    await quiet();
    const last = joiners[PEOPLE] as Account;
    await join(a, last);
    await join(b, last);
    await poller.drain();
    const everyone = joiners;
    const nextTier = (id: string) => notices(id, everyone, "groupbuy_next_tier", "80.00");
    const told = async () =>
      (await Promise.all([a, b].map(nextTier))).map((counts) => counts.filter((count) => count === 1).length);
    expect(await told()).toEqual([3, 3]);
    // A run with no time to spare walks one page of the oldest open task; a full run finishes both.
    await GroupBuy.settleDue({ budgetMs: 0 });
    expect((await told()).sort()).toEqual([3, 6]);
    await settleJob();
    for (const id of [a, b]) expect(await nextTier(id)).toEqual(Array(PEOPLE + 1).fill(1));
  });
});
