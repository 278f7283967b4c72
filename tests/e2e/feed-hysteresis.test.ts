import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A small threshold (10: pull at 10 followers, back to push only below 9) and an hour's cool-down, for this
// file only: the per-file setup has already read the config, so the modules are loaded afresh.
process.env.SHOPGUIDE_FANOUT_THRESHOLD = "10";
process.env.SHOPGUIDE_FANOUT_COOLDOWN_SECONDS = "3600";
vi.resetModules();
const { readJson, signUp } = await import("../fixtures/accounts");
const { publishGuide } = await import("../fixtures/guides");
const { startServer } = await import("../fixtures/server");
const { config } = await import("@shopguide/core/config");
const { Profile } = await import("@shopguide/core/profile");
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

async function feedIds(reader: TestAccount): Promise<string[]> {
  const page = await readJson(await call("GET", "/api/v1/feed?limit=50", reader));
  return page.items.map((item: { id: string }) => item.id);
}

async function setFollow(creator: TestAccount, fan: TestAccount, following: boolean): Promise<void> {
  const response = await call(following ? "PUT" : "DELETE", `/api/v1/creators/${creator.handle}/follow`, fan);
  expect(response.ok).toBe(true);
  await server.drainStream();
}

async function modeOf(creator: TestAccount) {
  const stored = (await Profile.storedMany([creator.id])).get(creator.id);
  return { mode: stored?.fanoutMode, at: stored?.fanoutModeAt, followers: stored?.followerCount };
}

describe("fan-out hysteresis", () => {
  it("runs with the lowered settings", () => {
    expect(config()).toMatchObject({ fanoutThreshold: 10, fanoutCooldownSeconds: 3600 });
  });

  it("switches to pull at the threshold, back to push only below 90 % of it and at most once per cool-down", async () => {
    const creator = await signUp("creator");
    const fans = await Promise.all(Array.from({ length: 10 }, () => signUp("follower")));
    const [reader, , , , , , , , second, toggler] = fans as [TestAccount, ...TestAccount[]];
    if (!second || !toggler) throw new Error("no fans");
    for (const fan of fans) await setFollow(creator, fan, true);
    const pulled = await modeOf(creator);
    expect(pulled).toMatchObject({ mode: "pull", followers: 10 });

    const big = await publish(creator, "Published in pull mode");
    await server.drainStream();
    expect(await feedIds(reader)).toContain(big);

    // One follower toggling at the threshold, inside the cool-down and after it: 9 is not below 90 % of 10,
    // so the mode never changes (no switch, so no follower's feed is rewritten).
    for (let round = 0; round < 3; round++) {
      await setFollow(creator, toggler, false);
      await setFollow(creator, toggler, true);
    }
    Clock.advance(3601);
    await setFollow(creator, toggler, false);
    expect(await modeOf(creator)).toEqual({ ...pulled, followers: 9 });
    await setFollow(creator, toggler, true);
    expect(await modeOf(creator)).toEqual(pulled);

    // Below 90 % (8 of 10) after the cool-down: back to push, and the guide from pull mode is backfilled.
    await setFollow(creator, toggler, false);
    await setFollow(creator, second, false);
    const pushed = await modeOf(creator);
    expect(pushed).toMatchObject({ mode: "push", followers: 8 });
    expect(pushed.at).not.toBe(pulled.at);
    expect(await feedIds(reader)).toContain(big);

    // Back at the threshold within the cool-down: stays push, so a new guide is fanned out...
    await setFollow(creator, toggler, true);
    await setFollow(creator, second, true);
    expect(await modeOf(creator)).toEqual({ ...pushed, followers: 10 });
    const fanned = await publish(creator, "Published in push mode");
    await server.drainStream();
    expect(await feedIds(reader)).toContain(fanned);

    // ...and once the cool-down is over, the next publish switches to pull before writing anything.
    Clock.advance(3601);
    const merged = await publish(creator, "Published after the cool-down");
    await server.drainStream();
    expect(await modeOf(creator)).toMatchObject({ mode: "pull", followers: 10 });
    expect((await feedIds(reader)).slice(0, 3)).toEqual([merged, fanned, big]);
  }, 180_000);
});
