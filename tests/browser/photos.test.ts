/// <reference lib="dom" />
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signedInContext } from "../fixtures/browser";
import { jpeg } from "../fixtures/images";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;
let browser: Browser;
let merchant: Server;
let shop: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const picture = await jpeg(800, 800);
  // A merchant's product page on 127.0.0.1 (the one host the tests allow the outbound guard to reach).
  merchant = createServer((request, response) => {
    if (request.url === "/skillet.jpg")
      return response.writeHead(200, { "content-type": "image/jpeg" }).end(picture);
    response.writeHead(200, { "content-type": "text/html" }).end(`<html><head>
      <meta property="og:title" content="Cast iron skillet">
      <meta property="og:image" content="/skillet.jpg">
      <meta property="og:site_name" content="Iron Works">
      <meta property="product:price:amount" content="34.50">
      <meta property="product:price:currency" content="USD"></head></html>`);
  });
  await new Promise<void>((ready) => merchant.listen(0, "127.0.0.1", ready));
  shop = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((done) => merchant?.close(done));
});

describe("photos", () => {
  it("a creator uploads a cover and imports a product, publishes, and a follower sees the photo in the feed", async () => {
    const handle = `cook_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
    const { context, page } = await signedInContext(browser, server.url, "creator", handle);
    await page.goto(`${server.url}/studio/new`);
    await page.fill("#title", "A skillet for life");
    await page.setInputFiles("#cover-file", {
      name: "cover.jpg",
      mimeType: "image/jpeg",
      buffer: await jpeg(1600, 900, { gps: true }),
    });
    await page.getByTestId("cover-preview").waitFor({ timeout: 20_000 });
    await page.fill("#cover-alt", "A skillet on a wooden table");

    await page.fill("#card-0-importUrl", `${shop}/product`);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => page.inputValue("#card-0-title"), { timeout: 20_000 }).toBe("Cast iron skillet");
    expect(await page.inputValue("#card-0-price")).toBe("34.50");
    expect(await page.inputValue("#card-0-merchant")).toBe("Iron Works");
    // Buy links must lead to a public shop; the import filled the local page's address.
    await page.fill("#card-0-url", "https://shop.example/skillet");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.waitForURL(/\/guides\/gde_/);

    const reader = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const signup = await reader.request.post(`${server.url}/api/v1/auth/signup`, {
      data: {
        email: `reader_${handle}@example.test`,
        password: "a long enough password",
        handle: `r${handle}`.slice(0, 30),
        displayName: "Reader",
        role: "follower",
      },
    });
    const { token } = (await signup.json()) as { token: string };
    // The follow itself over the API with the reader's token (the browser journey is covered in guides.test.ts).
    const follow = await fetch(`${server.url}/api/v1/creators/${handle}/follow`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(follow.status).toBe(200);
    await server.drainStream();

    const feed = await reader.newPage();
    await feed.goto(`${server.url}/`);
    const cover = feed
      .getByTestId("guide-card")
      .filter({ hasText: "A skillet for life" })
      .getByTestId("guide-cover");
    await cover.waitFor({ timeout: 10_000 });
    expect(await cover.getAttribute("alt")).toBe("A skillet on a wooden table");
    expect(await cover.getAttribute("src")).toMatch(/^\/media\/img_/);
    await expect
      .poll(() =>
        cover.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await context.close();
    await reader.close();
  });
});
