import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Backfill } from "@shopguide/core/backfill";
import { config } from "@shopguide/core/config";
import { Discovery } from "@shopguide/core/discovery";
import { dynamo, tableName } from "@shopguide/core/dynamo";
import { Clock } from "@shopguide/core/util/clock";
import { afterAll, describe, expect, it } from "vitest";
import {
  errorCode,
  type Json,
  json,
  readJson,
  signUp,
  type TestAccount,
} from "../../../../tests/fixtures/accounts";
import { publishGuide } from "../../../../tests/fixtures/guides";
import { runJob } from "../../../../tests/fixtures/jobs";
import { StreamPoller } from "../local/stream-poller";
import { handler as streamHandler } from "../stream";
import { app } from "./app";

const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

const send = (method: string, path: string, account?: TestAccount, body?: unknown) =>
  app.request(path, {
    method,
    headers: json(account?.auth ?? {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function follow(follower: TestAccount, creator: TestAccount) {
  expect((await send("PUT", `/api/v1/creators/${creator.handle}/follow`, follower)).status).toBe(200);
}

/** Every page of a list, following nextCursor. */
async function everyPage(path: string, account?: TestAccount, key = "items"): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const response = await send("GET", `${path}${cursor ? `${separator}cursor=${cursor}` : ""}`, account);
    expect(response.status).toBe(200);
    const body = await readJson(response);
    const page = key === "guides" ? body.guides : body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Sets the moderation contract's `suspendedAt` on a profile item, as the moderation branch will. */
async function suspend(account: TestAccount) {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `USER#${account.id}`, sk: "PROFILE" },
      UpdateExpression: "SET suspendedAt = :at, #type = :profile, userId = :userId",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
        ":at": Clock.now().toISOString(),
        ":profile": "profile",
        ":userId": account.id,
      },
    }),
  );
}

describe("categories", () => {
  it("lists the curated categories with their newest guide's cover", async () => {
    const body = await readJson(await send("GET", "/api/v1/categories"));
    expect(body.items.map((item: { slug: string }) => item.slug)).toEqual(
      Discovery.CATEGORIES.map((category) => category.slug),
    );
  });

  it("pages a category's guides newest first, once each, from any of its tags", async () => {
    const creator = await signUp("creator");
    const ids: string[] = [];
    for (const tags of [["kitchen"], ["knives", "kitchen"], ["baking"], ["coffee", "gifts"], ["cookware"]])
      ids.push(await publishGuide(creator, { tags, title: `Kitchen guide ${ids.length}` }));
    const outdoors = await publishGuide(creator, { tags: ["hiking"], title: "Trail" });
    await poller.drain();

    const kitchen = await everyPage("/api/v1/categories/kitchen?limit=2", undefined, "guides");
    const mine = kitchen.filter((guide) => ids.includes(guide.id)).map((guide) => guide.id);
    expect(mine).toEqual([...ids].reverse());
    expect(new Set(kitchen.map((guide) => guide.id)).size).toBe(kitchen.length);
    expect(kitchen.map((guide) => guide.id)).not.toContain(outdoors);
    const gifts = await everyPage("/api/v1/categories/gifts", undefined, "guides");
    expect(gifts.map((guide) => guide.id)).toContain(ids[3]);

    // Unpublished guides leave the category.
    expect((await send("POST", `/api/v1/guides/${ids[0]}/unpublish`, creator)).status).toBe(200);
    await poller.drain();
    const after = await everyPage("/api/v1/categories/kitchen", undefined, "guides");
    expect(after.map((guide) => guide.id)).not.toContain(ids[0]);
  });

  it("answers 404 for an unknown category and 400 for a cursor from another one", async () => {
    const missing = await send("GET", "/api/v1/categories/no-such-thing");
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe("category_not_found");
    const creator = await signUp("creator");
    await publishGuide(creator, { tags: ["audio"] });
    await publishGuide(creator, { tags: ["headphones"] });
    await poller.drain();
    const first = await readJson(await send("GET", "/api/v1/categories/audio?limit=1"));
    expect(first.guides.nextCursor).toEqual(expect.any(String));
    const foreign = await send("GET", `/api/v1/categories/kitchen?cursor=${first.guides.nextCursor}`);
    expect(foreign.status).toBe(400);
    expect(await errorCode(foreign)).toBe("cursor_invalid");
  });
});

describe("the creator directory", () => {
  it("sorts creators by followers and by recent activity, lists only creators, never suspended ones", async () => {
    const [big, middle, quiet, suspended] = await Promise.all([
      signUp("creator"),
      signUp("creator"),
      signUp("creator"),
      signUp("creator"),
    ]);
    const follower = await signUp("follower");
    const fans = await Promise.all(Array.from({ length: 4 }, () => signUp("follower")));
    for (const fan of fans) await follow(fan, big);
    await follow(fans[0] as TestAccount, middle);
    for (const fan of fans) await follow(fan, suspended);
    for (const creator of [big, middle, suspended, quiet]) {
      await publishGuide(creator, { tags: ["fitness"] });
      Clock.advance(1);
    }
    await follow(follower, big); // the follower has a profile too, but never publishes
    await poller.drain();

    const ours = (items: Json[]) =>
      items
        .filter((item) => [big, middle, quiet, suspended, follower].some((who) => who.id === item.id))
        .map((item) => item.handle);
    const byFollowers = await everyPage("/api/v1/creators?sort=followers&limit=2");
    expect(ours(byFollowers)).toEqual([suspended.handle, big.handle, middle.handle, quiet.handle]);
    const byActivity = await everyPage("/api/v1/creators?sort=active&category=fitness&limit=3");
    expect(ours(byActivity)).toEqual([quiet.handle, suspended.handle, middle.handle, big.handle]);
    expect(byFollowers.find((item) => item.id === big.id)).toMatchObject({
      followerCount: 5,
      categories: ["fitness"],
      following: false,
    });

    await suspend(suspended);
    // Left out at once (read defensively), and out of the index once the stream has seen it.
    expect(ours(await everyPage("/api/v1/creators?sort=followers"))).not.toContain(suspended.handle);
    await poller.drain();
    for (const sort of ["followers", "active"])
      expect(ours(await everyPage(`/api/v1/creators?sort=${sort}&category=fitness`))).toEqual(
        sort === "followers"
          ? [big.handle, middle.handle, quiet.handle]
          : [quiet.handle, middle.handle, big.handle],
      );
  });

  it("moves a creator up when they cross a follower bucket", async () => {
    const [rising, steady] = await Promise.all([signUp("creator"), signUp("creator")]);
    await publishGuide(rising, { tags: ["cycling"] });
    await publishGuide(steady, { tags: ["cycling"] });
    await follow(await signUp("follower"), steady);
    await poller.drain();
    const order = async () =>
      (await everyPage("/api/v1/creators?sort=followers&category=fitness"))
        .filter((item) => item.id === rising.id || item.id === steady.id)
        .map((item) => item.id);
    expect(await order()).toEqual([steady.id, rising.id]);
    for (const fan of await Promise.all([signUp("follower"), signUp("follower")])) await follow(fan, rising);
    await poller.drain();
    expect(await order()).toEqual([rising.id, steady.id]);
  });

  it("takes a creator out of a category, or the directory, once they have no published guide there, and back when they do", async () => {
    const creator = await signUp("creator");
    const first = await publishGuide(creator, { tags: ["yoga"] });
    const second = await publishGuide(creator, { tags: ["running", "hiking"] });
    await poller.drain();
    const listedIn = async (category: string) =>
      (await everyPage(`/api/v1/creators?sort=active&category=${category}`)).some(
        (item) => item.id === creator.id,
      );
    const card = async () =>
      (await everyPage("/api/v1/creators?sort=active")).find((item) => item.id === creator.id);
    expect([await listedIn("fitness"), await listedIn("outdoors")]).toEqual([true, true]);

    // Two fitness guides: unpublishing one keeps the creator there.
    expect((await send("POST", `/api/v1/guides/${first}/unpublish`, creator)).status).toBe(200);
    await poller.drain();
    expect(await listedIn("fitness")).toBe(true);
    // Re-tagging the last outdoors guide out of outdoors takes them out of it.
    expect((await send("PATCH", `/api/v1/guides/${second}`, creator, { tags: ["running"] })).status).toBe(
      200,
    );
    await poller.drain();
    expect([await listedIn("fitness"), await listedIn("outdoors")]).toEqual([true, false]);
    expect((await card())?.categories).toEqual(["fitness"]);
    // Deleting the last fitness guide, their last public one: out of fitness and out of the directory.
    expect((await send("DELETE", `/api/v1/guides/${second}`, creator)).status).toBe(204);
    await poller.drain();
    expect(await listedIn("fitness")).toBe(false);
    expect(await card()).toBeUndefined();
    // Publishing there again brings them back.
    expect((await send("POST", `/api/v1/guides/${first}/publish`, creator)).status).toBe(200);
    await poller.drain();
    expect(await listedIn("fitness")).toBe(true);
    expect((await card())?.categories).toEqual(["fitness"]);
    // The backfill (for guides from before the counts) counts each public guide once, however often it runs.
    await Backfill.creator(creator.id);
    await Backfill.creator(creator.id);
    await poller.drain();
    expect([await listedIn("fitness"), await listedIn("outdoors")]).toEqual([true, false]);
    expect((await send("POST", `/api/v1/guides/${first}/unpublish`, creator)).status).toBe(200);
    await poller.drain();
    expect(await listedIn("fitness")).toBe(false);
    expect(await card()).toBeUndefined();
    // The upgrade backfill, finding nothing public, counts none: they stay out.
    await Backfill.creator(creator.id);
    await poller.drain();
    expect(await card()).toBeUndefined();
  });

  it("the upgrade backfill lets go of a creator listed before the everyone count existed, once nothing is public", async () => {
    const creator = await signUp("creator");
    const guide = await publishGuide(creator, { tags: ["yoga"] });
    await poller.drain();
    const card = async () =>
      (await everyPage("/api/v1/creators?sort=active")).find((item) => item.id === creator.id);
    expect(await card()).toBeDefined();
    // As an upgraded table has it: the guide counted in its category, but no count of everything yet.
    for (const sk of ["COUNT#ALL", `GUIDE#ALL#${guide}`])
      await dynamo().send(
        new DeleteCommand({ TableName: tableName(), Key: { pk: `DIRCAT#${creator.id}`, sk } }),
      );
    // Unpublished: with nothing counted at all, the entry it has is kept...
    expect((await send("POST", `/api/v1/guides/${guide}/unpublish`, creator)).status).toBe(200);
    await poller.drain();
    expect(await card()).toBeDefined();
    // ...until the backfill finds nothing public and counts none.
    await Backfill.creator(creator.id);
    await poller.drain();
    expect(await card()).toBeUndefined();
  });

  it("refuses an unknown sort or category", async () => {
    expect((await send("GET", "/api/v1/creators?sort=loudest")).status).toBe(422);
    expect((await send("GET", "/api/v1/creators?category=nope")).status).toBe(422);
  });
});

describe("interests and suggestions", () => {
  it("validates interests: known categories only, at most five, signed in", async () => {
    const follower = await signUp("follower");
    expect((await send("PUT", "/api/v1/me/interests", undefined, { categories: ["kitchen"] })).status).toBe(
      401,
    );
    const unknown = await send("PUT", "/api/v1/me/interests", follower, { categories: ["kitchen", "nope"] });
    expect(unknown.status).toBe(422);
    expect(await errorCode(unknown)).toBe("validation_failed");
    const tooMany = await send("PUT", "/api/v1/me/interests", follower, {
      categories: Discovery.CATEGORIES.slice(0, 6).map((category) => category.slug),
    });
    expect(tooMany.status).toBe(422);
    expect((await send("PUT", "/api/v1/me/interests", follower, { categories: "kitchen" })).status).toBe(422);
    expect(await readJson(await send("GET", "/api/v1/me/interests", follower))).toEqual({ categories: [] });
    const saved = await send("PUT", "/api/v1/me/interests", follower, {
      categories: ["outdoors", "outdoors"],
    });
    expect(saved.status).toBe(200);
    expect(await readJson(await send("GET", "/api/v1/me/interests", follower))).toEqual({
      categories: ["outdoors"],
    });
  });

  it("suggests creators of my interests first, never myself, whom I follow, or a suspended creator", async () => {
    const [me, hiker, other, followed, banned] = await Promise.all([
      signUp("creator"),
      signUp("creator"),
      signUp("creator"),
      signUp("creator"),
      signUp("creator"),
    ]);
    await publishGuide(me, { tags: ["hiking"] });
    await publishGuide(hiker, { tags: ["backpacking"] });
    await publishGuide(followed, { tags: ["hiking"] });
    await publishGuide(banned, { tags: ["hiking"] });
    await publishGuide(other, { tags: ["lighting"] });
    await follow(me, followed);
    expect((await send("PUT", "/api/v1/me/interests", me, { categories: ["outdoors"] })).status).toBe(200);
    await suspend(banned);
    await poller.drain();

    const suggested = (await everyPage("/api/v1/me/suggestions?limit=2", me)).map((item) => item.id);
    expect(suggested).toContain(hiker.id);
    expect(suggested).toContain(other.id);
    expect(suggested.indexOf(hiker.id)).toBeLessThan(suggested.indexOf(other.id));
    for (const absent of [me, followed, banned]) expect(suggested).not.toContain(absent.id);
    expect(new Set(suggested).size).toBe(suggested.length);
    expect((await send("GET", "/api/v1/me/suggestions")).status).toBe(401);
  });
});

describe("trending never says nothing while the month had guides", () => {
  it("answers the newest guides before the trending job ran, and the month's best after a quiet week", async () => {
    const creator = await signUp("creator");
    const guideId = await publishGuide(creator, { tags: ["design"] });
    await poller.drain();
    const before = await readJson(await send("GET", "/api/v1/feed/trending"));
    expect(before.items.map((item: { id: string }) => item.id)).toContain(guideId);

    Clock.advance(8 * 86_400);
    await runJob("rebuild-trending");
    const quiet = await readJson(await send("GET", "/api/v1/feed/trending"));
    expect(quiet.items.map((item: { id: string }) => item.id)).toContain(guideId);
  });
});
