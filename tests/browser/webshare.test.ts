/// <reference lib="dom" />
import { Clock } from "@shopguide/core/util/clock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { contextAs, launchBrowser, pagesWiderThanWindow } from "../fixtures/browser";
import { call, createBrand, ok, type TestBrand } from "../fixtures/commerce";
import { publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

let server: TestServer;
let browser: Browser;
let creator: TestAccount;
let follower: TestAccount;
let brand: TestBrand;
let guideId: string;
let groupbuyId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  creator = await signUp("creator");
  follower = await signUp("follower");
  brand = await createBrand();
  guideId = await publishGuide(creator, {
    title: "Rainy city break kit",
    coverImageUrl: "https://img.example/rain-cover.jpg",
  });
  const groupbuy = await ok(
    await call("POST", "/api/v1/campaigns", brand.owner, {
      brandId: brand.id,
      type: "groupbuy",
      name: "Kettle together",
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
  groupbuyId = groupbuy.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const contextOf = (account: TestAccount | undefined, viewport: typeof PHONE) =>
  contextAs(browser, server.url, account, viewport);

describe("sharing: the server-rendered head", () => {
  it("answers a shared guide URL with its title, description and og:image in the raw HTML (no script run)", async () => {
    const response = await fetch(`${server.url}/guides/${guideId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<title>Rainy city break kit · by [^<]+ · shopguide<\/title>/);
    expect(html).toContain('<meta property="og:title" content="Rainy city break kit · by ');
    expect(html).toContain('<meta property="og:image" content="https://img.example/rain-cover.jpg" />');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image" />');
    expect(html).toMatch(new RegExp(`<meta property="og:url" content="http://[^"]+/guides/${guideId}" />`));
    expect(html).toMatch(/<meta name="description" content="After ten years of cooking at home/);
  });

  it("answers a group-buy URL with its head and keeps the referring creator in og:url", async () => {
    const html = await (await fetch(`${server.url}/groupbuys/${groupbuyId}?ref=${creator.handle}`)).text();
    expect(html).toContain("<title>Kettle together · group-buy from ");
    expect(html).toContain(`/groupbuys/${groupbuyId}?ref=${creator.handle}" />`);
  });

  it("answers an unknown handle with a 404 and a not-found page, in the raw HTML and in the browser", async () => {
    const raw = await fetch(`${server.url}/@nobody_here_at_all`);
    expect(raw.status).toBe(404);
    const context = await contextOf(undefined, DESKTOP);
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/@nobody_here_at_all`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "No such creator" }).waitFor(POLL);
    expect(await page.getByText("Loading storefront").count()).toBe(0);
    await context.close();
  });
});

describe("phone first", () => {
  const publicPaths = () => [
    "/",
    "/?tab=trending",
    `/@${creator.handle}`,
    `/guides/${guideId}`,
    `/groupbuys/${groupbuyId}`,
    "/login",
    "/signup",
    "/tags/kitchen",
  ];

  it("scrolls no page sideways at 360 px, signed out and signed in as follower, creator and brand", async () => {
    const walks: [TestAccount | undefined, string[]][] = [
      [undefined, [...publicPaths(), "/brand", "/earnings", "/payouts"]],
      [follower, ["/", "/saved", "/groupbuys", "/account", `/groupbuys/${groupbuyId}`]],
      [
        creator,
        [
          "/studio",
          "/studio/new",
          "/studio/links",
          "/studio/analytics",
          "/campaigns",
          "/earnings",
          "/payouts",
          `/@${creator.handle}`,
        ],
      ],
      [
        brand.owner,
        [
          "/brand",
          `/brand/${brand.id}`,
          `/brand/${brand.id}?tab=products`,
          `/brand/${brand.id}?tab=conversions`,
          `/brand/${brand.id}?tab=payouts`,
          `/brand/${brand.id}?tab=groupbuys`,
        ],
      ],
    ];
    const wide = await pagesWiderThanWindow(browser, server.url, walks, PHONE);
    expect(wide).toEqual([]);
  });

  it("keeps the signed-in header to one row behind a Menu button on a phone, and shows the links on a desktop", async () => {
    for (const [viewport, menu] of [
      [PHONE, true],
      [DESKTOP, false],
    ] as const) {
      const context = await contextOf(follower, viewport);
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const saved = page.getByRole("link", { name: "Saved" });
      if (menu) {
        expect(await saved.isVisible()).toBe(false);
        await page.getByRole("button", { name: "Menu" }).click();
      }
      await saved.waitFor({ state: "visible", ...POLL });
      await context.close();
    }
  });
});

describe("context kept", () => {
  it("sign-up from a group-buy keeps ref, returns there and completes the join", async () => {
    const context = await contextOf(undefined, PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/groupbuys/${groupbuyId}?ref=${creator.handle}`);
    await page.getByRole("link", { name: "create an account" }).click();
    await page.waitForURL(/\/signup\?next=/);
    const handle = `joiner_${Date.now().toString(36)}`;
    await page.fill("#email", `${handle}@example.test`);
    await page.fill("#password", "correct horse battery");
    await page.fill("#handle", handle);
    await page.fill("#displayName", "Jo Iner");
    await page.check("input[name=role][value=follower]");
    await page.click("button[type=submit]");
    await page.waitForURL((url) => url.pathname === `/groupbuys/${groupbuyId}`, POLL);
    expect(new URL(page.url()).searchParams.get("ref")).toBe(creator.handle);
    await page.getByTestId("groupbuy-joined").waitFor(POLL);
    expect(await page.getByTestId("groupbuy-joined").textContent()).toContain(`Thanks to @${creator.handle}`);
    await context.close();
  });

  it("'Log in to follow' returns to the creator and follows", async () => {
    const reader = await signUp("follower");
    const context = await contextOf(undefined, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/@${creator.handle}`);
    await page.getByRole("link", { name: "Log in to follow" }).click();
    await page.fill("#email", reader.email);
    await page.fill("#password", reader.password);
    await page.click("button[type=submit]");
    await page.waitForURL((url) => url.pathname === `/@${creator.handle}`, POLL);
    await expect
      .poll(() => page.getByTestId("follow-button").getAttribute("aria-pressed"), POLL)
      .toBe("true");
    await context.close();
  });

  it("asks signed-out visitors of private pages to sign in", async () => {
    const context = await contextOf(undefined, DESKTOP);
    const page = await context.newPage();
    for (const path of ["/brand", "/earnings", "/payouts"]) {
      await page.goto(`${server.url}${path}`);
      await page
        .getByRole("link", { name: /log in/i })
        .first()
        .waitFor(POLL);
    }
    await context.close();
  });

  it("logs no console error and no failed request on anonymous pages", async () => {
    const context = await contextOf(undefined, DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    // Only this site counts: the test guide's cover sits on a made-up host the closed network cannot reach.
    const ours = (url: string) => url.startsWith(server.url);
    page.on("console", (message) => {
      if (message.type() === "error" && ours(message.location().url || page.url()))
        problems.push(`${page.url()}: ${message.text()} (${message.location().url})`);
    });
    page.on("response", (response) => {
      if (response.status() >= 400 && ours(response.url()))
        problems.push(`${response.status()} ${response.url()}`);
    });
    for (const path of [
      "/",
      "/?tab=trending",
      `/@${creator.handle}`,
      `/guides/${guideId}`,
      `/groupbuys/${groupbuyId}`,
      "/tags/kitchen",
      "/login",
      "/signup",
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState("networkidle");
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it("writes counts in the right plural form", async () => {
    await ok(await call("PUT", `/api/v1/guides/${guideId}/like`, follower), 200);
    const context = await contextOf(undefined, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/guides/${guideId}`);
    const marks = page.locator(".marks");
    await expect.poll(() => marks.textContent(), POLL).toMatch(/\b1 like\b(?!s)/);
    expect(await marks.textContent()).toMatch(/\b0 saves\b/);
    await context.close();
  });
});
