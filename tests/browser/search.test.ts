/// <reference lib="dom" />
import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A made-up word no other test uses (letters only, so it is one search term). */
const word = () => `zq${[...randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join("")}`;

describe("search from the header", () => {
  it("suggests a guide as a prefix is typed, and Enter lists it on the results page, at 360 px", async () => {
    const creator = await signUp("creator");
    const title = `${word()}`;
    const guideId = await publishGuide(creator, { title: `Crème ${title} skillet`, tags: ["cookware"] });
    // Indexing runs from the table stream, as it would in Lambda.
    await server.drainStream();

    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const box = page.getByRole("combobox", { name: "Search" });
    await box.click();
    await box.pressSequentially(`creme ${title.slice(0, 5)}`, { delay: 20 });
    const suggestion = page.getByRole("option", { name: new RegExp(`Crème ${title} skillet`) });
    await suggestion.waitFor({ timeout: 5000 });
    expect(await box.getAttribute("aria-expanded")).toBe("true");

    await box.press("Enter");
    await page.waitForURL(/\/search\?q=/);
    const results = page.getByTestId("search-results");
    const link = results.getByRole("link", { name: `Crème ${title} skillet` });
    await link.waitFor({ timeout: 5000 });
    expect(await link.getAttribute("href")).toBe(`/guides/${guideId}`);
    // The Creators tab has nothing for it; the Guides tab lists it again.
    await page.getByRole("tab", { name: "Creators" }).click();
    await page.getByText("Nothing matches").waitFor({ timeout: 5000 });
    await page.getByRole("tab", { name: "Guides" }).click();
    await link.waitFor({ timeout: 5000 });
    // Nothing scrolls sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Arrow keys pick a suggestion; Enter opens it.
    await page.goto(`${server.url}/`);
    await box.click();
    await box.pressSequentially(title.slice(0, 6), { delay: 20 });
    await suggestion.waitFor({ timeout: 5000 });
    await box.press("ArrowDown");
    expect(await box.getAttribute("aria-activedescendant")).toBe("search-suggestion-0");
    await box.press("Enter");
    await page.waitForURL(`${server.url}/guides/${guideId}`);
    await context.close();
  });
});
