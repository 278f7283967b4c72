import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJson, signUp, type TestAccount } from "../fixtures/accounts";
import { guideInput, publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const call: TestServer["call"] = (...args) => server.call(...args);
const publish = (author: TestAccount, title: string) => publishGuide(author, { title }, server);

interface FeedItem {
  id: string;
  title: string;
  publishedAt: string;
  creator: { handle: string };
}

async function feedPage(reader: TestAccount, limit: number, cursor: string | null) {
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  const response = await call("GET", `/api/v1/feed?${query}`, reader);
  expect(response.status).toBe(200);
  return (await readJson(response)) as { items: FeedItem[]; nextCursor: string | null };
}

async function wholeFeed(reader: TestAccount): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let cursor: string | null = null;
  do {
    const page = await feedPage(reader, 50, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const newestFirst = (items: FeedItem[]) =>
  items.every((item, index) => index === 0 || (items[index - 1] as FeedItem).publishedAt >= item.publishedAt);

describe("the Following feed", () => {
  // Sixteen sign-ups (each creator confirms their email through the mail catcher) and 125 publishes through
  // the stream: past the 60 s default on a loaded 2-core machine.
  it("pages 120 guides from 15 creators exactly once, newest first, while 5 more are published", async () => {
    const creators = await Promise.all(Array.from({ length: 15 }, () => signUp("creator")));
    const reader = await signUp("follower");
    for (const creator of creators) {
      expect((await call("PUT", `/api/v1/creators/${creator.handle}/follow`, reader)).status).toBe(200);
    }
    const published: string[] = [];
    for (let index = 0; index < 120; index++) {
      published.push(await publish(creators[index % 15] as TestAccount, `Guide ${index}`));
    }
    await server.drainStream();

    const seen: FeedItem[] = [];
    const late: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await feedPage(reader, 20, cursor);
      expect(page.items.length).toBeLessThanOrEqual(20);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
      // Between pages: five more guides arrive and are fanned out before the next page is read.
      if (late.length < 5) {
        late.push(await publish(creators[late.length] as TestAccount, `Late guide ${late.length}`));
        await server.drainStream();
      }
    } while (cursor && pages < 20);

    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...published].sort());
    expect(ids).toEqual([...published].reverse());
    expect(newestFirst(seen)).toBe(true);
    expect(seen[0]).toMatchObject({ title: "Guide 119", creator: { handle: creators[119 % 15]?.handle } });

    // The late guides are there for a reader starting again from the top.
    const fresh = await feedPage(reader, 20, null);
    expect(fresh.items.slice(0, 5).map((item) => item.id)).toEqual([...late].reverse());
  }, 180_000);

  it("backfills on follow, drops a creator on unfollow, and loses unpublished and deleted guides", async () => {
    const creator = await signUp("creator");
    const other = await signUp("creator");
    const reader = await signUp("follower");
    const early = [
      await publish(creator, "Before the follow 1"),
      await publish(creator, "Before the follow 2"),
    ];
    await call("PUT", `/api/v1/creators/${creator.handle}/follow`, reader);
    await call("PUT", `/api/v1/creators/${other.handle}/follow`, reader);
    const otherGuide = await publish(other, "From the other creator");
    await server.drainStream();
    expect((await wholeFeed(reader)).map((item) => item.id)).toEqual([otherGuide, early[1], early[0]]);

    const unpublished = early[1] as string;
    await call("POST", `/api/v1/guides/${unpublished}/unpublish`, creator);
    await call("DELETE", `/api/v1/guides/${early[0]}`, creator);
    // Gone at once, before the stream has cleaned up after them...
    expect((await wholeFeed(reader)).map((item) => item.id)).toEqual([otherGuide]);
    await server.drainStream();
    // ...and still gone after it has.
    expect((await wholeFeed(reader)).map((item) => item.id)).toEqual([otherGuide]);

    // Re-publishing puts the guide back, on top.
    await call("POST", `/api/v1/guides/${unpublished}/publish`, creator);
    await server.drainStream();
    expect((await wholeFeed(reader)).map((item) => item.id)).toEqual([unpublished, otherGuide]);

    await call("DELETE", `/api/v1/creators/${other.handle}/follow`, reader);
    expect((await wholeFeed(reader)).map((item) => item.id)).toEqual([unpublished]);
    await server.drainStream();
    expect((await wholeFeed(reader)).map((item) => item.id)).toEqual([unpublished]);
  });

  it("is empty, with no cursor, for someone who follows nobody; and needs a signed-in reader", async () => {
    const reader = await signUp("follower");
    expect(await feedPage(reader, 20, null)).toEqual({ items: [], nextCursor: null });
    expect((await call("GET", "/api/v1/feed")).status).toBe(401);
  });
});

describe("list query errors", () => {
  it.each([
    ["/api/v1/feed?limit=0", 422, "validation_failed"],
    ["/api/v1/feed?limit=51", 422, "validation_failed"],
    ["/api/v1/feed?limit=ten", 422, "validation_failed"],
    ["/api/v1/feed?cursor=bm90LWEtY3Vyc29y", 400, "cursor_invalid"],
    ["/api/v1/feed/trending?cursor=%7B%7D", 400, "cursor_invalid"],
    ["/api/v1/tags/x/guides?cursor=eyJwIjoxfQ", 400, "cursor_invalid"],
    ["/api/v1/tags/not%20a%20tag!/guides", 422, "validation_failed"],
  ])("GET %s answers %i %s", async (path, status, code) => {
    const reader = await signUp("follower");
    const response = await call("GET", path, reader);
    expect(response.status).toBe(status);
    expect((await readJson(response)).error.code).toBe(code);
  });
});

describe("tag pages and trending", () => {
  it("lists published guides by normalized tag, newest first", async () => {
    const creator = await signUp("creator");
    const first = await publish(creator, "Tent picks");
    const created = await call(
      "POST",
      "/api/v1/guides",
      creator,
      guideInput({ title: "Stoves", tags: ["Camp Kitchen", "Backpacking"] }),
    );
    const second = (await readJson(created)).id;
    await call("POST", `/api/v1/guides/${second}/publish`, creator);
    await call("PATCH", `/api/v1/guides/${first}`, creator, { tags: ["backpacking"] });
    await server.drainStream();
    const tagged = await readJson(await call("GET", "/api/v1/tags/Backpacking/guides"));
    expect(tagged.items.map((item: FeedItem) => item.id)).toEqual([second, first]);
    const kitchen = await readJson(await call("GET", "/api/v1/tags/camp-kitchen/guides"));
    expect(kitchen.items.map((item: FeedItem) => item.id)).toEqual([second]);
    await call("POST", `/api/v1/guides/${second}/unpublish`, creator);
    await server.drainStream();
    const after = await readJson(await call("GET", "/api/v1/tags/backpacking/guides"));
    expect(after.items.map((item: FeedItem) => item.id)).toEqual([first]);
  });

  it("ranks by engagement heat from the stream into the list the scheduled job writes", async () => {
    const { jobs } = await import("../../packages/functions/src/schedule");
    const creator = await signUp("creator");
    const readers = await Promise.all(Array.from({ length: 3 }, () => signUp("follower")));
    const quiet = await publish(creator, "Quiet guide");
    const loved = await publish(creator, "Loved guide");
    const saved = await publish(creator, "Saved guide");
    for (const reader of readers) await call("PUT", `/api/v1/guides/${loved}/like`, reader);
    for (const reader of readers.slice(0, 2)) await call("PUT", `/api/v1/guides/${saved}/save`, reader);
    await server.drainStream(); // publishing, likes and saves warm the guides' heat through the stream
    await jobs["rebuild-trending"]?.run();
    const trending = await readJson(await call("GET", "/api/v1/feed/trending?limit=50"));
    const ids = trending.items.map((item: FeedItem) => item.id);
    expect(ids.indexOf(saved)).toBeLessThan(ids.indexOf(loved));
    expect(ids.indexOf(loved)).toBeLessThan(ids.indexOf(quiet));
    expect(trending.items[0]).toMatchObject({ disclosure: "Contains affiliate links" });

    await call("POST", `/api/v1/guides/${saved}/unpublish`, creator);
    const after = await readJson(await call("GET", "/api/v1/feed/trending?limit=50"));
    expect(after.items.map((item: FeedItem) => item.id)).not.toContain(saved);
  });
});
