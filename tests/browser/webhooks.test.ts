import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SigningSecret } from "@shopguide/core/signing-secret";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../fixtures/accounts";
import { launchBrowser } from "../fixtures/browser";
import { addViewer, CHROME, call, createBrand, ok, type TestBrand } from "../fixtures/commerce";
import { startServer, type TestServer } from "../fixtures/server";

/** The whole suite shares two cores and one DynamoDB Local: give the UI time to catch up. */
const POLL = { timeout: 15_000 };

/** A real HTTP receiver on 127.0.0.1 (the one host the test setup allowlists): records every request. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];

let server: TestServer;
let receiver: Server;
let base: string;
let browser: Browser;
let brand: TestBrand;

beforeAll(async () => {
  server = await startServer();
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "/",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((ready) => receiver.listen(0, "127.0.0.1", ready));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  brand = await createBrand();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => receiver?.close(done));
  await server?.stop();
});

/** A browser context signed in with the account's session (the cookie the login route would set). */
async function signedIn(account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent: CHROME });
  await context.addCookies([{ name: "sg_session", value: account.token, url: server.url }]);
  return { context, page: await context.newPage() };
}

/** The stream's side effects, then one run of the delivery job, as the scheduler would run it. */
async function deliver() {
  await server.drainStream();
  const { jobs } = await import("../../packages/functions/src/schedule");
  const job = jobs["deliver-webhooks"];
  if (!job) throw new Error("no deliver-webhooks job");
  await job.run();
}

describe("webhook endpoints in the browser", () => {
  it("lets a brand owner add an endpoint, see its secret once, ping it and see the signed delivery", async () => {
    const { context, page } = await signedIn(brand.owner);
    await page.goto(`${server.url}/brand/${brand.id}?tab=integrations`);
    const webhooks = page.getByTestId("webhooks");
    await webhooks.getByText("No webhook endpoints yet.").waitFor(POLL);

    // A mistake comes back from the API as a field error, and nothing is registered.
    await webhooks.getByLabel("Endpoint URL").fill(`${base}/brand`);
    await webhooks.getByRole("button", { name: "Add endpoint" }).click();
    await expect
      .poll(() => webhooks.locator(".webhook-events .error").textContent(), POLL)
      .toMatch(/at least one event/);

    await webhooks.getByLabel(/Every statement event/).check();
    await webhooks.getByLabel(/Every commission event/).check();
    await webhooks.getByLabel("Description (optional)").fill("ERP");
    await webhooks.getByRole("button", { name: "Add endpoint" }).click();

    const secretBox = page.getByTestId("webhook-secret");
    await secretBox.waitFor(POLL);
    const secret = (await secretBox.textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => webhooks.getByText("you will not see this secret again").count(), POLL).toBe(1);
    const endpoint = page.getByTestId("webhook-endpoint");
    await expect.poll(() => endpoint.count(), POLL).toBe(1);
    expect(await endpoint.locator(".webhook-url").textContent()).toBe(`${base}/brand`);
    expect(await endpoint.getByTestId("webhook-events").textContent()).toBe("commission.*, statement.*");
    expect(await endpoint.getByTestId("webhook-state").textContent()).toBe("Enabled");

    // The secret is the API's answer to this one request: gone after a reload, only its hint stays.
    await page.reload();
    await expect.poll(() => page.getByTestId("webhook-endpoint").count(), POLL).toBe(1);
    expect(await page.getByTestId("webhook-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(secret.slice(10));
    await page.getByText(`${secret.slice(0, 10)}…`).waitFor(POLL);

    await page.getByRole("button", { name: `Send test ping to ${base}/brand` }).click();
    await page.getByText("Test ping queued").waitFor(POLL);
    await expect.poll(() => page.getByTestId("delivery-status").first().textContent(), POLL).toBe("Pending");

    // The delivery job sends it; the receiver checks the signature with the secret the page showed.
    await deliver();
    const pings = received.filter((request) => request.path === "/brand");
    expect(pings).toHaveLength(1);
    const [ping] = pings;
    if (!ping) throw new Error("no ping received");
    expect(JSON.parse(ping.body)).toMatchObject({ type: "webhook.ping" });
    expect(ping.headers["shopguide-event-type"]).toBe("webhook.ping");
    const header = ping.headers["shopguide-signature"] as string;
    expect(() => SigningSecret.verifyTimestampedWith([secret], header, ping.body)).not.toThrow();
    expect(() => SigningSecret.verifyTimestampedWith(["whsec_wrong"], header, ping.body)).toThrow(
      SigningSecret.SignatureInvalidError,
    );

    await page.reload();
    const row = page.getByTestId("webhook-delivery");
    await expect.poll(() => row.getByTestId("delivery-status").textContent(), POLL).toBe("Delivered");
    const cells = await row.locator("td").allTextContents();
    expect(cells[0]).toBe("webhook.ping");
    expect(cells[1]).toBe(JSON.parse(ping.body).id);
    expect(cells[3]).toBe("1");
    expect(cells[4]).toBe("HTTP 200");

    // Pausing and resuming, then deleting after a confirmation.
    await page.getByRole("button", { name: `Disable ${base}/brand` }).click();
    await expect.poll(() => page.getByTestId("webhook-state").textContent(), POLL).toBe("Disabled");
    await page.getByRole("button", { name: `Enable ${base}/brand` }).click();
    await expect.poll(() => page.getByTestId("webhook-state").textContent(), POLL).toBe("Enabled");
    await page.getByRole("button", { name: `Delete ${base}/brand` }).click();
    await page.getByRole("button", { name: "Keep it" }).click();
    expect(await page.getByTestId("webhook-endpoint").count()).toBe(1);
    await page.getByRole("button", { name: `Delete ${base}/brand` }).click();
    await page.getByRole("button", { name: `Yes, delete ${base}/brand` }).click();
    await page.getByText("No webhook endpoints yet.").waitFor(POLL);
    const listed = await ok(await call("GET", `/api/v1/brands/${brand.id}/webhooks`, brand.owner), 200);
    expect(listed.items).toHaveLength(0);
    await context.close();
  });

  it("shows a viewer no endpoints or controls, only who manages them", async () => {
    const viewer = await addViewer(brand);
    const { context, page } = await signedIn(viewer);
    await page.goto(`${server.url}/brand/${brand.id}?tab=integrations`);
    await page.getByText("owners and admins manage the webhook endpoints").waitFor(POLL);
    expect(await page.getByRole("button", { name: "Add endpoint" }).count()).toBe(0);
    await context.close();
  });

  it("lets a creator add an endpoint of their own from their payouts page", async () => {
    const creator = await signUp("creator");
    const { context, page } = await signedIn(creator);
    await page.goto(`${server.url}/payouts`);
    const webhooks = page.getByTestId("webhooks");
    await webhooks.getByLabel("Endpoint URL").fill(`${base}/creator`);
    await webhooks.getByLabel(/Every commission event/).check();
    await webhooks.getByLabel(/A statement is marked paid/).check();
    await webhooks.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByTestId("webhook-secret").waitFor(POLL);
    expect(await page.getByTestId("webhook-secret").textContent()).toMatch(/^whsec_/);
    await expect
      .poll(() => page.getByTestId("webhook-events").textContent(), POLL)
      .toBe("commission.*, statement.paid");
    const mine = await ok(await call("GET", "/api/v1/me/webhooks", creator), 200);
    expect(mine.items.map((item: { url: string }) => item.url)).toEqual([`${base}/creator`]);
    await context.close();
  });
});
