import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { CHROME, call, createBrand, type TestBrand } from "../fixtures/commerce";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };

let server: TestServer;
let browser: Browser;
let brand: TestBrand;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  brand = await createBrand();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent: CHROME });
  await context.addCookies([{ name: "sg_session", value: account.token, url: server.url }]);
  return { context, page: await context.newPage() };
}

describe("brand team invitations in the browser", () => {
  it("the owner invites by email, the invitee accepts on the account page and only then is a member", async () => {
    const invitee = await signUp("brand");
    const owner = await signedIn(brand.owner);
    await owner.page.goto(`${server.url}/brand/${brand.id}?tab=settings`);
    await owner.page.getByLabel("Email to invite").fill(invitee.email);
    await owner.page.getByLabel("Role").selectOption("admin");
    await owner.page.getByRole("button", { name: "Send invitation" }).click();
    await owner.page.getByText("they become a member once they accept").waitFor(POLL);
    const pending = owner.page.getByTestId("pending-invitations");
    await pending.getByText(invitee.email).waitFor(POLL);
    expect((await call("GET", `/api/v1/brands/${brand.id}`, invitee)).status).toBe(404);

    const guest = await signedIn(invitee);
    await guest.page.goto(`${server.url}/account`);
    const mine = guest.page.getByTestId("my-invitations");
    await mine.getByText("admin").waitFor(POLL);
    await guest.page.getByRole("button", { name: /^Accept invitation from / }).click();
    await guest.page.getByText(/You are now a member of /).waitFor(POLL);
    expect((await call("GET", `/api/v1/brands/${brand.id}`, invitee)).status).toBe(200);

    // The owner revokes a second invitation; the invitee never sees it again.
    const other = await signUp("brand");
    await owner.page.getByLabel("Email to invite").fill(other.email);
    await owner.page.getByRole("button", { name: "Send invitation" }).click();
    await owner.page.getByRole("button", { name: `Revoke invitation to ${other.email}` }).click();
    await owner.page.getByText("Invitation revoked").waitFor(POLL);
    await owner.page
      .getByRole("button", { name: `Revoke invitation to ${other.email}` })
      .waitFor({ ...POLL, state: "detached" });
    const otherPage = await signedIn(other);
    await otherPage.page.goto(`${server.url}/account`);
    await otherPage.page.getByText("No pending invitations.").waitFor(POLL);
    await Promise.all([owner.context.close(), guest.context.close(), otherPage.context.close()]);
  });
});
