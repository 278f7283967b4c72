/// <reference lib="dom" />
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, signUpAdmin, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { CHROME } from "../fixtures/commerce";
import { publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };
const PHONE = { width: 360, height: 740 };

let server: TestServer;
let browser: Browser;
let admin: TestAccount;
let creator: TestAccount;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await signUpAdmin();
  creator = await signUp("creator");
  await publishGuide(creator, { title: "Soon to be suspended" });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("admin accounts page", () => {
  it("an admin suspends a creator by handle, with a reason; the creator's storefront then shows not found", async () => {
    const context = await browser.newContext({ userAgent: CHROME, viewport: PHONE });
    await context.addCookies([{ name: "sg_session", value: admin.token, url: server.url }]);
    const page = await context.newPage();

    await page.goto(`${server.url}/@${creator.handle}`);
    await expect.poll(() => page.getByTestId("profile").count(), POLL).toBe(1);

    await page.goto(`${server.url}/admin/accounts`);
    await page.getByLabel("Handle").fill(`@${creator.handle}`);
    await page.getByRole("button", { name: "Look up" }).click();
    await expect.poll(() => page.getByTestId("admin-account").textContent(), POLL).toContain("active");
    await page.getByLabel("Reason (kept in the audit log)").fill("Selling counterfeits");
    await page.getByRole("button", { name: "Suspend account" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), POLL).toContain("is suspended");
    await expect.poll(() => page.getByRole("button", { name: "Restore account" }).count(), POLL).toBe(1);
    // Nothing overflows a 360 px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.goto(`${server.url}/@${creator.handle}`);
    await expect.poll(() => page.getByRole("heading", { name: "No such creator" }).count(), POLL).toBe(1);
    await context.close();
  });
});
