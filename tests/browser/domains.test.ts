import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../fixtures/browser";
import { CHROME, call, createBrand, type TestBrand } from "../fixtures/commerce";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };

let server: TestServer;
let browser: Browser;
let brand: TestBrand;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  brand = await createBrand();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("brand domain verification in the browser", () => {
  it("a brand sees the record to add and verifies its domain (dev one-click), on a 360 px screen", async () => {
    const context = await browser.newContext({ userAgent: CHROME, viewport: { width: 360, height: 740 } });
    await context.addCookies([{ name: "sg_session", value: brand.owner.token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/brand/${brand.id}?tab=domains`);

    const row = page.locator(`[data-domain="${brand.domain}"]`);
    await row.getByTestId("domain-state").getByText("Not verified").waitFor(POLL);
    const listed = await (await call("GET", `/api/v1/brands/${brand.id}/domains`, brand.owner)).json();
    const { txt, wellKnown } = listed.items[0];
    // The exact record and file, as the API gives them, each with a copy button.
    await row.getByText(txt.name, { exact: true }).waitFor(POLL);
    // The TXT value and the file's content are the same line.
    expect(await row.getByText(txt.value, { exact: true }).count()).toBe(2);
    expect(wellKnown.content).toBe(txt.value);
    await row.getByText(wellKnown.url, { exact: true }).waitFor(POLL);
    expect(await row.getByRole("button", { name: "Copy" }).count()).toBe(4);
    await row.getByRole("button", { name: "Check now" }).waitFor(POLL);
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await row.getByRole("button", { name: "Verify (dev)" }).click();
    await row.getByTestId("domain-state").getByText("Verified").waitFor(POLL);
    await page.getByText(`${brand.domain} is verified`).waitFor(POLL);
    await row.getByRole("button", { name: "Verify (dev)" }).waitFor({ ...POLL, state: "detached" });
    const after = await (await call("GET", `/api/v1/brands/${brand.id}/domains`, brand.owner)).json();
    expect(after.items[0]).toMatchObject({ state: "verified", method: "dev" });
    await context.close();
  });
});
