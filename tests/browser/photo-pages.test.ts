/// <reference lib="dom" />
import { Clock } from "@shopguide/core/util/clock";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { contextAs, launchBrowser, pagesWiderThanWindow } from "../fixtures/browser";
import { call, createBrand, ok } from "../fixtures/commerce";
import { publishGuide } from "../fixtures/guides";
import { jpeg, readyImage } from "../fixtures/images";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 20_000 };
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

let server: TestServer;
let browser: Browser;
let creator: TestAccount;
let follower: TestAccount;
let guideId: string;
let groupbuyId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  creator = await signUp("creator");
  follower = await signUp("follower");
  const brand = await createBrand();
  const groupbuyPicture = await readyImage(brand.owner, "groupbuy");
  const groupbuy = await ok(
    await call("POST", "/api/v1/campaigns", brand.owner, {
      brandId: brand.id,
      type: "groupbuy",
      name: "Kettle together",
      product: { title: "Pour-over kettle", url: `https://${brand.domain}/products/kettle` },
      imageId: groupbuyPicture,
      imageAlt: "A copper kettle",
      basePrice: { amount: 10_000, currency: "USD" },
      tiers: [{ participants: 2, price: { amount: 9_000, currency: "USD" } }],
      minParticipants: 2,
      capacity: 100,
      deadline: new Date(Clock.nowMs() + 86_400_000).toISOString(),
      rule: { kind: "percent", bps: 1000 },
    }),
    201,
  );
  groupbuyId = groupbuy.id;
  await ok(await call("POST", `/api/v1/groupbuys/${groupbuyId}/join`, follower, { quantity: 1 }), 201);
  const skilletPhoto = await readyImage(creator, "product_card");
  const knifePhoto = await readyImage(creator, "product_card");
  guideId = await publishGuide(creator, {
    title: "A kitchen that works",
    items: [
      {
        title: "Cast iron skillet",
        url: "https://shop.example/skillet",
        price: { amount: 3450, currency: "USD" },
        merchant: "Iron Works",
        imageId: skilletPhoto,
        imageAlt: "A black skillet",
        groupbuyId,
      },
      {
        title: "Chef knife with a very long name that must wrap on a narrow phone screen",
        url: "https://shop.example/knife",
        price: { amount: 8900, currency: "USD" },
        imageId: knifePhoto,
      },
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const contextOf = (account: TestAccount | undefined, viewport: typeof PHONE) =>
  contextAs(browser, server.url, account, viewport);

/** A picture element has loaded real bytes from /media. */
async function loadedFromMedia(page: Page, selector: string) {
  const image = page.locator(selector).first();
  await image.waitFor({ state: "attached", ...POLL });
  expect(await image.getAttribute("src")).toMatch(/^\/media\/img_/);
  expect(await image.getAttribute("srcset")).toMatch(/w320\.webp 320w/);
  expect(await image.getAttribute("width")).toMatch(/^\d+$/);
  await image.scrollIntoViewIfNeeded();
  await expect
    .poll(
      () =>
        image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth),
      POLL,
    )
    .toBeGreaterThan(0);
}

describe("photos on the pages people look at", () => {
  it.each([
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const)(
    "a creator uploads an avatar on the account page; it shows in the header and on the storefront (%s)",
    async (_name, viewport) => {
      const author = await signUp("creator");
      const context = await contextOf(author, viewport);
      const page = await context.newPage();
      await page.goto(`${server.url}/account`);
      await page.setInputFiles("#avatar-file", {
        name: "me.jpg",
        mimeType: "image/jpeg",
        buffer: await jpeg(600, 600, { gps: true }),
      });
      await page.getByTestId("avatar-upload-preview").waitFor(POLL);
      await page.getByText("Picture saved").waitFor(POLL);
      // The header: behind the Menu button on a phone, in the bar on a desktop.
      if (viewport === PHONE) await page.getByRole("button", { name: "Menu" }).click();
      await loadedFromMedia(page, "[data-testid=header-avatar]");

      // A fresh load reads it from the session, not from the page that uploaded it.
      await page.goto(`${server.url}/@${author.handle}`);
      await loadedFromMedia(page, "[data-testid=profile] img.avatar");
      if (viewport === PHONE) await page.getByRole("button", { name: "Menu" }).click();
      await loadedFromMedia(page, "[data-testid=header-avatar]");
      await context.close();
    },
  );

  it.each([
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const)(
    "the storefront shows a shoppable grid of the guides' products with photos (%s)",
    async (_name, viewport) => {
      const context = await contextOf(undefined, viewport);
      const page = await context.newPage();
      await page.goto(`${server.url}/@${creator.handle}`);
      const grid = page.getByTestId("shop-grid");
      await grid.waitFor(POLL);
      const tiles = grid.getByTestId("product-tile");
      await expect.poll(() => tiles.count(), POLL).toBe(2);
      const skillet = tiles.filter({ hasText: "Cast iron skillet" });
      expect(await skillet.textContent()).toContain("$34.50");
      expect(await skillet.textContent()).toContain("Iron Works");
      await loadedFromMedia(page, "[data-testid=shop-grid] [data-testid=product-tile] img");
      // Buy goes through the card's referral link on this origin.
      const buy = skillet.getByRole("link", { name: /Buy Cast iron skillet/ });
      expect(await buy.getAttribute("href")).toMatch(/^\/r\/[\w-]+$/);
      // Two columns on a phone, four on a desktop: how many tiles fit across the grid.
      const columns = await grid.evaluate((element) => {
        const tile = element.querySelector("li");
        return tile ? Math.round(element.clientWidth / tile.getBoundingClientRect().width) : 0;
      });
      expect(columns).toBe(viewport === PHONE ? 2 : 4);
      await context.close();
    },
  );

  it("the guide page shows its cards as a product grid, the group-buy card photo first", async () => {
    const context = await contextOf(undefined, PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/guides/${guideId}`);
    const cards = page.getByTestId("product-card");
    await expect.poll(() => cards.count(), POLL).toBe(2);
    await loadedFromMedia(page, "[data-testid=product-card] img.picture");
    const groupbuyCard = page.getByTestId("groupbuy-card");
    await groupbuyCard.waitFor(POLL);
    await loadedFromMedia(page, "[data-testid=groupbuy-card] img.picture");
    await context.close();
  });

  it("My group-buys is photo first", async () => {
    const context = await contextOf(follower, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/groupbuys`);
    await loadedFromMedia(page, `[data-testid=my-groupbuy-${groupbuyId}] img.picture`);
    await context.close();
  });

  it("nothing scrolls sideways at 360 px on the pages with photos and upload forms", async () => {
    const brand = await createBrand();
    const walks: [TestAccount | undefined, string[]][] = [
      [undefined, [`/@${creator.handle}`, `/guides/${guideId}`, `/groupbuys/${groupbuyId}`]],
      [follower, ["/account", "/groupbuys"]],
      [creator, ["/account", "/studio/new", `/studio/guides/${guideId}`]],
      [
        brand.owner,
        [
          `/brand/${brand.id}?tab=products`,
          `/brand/${brand.id}?tab=groupbuys`,
          `/brand/${brand.id}?tab=settings`,
        ],
      ],
    ];
    const wide = await pagesWiderThanWindow(browser, server.url, walks, PHONE);
    expect(wide).toEqual([]);
  });
});
