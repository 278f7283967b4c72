import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { CHROME } from "../fixtures/commerce";
import { publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;
let browser: Browser;
let hiker: TestAccount;
let hikerGuide: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  hiker = await signUp("creator");
  hikerGuide = await publishGuide(hiker, { title: "A rain shell that packs small", tags: ["hiking"] });
  await server.drainStream();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a way in for new followers", () => {
  it("a new follower signs up, picks interests, follows a suggested creator and sees their guide", async () => {
    const page = await browser.newPage({ userAgent: CHROME });
    await page.goto(`${server.url}/signup`);
    await page.getByLabel("Email", { exact: true }).fill("new.follower@example.test");
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByLabel("Handle", { exact: true }).fill("new_follower");
    await page.getByLabel("Display name", { exact: true }).fill("New Follower");
    await page.getByLabel(/Follower/).check();
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(/\/welcome$/);

    await page.getByTestId("interest-outdoors").click();
    await expect.poll(() => page.getByTestId("interest-outdoors").getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "Next: creators to follow" }).click();
    const card = page.locator(`[data-testid="creator-card"][data-handle="${hiker.handle}"]`);
    await card.getByRole("button", { name: "Follow" }).click();
    await expect.poll(() => card.getByTestId("follow-button").textContent()).toBe("Following");
    await server.drainStream(); // the follow backfills the creator's guides into the new feed

    await page.getByRole("link", { name: "Go to my feed" }).click();
    await page.locator(`[data-testid="guide-card"][data-guide-id="${hikerGuide}"]`).waitFor();
    await page.close();
  });

  it("an empty Following feed suggests creators; categories and the directory lead to them", async () => {
    const context = await browser.newContext({ userAgent: CHROME });
    const signup = await context.request.post(`${server.url}/api/v1/auth/signup`, {
      data: {
        email: "empty.feed@example.test",
        password: "a long enough password",
        handle: "empty_feed",
        displayName: "Empty Feed",
        role: "follower",
      },
    });
    expect(signup.status()).toBe(201);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page
      .getByTestId("feed-suggestions")
      .locator(`[data-testid="creator-card"][data-handle="${hiker.handle}"]`)
      .waitFor();

    // The trending job has not run in this file: the month's newest guides answer, never "nothing".
    await page.getByRole("tab", { name: "Trending" }).click();
    await page.locator(`[data-testid="guide-card"][data-guide-id="${hikerGuide}"]`).waitFor();

    await page.getByRole("link", { name: "Categories" }).first().click();
    await page.getByRole("link", { name: "Outdoors" }).click();
    await page.waitForURL(/\/categories\/outdoors$/);
    await page.locator(`[data-testid="guide-card"][data-guide-id="${hikerGuide}"]`).waitFor();

    await page.getByRole("link", { name: "Creators", exact: true }).first().click();
    await page.getByRole("tab", { name: "Recently active" }).click();
    await page.locator(`[data-testid="creator-card"][data-handle="${hiker.handle}"]`).waitFor();
    await context.close();
  });
});
