import { Statement } from "@shopguide/core/statement";
import { Clock } from "@shopguide/core/util/clock";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, logIn, signUpAdmin, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import {
  addViewer,
  CHROME,
  call,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  type TestBrand,
  weeklyPayouts,
} from "../fixtures/commerce";
import { nextWeeklyPeriod, runJob } from "../fixtures/jobs";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };
const HOUR = 3_600;
const DAY = 86_400;

let server: TestServer;
let browser: Browser;
let brand: TestBrand;
let viewer: TestAccount;
let creator: TestAccount;

/** Moves the platform clock through the real dev-clock route, as a person running it locally would. */
async function advance(seconds: number) {
  const moved = await fetch(`${server.url}/api/dev/clock`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(await signUpAdmin()).auth },
    body: JSON.stringify({ advanceSeconds: Math.ceil(seconds) }),
  });
  expect(moved.status).toBe(200);
}

/** A browser context signed in with the account's session (the cookie the login route would set). */
async function signedIn(account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent: CHROME });
  await context.addCookies([{ name: "sg_session", value: account.token, url: server.url }]);
  return { context, page: await context.newPage() };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  brand = await createBrand();
  const secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 2 });
  await weeklyPayouts(brand);
  viewer = await addViewer(brand);
  creator = await enrolledCreator(campaign.id, "PAYME10");
  // To Monday 01:00 UTC, so the order, its two-day hold and its release all fall in one weekly period.
  const now = Clock.now();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = midnight + ((8 - now.getUTCDay()) % 7 || 7) * DAY * 1000 + HOUR * 1000;
  await advance((monday - now.getTime()) / 1000);
  await ok(
    await postConversion(brand.id, secret, {
      orderId: "ORDER-7001",
      amount: 25_000,
      currency: "USD",
      couponCode: "PAYME10",
      occurredAt: Clock.now().toISOString(),
    }),
    201,
  );
  // Thursday: the hold is over; the hold-release job approves the commission.
  await advance(3 * DAY);
  await runJob("release-holds");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("payout statements in the browser", () => {
  it("the creator sees the running period's upcoming statement", async () => {
    const { context, page } = await signedIn(creator);
    await page.goto(`${server.url}/payouts`);
    const upcoming = page.getByTestId("payouts-upcoming");
    await expect.poll(() => upcoming.textContent(), POLL).toMatch(/\$25\.00 expected/);
    await upcoming.getByText(/\$25\.00 expected/).click();
    await upcoming.getByRole("link", { name: "Receipt for ORDER-7001" }).waitFor();
    expect(await page.getByTestId("payouts-paid").textContent()).toMatch(/No payments yet/);
    await context.close();
  });

  it("the brand approves the closed statement and marks it paid; the creator sees it paid", async () => {
    // Next Tuesday: the week has ended and the closing job writes its statement.
    await advance(5 * DAY);
    await runJob("close-statements");

    // A viewer reads the statement but gets no approve or paid controls.
    const reader = await signedIn(viewer);
    await reader.page.goto(`${server.url}/brand/${brand.id}?tab=payouts`);
    await reader.page.getByRole("link", { name: new RegExp(`^Open @${creator.handle},`) }).click();
    await expect
      .poll(() => reader.page.getByTestId("statement-status").textContent(), POLL)
      .toBe("Closed, awaiting approval");
    expect(await reader.page.getByRole("button", { name: "Approve statement" }).count()).toBe(0);
    expect(await reader.page.getByRole("button", { name: /^Dispute / }).count()).toBe(0);
    await reader.context.close();

    const owner = await signedIn(brand.owner);
    await owner.page.goto(`${server.url}/brand/${brand.id}`);
    await owner.page.getByRole("link", { name: "Payouts" }).click();
    await owner.page.getByRole("link", { name: new RegExp(`^Open @${creator.handle},`) }).click();
    await expect
      .poll(() => owner.page.getByTestId("statement-status").textContent(), POLL)
      .toBe("Closed, awaiting approval");
    expect(await owner.page.getByTestId("statement-total").textContent()).toBe("$25.00");
    expect(
      await owner.page
        .getByTestId("statement-lines")
        .getByRole("link", { name: "Receipt for ORDER-7001" })
        .count(),
    ).toBe(1);
    expect(await owner.page.getByRole("button", { name: "Dispute ORDER-7001" }).count()).toBe(1);

    await owner.page.getByRole("button", { name: "Approve statement" }).click();
    await expect
      .poll(() => owner.page.getByTestId("statement-status").textContent(), POLL)
      .toBe("Approved, awaiting payment");
    await owner.page.getByLabel("Payment reference").fill("WIRE-2026-0042");
    // Today on the platform clock: a payment date may not be in the future or before the period ended.
    const paidOn = Clock.now().toISOString().slice(0, 10);
    await owner.page.getByLabel("Paid on").fill(paidOn);
    await owner.page.getByRole("button", { name: "Mark paid" }).click();
    await expect.poll(() => owner.page.getByTestId("statement-status").textContent(), POLL).toBe("Paid");
    expect(await owner.page.getByTestId("statement-paid").textContent()).toMatch(/WIRE-2026-0042/);
    expect(await owner.page.getByTestId("statement-history").textContent()).toMatch(
      new RegExp(`Marked paid by @${brand.owner.handle}`),
    );
    await owner.context.close();

    // The creator, in a browser of their own, sees it paid with the reference and the total.
    const { context, page } = await signedIn(creator);
    await page.goto(`${server.url}/payouts`);
    const paid = page.getByTestId("payouts-paid");
    await expect.poll(() => paid.getByTestId("paid-summary").textContent(), POLL).toMatch(/WIRE-2026-0042/);
    const paidDay = new Date(`${paidOn}T00:00:00Z`).toLocaleDateString("en-US", {
      month: "short",
      day: "numeric",
      year: "numeric",
      timeZone: "UTC",
    });
    expect(await paid.getByTestId("paid-summary").textContent()).toContain(`$25.00 paid ${paidDay}`);
    await paid.getByTestId("paid-summary").click();
    expect(await paid.getByTestId("statement-total").textContent()).toBe("$25.00");
    await paid.getByRole("link", { name: "Receipt for ORDER-7001" }).click();
    await page.waitForURL(/\/receipts\/cnv_/);
    await context.close();

    // And the API agrees.
    const mine = await ok(await call("GET", "/api/v1/me/statements", creator), 200);
    expect(mine.items).toHaveLength(1);
    const [statement] = mine.items as Json[];
    expect(statement).toMatchObject({
      status: "paid",
      total: 2_500,
      payable: 2_500,
      paid: { reference: "WIRE-2026-0042", paidAt: `${paidOn}T00:00:00.000Z` },
    });
    expect(statement.lines.map((line: Json) => line.orderId)).toEqual(["ORDER-7001"]);
  });

  it("the brand reads a creator's ledger a page at a time and opens a statement's lines", async () => {
    // One statement a week, for one more week than a ledger page holds.
    const campaign = await createCampaign(brand, { holdDays: 0 });
    const pager = await enrolledCreator(campaign.id, "PAGES10");
    const secret = (await createSecret(brand, "api")).secret;
    for (let week = 0; week <= Statement.LEDGER_PAGE; week++) {
      await ok(
        await postConversion(brand.id, secret, {
          orderId: `LEDGER-${week}`,
          amount: 20_000,
          currency: "USD",
          couponCode: "PAGES10",
          occurredAt: Clock.now().toISOString(),
        }),
        201,
      );
      await nextWeeklyPeriod();
    }
    // Months have passed on the platform clock: sign in again.
    const { context, page } = await signedIn(await logIn(brand.owner));
    await page.goto(`${server.url}/brand/${brand.id}?tab=payouts`);
    await page.getByLabel("Creator handle").fill(pager.handle);
    await page.getByRole("button", { name: "Open ledger" }).click();
    const rows = page.getByTestId("ledger-statements").locator("tbody tr");
    await expect.poll(() => rows.count(), POLL).toBe(Statement.LEDGER_PAGE);
    const totals = page.getByTestId("ledger-totals").locator("tbody tr");
    expect(await totals.textContent()).toContain(`$${(Statement.LEDGER_PAGE + 1) * 20}.00`);
    await page.getByRole("button", { name: /^Show more statements/ }).click();
    await expect.poll(() => rows.count(), POLL).toBe(Statement.LEDGER_PAGE + 1);
    expect(await page.getByTestId("ledger-more").count()).toBe(0);

    // The newest statement opens with its lines, read when it is opened.
    await rows
      .first()
      .getByRole("link", { name: /^Open / })
      .click();
    await page
      .getByTestId("statement-lines")
      .getByRole("link", { name: `Receipt for LEDGER-${Statement.LEDGER_PAGE}` })
      .waitFor(POLL);
    expect(await page.getByTestId("statement-total").textContent()).toBe("$20.00");
    // The ledger stays open below, as it was.
    expect(await page.getByTestId("ledger").count()).toBe(1);
    await context.close();
  });
});
