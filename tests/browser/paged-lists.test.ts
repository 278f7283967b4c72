import { Link } from "@shopguide/core/link";
import { Clock } from "@shopguide/core/util/clock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { CHROME, call, createBrand, createCampaign, ok } from "../fixtures/commerce";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };
/** What one page of a brand's group-buys (AP98) and of its catalogue (AP47) holds. */
const GROUPBUY_PAGE = 50;
const PRODUCT_PAGE = 100;
/** What one page of the running campaigns (AP52) holds. */
const CAMPAIGN_PAGE = 50;

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

describe("brand console lists past their first page", () => {
  it("the group-buys list shows more on demand and keeps it live; the product picker does too", async () => {
    const brand = await createBrand();
    const ids: string[] = [];
    for (let index = 1; index <= GROUPBUY_PAGE + 1; index++) {
      const created = await ok(
        await call("POST", "/api/v1/campaigns", brand.owner, {
          brandId: brand.id,
          type: "groupbuy",
          name: `Group-buy ${String(index).padStart(2, "0")}`,
          product: { title: "Pour-over kettle", url: `https://${brand.domain}/products/kettle` },
          basePrice: { amount: 10_000, currency: "USD" },
          tiers: [{ participants: 2, price: { amount: 9_000, currency: "USD" } }],
          minParticipants: 2,
          capacity: 100,
          deadline: new Date(Clock.nowMs() + 86_400_000).toISOString(),
          rule: { kind: "percent", bps: 1000 },
        }),
        201,
      );
      ids.push(created.id);
    }
    const rows = Array.from(
      { length: PRODUCT_PAGE + 1 },
      (_, index) => `SKU-${index + 1},Kettle ${index + 1},20.00`,
    );
    await ok(
      await call("POST", `/api/v1/brands/${brand.id}/products/import`, brand.owner, {
        csv: ["sku,name,price", ...rows].join("\n"),
      }),
      200,
    );

    const context = await browser.newContext({ userAgent: CHROME });
    await context.addCookies([{ name: "sg_session", value: brand.owner.token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/brand/${brand.id}?tab=groupbuys`);

    // Newest first: the first page stops short of the oldest, which "Show more" brings in.
    const panels = page.getByTestId("brand-groupbuy");
    await expect.poll(() => panels.count(), POLL).toBe(GROUPBUY_PAGE);
    const oldest = panels.filter({ hasText: "Group-buy 01" });
    expect(await oldest.count()).toBe(0);
    await page.getByRole("button", { name: `Show more group-buys (${GROUPBUY_PAGE} shown)` }).click();
    await oldest.waitFor(POLL);
    expect(await panels.count()).toBe(GROUPBUY_PAGE + 1);
    expect(await page.getByRole("button", { name: /^Show more group-buys/ }).count()).toBe(0);

    // The live poll reads what is shown again, the second page too: a join there shows, nothing drops.
    const follower = await signUp("follower");
    await ok(await call("POST", `/api/v1/groupbuys/${ids[0]}/join`, follower, { quantity: 1 }), 201);
    await expect.poll(() => oldest.textContent(), POLL).toContain("1 joined");
    expect(await panels.count()).toBe(GROUPBUY_PAGE + 1);

    // The new group-buy form's product picker: one page of the catalogue, then the rest on demand.
    const options = page.getByLabel("From the catalogue").locator("option");
    await expect.poll(() => options.count(), POLL).toBe(1 + PRODUCT_PAGE);
    await page.getByRole("button", { name: `Show more products (${PRODUCT_PAGE} shown)` }).click();
    await expect.poll(() => options.count(), POLL).toBe(1 + PRODUCT_PAGE + 1);
    expect(await page.getByRole("button", { name: /^Show more products/ }).count()).toBe(0);
    await context.close();
  });

  it("the campaigns marketplace, and the brand's own campaigns tab, show more than their first page", async () => {
    const brand = await createBrand();
    for (let index = 1; index <= CAMPAIGN_PAGE + 1; index++)
      await createCampaign(brand, { name: `Campaign ${String(index).padStart(2, "0")}` });
    const creator = await signUp("creator");
    const context = await browser.newContext({ userAgent: CHROME });
    await context.addCookies([{ name: "sg_session", value: creator.token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/campaigns`);
    const campaigns = page.getByTestId("campaign");
    await expect.poll(() => campaigns.count(), POLL).toBe(CAMPAIGN_PAGE);
    const oldest = campaigns.filter({ hasText: "Campaign 01" });
    expect(await oldest.count()).toBe(0);
    await page.getByRole("button", { name: `Show more campaigns (${CAMPAIGN_PAGE} shown)` }).click();
    await oldest.waitFor(POLL);
    await context.close();

    // The brand's own campaigns tab pages them the same way (AP51).
    const console = await browser.newContext({ userAgent: CHROME });
    await console.addCookies([{ name: "sg_session", value: brand.owner.token, url: server.url }]);
    const tab = await console.newPage();
    await tab.goto(`${server.url}/brand/${brand.id}?tab=campaigns`);
    const own = tab.getByTestId("brand-campaign");
    await expect.poll(() => own.count(), POLL).toBe(CAMPAIGN_PAGE);
    await tab.getByTestId("brand-campaigns-more").click();
    await expect.poll(() => own.count(), POLL).toBe(CAMPAIGN_PAGE + 1);
    await own.filter({ hasText: "Campaign 01" }).waitFor(POLL);
    await console.close();
  });

  it("the creator's links show more on demand, and disabling one on the second page keeps both pages", async () => {
    const creator = await signUp("creator");
    for (let index = 1; index <= Link.LINKS_PAGE + 1; index++)
      await Link.ensure({ creatorId: creator.id, url: `https://shop.example/link-${index}` });
    const context = await browser.newContext({ userAgent: CHROME });
    await context.addCookies([{ name: "sg_session", value: creator.token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/studio/links`);
    const rows = page.getByTestId("links-table").locator("tbody tr");
    await expect.poll(() => rows.count(), POLL).toBe(Link.LINKS_PAGE);
    // Newest first: the first link made is the one on the second page.
    const oldest = rows.filter({ has: page.locator("td.destination", { hasText: /\/link-1$/ }) });
    expect(await oldest.count()).toBe(0);
    await page.getByTestId("links-more").click();
    await expect.poll(() => rows.count(), POLL).toBe(Link.LINKS_PAGE + 1);
    expect(await page.getByTestId("links-more").count()).toBe(0);
    await oldest.getByRole("button", { name: /^Disable/ }).click();
    await oldest.getByRole("button", { name: /^Enable/ }).waitFor(POLL);
    expect(await rows.count()).toBe(Link.LINKS_PAGE + 1);
    await context.close();
  });
});
