import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seed } from "../../packages/functions/src/local/seed";
import { readJson } from "../fixtures/accounts";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  await seed();
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

  it("shows verified storefronts with bios and guides", async () => {
    const store = await readJson(await fetch(`${server.url}/api/v1/creators/maya_cooks`));
    expect(store.profile).toMatchObject({ verified: true, followerCount: 2 });
    expect(store.profile.bio).toMatch(/cook/);
    expect(store.guides.items).toHaveLength(3);
  });
});
