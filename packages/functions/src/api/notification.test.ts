import { config } from "@shopguide/core/config";
import { afterAll, describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { publishGuide } from "../../../../tests/fixtures/guides";
import { StreamPoller } from "../local/stream-poller";
import { handler as streamHandler } from "../stream";
import { app } from "./app";

const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

const notifications = (headers: Record<string, string>, query = "") =>
  app.request(`/api/v1/me/notifications${query}`, { headers });
const markRead = (headers: Record<string, string>, body: unknown) =>
  app.request("/api/v1/me/notifications/read", {
    method: "POST",
    headers: json(headers),
    body: JSON.stringify(body),
  });

describe("notifications from the table stream", () => {
  it("tells a follower about a followed creator's new guide, once, and marking read clears it", async () => {
    const creator = await signUp("creator");
    const follower = await signUp("follower");
    const stranger = await signUp("follower");
    const follow = await app.request(`/api/v1/creators/${creator.handle}/follow`, {
      method: "PUT",
      headers: follower.auth,
    });
    expect(follow.status).toBe(200);
    await poller.drain();
    const guideId = await publishGuide(creator, { title: "Knives that stay sharp" });
    await poller.drain();

    const listed = await readJson(await notifications(follower.auth));
    expect(listed.unread).toBe(1);
    expect(listed.items).toEqual([
      {
        id: expect.stringMatching(/^ntf_/),
        kind: "guide_published",
        title: `New guide from @${creator.handle}`,
        body: "Knives that stay sharp",
        link: `/guides/${guideId}`,
        at: expect.any(String),
        read: false,
      },
    ]);
    expect((await readJson(await notifications(stranger.auth))).items).toEqual([]);

    // The whole stream delivered again (a retried batch): nothing doubled.
    const replay = new StreamPoller({
      tableName: config().tableName,
      handler: streamHandler,
      start: "TRIM_HORIZON",
    });
    await replay.drain();
    await replay.stop();
    const again = await readJson(await notifications(follower.auth));
    expect(again.items).toHaveLength(1);
    expect(again.unread).toBe(1);

    // Someone else's id marks nothing of theirs; their own clears the count, and twice is still zero.
    expect(await readJson(await markRead(stranger.auth, { ids: [listed.items[0].id] }))).toEqual({
      unread: 0,
    });
    expect((await readJson(await notifications(follower.auth))).unread).toBe(1);
    expect(await readJson(await markRead(follower.auth, { ids: [listed.items[0].id] }))).toEqual({
      unread: 0,
    });
    expect(await readJson(await markRead(follower.auth, {}))).toEqual({ unread: 0 });
    const after = await readJson(await notifications(follower.auth));
    expect(after).toMatchObject({ unread: 0, items: [{ read: true }] });
  });

  it.each([
    ["anonymous list", () => notifications({}), 401, "unauthorized"],
    ["anonymous read", () => markRead({}, {}), 401, "unauthorized"],
    [
      "a tampered cursor",
      async () => notifications((await signUp("follower")).auth, "?cursor=abc.def"),
      400,
      "cursor_invalid",
    ],
    [
      "ids that are not a list",
      async () => markRead((await signUp("follower")).auth, { ids: "all" }),
      422,
      "validation_failed",
    ],
  ] as const)("refuses %s", async (_case, send, status, code) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });
});
