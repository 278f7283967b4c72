import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "@shopguide/core/dynamo";
import { Clock } from "@shopguide/core/util/clock";
import { createId } from "@shopguide/core/util/id";
import { beforeAll, describe, expect, it } from "vitest";
import {
  errorCode,
  type Json,
  manyAccounts,
  readJson,
  signUp,
  type TestAccount,
} from "../../../../tests/fixtures/accounts";
import {
  addMember,
  call,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  type TestBrand,
} from "../../../../tests/fixtures/commerce";

let brandA: TestBrand;
let brandB: TestBrand;
let viewerA: TestAccount;
let adminA: TestAccount;
let campaignB: { id: string };
let conversionB: string;
let secretB: { id: string; secret: string };
let creator: TestAccount;
let otherCreator: TestAccount;

beforeAll(async () => {
  brandA = await createBrand();
  brandB = await createBrand();
  viewerA = await signUp("brand");
  adminA = await signUp("follower");
  await addMember(brandA, viewerA, "viewer");
  await addMember(brandA, adminA, "admin");
  campaignB = await createCampaign(brandB);
  creator = await enrolledCreator(campaignB.id, "BCODE");
  otherCreator = await signUp("creator");
  secretB = await createSecret(brandB, "api");
  const answer = await ok(
    await postConversion(brandB.id, secretB.secret, {
      orderId: "b-1",
      amount: 5_000,
      currency: "USD",
      couponCode: "BCODE",
      occurredAt: Clock.now().toISOString(),
    }),
    201,
  );
  conversionB = answer.id;
});

describe("brands", () => {
  it("makes the creating brand account the owner, and refuses other roles", async () => {
    const brands = await ok(await call("GET", "/api/v1/brands", brandA.owner), 200);
    expect(brands.items).toEqual([expect.objectContaining({ id: brandA.id, role: "owner" })]);
    const follower = await signUp("follower");
    const refused = await call("POST", "/api/v1/brands", follower, {
      name: "X",
      domains: ["x.example.com"],
      currency: "USD",
    });
    expect(refused.status).toBe(403);
  });

  it.each([
    ["a domain with a scheme", { domains: ["https://x.example.com"] }, "domains.0"],
    ["no domains", { domains: [] }, "domains"],
    ["a bad currency", { currency: "dollars" }, "currency"],
  ])("answers 422 for %s", async (_case, override, path) => {
    const response = await call("POST", "/api/v1/brands", brandA.owner, {
      name: "X",
      domains: ["x.example.com"],
      currency: "USD",
      ...override,
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(
      (body as { error: { details: { path: string }[] } }).error.details.map((issue) => issue.path),
    ).toContain(path);
  });

  it("keeps a catalogue by hand and by CSV, with prices in exact minor units", async () => {
    await ok(
      await call("POST", `/api/v1/brands/${brandA.id}/products`, brandA.owner, {
        sku: "TEE-1",
        name: "Tee",
        price: { amount: 2500, currency: "USD" },
      }),
      201,
    );
    const csv = 'sku,name,price,returnWindowDays\nTEE-1,"Tee, organic",26.50,14\nCAP-1,Cap,9.9,\n';
    expect(
      await ok(await call("POST", `/api/v1/brands/${brandA.id}/products/import`, brandA.owner, { csv }), 200),
    ).toEqual({ created: 1, updated: 1 });
    const products = await ok(await call("GET", `/api/v1/brands/${brandA.id}/products`, viewerA), 200);
    expect(
      products.items
        .map((product: { sku: string; name: string; price: { amount: number } }) => [
          product.sku,
          product.name,
          product.price.amount,
        ])
        .sort(),
    ).toEqual([
      ["CAP-1", "Cap", 990],
      ["TEE-1", "Tee, organic", 2650],
    ]);
    const bad = await call("POST", `/api/v1/brands/${brandA.id}/products/import`, brandA.owner, {
      csv: "sku,name,price\nX,Y,1.234\n",
    });
    expect(bad.status).toBe(422);
  });

  it("refuses a product priced in another currency than the brand's, by hand, by update and by CSV", async () => {
    const created = await call("POST", `/api/v1/brands/${brandA.id}/products`, brandA.owner, {
      sku: "EUR-1",
      name: "Euro tee",
      price: { amount: 2500, currency: "EUR" },
    });
    expect(created.status).toBe(422);
    expect(await readJson(created)).toMatchObject({
      error: { code: "product_currency_mismatch", details: [{ path: "price.currency" }] },
    });

    const product = await ok(
      await call("POST", `/api/v1/brands/${brandA.id}/products`, brandA.owner, {
        sku: "USD-1",
        name: "Dollar tee",
        price: { amount: 2500, currency: "USD" },
      }),
      201,
    );
    const updated = await call("PATCH", `/api/v1/brands/${brandA.id}/products/${product.id}`, brandA.owner, {
      price: { amount: 2500, currency: "GBP" },
    });
    expect(updated.status).toBe(422);
    expect(await errorCode(updated)).toBe("product_currency_mismatch");

    const imported = await call("POST", `/api/v1/brands/${brandA.id}/products/import`, brandA.owner, {
      csv: "sku,name,price,currency\nOK-1,Fine,1.00,USD\nEUR-2,Euro cap,9.90,EUR\n",
    });
    expect(imported.status).toBe(422);
    expect((await readJson(imported)).error.details).toEqual([
      expect.objectContaining({ path: "line 3.currency", code: "product_currency_mismatch" }),
    ]);
    const skus = (
      await ok(await call("GET", `/api/v1/brands/${brandA.id}/products`, viewerA), 200)
    ).items.map((item: { sku: string }) => item.sku);
    expect(skus).not.toContain("OK-1");
    expect(skus).not.toContain("EUR-2");
  });
});

describe("a member of brand A cannot read or change brand B", () => {
  it.each([
    ["read the brand", "GET", () => `/api/v1/brands/${brandB.id}`, undefined],
    ["change the brand", "PATCH", () => `/api/v1/brands/${brandB.id}`, { name: "Mine" }],
    ["list its campaigns", "GET", () => `/api/v1/campaigns?brandId=${brandB.id}`, undefined],
    ["change a campaign", "PATCH", () => `/api/v1/campaigns/${campaignB.id}`, { name: "Mine" }],
    ["list enrollments", "GET", () => `/api/v1/campaigns/${campaignB.id}/enrollments`, undefined],
    [
      "approve an enrollment",
      "POST",
      () => `/api/v1/campaigns/${campaignB.id}/enrollments/${creator.handle}/approve`,
      undefined,
    ],
    ["list conversions", "GET", () => `/api/v1/brands/${brandB.id}/conversions`, undefined],
    ["read a receipt", "GET", () => `/api/v1/conversions/${conversionB}`, undefined],
    [
      "reject a conversion",
      "POST",
      () => `/api/v1/conversions/${conversionB}/reject`,
      { reason: "not ours" },
    ],
    ["list secrets", "GET", () => `/api/v1/brands/${brandB.id}/secrets`, undefined],
    ["create a secret", "POST", () => `/api/v1/brands/${brandB.id}/secrets`, { kind: "api" }],
    ["revoke a secret", "POST", () => `/api/v1/brands/${brandB.id}/secrets/${secretB.id}/revoke`, undefined],
    ["list products", "GET", () => `/api/v1/brands/${brandB.id}/products`, undefined],
    ["send a test conversion", "POST", () => `/api/v1/brands/${brandB.id}/conversions/test`, {}],
  ])("cannot %s (404)", async (_what, method, path, body) => {
    for (const member of [brandA.owner, viewerA]) {
      const response = await call(method, path(), member, body);
      expect(response.status).toBe(404);
    }
  });
});

describe("roles inside a brand", () => {
  it.each([
    ["create a secret", "POST", () => `/api/v1/brands/${brandA.id}/secrets`, () => ({ kind: "api" })],
    [
      "add a member",
      "POST",
      () => `/api/v1/brands/${brandA.id}/members`,
      () => ({ email: "someone@example.test", role: "viewer" }),
    ],
    [
      "add a product",
      "POST",
      () => `/api/v1/brands/${brandA.id}/products`,
      () => ({ sku: "V-1", name: "V", price: { amount: 1, currency: "USD" } }),
    ],
    [
      "create a campaign",
      "POST",
      () => "/api/v1/campaigns",
      () => ({
        brandId: brandA.id,
        type: "commission",
        name: "V",
        rule: { kind: "percent", bps: 100 },
        enrollment: "open",
      }),
    ],
  ])("a viewer cannot %s (403)", async (_what, method, path, body) => {
    const response = await call(method, path(), viewerA, body());
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("brand_role_required");
  });

  it("a viewer cannot revoke (rotate) a secret; an admin can", async () => {
    const secret = await createSecret(brandA, "api");
    expect(
      (await call("POST", `/api/v1/brands/${brandA.id}/secrets/${secret.id}/revoke`, viewerA)).status,
    ).toBe(403);
    expect(
      (await call("POST", `/api/v1/brands/${brandA.id}/secrets/${secret.id}/revoke`, adminA)).status,
    ).toBe(200);
  });

  it("a viewer can read conversions and secrets' hints", async () => {
    expect((await call("GET", `/api/v1/brands/${brandA.id}/conversions`, viewerA)).status).toBe(200);
    expect((await call("GET", `/api/v1/brands/${brandA.id}/secrets`, viewerA)).status).toBe(200);
  });
});

describe("creators see only their own earnings and receipts", () => {
  it("shows the credited creator the receipt and hides it from another creator", async () => {
    expect((await call("GET", `/api/v1/conversions/${conversionB}`, creator)).status).toBe(200);
    expect((await call("GET", `/api/v1/conversions/${conversionB}`, otherCreator)).status).toBe(404);
    expect((await call("GET", `/api/v1/conversions/${conversionB}`, undefined)).status).toBe(401);
  });

  it("totals only the caller's own commissions", async () => {
    const mine = await ok(await call("GET", "/api/v1/me/earnings", creator), 200);
    expect(mine.totals).toEqual([
      { currency: "USD", pending: 500, held: 0, approved: 0, reversed: 0, paid: 0 },
    ]);
    expect(mine.byCampaign).toEqual([expect.objectContaining({ campaignId: campaignB.id, pending: 500 })]);
    const theirs = await ok(await call("GET", "/api/v1/me/earnings", otherCreator), 200);
    expect(theirs).toEqual({ totals: [], byCampaign: [], items: [] });
    expect((await call("GET", "/api/v1/me/earnings", brandA.owner)).status).toBe(403);
  });
});

describe("campaigns and enrollment", () => {
  it("lists running campaigns for creators; approval-only ones wait for the brand", async () => {
    const gated = await createCampaign(brandA, {
      enrollment: "approval",
      name: "Gated",
      attributionWindowDays: 7,
    });
    const discoverable = await ok(await call("GET", "/api/v1/campaigns", otherCreator), 200);
    expect(discoverable.items.map((campaign: { id: string }) => campaign.id)).toContain(gated.id);
    const applied = await ok(
      await call("POST", `/api/v1/campaigns/${gated.id}/enrollments`, otherCreator, {}),
      201,
    );
    expect(applied.status).toBe("pending");
    expect((await call("POST", `/api/v1/campaigns/${gated.id}/enrollments`, otherCreator, {})).status).toBe(
      409,
    );
    const approved = await ok(
      await call(
        "POST",
        `/api/v1/campaigns/${gated.id}/enrollments/${otherCreator.handle}/approve`,
        brandA.owner,
      ),
      200,
    );
    expect(approved.status).toBe("approved");
    const follower = await signUp("follower");
    expect((await call("POST", `/api/v1/campaigns/${gated.id}/enrollments`, follower, {})).status).toBe(403);
  });

  it("pages a campaign's applications 50 at a time, and decides one on a later page by its handle", async () => {
    const gated = await createCampaign(brandA, { enrollment: "approval", name: "Crowded" });
    const applicants = await manyAccounts(53, "creator");
    for (const applicant of applicants)
      await ok(await call("POST", `/api/v1/campaigns/${gated.id}/enrollments`, applicant, {}), 201);
    const path = `/api/v1/campaigns/${gated.id}/enrollments`;
    const first = await ok(await call("GET", path, viewerA), 200);
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(
      await call("GET", `${path}?cursor=${encodeURIComponent(first.nextCursor)}`, viewerA),
      200,
    );
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeUndefined();
    const seen = [...first.items, ...second.items].map((entry: { handle: string }) => entry.handle);
    expect(new Set(seen)).toEqual(new Set(applicants.map((applicant) => applicant.handle)));

    const last = second.items[2].handle as string;
    const approved = await ok(await call("POST", `${path}/${last}/approve`, brandA.owner), 200);
    expect(approved).toMatchObject({ handle: last, status: "approved" });
    expect(await errorCode(await call("POST", `${path}/nobody_here/approve`, brandA.owner))).toBe(
      "enrollment_not_found",
    );
    // Someone who never applied is not found either, even though the account exists.
    expect(await errorCode(await call("POST", `${path}/${otherCreator.handle}/approve`, brandA.owner))).toBe(
      "enrollment_not_found",
    );
    expect(await errorCode(await call("GET", `${path}?cursor=forged`, viewerA))).toBe("cursor_invalid");
  });

  it.each([
    ["a window over 90 days", { attributionWindowDays: 91 }, "attributionWindowDays"],
    [
      "a flat amount in another currency",
      { rule: { kind: "flat", amount: { amount: 100, currency: "EUR" }, per: "order" } },
      "rule.amount",
    ],
    ["a rate over 100%", { rule: { kind: "percent", bps: 10_001 } }, "rule.bps"],
    ["a start in year 9999", { startsAt: "9999-01-01T00:00:00Z" }, "startsAt"],
    ["an end before 2000", { endsAt: "1970-01-01T00:00:00Z" }, "endsAt"],
    ["an unknown product", { productIds: ["prd_nope"] }, "productIds"],
  ])("refuses %s with 422", async (_case, override, path) => {
    const response = await call("POST", "/api/v1/campaigns", brandA.owner, {
      brandId: brandA.id,
      type: "commission",
      name: "Bad",
      rule: { kind: "percent", bps: 100 },
      enrollment: "open",
      ...override,
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((issue) => issue.path)).toContain(path);
  });
});

describe("brand member invitations", () => {
  const invite = (email: string, role = "viewer", by: TestAccount = brandA.owner) =>
    call("POST", `/api/v1/brands/${brandA.id}/members`, by, { email, role });
  const myInvitations = async (account: TestAccount) =>
    (await ok(await call("GET", "/api/v1/me/invitations", account), 200)).items as Json[];
  const isMember = async (account: TestAccount) =>
    (await call("GET", `/api/v1/brands/${brandA.id}`, account)).status === 200;

  it("answers the same for an email with an account and one without", async () => {
    const known = await signUp("follower");
    const answers = [];
    for (const email of [known.email, `nobody-${Date.now()}@example.test`]) {
      const response = await invite(email);
      const body = await response.json();
      answers.push({
        status: response.status,
        keys: Object.keys(body.invitation).sort(),
        status2: body.invitation.status,
      });
      expect(body.invitation).not.toHaveProperty("userId");
      expect(body.invitation).not.toHaveProperty("handle");
      expect(JSON.stringify(body)).not.toContain(known.id);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toMatchObject({ status: 202, status2: "pending" });
  });

  it("makes nobody a member until the invited account accepts", async () => {
    const invitee = await signUp("brand");
    const { invitation } = await ok(await invite(invitee.email.toUpperCase(), "admin"), 202);
    expect(invitation).toMatchObject({ email: invitee.email, role: "admin", status: "pending" });
    expect(await isMember(invitee)).toBe(false);
    const members = (await ok(await call("GET", `/api/v1/brands/${brandA.id}/members`, brandA.owner), 200))
      .items;
    expect(members.map((member: Json) => member.userId)).not.toContain(invitee.id);
    // The brand sees it pending; the invitee sees it too.
    const listed = (await ok(await call("GET", `/api/v1/brands/${brandA.id}/invitations`, adminA), 200))
      .items;
    expect(listed.find((entry: Json) => entry.id === invitation.id)).toMatchObject({ status: "pending" });
    expect((await myInvitations(invitee)).map((entry) => entry.id)).toEqual([invitation.id]);
    // Viewers do not see the brand's invitations.
    expect((await call("GET", `/api/v1/brands/${brandA.id}/invitations`, viewerA)).status).toBe(403);

    const accepted = await ok(
      await call("POST", `/api/v1/me/invitations/${invitation.id}/accept`, invitee),
      200,
    );
    expect(accepted.member).toMatchObject({ brandId: brandA.id, userId: invitee.id, role: "admin" });
    expect(await isMember(invitee)).toBe(true);
    // Single use: a second accept is refused.
    const again = await call("POST", `/api/v1/me/invitations/${invitation.id}/accept`, invitee);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("invitation_closed");
  });

  it("accepts an invitation however many newer ones the address has", async () => {
    const invitee = await signUp("brand");
    const { invitation } = await ok(await invite(invitee.email, "viewer"), 202);
    // 100 newer invitations to the same address (copies of the stored one from other brands): the first
    // page of the address's invitations no longer holds the one accepted.
    const stored = await dynamo().send(
      new GetCommand({
        TableName: tableName(),
        Key: { pk: `BRAND#${brandA.id}`, sk: `INVITE#${invitation.id}` },
      }),
    );
    for (let index = 0; index < 100; index++) {
      const id = createId("inv");
      const brandId = createId("brd");
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...stored.Item, pk: `BRAND#${brandId}`, sk: `INVITE#${id}`, gsi1sk: id, id, brandId },
        }),
      );
    }
    expect((await myInvitations(invitee)).map((entry) => entry.id)).not.toContain(invitation.id);
    await ok(await call("POST", `/api/v1/me/invitations/${invitation.id}/accept`, invitee), 200);
    expect(await isMember(invitee)).toBe(true);
  });

  it("lets only the account whose email it names accept or decline", async () => {
    const invitee = await signUp("brand");
    const stranger = await signUp("brand");
    const { invitation } = await ok(await invite(invitee.email), 202);
    for (const action of ["accept", "decline"]) {
      const response = await call("POST", `/api/v1/me/invitations/${invitation.id}/${action}`, stranger);
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe("invitation_not_found");
    }
    // Not even the brand's owner, nor the platform's admin-free path of the inviter.
    expect((await call("POST", `/api/v1/me/invitations/${invitation.id}/accept`, brandA.owner)).status).toBe(
      404,
    );
    expect(await isMember(stranger)).toBe(false);
    expect(await myInvitations(stranger)).toEqual([]);
    const declined = await ok(
      await call("POST", `/api/v1/me/invitations/${invitation.id}/decline`, invitee),
      200,
    );
    expect(declined.invitation.status).toBe("declined");
    expect((await call("POST", `/api/v1/me/invitations/${invitation.id}/accept`, invitee)).status).toBe(409);
    expect(await isMember(invitee)).toBe(false);
  });

  it("cannot be accepted once expired (7 days by the platform clock)", async () => {
    const invitee = await signUp("brand");
    const { invitation } = await ok(await invite(invitee.email), 202);
    expect(new Date(invitation.expiresAt).getTime() - new Date(invitation.createdAt).getTime()).toBe(
      7 * 86_400_000,
    );
    Clock.advance(7 * 86_400 + 60);
    expect((await myInvitations(invitee)).find((entry) => entry.id === invitation.id)?.status).toBe(
      "expired",
    );
    const response = await call("POST", `/api/v1/me/invitations/${invitation.id}/accept`, invitee);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("invitation_closed");
    expect(await isMember(invitee)).toBe(false);
  });

  it("can be revoked by the brand, after which it cannot be accepted", async () => {
    const invitee = await signUp("brand");
    const { invitation } = await ok(await invite(invitee.email), 202);
    const path = `/api/v1/brands/${brandA.id}/invitations/${invitation.id}`;
    expect((await call("DELETE", path, viewerA)).status).toBe(403);
    expect(
      (await call("DELETE", `/api/v1/brands/${brandB.id}/invitations/${invitation.id}`, brandB.owner)).status,
    ).toBe(404);
    const revoked = await ok(await call("DELETE", path, adminA), 200);
    expect(revoked.invitation.status).toBe("revoked");
    const response = await call("POST", `/api/v1/me/invitations/${invitation.id}/accept`, invitee);
    expect(response.status).toBe(409);
    expect(await isMember(invitee)).toBe(false);
    expect((await call("DELETE", path, adminA)).status).toBe(409);
  });

  it("lets only an owner invite an owner", async () => {
    const response = await invite("future-owner@example.test", "owner", adminA);
    expect(response.status).toBe(403);
    expect((await invite("future-owner@example.test", "owner")).status).toBe(202);
  });
});
