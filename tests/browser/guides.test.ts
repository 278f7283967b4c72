/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { randomUUID } from "node:crypto";
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

const uniqueHandle = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 10)}`;

/** Signs up through the real signup form and waits for where it lands: a new follower picks interests first. */
async function signUpInBrowser(page: Page, role: "creator" | "follower", handle: string): Promise<void> {
  await page.goto(`${server.url}/signup`);
  await page.fill("#email", `${handle}@example.test`);
  await page.fill("#password", "correct horse battery");
  await page.fill("#handle", handle);
  await page.fill("#displayName", role === "creator" ? "Rosa Fernández" : "Dev Patel");
  await page.check(`input[name=role][value=${role}]`);
  await page.click("button[type=submit]");
  await page.waitForURL(`${server.url}${role === "follower" ? "/welcome" : "/account"}`);
}

describe("creator publishes, follower follows, reads, likes and saves", () => {
  it("works end to end in a real browser", async () => {
    const creatorHandle = uniqueHandle("rosa");
    const creatorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const creator = await creatorContext.newPage();
    await signUpInBrowser(creator, "creator", creatorHandle);

    await creator.goto(`${server.url}/studio`);
    await creator.getByRole("link", { name: "New guide" }).click();
    await creator.waitForURL(`${server.url}/studio/new`);
    await creator.fill("#title", "Packing for a rainy city break");
    await creator.fill("#tags", "Travel, rain");
    await creator.fill("#body", "Three things that made **Bergen** in October a pleasure.");
    const cards = [
      ["Packable rain jacket", "https://shop.example/rain-jacket", "89.00"],
      ["Waterproof day pack", "https://shop.example/day-pack", "64.50"],
      ["Merino wool socks", "https://shop.example/socks", "18"],
    ];
    for (const [index, [title, url, price]] of cards.entries()) {
      if (index > 0) await creator.getByRole("button", { name: "Add product" }).click();
      await creator.fill(`#card-${index}-title`, title as string);
      await creator.fill(`#card-${index}-url`, url as string);
      await creator.fill(`#card-${index}-price`, price as string);
    }
    await creator.getByRole("button", { name: "Publish", exact: true }).click();
    await creator.waitForURL(/\/guides\/gde_/);
    const guideUrl = creator.url();
    await expect.poll(() => creator.getByTestId("product-card").count()).toBe(3);
    expect(await creator.locator(".author-bar .status").textContent()).toBe("Published");
    expect(await creator.getByTestId("disclosure").textContent()).toContain("Contains affiliate links");

    const followerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const follower = await followerContext.newPage();
    await signUpInBrowser(follower, "follower", uniqueHandle("dev"));
    await follower.goto(`${server.url}/@${creatorHandle}`);
    const follow = follower.getByTestId("follow-button");
    await follow.click();
    await expect.poll(() => follow.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => follower.getByTestId("profile").textContent()).toMatch(/1 follower(?!s)/);

    // The follow's backfill runs from the table stream, as it would in Lambda.
    await server.drainStream();
    await follower.goto(`${server.url}/`);
    const card = follower.getByTestId("guide-card").filter({ hasText: "Packing for a rainy city break" });
    await card.waitFor({ timeout: 5000 });
    expect(await card.textContent()).toContain("Contains affiliate links");

    await card.getByRole("link", { name: "Packing for a rainy city break" }).click();
    await follower.waitForURL(guideUrl);
    await follower.getByTestId("guide").waitFor();
    expect(await follower.locator(".prose strong").textContent()).toBe("Bergen");
    const buy = follower.getByTestId("product-card").first().getByRole("link", { name: /Buy/ });
    // Buy goes through the card's referral link, so the click is counted before the merchant.
    expect(await buy.getAttribute("href")).toMatch(/^\/r\/[0-9A-Za-z]{7,10}$/);
    expect(await buy.getAttribute("rel")).toBe("sponsored noopener");
    expect(await buy.getAttribute("target")).toBe("_blank");
    expect(await follower.getByTestId("product-card").first().textContent()).toContain("$89.00");

    const like = follower.getByTestId("like-button");
    await like.click();
    await expect.poll(() => like.getAttribute("aria-pressed")).toBe("true");
    expect(await like.textContent()).toContain("1");
    const save = follower.getByTestId("save-button");
    await save.click();
    await expect.poll(() => save.getAttribute("aria-pressed")).toBe("true");

    // On a phone the signed-in links sit behind the header's Menu button.
    await follower.getByRole("button", { name: "Menu" }).click();
    await follower.getByRole("link", { name: "Saved" }).click();
    await follower.waitForURL(`${server.url}/saved`);
    await follower.getByTestId("guide-card").filter({ hasText: "Packing for a rainy city break" }).waitFor();

    await creatorContext.close();
    await followerContext.close();
  });
});

describe("untrusted content renders inert", () => {
  const payloads = [
    `<script>window.__pwned = "script"; alert("script")</script>`,
    `<img src="http://evil.test/img.png" onerror="window.__pwned = 'img'; alert('img')">`,
    `[click me](javascript:window.__pwned='link';alert('link'))`,
    `<a href="javascript:alert('raw')">raw link</a>`,
    `<iframe src="http://evil.test/frame"></iframe>`,
    `<svg onload="alert('svg')"></svg>`,
  ];

  it("in a guide body, card notes, titles and a profile bio: no dialog, no request, no script", async () => {
    const handle = uniqueHandle("mallory");
    const signup = await fetch(`${server.url}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: `${handle}@example.test`,
        password: "correct horse battery",
        handle,
        displayName: `<img src=x onerror="alert('name')">`,
        role: "creator",
      }),
    });
    const { token } = (await signup.json()) as { token: string };
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const bio = payloads.filter((payload) => !payload.startsWith("[")).join(" ");
    expect((await call("PATCH", "/api/v1/me/profile", { bio })).status).toBe(200);
    // javascript: URLs never get stored in the first place.
    expect(
      (await call("PATCH", "/api/v1/me/profile", { links: [{ label: "x", url: "javascript:alert(1)" }] }))
        .status,
    ).toBe(422);
    const jsCard = { title: "Bad", url: "javascript:alert('card')" };
    expect((await call("POST", "/api/v1/guides", { title: "Bad", items: [jsCard] })).status).toBe(422);

    const created = await call("POST", "/api/v1/guides", {
      title: `<script>alert("title")</script> Rain gear`,
      body: payloads.join("\n\n"),
      tags: ["xss-check"],
      items: [
        {
          title: `<img src=x onerror="alert('card title')">`,
          url: "https://shop.example/a",
          note: payloads.join("\n"),
        },
        {
          title: "Plain card",
          url: "https://shop.example/b",
          note: `<iframe src="http://evil.test/n"></iframe>`,
        },
      ],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await call("POST", `/api/v1/guides/${id}/publish`)).status).toBe(200);

    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    const foreignRequests: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url)) foreignRequests.push(request.url());
    });

    const inspect = () =>
      page.evaluate(() => {
        const main = document.querySelector("main");
        const all = [...(main?.querySelectorAll("*") ?? [])];
        return {
          pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
          scripts: main?.querySelectorAll("script").length ?? 0,
          frames: document.querySelectorAll("iframe, frame, object, embed").length,
          handlers: all.flatMap((element) =>
            [...element.attributes].filter((attribute) => attribute.name.startsWith("on")).map((a) => a.name),
          ),
          scriptLinks: [...document.querySelectorAll("a[href]")]
            .map((anchor) => anchor.getAttribute("href") ?? "")
            .filter((href) => /^\s*(javascript|data|vbscript):/i.test(href)),
          text: main?.textContent ?? "",
        };
      });

    await page.goto(`${server.url}/guides/${id}`);
    await page.getByTestId("guide").waitFor();
    await page.getByTestId("profile").or(page.locator(".creator-card")).first().waitFor();
    // Click what used to be the javascript: links.
    for (const name of ["click me", "raw link"]) {
      const link = page.locator(".prose").getByText(name);
      if ((await link.count()) > 0) await link.first().click();
    }
    const guidePage = await inspect();
    expect(guidePage.text).toContain(`<script>alert("title")</script> Rain gear`);
    expect(guidePage.text).toContain(`<iframe src="http://evil.test/n"></iframe>`);

    await page.goto(`${server.url}/@${handle}`);
    await page.getByTestId("bio").waitFor();
    const storefront = await inspect();
    expect(storefront.text).toContain("<script>window.__pwned");

    await server.drainStream();
    await page.goto(`${server.url}/tags/xss-check`);
    await page.getByTestId("guide-card").waitFor();
    const tagPage = await inspect();

    for (const result of [guidePage, storefront, tagPage]) {
      expect(result).toMatchObject({ pwned: null, scripts: 0, frames: 0, handlers: [], scriptLinks: [] });
    }
    expect(dialogs).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
