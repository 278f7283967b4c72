import { Statement } from "@shopguide/core/statement";
import { Clock } from "@shopguide/core/util/clock";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpAdmin, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import {
  CHROME,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  weeklyPayouts,
} from "../fixtures/commerce";
import { runJob } from "../fixtures/jobs";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };
/** One page of lines and a few more, so the page has to ask for the rest. */
const ORDERS = Statement.LINES_PAGE + 5;

let server: TestServer;
let browser: Browser;
let creator: TestAccount;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const brand = await createBrand();
  const secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 0 });
  await weeklyPayouts(brand);
  creator = await enrolledCreator(campaign.id, "LONG10");
  for (let index = 0; index < ORDERS; index++)
    await ok(
      await postConversion(brand.id, secret, {
        orderId: `LONG-${index}`,
        amount: 10_000,
        currency: "USD",
        couponCode: "LONG10",
        occurredAt: Clock.now().toISOString(),
      }),
      201,
    );
  await runJob("release-holds");
  // Past the end of the week the orders were in, through the dev-clock route; then the closing job.
  const now = Clock.now();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const nextTuesday = midnight + (((8 - now.getUTCDay()) % 7 || 7) + 1) * 86_400_000;
  const moved = await fetch(`${server.url}/api/dev/clock`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(await signUpAdmin()).auth },
    body: JSON.stringify({ advanceSeconds: Math.ceil((nextTuesday - now.getTime()) / 1000) }),
  });
  expect(moved.status).toBe(200);
  await runJob("release-holds");
  await runJob("close-statements");
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a long statement in the browser", () => {
  it("shows the first page of lines and loads the rest on request", async () => {
    const context = await browser.newContext({ userAgent: CHROME });
    await context.addCookies([{ name: "sg_session", value: creator.token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/payouts`);
    const statement = page.getByTestId("payout-statement").first();
    await statement.waitFor(POLL);
    await statement.locator("summary").click();
    const lines = page.getByTestId("statement-lines").locator("tbody tr");
    await expect.poll(() => lines.count(), POLL).toBe(Statement.LINES_PAGE);
    const more = page.getByTestId("statement-more-lines");
    expect(await more.textContent()).toMatch(`${Statement.LINES_PAGE} of ${ORDERS}`);
    await more.click();
    await expect.poll(() => lines.count(), POLL).toBe(ORDERS);
    expect(await more.count()).toBe(0);
    expect(await page.getByRole("link", { name: `Receipt for LONG-${ORDERS - 1}` }).count()).toBe(1);
    await context.close();
  });
});
