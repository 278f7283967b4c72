/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { CHROME } from "../fixtures/commerce";
import { publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };
const PHONE = { width: 360, height: 740 };

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

async function signedIn(account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent: CHROME, viewport: PHONE });
  await context.addCookies([{ name: "sg_session", value: account.token, url: server.url }]);
  return { context, page: await context.newPage() };
}

describe("account settings in the browser (360 px)", () => {
  it("changes the display name and handle; the old storefront URL lands on the new one", async () => {
    const creator = await signUp("creator");
    await publishGuide(creator, { title: "Desk lamps that last" });
    const { context, page } = await signedIn(creator);
    await page.goto(`${server.url}/settings`);
    const profile = page.getByRole("form", { name: "Profile" });

    // A reserved handle is refused with the API's message under the field.
    await profile.getByLabel("Handle").fill("settings");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => profile.getByText(/reserved/).count(), POLL).toBeGreaterThan(0);

    const renamed = `n_${creator.handle}`.slice(0, 30);
    await profile.getByLabel("Display name").fill("Lamp Person");
    await profile.getByLabel("Handle").fill(renamed);
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => profile.getByText(/old handle lead here/).count(), POLL).toBe(1);

    await page.goto(`${server.url}/@${creator.handle}`);
    await page.waitForURL(new RegExp(`/@${renamed}$`), POLL);
    await expect
      .poll(() => page.getByRole("heading", { level: 1, name: /Lamp Person/ }).count(), POLL)
      .toBe(1);
    await expect.poll(() => page.getByText("Desk lamps that last").count(), POLL).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });

  it("changes the password, then logs in with the new one", async () => {
    const follower = await signUp("follower");
    const { context, page } = await signedIn(follower);
    await page.goto(`${server.url}/settings`);
    const form = page.getByRole("form", { name: "Password" });

    await form.getByLabel("Current password").fill("not my password");
    await form.getByLabel("New password").fill("a fresh settings passphrase");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => form.getByText("This is not your current password").count(), POLL).toBe(1);

    await form.getByLabel("Current password").fill(follower.password);
    await form.getByLabel("New password").fill("a fresh settings passphrase");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => form.getByText(/Password changed/).count(), POLL).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in" }).first().click();
    await page.getByLabel("Email", { exact: true }).fill(follower.email);
    await page.getByLabel("Password", { exact: true }).fill(follower.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByText("Email or password is wrong").count(), POLL).toBe(1);
    await page.getByLabel("Password", { exact: true }).fill("a fresh settings passphrase");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/account$/, POLL);
    await context.close();
  });
});
