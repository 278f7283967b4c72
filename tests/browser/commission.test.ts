import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Clock } from "@shopguide/core/util/clock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpAdmin } from "../fixtures/accounts";
import { launchBrowser, signedInContext } from "../fixtures/browser";
import { CHROME } from "../fixtures/commerce";
import { startServer, type TestServer } from "../fixtures/server";

/** The brand's store: a public-looking host that Chromium resolves to a small local page. */
const STORE_HOST = "shop.brandco.example.test";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };

let server: TestServer;
let store: Server;
let storePort: number;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  store = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end('<!doctype html><title>BrandCo</title><h1 id="product">Wool coat</h1>');
  });
  await new Promise<void>((ready) => store.listen(0, "127.0.0.1", ready));
  storePort = (store.address() as AddressInfo).port;
  browser = await launchBrowser({ args: [`--host-resolver-rules=MAP ${STORE_HOST} 127.0.0.1`] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => store?.close(done));
  await server?.stop();
});

const signedIn = (role: "brand" | "creator", handle: string) =>
  signedInContext(browser, server.url, role, handle);

describe("commission campaign, end to end in the browser", () => {
  it("runs from campaign to click to conversion to approved earning", async () => {
    const domain = STORE_HOST;
    const brand = await signedIn("brand", "brandco");
    const creator = await signedIn("creator", "maya_makes");

    // The brand creates its brand, an API secret and a campaign in the console.
    await brand.page.goto(`${server.url}/brand`);
    await brand.page.getByLabel("Brand name").fill("BrandCo");
    await brand.page.getByLabel("Store domains").fill(domain);
    await brand.page.getByRole("button", { name: "Create brand" }).click();
    await brand.page.waitForURL(/\/brand\/brd_/);
    const brandId = new URL(brand.page.url()).pathname.split("/").pop() ?? "";

    await brand.page.getByRole("link", { name: "Integrations" }).click();
    await brand.page.getByRole("button", { name: "New API secret" }).click();
    const secret = (await brand.page.getByTestId("new-secret").textContent()) ?? "";
    expect(secret).toMatch(/^sgsk_/);
    expect(await brand.page.getByTestId("endpoint-shopify").textContent()).toBe(
      `${server.url}/api/v1/integrations/shopify/${brandId}`,
    );

    await brand.page.getByRole("link", { name: "Campaigns" }).click();
    await brand.page.getByLabel("Campaign name").fill("Autumn edit");
    await brand.page.getByLabel("Commission rate (%)").fill("10");
    await brand.page.getByLabel("Hold (days)").fill("7");
    await brand.page.getByLabel("Enrollment").selectOption("approval");
    await brand.page.getByRole("button", { name: "Create campaign" }).click();
    await brand.page.getByRole("heading", { name: "Autumn edit" }).waitFor();

    // The creator finds it in the marketplace and applies; the brand approves.
    await creator.page.goto(`${server.url}/campaigns`);
    await creator.page.getByLabel("Your coupon code (optional)").fill("MAYA10");
    await creator.page.getByRole("button", { name: "Apply to Autumn edit" }).click();
    await expect
      .poll(() => creator.page.getByTestId("enrollment-status").textContent(), POLL)
      .toMatch(/waiting/);

    await brand.page.reload();
    await brand.page.getByRole("button", { name: "Approve @maya_makes" }).click();
    await expect
      .poll(() => brand.page.getByTestId("enrollment-maya_makes").textContent(), POLL)
      .toMatch(/approved/);

    // The creator makes a referral link; a follower clicks it and lands on the store with sg_click.
    const made = await creator.context.request.post(`${server.url}/api/v1/links`, {
      data: { url: `http://${domain}:${storePort}/products/wool-coat` },
      headers: { origin: server.url },
    });
    expect(made.status()).toBe(201);
    const { code } = (await made.json()) as { code: string };
    const follower = await browser.newContext({ userAgent: CHROME });
    const followerPage = await follower.newPage();
    await followerPage.goto(`${server.url}/r/${code}`);
    await followerPage.locator("#product").waitFor();
    const landed = new URL(followerPage.url());
    expect(landed.hostname).toBe(domain);
    const clickId = landed.searchParams.get("sg_click") ?? "";
    expect(clickId).toMatch(/^clk_/);

    // The store reports the order through door 1, signed.
    const body = JSON.stringify({
      orderId: "ORDER-1001",
      clickId,
      amount: 12_000,
      currency: "USD",
      occurredAt: Clock.now().toISOString(),
    });
    const timestamp = Clock.nowSeconds();
    const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    const posted = await fetch(`${server.url}/api/v1/brands/${brandId}/conversions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "shopguide-signature": `t=${timestamp},v1=${signature}`,
      },
      body,
    });
    expect(posted.status).toBe(201);

    // The creator sees a pending earning with its receipt.
    await creator.page.goto(`${server.url}/earnings`);
    await expect.poll(() => creator.page.getByTestId("total-pending").textContent(), POLL).toBe("$12.00");
    await creator.page.getByRole("link", { name: "Receipt" }).click();
    await expect
      .poll(() => creator.page.getByTestId("receipt-status").textContent(), POLL)
      .toBe("Pending (in hold)");

    // The brand sees the conversion in its table and the receipt explaining it.
    await brand.page.goto(`${server.url}/brand/${brandId}?tab=conversions`);
    await brand.page.getByRole("link", { name: "Receipt for ORDER-1001" }).click();
    await expect
      .poll(() => brand.page.getByTestId("receipt-explanation").textContent(), POLL)
      .toMatch(/referral link was clicked last/);
    expect(await brand.page.getByTestId("receipt-commission").textContent()).toMatch(/\$12\.00/);

    // Past the 7-day hold by the dev clock, the hold-release job approves it.
    const moved = await fetch(`${server.url}/api/dev/clock`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await signUpAdmin()).auth },
      body: JSON.stringify({ advanceSeconds: 8 * 86_400 }),
    });
    expect(moved.status).toBe(200);
    const { jobs } = await import("../../packages/functions/src/schedule");
    await jobs["release-holds"]?.run();
    await creator.page.goto(`${server.url}/earnings`);
    await expect.poll(() => creator.page.getByTestId("total-approved").textContent(), POLL).toBe("$12.00");
    expect(await creator.page.getByTestId("total-pending").textContent()).toBe("$0.00");
    await brand.page.reload();
    await expect.poll(() => brand.page.getByTestId("receipt-status").textContent(), POLL).toBe("Approved");

    // Past one page (50) of conversions, the table shows more on demand and stops at the last one.
    for (let order = 1; order <= 50; order++) {
      const more = JSON.stringify({
        orderId: `ORDER-2${String(order).padStart(3, "0")}`,
        amount: 1_000,
        currency: "USD",
        occurredAt: Clock.now().toISOString(),
      });
      const at = Clock.nowSeconds();
      const signed = createHmac("sha256", secret).update(`${at}.${more}`).digest("hex");
      const answer = await fetch(`${server.url}/api/v1/brands/${brandId}/conversions`, {
        method: "POST",
        headers: { "content-type": "application/json", "shopguide-signature": `t=${at},v1=${signed}` },
        body: more,
      });
      expect(answer.status).toBe(201);
    }
    await brand.page.goto(`${server.url}/brand/${brandId}?tab=conversions`);
    const rows = brand.page.getByTestId("conversions").locator("tbody tr");
    await expect.poll(() => rows.count(), POLL).toBe(50);
    await brand.page.getByRole("button", { name: /Show more conversions \(50 shown\)/ }).click();
    await expect.poll(() => rows.count(), POLL).toBe(51);
    expect(await brand.page.getByRole("button", { name: /Show more conversions/ }).count()).toBe(0);
    await follower.close();
  });
});
