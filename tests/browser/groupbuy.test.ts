import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, signUpAdmin, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { CHROME, call, ok } from "../fixtures/commerce";
import { guideInput, publishGuide } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };
const DAY = 86_400;

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

/** A phone-sized browser signed in as the account (its session token as the cookie the web uses). */
async function browserOf(account: TestAccount): Promise<BrowserContext> {
  const context = await browser.newContext({ userAgent: CHROME, viewport: { width: 390, height: 844 } });
  await context.addCookies([{ name: "sg_session", value: account.token, url: server.url }]);
  return context;
}

describe("a group-buy, end to end in the browser", () => {
  it("a follower joins through a creator's guide, watches it fill live, and gets a code after the deadline", async () => {
    const owner = await signUp("brand");
    const creator = await signUp("creator");
    // Confirmed, so the group-buy's outcome is mailed as well as shown (mail goes to confirmed addresses only).
    const follower = await signUp("follower", { verified: true });
    const second = await signUp("follower");
    const domain = "shop.gbco.example.com";
    const brand = await ok(
      await call("POST", "/api/v1/brands", owner, { name: "GB Co", domains: [domain], currency: "USD" }),
      201,
    );

    // The brand creates the group-buy in its console: base $100, 2 people → $90, 3 people → $80.
    const brandContext = await browserOf(owner);
    const console_ = await brandContext.newPage();
    await console_.goto(`${server.url}/brand/${brand.id}?tab=groupbuys`);
    await console_.getByLabel("Group-buy name").fill("Kettle club");
    await console_.getByLabel("Product title").fill("Pour-over kettle");
    await console_.getByLabel("Product page URL").fill(`https://${domain}/kettle`);
    await console_.getByLabel("Base price (USD)").fill("100.00");
    await console_.getByLabel("Tier 1: people").fill("2");
    await console_.getByLabel("Tier 1: price (USD)").fill("90.00");
    await console_.getByRole("button", { name: "Add tier" }).click();
    await console_.getByLabel("Tier 2: people").fill("3");
    await console_.getByLabel("Tier 2: price (USD)").fill("80.00");
    await console_.getByLabel("Minimum to succeed (people)").fill("2");
    await console_.getByLabel("Capacity (units)").fill("10");
    await console_.getByLabel("Per-person limit").fill("2");
    await console_.getByLabel("Commission rate (%)").fill("10");
    await console_.getByRole("button", { name: "Create group-buy" }).click();
    const listed = console_.getByTestId("brand-groupbuy").filter({ hasText: "Kettle club" });
    await listed.waitFor(POLL);
    const href =
      (await listed.getByRole("link", { name: "Kettle club", exact: true }).getAttribute("href")) ?? "";
    const groupbuyId = href.split("/").pop() ?? "";
    expect(groupbuyId).toMatch(/^gby_/);

    // The creator embeds it in a guide; the follower, signed out, finds the card and follows its Join link.
    const guideId = await publishGuide(creator, {
      items: [{ ...guideInput().items[0], url: `https://${domain}/kettle`, groupbuyId }],
    });
    const followerContext = await browser.newContext({
      userAgent: CHROME,
      viewport: { width: 390, height: 844 },
    });
    const page = await followerContext.newPage();
    await page.goto(`${server.url}/guides/${guideId}`);
    const card = page.getByTestId("groupbuy-card");
    await expect.poll(() => card.textContent(), POLL).toMatch(/2 more to unlock 10% off/);
    await card.getByRole("link", { name: /Join/ }).click();
    await page.waitForURL(`**/groupbuys/${groupbuyId}?ref=${creator.handle}`);
    // The countdown ticks by itself: a week out by the platform clock, and a different second a moment later.
    const countdown = page.getByTestId("groupbuy-countdown");
    await expect.poll(() => countdown.textContent(), POLL).toMatch(/^Ends in 6d \d\d:\d\d:\d\d$/);
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), POLL).not.toBe(first);

    // Signing in comes back to the group-buy, and the creator's ref survives the round trip.
    await page.getByTestId("groupbuy-sign-in").getByRole("link", { name: "Sign in" }).click();
    await page.getByLabel("Email").fill(follower.email);
    await page.getByLabel("Password").fill(follower.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`**/groupbuys/${groupbuyId}?ref=${creator.handle}`);
    await page.getByLabel("Quantity").selectOption("2");
    await page.getByRole("button", { name: "Join group-buy" }).click();
    await expect.poll(() => page.getByTestId("groupbuy-joined").textContent(), POLL).toMatch(/in for 2/);
    await expect
      .poll(() => page.getByTestId("groupbuy-progress").textContent(), POLL)
      .toBe("1 more to unlock 10% off");

    // Another participant joins through the API; the open page catches up without a reload.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await ok(await call("POST", `/api/v1/groupbuys/${groupbuyId}/join`, second, { quantity: 1 }), 201);
    await expect
      .poll(() => page.getByTestId("groupbuy-progress").textContent(), POLL)
      .toBe("1 more to unlock 20% off");
    // Capacity counts units: two people, two units and one unit, leave seven of ten.
    expect(await page.getByTestId("groupbuy-seats").textContent()).toMatch(
      /^2 joined · 2 needed to go ahead · 7 of 10 units left/,
    );
    expect(await page.getByTestId("groupbuy-price").textContent()).toBe("$90.00");
    expect(await page.locator(".tier.current").textContent()).toMatch(/^2\+ people: \$90\.00/);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    // Past the deadline by the dev clock, the settle job (as the scheduler runs it) settles it.
    const moved = await fetch(`${server.url}/api/dev/clock`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await signUpAdmin()).auth },
      body: JSON.stringify({ advanceSeconds: 7 * DAY + 60 }),
    });
    expect(moved.status).toBe(200);
    const { jobs } = await import("../../packages/functions/src/schedule");
    await jobs["settle-groupbuys"]?.run();

    await expect
      .poll(() => page.getByTestId("groupbuy-outcome").textContent(), POLL)
      .toMatch(/It's on!Everyone pays \$90\.00 each/);
    await expect
      .poll(() => page.getByTestId("groupbuy-code").textContent(), POLL)
      .toMatch(/^GB[A-Z0-9]{10}$/);
    const shown = await page.getByTestId("groupbuy-code").textContent();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    // The code on the page is the one the API holds for this follower, and "My group-buys" shows it too.
    const answer = await followerContext.request.get(`${server.url}/api/v1/me/groupbuys`);
    expect(answer.status()).toBe(200);
    const mine = (await answer.json()) as { items: unknown[] };
    expect(mine.items).toEqual([
      expect.objectContaining({ groupbuyId, status: "succeeded", quantity: 2, code: shown }),
    ]);
    // On a phone the signed-in links sit behind the header's Menu button.
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Group-buys" }).click();
    await expect
      .poll(
        () => page.getByTestId(`my-groupbuy-${groupbuyId}`).getByTestId("my-groupbuy-code").textContent(),
        POLL,
      )
      .toBe(shown);

    // The table stream turns the code into a notification: the bell counts it, the centre shows the code.
    // Before it, twice "one more person unlocks a lower price" (at one joined, and at two of the next tier).
    await server.drainStream();
    await page.reload();
    await expect
      .poll(() => page.getByTestId("bell").getAttribute("aria-label"), POLL)
      .toBe("Notifications, 3 unread");
    await page.getByTestId("bell").click();
    const notice = page.getByTestId("notifications").locator('[data-kind="groupbuy_succeeded"]');
    await expect.poll(() => notice.textContent(), POLL).toContain(`Your personal code is ${shown}.`);
    expect(await notice.textContent()).toContain("Group-buy succeeded: Kettle club");
    expect(await page.getByTestId("notifications").locator('[data-kind="groupbuy_next_tier"]').count()).toBe(
      2,
    );
    // The mail catcher holds the same notice, with the same code, mailed once.
    const mailbox = await fetch(`${server.url}/api/dev/mail?to=${encodeURIComponent(follower.email)}`, {
      headers: (await signUpAdmin()).auth,
    });
    const mails = ((await mailbox.json()) as { items: { subject: string; text: string }[] }).items.filter(
      (mail) => mail.subject.startsWith("Group-buy succeeded: Kettle club"),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain(`Your personal code is ${shown}.`);
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect
      .poll(() => page.getByTestId("bell").getAttribute("aria-label"), POLL)
      .toBe("Notifications, 0 unread");

    // Preferences on a phone: one row per kind; "one more person" by mail too, saved and read back.
    await page.getByRole("link", { name: "Notification settings" }).click();
    await page.waitForURL("**/notifications/settings");
    const tierByMail = page.getByLabel(/one person from a lower price: Email/);
    await tierByMail.check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), POLL).toBe("Saved.");
    const saved = await followerContext.request.get(`${server.url}/api/v1/me/notification-preferences`);
    expect(((await saved.json()) as Record<string, string>).groupbuy_next_tier).toBe("email");

    // The brand sees the outcome in its console and exports the participant, referred by the creator.
    await console_.reload();
    await expect.poll(() => listed.textContent(), POLL).toMatch(/succeeded/);
    const exportHref = await listed.getByRole("link", { name: /Participants JSON/ }).getAttribute("href");
    const exported = await brandContext.request.get(`${server.url}${exportHref}`);
    expect(exported.status()).toBe(200);
    const rows = (
      (await exported.json()) as { items: { handle: string; code: string; referrerHandle?: string }[] }
    ).items;
    expect(rows.find((row) => row.handle === follower.handle)).toMatchObject({
      code: shown,
      referrerHandle: creator.handle,
    });

    await followerContext.close();
    await brandContext.close();
    // Two cores for the whole suite: the notification leg adds a stream drain and two page loads.
  }, 180_000);
});
