/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, signUp, signUpAdmin, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { CHROME } from "../fixtures/commerce";
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

/** A browser context signed in as an existing account (the real login route sets the session cookie). */
async function signedIn(
  account: TestAccount,
  viewport = { width: 1100, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent: CHROME, viewport });
  const response = await context.request.post(`${server.url}/api/v1/auth/login`, {
    data: { email: account.email, password: account.password },
  });
  if (response.status() !== 200) throw new Error(`login answered ${response.status()}`);
  return { context, page: await context.newPage() };
}

describe("moderation in a real browser", () => {
  it("a follower reports a guide, an admin hides it from the queue, and the audit log shows it", async () => {
    const creator = await signUp("creator");
    const guideId = await publishGuide(creator, { title: "Too good to be true sneakers" });
    const follower = await signUp("follower");
    const followed = await fetch(`${server.url}/api/v1/creators/${creator.handle}/follow`, {
      method: "PUT",
      headers: json(follower.auth),
    });
    expect(followed.status).toBe(200);

    // The follower, on a phone, reports the guide from its page.
    const reader = await signedIn(follower, { width: 390, height: 844 });
    await reader.page.goto(`${server.url}/guides/${guideId}`);
    await reader.page.getByTestId("guide").waitFor();
    await reader.page.getByRole("button", { name: "Report this guide" }).click();
    const dialog = reader.page.getByTestId("report-dialog").first();
    await dialog.getByLabel("Counterfeit goods").check();
    await dialog.getByLabel(/Anything an admin should know/).fill("Fake logo on the box");
    await dialog.getByTestId("report-send").click();
    await expect
      .poll(() => dialog.getByRole("status").textContent(), { timeout: 10_000 })
      .toContain("An admin will look at it");

    // Someone who is not an admin is turned away from the console.
    await reader.page.goto(`${server.url}/admin`);
    await reader.page.getByTestId("admin-forbidden").waitFor();

    // The admin hides it from the queue.
    const admin = await signUpAdmin();
    const console_ = await signedIn(admin);
    const page = console_.page;
    await page.goto(`${server.url}/admin`);
    const row = page.getByTestId("queue-row").filter({ hasText: "Too good to be true sneakers" });
    await row.waitFor();
    expect(await row.textContent()).toContain("counterfeit");
    page.once("dialog", (prompt) => void prompt.accept("Counterfeit goods, confirmed"));
    await row.getByTestId("queue-hide").click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);

    // The public no longer sees it; the audit log shows who hid it and why.
    const anonymous = await fetch(`${server.url}/api/v1/guides/${guideId}`);
    expect(anonymous.status).toBe(404);
    await page.getByRole("link", { name: "Audit log" }).click();
    const entry = page.getByTestId("audit-row").filter({ hasText: guideId });
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain("guide hidden");
    expect(text).toContain(`@${admin.handle}`);
    expect(text).toContain("Counterfeit goods, confirmed");
    expect(await page.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(
      "/api/v1/admin/audit/export",
    );

    // On a phone the audit table is stacked rows, nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // The author still sees the guide, marked hidden.
    const author = await signedIn(creator);
    await author.page.goto(`${server.url}/guides/${guideId}`);
    await author.page.getByTestId("hidden-notice").waitFor();

    await Promise.all([reader.context.close(), console_.context.close(), author.context.close()]);
  });
});
