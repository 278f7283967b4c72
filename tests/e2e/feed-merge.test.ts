import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Lower the fan-out threshold and the feed cap for this file only: the per-file setup has already read
// the config, so the modules are loaded afresh after the environment changes.
process.env.SHOPGUIDE_FANOUT_THRESHOLD = "3";
process.env.SHOPGUIDE_FEED_CAP = "5";
// A Following read looks at only the first 2 creators followed: the bound on the follow list read.
process.env.SHOPGUIDE_FEED_FOLLOWED_READ = "2";
vi.resetModules();
const { readJson, signUp } = await import("../fixtures/accounts");
const { publishGuide } = await import("../fixtures/guides");
const { startServer } = await import("../fixtures/server");
const { config } = await import("@shopguide/core/config");
const { Clock } = await import("@shopguide/core/util/clock");

type TestAccount = Awaited<ReturnType<typeof signUp>>;
type TestServer = Awaited<ReturnType<typeof startServer>>;

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const call: TestServer["call"] = (...args) => server.call(...args);
const publish = (author: TestAccount, title: string) => publishGuide(author, { title }, server);

async function wholeFeed(reader: TestAccount, limit: number): Promise<{ id: string; publishedAt: string }[]> {
  const items: { id: string; publishedAt: string }[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await readJson(await call("GET", `/api/v1/feed?${query}`, reader));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("hybrid fan-out", () => {
  it("runs with the lowered settings", () => {
    expect(config()).toMatchObject({ fanoutThreshold: 3, feedCap: 5, feedFollowedRead: 2 });
  });

  it("merges a creator above the threshold in at read time, interleaved in time order", async () => {
    const big = await signUp("creator");
    const small = await signUp("creator");
    const readers = await Promise.all(Array.from({ length: 3 }, () => signUp("follower")));
    for (const reader of readers) await call("PUT", `/api/v1/creators/${big.handle}/follow`, reader);
    const reader = readers[0] as TestAccount;
    await call("PUT", `/api/v1/creators/${small.handle}/follow`, reader);
    await server.drainStream();
    const storefront = await readJson(await call("GET", `/api/v1/creators/${big.handle}`));
    expect(storefront.profile.followerCount).toBeGreaterThanOrEqual(3);

    const order: string[] = [];
    for (let round = 0; round < 4; round++) {
      order.push(await publish(small, `Small ${round}`));
      order.push(await publish(big, `Big ${round}`));
    }
    await server.drainStream();

    const expected = [...order].reverse();
    for (const limit of [20, 3, 1]) {
      const feed = await wholeFeed(reader, limit);
      expect(feed.map((item) => item.id)).toEqual(expected);
    }
    // The other readers follow only the big creator and get its guides the same way.
    expect((await wholeFeed(readers[1] as TestAccount, 5)).map((item) => item.id)).toEqual(
      expected.filter((_, index) => index % 2 === 0),
    );

    // Unpublishing a merged guide removes it at once; there are no stored copies to clean up.
    await call("POST", `/api/v1/guides/${order[1]}/unpublish`, big);
    expect((await wholeFeed(reader, 4)).map((item) => item.id)).not.toContain(order[1]);
  });

  it("keeps only the newest entries of a follower's stored feed", async () => {
    const creator = await signUp("creator");
    const reader = await signUp("follower");
    await call("PUT", `/api/v1/creators/${creator.handle}/follow`, reader);
    const ids: string[] = [];
    for (let index = 0; index < 8; index++) ids.push(await publish(creator, `Guide ${index}`));
    await server.drainStream();
    expect((await wholeFeed(reader, 2)).map((item) => item.id)).toEqual(ids.slice(-5).reverse());
  });

  it("keeps a creator's guides in followers' feeds when the creator drops below the threshold", async () => {
    const creator = await signUp("creator");
    const fans = await Promise.all([signUp("follower"), signUp("follower"), signUp("follower")]);
    for (const fan of fans) {
      expect((await call("PUT", `/api/v1/creators/${creator.handle}/follow`, fan)).ok).toBe(true);
    }
    await server.drainStream();
    const id = await publish(creator, "Published while the creator was big");
    await server.drainStream();
    expect((await wholeFeed(fans[0] as TestAccount, 10)).map((guide) => guide.id)).toContain(id);

    // 3 → 2 followers (below 90 % of 3) once the mode's cool-down is over: no longer merged at read time,
    // so the guide must now come from the stored feed (feed-hysteresis.test.ts covers the cool-down itself).
    Clock.advance(config().fanoutCooldownSeconds + 1);
    expect((await call("DELETE", `/api/v1/creators/${creator.handle}/follow`, fans[2])).ok).toBe(true);
    await server.drainStream();
    expect((await wholeFeed(fans[0] as TestAccount, 10)).map((guide) => guide.id)).toContain(id);
    expect((await wholeFeed(fans[1] as TestAccount, 10)).map((guide) => guide.id)).toContain(id);
    expect((await wholeFeed(fans[2] as TestAccount, 10)).map((guide) => guide.id)).not.toContain(id);
  });

  it("reads the follow list only up to its bound, and still shows and drops creators beyond it", async () => {
    // Four push-mode creators followed: only the first two (by id) are read from the follow list; the
    // others' stored entries are checked against their follow items page by page.
    const creators: TestAccount[] = [];
    for (let index = 0; index < 4; index++) creators.push(await signUp("creator"));
    const reader = await signUp("follower");
    for (const creator of creators)
      expect((await call("PUT", `/api/v1/creators/${creator.handle}/follow`, reader)).ok).toBe(true);
    await server.drainStream();
    const ids: string[] = [];
    for (const creator of creators) ids.push(await publish(creator, `Bounded ${creator.handle}`));
    await server.drainStream();
    expect((await wholeFeed(reader, 10)).map((item) => item.id)).toEqual([...ids].reverse());
    expect((await wholeFeed(reader, 1)).map((item) => item.id)).toEqual([...ids].reverse());

    // An unfollow applies at once, before the stream removes the stored entries, beyond the bound too.
    const last = creators[3] as TestAccount;
    expect((await call("DELETE", `/api/v1/creators/${last.handle}/follow`, reader)).ok).toBe(true);
    expect((await wholeFeed(reader, 10)).map((item) => item.id)).toEqual(ids.slice(0, 3).reverse());
  });
});
