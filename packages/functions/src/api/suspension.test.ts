import { randomUUID } from "node:crypto";
import { Audit } from "@shopguide/core/audit";
import { config } from "@shopguide/core/config";
import { Suspension } from "@shopguide/core/suspension";
import { Clock } from "@shopguide/core/util/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, json, signUp, signUpAdmin, type TestAccount } from "../../../../tests/fixtures/accounts";
import {
  call,
  clickFor,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  type TestBrand,
} from "../../../../tests/fixtures/commerce";
import { guideInput, publishGuide } from "../../../../tests/fixtures/guides";
import { runJob } from "../../../../tests/fixtures/jobs";
import { StreamPoller } from "../local/stream-poller";
import { answerRedirect } from "../redirect-response";
import { handler as streamHandler } from "../stream";
import { app } from "./app";

const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

let admin: TestAccount;
let brand: TestBrand;
let secret: string;
let creator: TestAccount;
let follower: TestAccount;

beforeAll(async () => {
  admin = await signUpAdmin();
  brand = await createBrand();
  secret = (await createSecret(brand, "api")).secret;
  const campaign = await createCampaign(brand, { holdDays: 30 });
  creator = await enrolledCreator(campaign.id);
  follower = await signUp("follower");
  await ok(await call("PUT", `/api/v1/creators/${creator.handle}/follow`, follower), 200);
});

const adminActor = () => ({
  kind: "user" as const,
  userId: admin.id,
  handle: admin.handle,
  role: "admin" as const,
});

function visit(code: string) {
  return answerRedirect(
    {
      code,
      method: "GET",
      ip: "203.0.113.9",
      userAgent: "Mozilla/5.0 Chrome/126",
      referer: undefined,
      country: undefined,
    },
    async () => {},
  );
}

async function makeLink(account: TestAccount, url: string) {
  return call("POST", "/api/v1/links", account, { url });
}

async function login(account: TestAccount) {
  return app.request("/api/v1/auth/login", {
    method: "POST",
    headers: json(),
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
}

async function guideIdsOf(path: string, as?: TestAccount): Promise<string[]> {
  const page = await ok(await call("GET", path, as), 200);
  return page.items.map((item: { id: string }) => item.id);
}

async function auditActions(): Promise<{ action: string; target: { id: string }; reason: string }[]> {
  return (await Audit.list(adminActor(), { limit: 200 })).items;
}

describe("suspending an account", () => {
  it("revokes sessions, refuses sign-in, hides guides everywhere, turns links into a 410 page, holds commissions; restore reverses it", async () => {
    const tag = `susp${randomUUID().slice(0, 8)}`;
    const guideId = await publishGuide(creator, { tags: [tag] });
    await poller.drain();
    expect(await guideIdsOf(`/api/v1/tags/${tag}/guides`)).toContain(guideId);
    expect(await guideIdsOf("/api/v1/feed", follower)).toContain(guideId);

    const clickId = await clickFor(creator, brand);
    const conversion = await ok(
      await postConversion(brand.id, secret, {
        orderId: `o-${randomUUID()}`,
        amount: 10_000,
        currency: "USD",
        occurredAt: Clock.now().toISOString(),
        clickId,
      }),
      201,
    );
    expect(conversion.commission.status).toBe("pending");
    const link = await ok(await makeLink(creator, "https://shop.example/suspended-tee"), 201);
    expect((await visit(link.code)).status).toBe(302);

    // Non-admins may neither look up nor suspend.
    expect((await call("GET", `/api/v1/admin/accounts?handle=${creator.handle}`, follower)).status).toBe(403);
    const refused = await call("POST", `/api/v1/admin/accounts/${creator.id}/suspend`, creator, {
      reason: "x",
    });
    expect(refused.status).toBe(403);
    expect(
      (await call("POST", `/api/v1/admin/accounts/${admin.id}/suspend`, admin, { reason: "x" })).status,
    ).toBe(422);

    const found = await ok(await call("GET", `/api/v1/admin/accounts?handle=${creator.handle}`, admin), 200);
    expect(found).toMatchObject({ userId: creator.id, handle: creator.handle, suspendedAt: null });
    const suspended = await ok(
      await call("POST", `/api/v1/admin/accounts/${creator.id}/suspend`, admin, {
        reason: "Counterfeit goods",
      }),
      200,
    );
    expect(suspended.suspendedAt).toEqual(expect.any(String));
    const twice = await call("POST", `/api/v1/admin/accounts/${creator.id}/suspend`, admin, {
      reason: "again",
    });
    expect(twice.status).toBe(409);
    expect(await errorCode(twice)).toBe("account_already_suspended");

    // Sessions revoked; signing in answers 403 account_suspended; the storefront is gone at once.
    expect((await call("GET", "/api/v1/me", creator)).status).toBe(401);
    const signIn = await login(creator);
    expect(signIn.status).toBe(403);
    expect(await errorCode(signIn)).toBe("account_suspended");
    expect((await call("GET", `/api/v1/creators/${creator.handle}`, undefined)).status).toBe(404);

    // The sweep hides guides, switches links off and holds pending commissions.
    await runJob("account-sweeps");
    await poller.drain();
    expect((await call("GET", `/api/v1/guides/${guideId}`, follower)).status).toBe(404);
    expect(await guideIdsOf(`/api/v1/tags/${tag}/guides`)).not.toContain(guideId);
    expect(await guideIdsOf("/api/v1/feed", follower)).not.toContain(guideId);
    const gone = await visit(link.code);
    expect(gone.status).toBe(410);
    expect(gone.headers.location).toBeUndefined();
    expect(gone.body).toContain("no longer available");
    expect(gone.body).toContain("suspended");
    const held = await ok(await call("GET", `/api/v1/conversions/${conversion.id}`, brand.owner), 200);
    expect(held.commission.status).toBe("held");

    const entries = await auditActions();
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: "account_suspended",
        target: { type: "account", id: creator.id },
        reason: "Counterfeit goods",
      }),
    );

    // Restore: sign-in, storefront, guides and links come back; the commission stays held for review.
    expect(
      (await call("POST", `/api/v1/admin/accounts/${creator.id}/restore`, follower, { reason: "x" })).status,
    ).toBe(403);
    const restored = await ok(
      await call("POST", `/api/v1/admin/accounts/${creator.id}/restore`, admin, { reason: "Appeal upheld" }),
      200,
    );
    expect(restored.suspendedAt).toBeNull();
    const notSuspended = await call("POST", `/api/v1/admin/accounts/${creator.id}/restore`, admin, {
      reason: "x",
    });
    expect(await errorCode(notSuspended)).toBe("account_not_suspended");
    expect((await login(creator)).status).toBe(200);
    expect((await call("GET", `/api/v1/creators/${creator.handle}`, undefined)).status).toBe(200);
    await runJob("account-sweeps");
    await poller.drain();
    expect((await call("GET", `/api/v1/guides/${guideId}`, follower)).status).toBe(200);
    expect(await guideIdsOf(`/api/v1/tags/${tag}/guides`)).toContain(guideId);
    const storefront = await ok(await call("GET", `/api/v1/creators/${creator.handle}`, undefined), 200);
    expect(JSON.stringify(storefront)).toContain(guideId);
    expect((await visit(link.code)).status).toBe(302);
    const still = await ok(await call("GET", `/api/v1/conversions/${conversion.id}`, brand.owner), 200);
    expect(still.commission.status).toBe("held");
    expect(await auditActions()).toContainEqual(
      expect.objectContaining({ action: "account_restored", target: { type: "account", id: creator.id } }),
    );
  });
});

describe("the suspension sweep", () => {
  it("works a page at a time and resumes from its checkpoint on the next run", async () => {
    const other = await signUp("creator");
    const guideId = await publishGuide(other);
    const link = await ok(await makeLink(other, "https://shop.example/resumed"), 201);
    await ok(
      await call("POST", `/api/v1/admin/accounts/${other.id}/suspend`, admin, { reason: "Spam" }),
      200,
    );

    // A run with no time to spare still does one page: the guides, then stops before the links.
    expect(await Suspension.runSweeps({ budgetMs: 0 })).toBe(0);
    expect((await call("GET", `/api/v1/guides/${guideId}`, undefined)).status).toBe(404);
    expect((await visit(link.code)).status).toBe(302);
    // The next run resumes at the links; the one after walks the commissions and finishes.
    expect(await Suspension.runSweeps({ budgetMs: 0 })).toBe(0);
    expect((await visit(link.code)).status).toBe(410);
    expect(await Suspension.runSweeps({ budgetMs: 0 })).toBe(1);
    expect(await Suspension.runSweeps({ budgetMs: 0 })).toBe(0);
  });
});

describe("suspension and an admin's hiding share one write", () => {
  it("keeps a guide an admin hid hidden through suspend and restore, and an admin can restore a draft the sweep hid", async () => {
    const other = await signUp("creator");
    const hiddenByAdmin = await publishGuide(other);
    const created = await ok(await call("POST", "/api/v1/guides", other, guideInput()), 201);
    const draftId: string = created.id;
    await ok(
      await call("POST", `/api/v1/admin/guides/${hiddenByAdmin}/hide`, admin, { reason: "Spam" }),
      200,
    );
    await ok(
      await call("POST", `/api/v1/admin/accounts/${other.id}/suspend`, admin, { reason: "Fraud" }),
      200,
    );
    await runJob("account-sweeps");
    // The sweep hid the draft and left the admin's hiding (and its reason) as it was: hiding twice is refused.
    const again = await call("POST", `/api/v1/admin/guides/${draftId}/hide`, admin, { reason: "x" });
    expect(await errorCode(again)).toBe("guide_hidden");

    await ok(
      await call("POST", `/api/v1/admin/accounts/${other.id}/restore`, admin, { reason: "Appeal" }),
      200,
    );
    await runJob("account-sweeps");
    // Restoring the account unhides only what the suspension hid: the admin's hiding stays.
    expect((await call("GET", `/api/v1/guides/${hiddenByAdmin}`, undefined)).status).toBe(404);
    expect((await ok(await call("GET", `/api/v1/admin/guides/${draftId}`, admin), 200)).hidden).toBe(false);

    // A draft hidden by a suspension that is still on: an admin restores it one by one (no publish time to compare).
    await ok(
      await call("POST", `/api/v1/admin/accounts/${other.id}/suspend`, admin, { reason: "Again" }),
      200,
    );
    await runJob("account-sweeps");
    await ok(
      await call("POST", `/api/v1/admin/guides/${draftId}/restore`, admin, { reason: "Draft is fine" }),
      200,
    );
    expect((await ok(await call("GET", `/api/v1/admin/guides/${draftId}`, admin), 200)).hidden).toBe(false);
  });
});

describe("blocked domains", () => {
  it("stops links to the domain and its subdomains with a 410 saying why, refuses new ones, and unblocking restores them", async () => {
    const domain = `blocked-${randomUUID().slice(0, 8)}.example`;
    const maker = await signUp("creator");
    const before = await ok(await makeLink(maker, `https://shop.${domain}/p/1`), 201);
    expect((await visit(before.code)).status).toBe(302);

    expect((await call("POST", "/api/v1/admin/domains/blocked", maker, { domain, reason: "x" })).status).toBe(
      403,
    );
    const blocked = await ok(
      await call("POST", "/api/v1/admin/domains/blocked", admin, {
        domain: domain.toUpperCase(),
        reason: "Phishing",
      }),
      201,
    );
    expect(blocked).toMatchObject({ domain, reason: "Phishing", blockedBy: admin.handle });
    const again = await call("POST", "/api/v1/admin/domains/blocked", admin, { domain, reason: "Phishing" });
    expect(await errorCode(again)).toBe("domain_already_blocked");
    const bad = await call("POST", "/api/v1/admin/domains/blocked", admin, {
      domain: "not a domain",
      reason: "x",
    });
    expect(bad.status).toBe(422);

    const gone = await visit(before.code);
    expect(gone.status).toBe(410);
    expect(gone.body).toContain(`Links to ${domain} have been blocked`);
    for (const url of [`https://${domain}/x`, `https://deep.sub.${domain}/x`]) {
      const refused = await makeLink(maker, url);
      expect(refused.status).toBe(422);
      expect(await errorCode(refused)).toBe("domain_blocked");
    }
    expect((await makeLink(maker, `https://not${domain}/x`)).status).toBe(201);

    const listed = await ok(await call("GET", "/api/v1/admin/domains/blocked", admin), 200);
    expect(listed.items.map((item: { domain: string }) => item.domain)).toContain(domain);
    expect((await call("GET", "/api/v1/admin/domains/blocked", maker)).status).toBe(403);

    const unblocked = await app.request(`/api/v1/admin/domains/blocked/${domain}?reason=False%20alarm`, {
      method: "DELETE",
      headers: admin.auth,
    });
    expect(unblocked.status).toBe(204);
    const missing = await app.request(`/api/v1/admin/domains/blocked/${domain}`, {
      method: "DELETE",
      headers: admin.auth,
    });
    expect(await errorCode(missing)).toBe("domain_block_not_found");
    expect((await visit(before.code)).status).toBe(302);
    expect((await makeLink(maker, `https://${domain}/x`)).status).toBe(201);

    const entries = await auditActions();
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: "domain_blocked",
        target: { type: "domain", id: domain },
        reason: "Phishing",
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: "domain_unblocked",
        target: { type: "domain", id: domain },
        reason: "False alarm",
      }),
    );
  });
});
