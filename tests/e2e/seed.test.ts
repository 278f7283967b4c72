import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seed } from "../../packages/functions/src/local/seed";
import { readJson } from "../fixtures/accounts";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  await seed({ settle: () => server.drainStream() });
  await server.drainStream();
});

afterAll(async () => {
  await server?.stop();
});

async function login(email: string): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const { token } = await readJson(response);
  return { authorization: `Bearer ${token}` };
}

describe("the demo data", () => {
  it("gives the demo follower a lively Following feed and the site a Trending list", async () => {
    const auth = await login("sam@demo.shopguide.dev");
    const feed = await readJson(await fetch(`${server.url}/api/v1/feed?limit=50`, { headers: auth }));
    const handles = new Set(feed.items.map((item: { creator: { handle: string } }) => item.creator.handle));
    expect(feed.items.length).toBeGreaterThanOrEqual(10);
    expect(handles.size).toBe(4);
    const trending = await readJson(await fetch(`${server.url}/api/v1/feed/trending`));
    expect(trending.items.length).toBeGreaterThanOrEqual(10);
    const saved = await readJson(await fetch(`${server.url}/api/v1/me/saved`, { headers: auth }));
    expect(saved.items.length).toBeGreaterThan(0);
  });

  it("fills the categories, the creator directory and the demo follower's suggestions", async () => {
    const categories = await readJson(await fetch(`${server.url}/api/v1/categories`));
    const withCovers = categories.items.filter((category: { cover: unknown }) => category.cover);
    expect(withCovers.length).toBeGreaterThanOrEqual(4);
    const kitchen = await readJson(await fetch(`${server.url}/api/v1/categories/kitchen`));
    expect(kitchen.guides.items.length).toBeGreaterThan(0);
    const directory = await readJson(await fetch(`${server.url}/api/v1/creators?sort=followers`));
    expect(directory.items.map((item: { handle: string }) => item.handle)).toEqual(
      expect.arrayContaining(["maya_cooks", "theo_trails", "priya_studio", "jun_listens"]),
    );
    const auth = await login("alex@demo.shopguide.dev");
    const suggestions = await readJson(await fetch(`${server.url}/api/v1/me/suggestions`, { headers: auth }));
    const suggested = suggestions.items.map((item: { handle: string }) => item.handle);
    expect(suggested[0]).toBe("priya_studio"); // desk setups: one of Alex's interests
    expect(suggested).not.toContain("theo_trails"); // already followed
  });

  it("is searchable: guides by a title prefix and a card's product, creators and catalogue products", async () => {
    const find = async (query: string) =>
      (await readJson(await fetch(`${server.url}/api/v1/search?${query}`))).items.map(
        (item: { type: string; title: string }) => `${item.type}: ${item.title}`,
      );
    expect(await find("q=pa&type=guide")).toContain("guide: The only three pans a small kitchen needs");
    expect(await find("q=victorinox")).toContain("guide: Knives I would buy again");
    expect(await find("q=maya&type=creator")).toEqual(["creator: Maya Okafor"]);
    expect(await find("q=stormline+rain&type=product")).toEqual(["product: Stormline 3-layer rain shell"]);
  });

  it("shows verified storefronts with bios and guides", async () => {
    const store = await readJson(await fetch(`${server.url}/api/v1/creators/maya_cooks`));
    expect(store.profile).toMatchObject({ verified: true, followerCount: 2 });
    expect(store.profile.bio).toMatch(/cook/);
    expect(store.guides.items).toHaveLength(3);
  });

  it("has pictures: avatars, banners, covers, card images, the brand's logo, products and the group-buy", async () => {
    const store = await readJson(await fetch(`${server.url}/api/v1/creators/maya_cooks`));
    expect(store.profile.avatar?.variants.length).toBeGreaterThan(0);
    expect(store.profile.banner?.variants.length).toBeGreaterThan(0);
    for (const summary of store.guides.items) expect(summary.cover?.alt).toBeTruthy();
    const guide = await readJson(await fetch(`${server.url}/api/v1/guides/${store.guides.items[0].id}`));
    for (const item of guide.items) expect(item.image?.variants.length).toBeGreaterThan(0);
    const served = await fetch(`${server.url}${guide.cover.variants[0].url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");

    const brandAuth = await login("team@demo.northwind.dev");
    const [brand] = (await readJson(await fetch(`${server.url}/api/v1/brands`, { headers: brandAuth })))
      .items;
    expect(brand.logo?.alt).toBe("Northwind Outfitters");
    const products = await readJson(
      await fetch(`${server.url}/api/v1/brands/${brand.id}/products`, { headers: brandAuth }),
    );
    for (const product of products.items) expect(product.image?.variants.length).toBeGreaterThan(0);
  });

  it("gives the demo brand a catalogue, a campaign two creators joined, and orders with receipts", async () => {
    const brandAuth = await login("team@demo.northwind.dev");
    const mine = await readJson(await fetch(`${server.url}/api/v1/brands`, { headers: brandAuth }));
    const [brand] = mine.items;
    expect(brand.name).toBe("Northwind Outfitters");
    const products = await readJson(
      await fetch(`${server.url}/api/v1/brands/${brand.id}/products`, { headers: brandAuth }),
    );
    expect(products.items).toHaveLength(3);
    const conversions = await readJson(
      await fetch(`${server.url}/api/v1/brands/${brand.id}/conversions`, { headers: brandAuth }),
    );
    expect(conversions.items).toHaveLength(2);
    expect(conversions.items.filter((item: { attributed: boolean }) => item.attributed)).toHaveLength(1);

    const theo = await login("theo@demo.shopguide.dev");
    const earnings = await readJson(await fetch(`${server.url}/api/v1/me/earnings`, { headers: theo }));
    // 10% of 219.00 USD, pending until the hold ends.
    expect(earnings.totals).toEqual([expect.objectContaining({ currency: "USD", pending: 2190 })]);
  });

  it("gives every published product card a referral link", async () => {
    const store = await readJson(await fetch(`${server.url}/api/v1/creators/theo_trails`));
    const guide = await readJson(await fetch(`${server.url}/api/v1/guides/${store.guides.items[0].id}`));
    for (const item of guide.items) expect(item.link.code).toMatch(/^[0-9A-Za-z]{7,10}$/);
  });
});
