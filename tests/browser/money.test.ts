import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signedInContext } from "../fixtures/browser";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };

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

/** A brand account in a browser speaking `locale`, with a brand in `currency` made through the console. */
async function brandIn(
  currency: string,
  locale: string,
): Promise<{ context: BrowserContext; page: Page; brandId: string }> {
  const handle = `brand_${currency.toLowerCase()}_${Date.now().toString(36)}`;
  const { context, page } = await signedInContext(browser, server.url, "brand", handle, { locale });
  await page.goto(`${server.url}/brand`);
  await page.getByLabel("Brand name").fill(`Brand ${currency}`);
  await page.getByLabel("Store domains").fill(`shop-${currency.toLowerCase()}.example.com`);
  await page.getByLabel("Currency").fill(currency);
  await page.getByRole("button", { name: "Create brand" }).click();
  await page.waitForURL(/\/brand\/brd_/);
  const brandId = new URL(page.url()).pathname.split("/").pop() ?? "";
  return { context, page, brandId };
}

/** Adds a product in the console's Products tab, typing the price as a person would; answers the stored price. */
async function addProduct(brand: { page: Page; context: BrowserContext; brandId: string }, price: string) {
  await brand.page.getByRole("link", { name: "Products" }).click();
  await brand.page.getByLabel("SKU").fill("KETTLE-1");
  await brand.page.getByLabel("Product name").fill("Kettle");
  await brand.page.getByLabel(/^Price/).fill(price);
  await brand.page.getByRole("button", { name: "Add product" }).click();
  await brand.page.getByRole("cell", { name: "KETTLE-1" }).waitFor(POLL);
  const listed = await brand.context.request.get(`${server.url}/api/v1/brands/${brand.brandId}/products`);
  expect(listed.status()).toBe(200);
  const { items } = (await listed.json()) as { items: { price: { amount: number; currency: string } }[] };
  return items[0]?.price;
}

describe("amounts typed in the brand console, per currency and locale", () => {
  it("a HUF brand typing 1 500 stores 150 000 minor units (1500.00), and its flat commission likewise", async () => {
    const brand = await brandIn("HUF", "hu-HU");
    expect(await addProduct(brand, "1 500")).toEqual({ amount: 150_000, currency: "HUF" });
    await expect
      .poll(() => brand.page.getByRole("row", { name: /KETTLE-1/ }).textContent(), POLL)
      .toMatch(/1\s?500,00\sFt/);

    await brand.page.getByRole("link", { name: "Campaigns" }).click();
    await brand.page.getByLabel("Campaign name").fill("Forint flat");
    await brand.page.getByLabel("Flat amount").check();
    await brand.page.getByLabel(/^Flat amount \(HUF\)/).fill("250,50");
    await brand.page.getByLabel(/^Budget cap/).fill("10000");
    await brand.page.getByRole("button", { name: "Create campaign" }).click();
    await brand.page.getByRole("heading", { name: "Forint flat" }).waitFor(POLL);
    const listed = await brand.context.request.get(`${server.url}/api/v1/campaigns?brandId=${brand.brandId}`);
    const { items } = (await listed.json()) as {
      items: { name: string; rule: { amount?: { amount: number } }; budget?: { amount: number } }[];
    };
    expect(items.find((campaign) => campaign.name === "Forint flat")).toMatchObject({
      rule: { amount: { amount: 25_050 } },
      budget: { amount: 1_000_000 },
    });
    await brand.context.close();
  });

  it.each([
    ["JPY", "en-US", "1,500", 1_500],
    ["KWD", "en-US", "1.250", 1_250],
    ["EUR", "de-DE", "1.500,50", 150_050],
  ])("a %s brand (%s) typing %s stores %i minor units", async (currency, locale, typed, amount) => {
    const brand = await brandIn(currency, locale);
    expect(await addProduct(brand, typed)).toEqual({ amount, currency });
    await brand.context.close();
  });
});
