import { afterAll, describe, expect, it, vi } from "vitest";

// A creator with two followers is "large": their guides are merged at read, not fanned out. The per-file
// setup has already read the config, so the modules are loaded afresh after the environment changes.
process.env.SHOPGUIDE_FANOUT_THRESHOLD = "2";
vi.resetModules();
const { readJson, signUp } = await import("../../../../tests/fixtures/accounts");
const { call, ok } = await import("../../../../tests/fixtures/commerce");
const { publishGuide } = await import("../../../../tests/fixtures/guides");
const { config } = await import("@shopguide/core/config");
const { StreamPoller } = await import("../local/stream-poller");
const { handler: streamHandler } = await import("../stream");
const { app } = await import("./app");

const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

const centre = async (account: { auth: Record<string, string> }) =>
  readJson(await app.request("/api/v1/me/notifications", { headers: account.auth }));

describe("notifications under the feed's hybrid fan-out rule", () => {
  it("followers of a creator in pull mode get the new guide when their centre is read, once", async () => {
    expect(config().fanoutThreshold).toBe(2);
    const creator = await signUp("creator");
    const followers = [await signUp("follower"), await signUp("follower")];
    for (const follower of followers)
      await ok(await call("PUT", `/api/v1/creators/${creator.handle}/follow`, follower), 200);
    await poller.drain();
    const guideId = await publishGuide(creator, { title: "Big creator, pulled" });
    await poller.drain();

    for (const follower of followers) {
      const first = await centre(follower);
      expect(first.unread).toBe(1);
      expect(first.items).toEqual([
        expect.objectContaining({
          kind: "guide_published",
          link: `/guides/${guideId}`,
          body: "Big creator, pulled",
        }),
      ]);
      // Read again: the same one item, not a second.
      const again = await centre(follower);
      expect(again.items).toHaveLength(1);
      expect(again.unread).toBe(1);
    }
    // A stranger's centre pulls nothing.
    expect((await centre(await signUp("follower"))).items).toEqual([]);
  });
});
