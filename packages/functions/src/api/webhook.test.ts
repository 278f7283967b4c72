import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { config } from "@shopguide/core/config";
import { Outbound } from "@shopguide/core/outbound";
import { SigningSecret } from "@shopguide/core/signing-secret";
import { Clock } from "@shopguide/core/util/clock";
import { Webhook } from "@shopguide/core/webhook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  errorCode,
  type Json,
  signUp,
  signUpAdmin,
  type TestAccount,
} from "../../../../tests/fixtures/accounts";
import {
  addViewer,
  call,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  type TestBrand,
  weeklyPayouts,
} from "../../../../tests/fixtures/commerce";
import { runJob } from "../../../../tests/fixtures/jobs";
import { StreamPoller } from "../local/stream-poller";
import { handler as streamHandler } from "../stream";

/** A real HTTP receiver: records every request per path, answers each path's current status. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The inbound door's own check, run on arrival (its 300 s window is about the arrival time). */
  signature: "valid" | "invalid" | "unknown endpoint";
  /** The same check with a wrong secret, which must fail. */
  wrongSecretRefused: boolean;
}
const received: Received[] = [];
const statusFor = new Map<string, number>();
/** Each receiving path's signing secret, set when its endpoint is registered. */
const secretFor = new Map<string, string>();

function check(secret: string | undefined, header: string | undefined, body: string): Received["signature"] {
  if (!secret) return "unknown endpoint";
  try {
    SigningSecret.verifyTimestampedWith([secret], header, body);
    return "valid";
  } catch (error) {
    if (error instanceof SigningSecret.SignatureInvalidError) return "invalid";
    throw error;
  }
}
let delayMs = 0;
let receiver: Server;
let base: string;

const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
let brand: TestBrand;
let apiSecret: string;
let campaignId: string;
let maya: TestAccount;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      const body = Buffer.concat(chunks).toString("utf8");
      const header = request.headers["shopguide-signature"] as string | undefined;
      received.push({
        path,
        headers: request.headers,
        body,
        signature: check(secretFor.get(path), header, body),
        wrongSecretRefused: check("whsec_wrong", header, body) === "invalid",
      });
      // A redirect to another path of this (allowlisted) receiver: following it would show up here.
      const headers = path === "/moved" ? { location: `${base}/moved-here` } : {};
      setTimeout(() => response.writeHead(statusFor.get(path) ?? 200, headers).end("ok"), delayMs);
    });
  });
  await new Promise<void>((ready) => receiver.listen(0, "127.0.0.1", ready));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  brand = await createBrand();
  apiSecret = (await createSecret(brand, "api")).secret;
  campaignId = (await createCampaign(brand, { holdDays: 2 })).id;
  maya = await enrolledCreator(campaignId, "MAYA10");
  await weeklyPayouts(brand, 100);
});

afterAll(async () => {
  await poller.stop();
  await new Promise((done) => receiver.close(done));
});

async function register(
  path: string,
  account: TestAccount,
  body: { url: string; events: string[]; description?: string },
) {
  const endpoint = await ok(await call("POST", path, account, body), 201);
  secretFor.set(new URL(body.url).pathname, endpoint.secret);
  return endpoint;
}

async function order(orderId: string, amount: number, couponCode = "MAYA10") {
  return ok(
    await postConversion(brand.id, apiSecret, {
      orderId,
      amount,
      currency: "USD",
      couponCode,
      occurredAt: Clock.now().toISOString(),
    }),
    201,
  );
}

async function refund(orderId: string, refundAmount: number) {
  return ok(
    await postConversion(brand.id, apiSecret, {
      type: "refund",
      orderId,
      refundId: `r-${orderId}-${refundAmount}`,
      refundAmount,
      currency: "USD",
    }),
    200,
  );
}

/** The stream's side effects, then one delivery run. */
async function deliver() {
  await poller.drain();
  await runJob("deliver-webhooks");
}

/** Moves the platform clock as an admin would (the dev clock is admin-only). */
let clockAdmin: TestAccount | undefined;
async function advance(seconds: number) {
  clockAdmin ??= await signUpAdmin();
  await ok(await call("POST", "/api/dev/clock", clockAdmin, { advanceSeconds: Math.max(1, seconds) }), 200);
}

const at = (path: string) => received.filter((request) => request.path === path);
const typesAt = (path: string) => at(path).map((request) => JSON.parse(request.body).type as string);

/** Every request as a receiver checks it: a valid signature on arrival, and headers matching the body. */
function verifyAll(requests: Received[]) {
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.signature).toBe("valid");
    expect(request.wrongSecretRefused).toBe(true);
    const event = JSON.parse(request.body);
    expect(request.headers["shopguide-event-id"]).toBe(event.id);
    expect(request.headers["shopguide-event-type"]).toBe(event.type);
    expect(request.headers["user-agent"]).toBe("shopguide-webhooks/1");
    expect(request.headers["content-type"]).toBe("application/json");
  }
}

describe("registering endpoints", () => {
  it("shows the secret once and lets only the brand's owners and admins, or the creator, manage endpoints", async () => {
    const created = await register(`/api/v1/brands/${brand.id}/webhooks`, brand.owner, {
      url: `${base}/registration`,
      events: ["commission.*", "statement.paid"],
      description: "ERP",
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ brandId: brand.id, events: ["commission.*", "statement.paid"] });
    const listed = await ok(await call("GET", `/api/v1/brands/${brand.id}/webhooks`, brand.owner), 200);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0].secret).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(10));
    expect(listed.items[0].secretHint).toBe(`${created.secret.slice(0, 10)}…`);

    const viewer = await addViewer(brand);
    const otherBrand = await createBrand();
    const follower = await signUp("follower");
    const otherCreator = await signUp("creator");
    const mine = await register("/api/v1/me/webhooks", maya, {
      url: `${base}/registration-me`,
      events: ["*"],
    });
    const cases: [string, string, string, TestAccount | undefined, unknown, number, string][] = [
      [
        "viewer lists",
        "GET",
        `/api/v1/brands/${brand.id}/webhooks`,
        viewer,
        undefined,
        403,
        "brand_role_required",
      ],
      [
        "viewer registers",
        "POST",
        `/api/v1/brands/${brand.id}/webhooks`,
        viewer,
        { url: `${base}/x`, events: ["*"] },
        403,
        "brand_role_required",
      ],
      [
        "viewer deletes",
        "DELETE",
        `/api/v1/brands/${brand.id}/webhooks/${created.id}`,
        viewer,
        undefined,
        403,
        "brand_role_required",
      ],
      [
        "another brand lists",
        "GET",
        `/api/v1/brands/${brand.id}/webhooks`,
        otherBrand.owner,
        undefined,
        404,
        "brand_not_found",
      ],
      [
        "another brand reads deliveries",
        "GET",
        `/api/v1/brands/${otherBrand.id}/webhooks/${created.id}/deliveries`,
        otherBrand.owner,
        undefined,
        404,
        "webhook_endpoint_not_found",
      ],
      ["anonymous", "GET", "/api/v1/me/webhooks", undefined, undefined, 401, "unauthorized"],
      [
        "a follower",
        "POST",
        "/api/v1/me/webhooks",
        follower,
        { url: `${base}/x`, events: ["*"] },
        403,
        "role_required",
      ],
      [
        "another creator reads deliveries",
        "GET",
        `/api/v1/me/webhooks/${mine.id}/deliveries`,
        otherCreator,
        undefined,
        404,
        "webhook_endpoint_not_found",
      ],
      [
        "another creator deletes",
        "DELETE",
        `/api/v1/me/webhooks/${mine.id}`,
        otherCreator,
        undefined,
        404,
        "webhook_endpoint_not_found",
      ],
      [
        "an unknown event",
        "POST",
        "/api/v1/me/webhooks",
        maya,
        { url: `${base}/x`, events: ["order.created"] },
        422,
        "validation_failed",
      ],
      [
        "no events",
        "POST",
        "/api/v1/me/webhooks",
        maya,
        { url: `${base}/x`, events: [] },
        422,
        "validation_failed",
      ],
      [
        "a non-http URL",
        "POST",
        "/api/v1/me/webhooks",
        maya,
        { url: "ftp://127.0.0.1/x", events: ["*"] },
        422,
        "validation_failed",
      ],
    ];
    for (const [name, method, path, account, body, status, code] of cases) {
      const response = await call(method, path, account, body);
      expect({ name, status: response.status, code: await errorCode(response) }).toEqual({
        name,
        status,
        code,
      });
    }
    // The creator's own list holds only their endpoint; the other creator sees none.
    expect((await ok(await call("GET", "/api/v1/me/webhooks", otherCreator), 200)).items).toEqual([]);
    expect(
      (await ok(await call("GET", "/api/v1/me/webhooks", maya), 200)).items.map((e: Json) => e.id),
    ).toEqual([mine.id]);

    // Clean up, so the lifecycle below counts only its own endpoints.
    expect(
      (await call("DELETE", `/api/v1/brands/${brand.id}/webhooks/${created.id}`, brand.owner)).status,
    ).toBe(204);
    expect((await call("DELETE", `/api/v1/me/webhooks/${mine.id}`, maya)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/me/webhooks/${mine.id}`, maya)).status).toBe(404);
  });

  it("limits an owner to 10 endpoints and frees a slot on delete", async () => {
    const creator = await signUp("creator");
    const ids: string[] = [];
    for (let n = 0; n < Webhook.MAX_ENDPOINTS; n++)
      ids.push(
        (await register("/api/v1/me/webhooks", creator, { url: `${base}/limit/${n}`, events: ["*"] })).id,
      );
    const over = await call("POST", "/api/v1/me/webhooks", creator, {
      url: `${base}/limit/x`,
      events: ["*"],
    });
    expect(over.status).toBe(409);
    expect(await errorCode(over)).toBe("too_many_webhook_endpoints");
    expect((await call("DELETE", `/api/v1/me/webhooks/${ids[0]}`, creator)).status).toBe(204);
    await register("/api/v1/me/webhooks", creator, { url: `${base}/limit/y`, events: ["*"] });
  });
});

describe("events to the right endpoints", () => {
  it("sends a commission's and a statement's lifecycle once each, signed, and a replayed stream adds nothing", async () => {
    const all = await register(`/api/v1/brands/${brand.id}/webhooks`, brand.owner, {
      url: `${base}/brand-all`,
      events: ["commission.*", "statement.*"],
    });
    const paidOnly = await register(`/api/v1/brands/${brand.id}/webhooks`, brand.owner, {
      url: `${base}/brand-paid`,
      events: ["statement.paid"],
    });
    const creator = await register("/api/v1/me/webhooks", maya, { url: `${base}/maya`, events: ["*"] });
    const bystander = await signUp("creator");
    await register("/api/v1/me/webhooks", bystander, { url: `${base}/bystander`, events: ["*"] });
    const otherBrand = await createBrand();
    await register(`/api/v1/brands/${otherBrand.id}/webhooks`, otherBrand.owner, {
      url: `${base}/other-brand`,
      events: ["*"],
    });

    await order("life-kept", 20_000);
    await order("life-partial", 10_000);
    await order("life-gone", 5_000);
    await order("life-nobody", 5_000, "NOSUCHCODE");
    await refund("life-partial", 4_000);
    await refund("life-gone", 5_000);
    await deliver();
    await advance(3 * 86_400);
    await runJob("release-holds");
    await deliver();

    // Into the next week: the statement closes; the brand approves it and marks it paid.
    const now = Clock.now();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const nextTuesday = midnight + (((8 - now.getUTCDay()) % 7 || 7) + 1) * 86_400_000;
    await advance(Math.ceil((nextTuesday - now.getTime()) / 1000));
    await runJob("close-statements");
    const [statement] = (await ok(await call("GET", "/api/v1/me/statements", maya), 200)).items;
    expect(statement).toMatchObject({ status: "closed", total: 2_000 + 600 });
    await ok(await call("POST", `/api/v1/statements/${statement.id}/approve`, brand.owner), 200);
    await ok(
      await call("POST", `/api/v1/statements/${statement.id}/paid`, brand.owner, {
        reference: "SEPA-1",
        paidAt: Clock.now().toISOString(),
      }),
      200,
    );
    await deliver();

    const lifecycle = [
      "commission.created",
      "commission.created",
      "commission.created",
      "commission.adjusted",
      "commission.reversed",
      "commission.approved",
      "commission.approved",
      "statement.closed",
      "statement.approved",
      "statement.paid",
    ].sort();
    expect(typesAt("/brand-all").sort()).toEqual(lifecycle);
    expect(typesAt("/maya").sort()).toEqual(lifecycle);
    expect(typesAt("/brand-paid")).toEqual(["statement.paid"]);
    expect(at("/bystander")).toEqual([]);
    expect(at("/other-brand")).toEqual([]);
    verifyAll(at("/brand-all"));
    verifyAll(at("/brand-paid"));
    verifyAll(at("/maya"));
    // Each event once per endpoint, the same event id at every endpoint.
    const ids = (path: string) => at(path).map((request) => JSON.parse(request.body).id as string);
    expect(new Set(ids("/brand-all")).size).toBe(lifecycle.length);
    expect(new Set(ids("/maya"))).toEqual(new Set(ids("/brand-all")));

    const events = at("/brand-all").map((request) => JSON.parse(request.body));
    const approved = events.find(
      (event) => event.type === "commission.approved" && event.data.orderId === "life-kept",
    );
    expect(approved).toMatchObject({
      id: `evt_${approved.data.commission.id}.${2}`,
      data: {
        brandId: brand.id,
        creatorId: maya.id,
        orderAmount: { amount: 20_000, currency: "USD" },
        commission: { status: "approved", amount: { amount: 2_000, currency: "USD" } },
        receiptPath: `/api/v1/conversions/${approved.data.conversionId}`,
      },
    });
    const reversed = events.find((event) => event.type === "commission.reversed");
    expect(reversed.data).toMatchObject({ orderId: "life-gone", commission: { status: "reversed" } });
    const paid = events.find((event) => event.type === "statement.paid");
    expect(paid).toMatchObject({
      id: `evt_${statement.id}.3`,
      data: { id: statement.id, status: "paid", paid: { reference: "SEPA-1" } },
    });
    expect(paid.createdAt).toBe(paid.data.events.at(-1).at);

    const deliveries = await ok(
      await call("GET", `/api/v1/brands/${brand.id}/webhooks/${all.id}/deliveries`, brand.owner),
      200,
    );
    expect(deliveries.items).toHaveLength(lifecycle.length);
    for (const delivery of deliveries.items) {
      expect(delivery).toMatchObject({
        status: "delivered",
        attempts: 1,
        log: [{ attempt: 1, statusCode: 200 }],
      });
    }

    // The whole stream again (a replayed batch, redelivery): the same event ids, nothing queued or sent twice.
    const count = received.length;
    const replay = new StreamPoller({
      tableName: config().tableName,
      handler: streamHandler,
      start: "TRIM_HORIZON",
    });
    await replay.drain();
    await replay.drain();
    await replay.stop();
    await runJob("deliver-webhooks");
    expect(received.length).toBe(count);
    expect(
      (
        await ok(
          await call("GET", `/api/v1/brands/${brand.id}/webhooks/${all.id}/deliveries`, brand.owner),
          200,
        )
      ).items,
    ).toHaveLength(lifecycle.length);

    for (const path of [
      `/api/v1/brands/${brand.id}/webhooks/${all.id}`,
      `/api/v1/brands/${brand.id}/webhooks/${paidOnly.id}`,
    ])
      expect((await call("DELETE", path, brand.owner)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/me/webhooks/${creator.id}`, maya)).status).toBe(204);
  });
});

describe("retries", () => {
  it("backs off with growing, jittered waits, gives up as failed after 24 h, and marks a later 2xx delivered", async () => {
    const flaky = await register(`/api/v1/brands/${brand.id}/webhooks`, brand.owner, {
      url: `${base}/flaky`,
      events: ["commission.created"],
    });
    statusFor.set("/flaky", 500);
    await order("retry-1", 10_000);
    await deliver();
    const deliveriesOf = async () =>
      (
        await ok(
          await call("GET", `/api/v1/brands/${brand.id}/webhooks/${flaky.id}/deliveries`, brand.owner),
          200,
        )
      ).items as Json[];
    let [delivery] = await deliveriesOf();
    expect(delivery).toMatchObject({
      status: "pending",
      attempts: 1,
      log: [{ attempt: 1, statusCode: 500 }],
    });
    const first = Date.parse(delivery.firstAttemptAt);

    // Read the stream from here on: the delivery giving up must tell the brand's managers (issue 16).
    const stream = new StreamPoller({
      tableName: config().tableName,
      handler: streamHandler,
      start: "LATEST",
    });
    await stream.drain();

    // Not due yet: a run right away (when the jitter drew a wait) sends nothing.
    const waits: number[] = [];
    while (delivery.status === "pending") {
      const last = delivery.log.at(-1);
      const wait = (Date.parse(delivery.nextAttemptAt) - Date.parse(last.at)) / 1000;
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(Webhook.ceilingSeconds(delivery.attempts));
      waits.push(wait);
      if (wait >= 2) {
        const before = at("/flaky").length;
        await runJob("deliver-webhooks");
        expect(at("/flaky").length).toBe(before);
      }
      await advance(Math.ceil((Date.parse(delivery.nextAttemptAt) - Clock.nowMs()) / 1000));
      await runJob("deliver-webhooks");
      [delivery] = await deliveriesOf();
      expect(delivery.attempts).toBe(waits.length + 1);
    }
    expect(delivery.status).toBe("failed");
    expect(at("/flaky")).toHaveLength(delivery.attempts);
    await stream.drain();
    await stream.drain();
    await stream.stop();
    const notices = (await ok(await call("GET", "/api/v1/me/notifications", brand.owner), 200))
      .items as Json[];
    expect(notices.filter((notice) => notice.kind === "webhook_failing")).toEqual([
      expect.objectContaining({
        title: "A webhook endpoint is failing",
        link: `/brand/${brand.id}?tab=integrations`,
      }),
    ]);
    // The ceiling doubles from 30 s to the 6 h cap; the attempts span at least 24 h from the first.
    expect(waits.map((_, index) => Webhook.ceilingSeconds(index + 1)).slice(0, 4)).toEqual([
      30, 60, 120, 240,
    ]);
    expect(Date.parse(delivery.failedAt) - first).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(Date.parse(delivery.failedAt) - first).toBeLessThan((24 + 6) * 3_600_000 + 60_000);
    expect(delivery.log).toHaveLength(Webhook.MAX_LOG);
    expect(delivery.log.at(-1)).toMatchObject({ attempt: delivery.attempts, statusCode: 500 });
    // Every attempt was the same event, signed afresh.
    expect(new Set(at("/flaky").map((request) => request.headers["shopguide-event-id"]))).toEqual(
      new Set([delivery.eventId]),
    );
    verifyAll(at("/flaky"));
    await runJob("deliver-webhooks");
    expect(at("/flaky")).toHaveLength(delivery.attempts);

    // A second event: two failures, then the receiver recovers and the next attempt is delivered.
    await order("retry-2", 10_000);
    await deliver();
    const second = async () => (await deliveriesOf()).find((entry) => entry.eventId !== delivery.eventId);
    let next = await second();
    await advance(Math.ceil((Date.parse(next.nextAttemptAt) - Clock.nowMs()) / 1000));
    await runJob("deliver-webhooks");
    next = await second();
    expect(next).toMatchObject({ status: "pending", attempts: 2 });
    statusFor.set("/flaky", 204);
    await advance(Math.ceil((Date.parse(next.nextAttemptAt) - Clock.nowMs()) / 1000));
    await runJob("deliver-webhooks");
    next = await second();
    expect(next).toMatchObject({ status: "delivered", attempts: 3 });
    expect(next.log.map((entry: Json) => entry.statusCode)).toEqual([500, 500, 204]);
    expect(next.nextAttemptAt).toBeUndefined();
  });

  it("counts a refused connection as a failed attempt, with its error logged", async () => {
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, "127.0.0.1", ready));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const creator = await enrolledCreator(campaignId, "DEADEND");
    const endpoint = await register("/api/v1/me/webhooks", creator, {
      url: `http://127.0.0.1:${port}/gone`,
      events: ["commission.created"],
    });
    await order("refused", 1_000, "DEADEND");
    await deliver();
    const [delivery] = (
      await ok(await call("GET", `/api/v1/me/webhooks/${endpoint.id}/deliveries`, creator), 200)
    ).items;
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery.log[0].statusCode).toBeUndefined();
    expect(delivery.log[0].error).toMatch(/ECONNREFUSED/);
  });
});

describe("two delivery runs at once", () => {
  it("send each due attempt once", async () => {
    const endpoint = await register("/api/v1/me/webhooks", maya, {
      url: `${base}/race`,
      events: ["statement.*"],
    });
    const pings: string[] = [];
    for (let n = 0; n < 8; n++) {
      const queued = await ok(await call("POST", `/api/v1/me/webhooks/${endpoint.id}/ping`, maya), 202);
      expect(queued).toMatchObject({ status: "pending", eventType: "webhook.ping", attempts: 0 });
      pings.push(queued.eventId);
    }
    delayMs = 30;
    try {
      await Promise.all([runJob("deliver-webhooks"), runJob("deliver-webhooks"), runJob("deliver-webhooks")]);
    } finally {
      delayMs = 0;
    }
    const ids = at("/race").map((request) => request.headers["shopguide-event-id"]);
    expect(ids.sort()).toEqual([...pings].sort());
    verifyAll(at("/race"));
    const deliveries = (
      await ok(await call("GET", `/api/v1/me/webhooks/${endpoint.id}/deliveries`, maya), 200)
    ).items;
    expect(deliveries.map((entry: Json) => [entry.status, entry.attempts])).toEqual(
      pings.map(() => ["delivered", 1]),
    );
  });
});

describe("the outbound guard on endpoints", () => {
  it("refuses every private, loopback or local address, in every spelling, on both routes", async () => {
    const port = new URL(base).port;
    const brandOwner = brand.owner;
    // Only the exact spelling `127.0.0.1` is allowlisted (the receiver); each of these would reach it, or
    // another address inside, if let through.
    const urls = [
      `http://0x7f000001:${port}/x`,
      `http://2130706433:${port}/x`,
      `http://0177.0.0.1:${port}/x`,
      `http://127.1:${port}/x`,
      `http://127.0.0.2:${port}/x`,
      `https://0x7f000001:${port}/x`,
      `https://localhost:${port}/x`,
      `http://localhost:${port}/x`,
      `https://hooks.localhost/x`,
      `https://[::1]:${port}/x`,
      `https://[::ffff:127.0.0.1]:${port}/x`,
      `https://[64:ff9b::7f00:1]/x`,
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.1/x",
      "https://172.16.5.4/x",
      "https://192.168.1.1/x",
      "https://100.64.0.1/x",
      "https://0.0.0.0/x",
      "https://224.0.0.1/x",
      "https://[fd00::1]/x",
      "https://[fe80::1]/x",
      "https://metadata.google.internal/x",
      "http://hooks.example.com/plain-http",
    ];
    for (const url of urls) {
      for (const [path, account] of [
        [`/api/v1/brands/${brand.id}/webhooks`, brandOwner],
        ["/api/v1/me/webhooks", maya],
      ] as const) {
        const response = await call("POST", path, account, { url, events: ["*"] });
        expect({ url, path, status: response.status, code: await errorCode(response) }).toEqual({
          url,
          path,
          status: 422,
          code: "validation_failed",
        });
      }
    }
    expect(received.filter((request) => request.path === "/x")).toEqual([]);
  });

  it("refuses a public-looking name that resolves to a private address", async () => {
    Outbound.useResolver(async (host) =>
      host === "hooks.example.com" ? [{ address: "169.254.169.254", family: 4 }] : [],
    );
    try {
      for (const path of [`/api/v1/brands/${brand.id}/webhooks`, "/api/v1/me/webhooks"]) {
        const account = path.startsWith("/api/v1/me") ? maya : brand.owner;
        const response = await call("POST", path, account, {
          url: "https://hooks.example.com/h",
          events: ["*"],
        });
        expect(response.status).toBe(422);
        expect(JSON.stringify(await response.json())).toContain("resolves to");
      }
    } finally {
      Outbound.useResolver();
    }
  });

  it("checks again at send time: a name that now resolves to loopback gets nothing", async () => {
    let answer = "93.184.215.14";
    Outbound.useResolver(async () => [{ address: answer, family: 4 }]);
    try {
      const creator = await enrolledCreator(campaignId, "REBIND");
      const endpoint = await register("/api/v1/me/webhooks", creator, {
        url: "https://rebind.example.com/hook",
        events: ["*"],
      });
      answer = "127.0.0.1";
      await ok(await call("POST", `/api/v1/me/webhooks/${endpoint.id}/ping`, creator), 202);
      await runJob("deliver-webhooks");
      const [delivery] = (
        await ok(await call("GET", `/api/v1/me/webhooks/${endpoint.id}/deliveries`, creator), 200)
      ).items;
      expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
      expect(delivery.log[0].statusCode).toBeUndefined();
      expect(delivery.log[0].error).toContain("resolves to");
      expect(at("/hook")).toEqual([]);
    } finally {
      Outbound.useResolver();
    }
  });

  it("never follows a redirect, and counts it as a failed attempt", async () => {
    statusFor.set("/moved", 302);
    const creator = await enrolledCreator(campaignId, "MOVED");
    const endpoint = await register("/api/v1/me/webhooks", creator, { url: `${base}/moved`, events: ["*"] });
    await ok(await call("POST", `/api/v1/me/webhooks/${endpoint.id}/ping`, creator), 202);
    await runJob("deliver-webhooks");
    const [delivery] = (
      await ok(await call("GET", `/api/v1/me/webhooks/${endpoint.id}/deliveries`, creator), 200)
    ).items;
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery.log[0]).toMatchObject({ statusCode: 302, error: "HTTP 302" });
    expect(at("/moved")).toHaveLength(1);
    expect(at("/moved-here")).toEqual([]);
  });
});
