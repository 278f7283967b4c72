import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../fixtures/browser";
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

async function fill(page: Page, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields))
    await page.getByLabel(label, { exact: true }).fill(value);
}

describe("accounts in the browser", () => {
  it("signs up, logs out and logs back in through the UI", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Sign up" }).first().click();

    // A too-short password is refused with the API's own field message.
    await fill(page, {
      Email: "browser.user@example.test",
      Password: "short",
      Handle: "browser_user",
      "Display name": "Browser User",
    });
    await page.getByLabel(/Creator/).check();
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.getByText("Use at least 10 characters").count()).toBe(1);

    // A long but guessable one is refused with the estimator's reason, under the field.
    await page.getByLabel("Password", { exact: true }).fill("aaaaaaaaaaaa");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.getByText(/too easy to guess/).count()).toBeGreaterThan(0);

    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.getByTestId("account-handle").textContent()).toBe("@browser_user");

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in" }).first().waitFor();
    expect(await page.evaluate(() => fetch("/api/v1/me").then((response) => response.status))).toBe(401);

    await page.getByRole("link", { name: "Log in" }).first().click();
    await fill(page, { Email: "browser.user@example.test", Password: "wrong password!" });
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByText("Email or password is wrong").count()).toBe(1);

    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/account$/);
    await expect
      .poll(() => page.getByTestId("account-email").textContent())
      .toBe("browser.user@example.test");
    await page.close();
  });

  it("shows a not-found page for unknown paths", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/no/such/page`);
    await expect.poll(() => page.getByRole("heading", { name: "Page not found" }).count()).toBe(1);
    await page.close();
  });
});
