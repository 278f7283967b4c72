import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { startServer, type TestServer } from "../fixtures/server";

/** A person's phone browser (headless Chromium announces itself as HeadlessChrome, which is a bot). */
const PHONE =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
/** The merchant's public-looking host; Chromium resolves it to the local destination server. */
const MERCHANT_HOST = "shop.example.test";

let server: TestServer;
let merchant: Server;
let merchantPort: number;
let browser: Browser;
let creator: TestAccount;

beforeAll(async () => {
  server = await startServer();
  merchant = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(
      `<!doctype html><title>Merchant</title><h1 id="product">Cast-iron pan</h1><p>${request.url}</p>`,
    );
  });
  await new Promise<void>((ready) => merchant.listen(0, "127.0.0.1", ready));
  merchantPort = (merchant.address() as AddressInfo).port;
  browser = await launchBrowser({ args: [`--host-resolver-rules=MAP ${MERCHANT_HOST} 127.0.0.1`] });
  creator = await signUp("creator");
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => merchant?.close(done));
  await server?.stop();
});

/**
 * A visitor opening a short link: today the link a creator shares; once guides land, the Buy button on a
 * guide's product card (which points at the same /r/{code}). Answers the URL the visitor lands on.
 */
async function visitAsFollower(shortPath: string): Promise<string> {
  const context = await browser.newContext({ userAgent: PHONE });
  const page = await context.newPage();
  await page.goto(`${server.url}${shortPath}`);
  await page.locator("#product").waitFor();
  const landed = page.url();
  await context.close();
  return landed;
}

describe("referral links in the creator studio", () => {
  it("a creator makes a link, a visitor lands on the merchant with sg_click, the creator sees the click", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies([{ name: "sg_session", value: creator.token, url: server.url }]);
    const page = await context.newPage();

    await page.goto(`${server.url}/studio/links`);
    const destination = `http://${MERCHANT_HOST}:${merchantPort}/pans/cast-iron?color=black#details`;
    await page.getByLabel("Product URL").fill(destination);
    await page.getByRole("button", { name: "Make short link" }).click();
    const shortUrl = (await page.getByTestId("short-url").textContent()) ?? "";
    expect(shortUrl).toMatch(/\/r\/[0-9A-Za-z]{7,10}$/);
    await expect(page.getByRole("img", { name: /QR code/ }).count()).resolves.toBe(1);
    const code = shortUrl.split("/r/")[1] ?? "";
    await page.getByTestId("links-table").getByText(`/r/${code}`).waitFor();

    const landed = await visitAsFollower(`/r/${code}`);
    expect(landed).toMatch(
      new RegExp(
        `^http://${MERCHANT_HOST}:${merchantPort}/pans/cast-iron\\?color=black&sg_click=clk_[0-9A-Z]{26}#details$`,
      ),
    );

    await server.drainStream();
    await page.goto(`${server.url}/studio/analytics?link=${code}`);
    await expect(page.getByTestId("total-human").textContent()).resolves.toBe("1");
    await expect(page.getByTestId("total-bot").textContent()).resolves.toBe("0");
    await page.getByTestId("breakdown-device").getByText("mobile").waitFor();
    await page.locator(".chart canvas").waitFor();

    await page.goto(`${server.url}/studio/links`);
    await expect(
      page.locator(`tr[data-code="${code}"] [data-testid="human-clicks"]`).textContent(),
    ).resolves.toBe("1");

    await page.getByRole("button", { name: `Disable /r/${code}` }).click();
    await page.getByRole("button", { name: `Enable /r/${code}` }).waitFor();
    const afterDisable = await fetch(`${server.url}/r/${code}`, { redirect: "manual" });
    expect(afterDisable.status).toBe(404);
    await context.close();
  });
});
