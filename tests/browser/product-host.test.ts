/// <reference lib="dom" />
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { contextAs, launchBrowser } from "../fixtures/browser";
import { publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 20_000 };
const PHONE = { width: 360, height: 740 };

let server: TestServer;
let browser: Browser;
let creator: TestAccount;
let guideId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  creator = await signUp("creator");
  guideId = await publishGuide(creator, {
    title: "Two phones compared",
    items: [
      // Cyrillic letters that pass for "apple": shown in punycode, never as the look-alike.
      { title: "Look-alike phone", url: "https://аррӏе.com/iphone", merchant: "Apple" },
      { title: "Plain phone", url: "https://shop.example/phone" },
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("product cards say where Buy leads", () => {
  it("shows each card's destination host, a look-alike one in punycode, on the guide page and the storefront", async () => {
    const context = await contextAs(browser, server.url, undefined, PHONE);
    const page = await context.newPage();
    for (const [path, tiles] of [
      [`/guides/${guideId}`, "product-card"],
      [`/@${creator.handle}`, "product-tile"],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      const hosts = page.getByTestId(tiles).getByTestId("product-host");
      await expect.poll(() => hosts.count(), POLL).toBe(2);
      expect((await hosts.allTextContents()).sort()).toEqual(["shop.example", "xn--80ak6aa92e.com"]);
      expect(await page.getByTestId(tiles).first().textContent()).not.toContain("аррӏе");
    }
    await context.close();
  });
});
