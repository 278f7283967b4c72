import { config } from "@shopguide/core/config";
import { Clock } from "@shopguide/core/util/clock";
import { afterAll, describe, expect, it } from "vitest";
import { errorCode, type Json, mailTo, readJson, signUp } from "../../../../tests/fixtures/accounts";
import {
  addMember,
  call,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  weeklyPayouts,
} from "../../../../tests/fixtures/commerce";
import { publishGuide } from "../../../../tests/fixtures/guides";
import { nextWeeklyPeriod, runJob } from "../../../../tests/fixtures/jobs";
import { StreamPoller } from "../local/stream-poller";
import { handler as streamHandler } from "../stream";
import { app } from "./app";

const DAY = 86_400;
const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

/** The whole stream delivered once more from the start: a retried batch, as Lambda would redeliver it. */
async function replayStream(): Promise<void> {
  const replay = new StreamPoller({
    tableName: config().tableName,
    handler: streamHandler,
    start: "TRIM_HORIZON",
  });
  await replay.drain();
  await replay.stop();
}

async function centre(account: { auth: Record<string, string> }) {
  return readJson(await app.request("/api/v1/me/notifications", { headers: account.auth }));
}
const ofKind = async (account: { auth: Record<string, string> }, kind: string) =>
  (await centre(account)).items.filter((item: Json) => item.kind === kind);
const mailsAbout = async (email: string, subject: RegExp) =>
  (await mailTo(email)).filter((mail: Json) => subject.test(mail.subject));

const preferences = (account: { auth: Record<string, string> }, body?: unknown) =>
  app.request("/api/v1/me/notification-preferences", {
    method: body === undefined ? "GET" : "PUT",
    headers: { "content-type": "application/json", ...account.auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("every notification kind from the table stream, once, mailed once", () => {
  it("campaign applications: the brand hears of a new one, the creator of the decision", async () => {
    const brand = await createBrand();
    const campaign = await createCampaign(brand, { enrollment: "approval", name: "Autumn" });
    const creator = await signUp("creator");
    await ok(await call("POST", `/api/v1/campaigns/${campaign.id}/enrollments`, creator, {}), 201);
    await poller.drain();
    expect(await ofKind(brand.owner, "brand_application")).toEqual([
      expect.objectContaining({
        title: "New application to Autumn",
        body: `@${creator.handle} applied to join the campaign.`,
        link: `/brand/${brand.id}?tab=campaigns`,
      }),
    ]);

    await ok(
      await call(
        "POST",
        `/api/v1/campaigns/${campaign.id}/enrollments/${creator.handle}/approve`,
        brand.owner,
      ),
      200,
    );
    await poller.drain();
    await replayStream();
    expect(await ofKind(creator, "application_approved")).toEqual([
      expect.objectContaining({ title: "Application approved: Autumn", link: "/campaigns" }),
    ]);
    expect(await ofKind(brand.owner, "brand_application")).toHaveLength(1);
    // Mailed once (the replay sent nothing), with one-click unsubscribe: it is not transactional.
    const mails = await mailsAbout(creator.email, /^Application approved: Autumn/);
    expect(mails).toHaveLength(1);
    expect(mails[0].headers).toMatchObject({
      "list-unsubscribe": expect.stringMatching(/^<http.*\/api\/v1\/unsubscribe\?token=[\w-]+\.[\w-]+>$/),
      "list-unsubscribe-post": "List-Unsubscribe=One-Click",
    });
    expect(mails[0].text).toMatch(/Stop these mails: http\S+\/unsubscribe\?token=/);
    expect(mails[0].html).not.toMatch(/<img/i);
  });

  it("group-buys: one person short of a tier, and a failure, told to every participant; the failure mail is transactional", async () => {
    const brand = await createBrand();
    const groupbuy = await ok(
      await call("POST", "/api/v1/campaigns", brand.owner, {
        brandId: brand.id,
        type: "groupbuy",
        name: "Tea club",
        product: { title: "Teapot", url: `https://${brand.domain}/products/teapot` },
        basePrice: { amount: 5_000, currency: "USD" },
        tiers: [{ participants: 3, price: { amount: 4_000, currency: "USD" } }],
        minParticipants: 3,
        capacity: 10,
        maxQuantityPerPerson: 1,
        deadline: new Date(Clock.nowMs() + DAY * 1000).toISOString(),
        rule: { kind: "percent", bps: 1000 },
      }),
      201,
    );
    const first = await signUp("follower", { verified: true });
    const second = await signUp("follower", { verified: true });
    for (const person of [first, second])
      await ok(await call("POST", `/api/v1/groupbuys/${groupbuy.id}/join`, person, { quantity: 1 }), 201);
    await poller.drain();
    for (const person of [first, second])
      expect(await ofKind(person, "groupbuy_next_tier")).toEqual([
        expect.objectContaining({ title: "One more person unlocks 40.00 USD: Tea club" }),
      ]);

    Clock.advance(DAY + 60);
    await runJob("settle-groupbuys");
    await poller.drain();
    await replayStream();
    for (const person of [first, second]) {
      expect(await ofKind(person, "groupbuy_failed")).toEqual([
        expect.objectContaining({
          title: "Group-buy did not go ahead: Tea club",
          link: `/groupbuys/${groupbuy.id}`,
        }),
      ]);
      const mails = await mailsAbout(person.email, /^Group-buy did not go ahead/);
      expect(mails).toHaveLength(1);
      expect(mails[0].headers["list-unsubscribe"]).toBeUndefined();
      // In-app only by default: no mail for "one more person".
      expect(await mailsAbout(person.email, /^One more person/)).toEqual([]);
    }
  });

  it("commissions and statements: approved, then approved and paid, each told to the creator once", async () => {
    const brand = await createBrand();
    const secret = (await createSecret(brand, "api")).secret;
    await weeklyPayouts(brand, 100);
    const campaign = await createCampaign(brand, { holdDays: 0, name: "Winter" });
    const creator = await enrolledCreator(
      campaign.id,
      `WIN${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    );
    const enrollment = (await ok(await call("GET", "/api/v1/me/enrollments", creator), 200)).items[0];
    for (const [suffix, amount] of [
      ["a", 20_000],
      ["b", 10_000],
    ] as const)
      await ok(
        await postConversion(brand.id, secret, {
          orderId: `o-${suffix}-${Date.now()}`,
          amount,
          currency: "USD",
          couponCode: enrollment.couponCode,
          occurredAt: Clock.now().toISOString(),
        }),
        201,
      );
    await runJob("release-holds");
    await poller.drain();
    expect((await ofKind(creator, "commission_approved")).map((item: Json) => item.title).sort()).toEqual([
      "Commission approved: 10.00 USD",
      "Commission approved: 20.00 USD",
    ]);

    await nextWeeklyPeriod();
    const [statement] = (await ok(await call("GET", "/api/v1/me/statements", creator), 200)).items;
    // A brand admin disputes the 10.00 line: the creator and the other managers (the owner) hear, not the admin.
    const admin = await signUp("brand");
    await addMember(brand, admin, "admin");
    const line = statement.lines.find((entry: Json) => entry.amount === 1_000);
    await ok(
      await call("POST", `/api/v1/statements/${statement.id}/lines/${line.id}/dispute`, admin, {
        reason: "Duplicate order",
      }),
      200,
    );
    await ok(await call("POST", `/api/v1/statements/${statement.id}/approve`, brand.owner), 200);
    await ok(
      await call("POST", `/api/v1/statements/${statement.id}/paid`, brand.owner, {
        reference: "WIRE-7",
        paidAt: Clock.now().toISOString(),
      }),
      200,
    );
    await poller.drain();
    await replayStream();
    expect(await ofKind(creator, "commission_approved")).toHaveLength(2);
    for (const told of [creator, brand.owner])
      expect(await ofKind(told, "line_disputed")).toEqual([
        expect.objectContaining({
          title: `A statement line was disputed: @${creator.handle}`,
          body: expect.stringContaining("Duplicate order"),
        }),
      ]);
    expect(await ofKind(admin, "line_disputed")).toEqual([]);
    expect(await ofKind(creator, "statement_approved")).toEqual([
      expect.objectContaining({ title: "Statement approved: 20.00 USD", link: "/payouts" }),
    ]);
    expect(await ofKind(creator, "statement_paid")).toEqual([
      expect.objectContaining({ title: "Statement paid: 20.00 USD" }),
    ]);
    expect(await mailsAbout(creator.email, /^Statement paid/)).toHaveLength(1);
    // commission_approved stays in the centre by default.
    expect(await mailsAbout(creator.email, /^Commission approved/)).toEqual([]);
  });
});

describe("notification preferences", () => {
  it("answer the defaults, change only the named kinds, and refuse unknown kinds and channels naming the field", async () => {
    const person = await signUp("follower");
    const defaults = await readJson(await preferences(person));
    expect(defaults).toMatchObject({
      guide_published: "digest",
      groupbuy_succeeded: "email",
      commission_approved: "in_app",
    });
    const changed = await readJson(
      await preferences(person, { guide_published: "off", webhook_failing: "in_app" }),
    );
    expect(changed).toEqual({ ...defaults, guide_published: "off", webhook_failing: "in_app" });
    expect(await readJson(await preferences(person))).toEqual(changed);

    for (const [body, field] of [
      [{ groupbuy_succeeded: "digest" }, "groupbuy_succeeded"],
      [{ guide_published: "loud" }, "guide_published"],
    ] as const) {
      const refused = await preferences(person, body);
      expect(refused.status).toBe(422);
      const error = (await readJson(refused)).error;
      expect(error.code).toBe("validation_failed");
      expect(error.details.map((issue: Json) => issue.path)).toContain(field);
    }
    const unknown = await preferences(person, { nope: "email" });
    expect(unknown.status).toBe(422);
    expect(await readJson(await preferences(person))).toEqual(changed);
    expect((await preferences({ auth: {} })).status).toBe(401);
  });

  it("off means nothing at all: no item in the centre", async () => {
    const brand = await createBrand();
    await ok(await preferences(brand.owner, { brand_application: "off" }), 200);
    const campaign = await createCampaign(brand, { enrollment: "approval" });
    const creator = await signUp("creator");
    await ok(await call("POST", `/api/v1/campaigns/${campaign.id}/enrollments`, creator, {}), 201);
    await poller.drain();
    expect(await ofKind(brand.owner, "brand_application")).toEqual([]);
  });
});

describe("one-click unsubscribe", () => {
  it("the mail's List-Unsubscribe URL, posted without a session, turns that kind's mail off and keeps it in the centre", async () => {
    const brand = await createBrand();
    const campaign = await createCampaign(brand, { enrollment: "approval", name: "Unsub" });
    const creator = await signUp("creator");
    await ok(await call("POST", `/api/v1/campaigns/${campaign.id}/enrollments`, creator, {}), 201);
    await poller.drain();
    const [mail] = await mailsAbout(brand.owner.email, /^New application to Unsub/);
    const url = new URL(/^<(.+)>$/.exec(mail.headers["list-unsubscribe"])?.[1] ?? "");
    const posted = await app.request(`${url.pathname}${url.search}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(posted.status).toBe(200);
    expect(await readJson(posted)).toEqual({ kind: "brand_application", channel: "in_app" });
    expect((await readJson(await preferences(brand.owner))).brand_application).toBe("in_app");
    // Again: the same answer.
    expect((await app.request(`${url.pathname}${url.search}`, { method: "POST" })).status).toBe(200);

    const token = url.searchParams.get("token") ?? "";
    const [payload] = token.split(".");
    for (const forged of [
      `${payload}.AAAA`,
      `${Buffer.from(`${creator.id ?? "x"} brand_application`).toString("base64url")}.${token.split(".")[1]}`,
      "x",
    ]) {
      const refused = await app.request(`/api/v1/unsubscribe?token=${encodeURIComponent(forged)}`, {
        method: "POST",
      });
      expect(refused.status).toBe(400);
      expect(await errorCode(refused)).toBe("token_invalid");
    }
    expect((await app.request("/api/v1/unsubscribe", { method: "POST" })).status).toBe(422);
  });
});

describe("the daily digest", () => {
  it("mails each opted-in follower their unread feed items of a day once the day is over, once", async () => {
    const creator = await signUp("creator");
    const follower = await signUp("follower", { verified: true });
    await ok(await call("PUT", `/api/v1/creators/${creator.handle}/follow`, follower), 200);
    await poller.drain();
    await publishGuide(creator, { title: "Pans worth keeping" });
    await poller.drain();
    expect(await ofKind(follower, "guide_published")).toHaveLength(1);
    // The digest is the default for feed items: nothing mailed one by one, nothing before the day is over.
    await runJob("send-digests");
    expect(await mailsAbout(follower.email, /New guides from creators you follow/)).toEqual([]);

    Clock.advance(DAY);
    const report = (await runJob("send-digests")) as { mailed: number };
    expect(report.mailed).toBeGreaterThanOrEqual(1);
    await runJob("send-digests");
    await replayStream();
    await runJob("send-digests");
    const digests = await mailsAbout(follower.email, /New guides from creators you follow/);
    expect(digests).toHaveLength(1);
    expect(digests[0].text).toContain("Pans worth keeping");
    expect(digests[0].headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  });
});
