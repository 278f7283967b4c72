import { request } from "node:http";
import { Feed } from "@shopguide/core/feed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJson, signUp } from "../fixtures/accounts";
import { guideInput, publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

const PERSON =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

describe("trending counts human clicks on a guide's links", () => {
  it("ranks the clicked guide first; bots and repeat clicks add nothing", async () => {
    const creator = await signUp("creator");
    const over = { request: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init) };
    const quiet = await publishGuide(creator, { title: "Quiet guide" }, over);
    const clicked = await publishGuide(
      creator,
      { title: "Clicked guide", items: [{ ...guideInput().items[0], url: "https://shop.example/clicked" }] },
      over,
    );
    const { items } = await readJson(await fetch(`${server.url}/api/v1/guides/${clicked}`));
    const code: string = items[0].link.code;

    // Each visitor connects from its own loopback address, so the redirect sees distinct people.
    const click = (from: string, userAgent: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${server.url}/r/${code}`,
          { localAddress: from, headers: { "user-agent": userAgent } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end();
      });
    for (let person = 1; person <= 3; person++) expect(await click(`127.0.2.${person}`, PERSON)).toBe(302);
    expect(await click("127.0.2.1", PERSON)).toBe(302); // the same person again within the hour
    expect(await click("127.0.2.9", "Googlebot/2.1 (+http://www.google.com/bot.html)")).toBe(302);
    await server.drainStream();

    await Feed.rebuildTrending();
    const trending = await readJson(await fetch(`${server.url}/api/v1/feed/trending`));
    expect(trending.items.map((guide: { id: string }) => guide.id)).toEqual([clicked, quiet]);

    const stats = await readJson(
      await fetch(`${server.url}/api/v1/links/${code}/stats`, { headers: creator.auth }),
    );
    expect(stats.totals).toMatchObject({ humanClicks: 3, duplicateClicks: 1, botClicks: 1 });
  });
});
