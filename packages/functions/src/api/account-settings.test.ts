import { Account } from "@shopguide/core/account";
import { Clock } from "@shopguide/core/util/clock";
import { describe, expect, it } from "vitest";
import {
  errorCode,
  json,
  mailTo,
  readJson,
  signUp,
  type TestAccount,
  tokenFromMail,
} from "../../../../tests/fixtures/accounts";
import {
  addMember,
  call,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  postConversion,
} from "../../../../tests/fixtures/commerce";
import { guideInput, publishGuide } from "../../../../tests/fixtures/guides";
import { app } from "./app";

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: json(headers),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const me = (account: { auth: Record<string, string> }) =>
  app.request("/api/v1/me", { headers: account.auth });
const login = (email: string, password: string) => send("POST", "/api/v1/auth/login", { email, password });
const signUpAs = (handle: string, email = `${handle}-${Date.now()}@example.test`) =>
  send("POST", "/api/v1/auth/signup", {
    email,
    handle,
    password: "correct horse battery",
    displayName: "Someone else",
    role: "creator",
  });
const fresh = "an entirely new passphrase";

describe("change password", () => {
  it.each([
    [
      "a wrong current password",
      { currentPassword: "not my password", newPassword: fresh },
      401,
      "password_incorrect",
      "currentPassword",
    ],
    ["no current password", { newPassword: fresh }, 422, "validation_failed", "currentPassword"],
    [
      "a short new password",
      { currentPassword: "correct horse battery", newPassword: "short" },
      422,
      "validation_failed",
      "newPassword",
    ],
    [
      "a guessable new password",
      { currentPassword: "correct horse battery", newPassword: "password1234" },
      422,
      "weak_password",
      "newPassword",
    ],
    [
      "the same password",
      { currentPassword: "correct horse battery", newPassword: "correct horse battery" },
      422,
      "validation_failed",
      "newPassword",
    ],
  ])("refuses %s, naming the field", async (_case, body, status, code, field) => {
    const follower = await signUp("follower");
    const response = await send("POST", "/api/v1/me/password", body, follower.auth);
    expect(response.status).toBe(status);
    const { error } = await readJson(response);
    expect(error.code).toBe(code);
    expect(error.details.map((detail: { path: string }) => detail.path)).toContain(field);
    expect((await login(follower.email, follower.password)).status).toBe(200);
  });

  it("needs a session", async () => {
    const response = await send("POST", "/api/v1/me/password", { currentPassword: "x", newPassword: fresh });
    expect(response.status).toBe(401);
  });

  it("sets the new password, signs out every other session, keeps this one, and mails a notice", async () => {
    const follower = await signUp("follower");
    const other = await readJson(await login(follower.email, follower.password));
    const changed = await send(
      "POST",
      "/api/v1/me/password",
      { currentPassword: follower.password, newPassword: fresh },
      follower.auth,
    );
    expect(changed.status).toBe(200);
    expect(await readJson(changed)).toEqual({ revoked: 1 });
    expect((await me({ auth: { authorization: `Bearer ${other.token}` } })).status).toBe(401);
    expect((await me(follower)).status).toBe(200);
    expect((await login(follower.email, follower.password)).status).toBe(401);
    expect((await login(follower.email, fresh)).status).toBe(200);
    expect((await mailTo(follower.email))[0].subject).toBe("Your password was changed · shopguide");
  });
});

describe("change email", () => {
  const newEmailToken = (email: string) => tokenFromMail(email, /Confirm your new email/);

  it("mails a link to the new address; opening it swaps the address, confirmed, and tells the old one", async () => {
    const follower = await signUp("follower", { verified: false });
    const newEmail = `moved-${follower.handle}@example.test`;
    const asked = await send(
      "POST",
      "/api/v1/me/email",
      { newEmail, password: follower.password },
      follower.auth,
    );
    expect(asked.status).toBe(202);
    expect(await readJson(asked)).toEqual({ pendingEmail: newEmail });
    expect((await readJson(await me(follower))).email).toBe(follower.email);
    const [mail] = await mailTo(newEmail);
    expect(mail.text).toMatch(/\/settings\?token=[A-Za-z0-9_-]{43}/);
    const token = await newEmailToken(newEmail);

    const confirmed = await send("POST", "/api/v1/me/email/confirm", { token });
    expect(confirmed.status).toBe(200);
    expect((await readJson(confirmed)).user).toMatchObject({ email: newEmail, emailVerified: true });
    expect(await readJson(await me(follower))).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await mailTo(follower.email))[0].subject).toBe("Your email was changed · shopguide");
    expect((await login(newEmail, follower.password)).status).toBe(200);
    expect((await login(follower.email, follower.password)).status).toBe(401);

    const again = await send("POST", "/api/v1/me/email/confirm", { token });
    expect(again.status).toBe(400);
    expect(await errorCode(again)).toBe("token_invalid");
    // The old address is free again.
    expect((await signUpAs(`reuse_${follower.handle}`.slice(0, 30), follower.email)).status).toBe(201);
  });

  it.each([
    [
      "a wrong password",
      (a: TestAccount) => ({ newEmail: `x-${a.handle}@example.test`, password: "nope" }),
      401,
      "password_incorrect",
    ],
    [
      "the current address",
      (a: TestAccount) => ({ newEmail: a.email, password: a.password }),
      422,
      "validation_failed",
    ],
    [
      "not an email",
      (a: TestAccount) => ({ newEmail: "not-an-email", password: a.password }),
      422,
      "validation_failed",
    ],
  ])("refuses %s", async (_case, body, status, code) => {
    const follower = await signUp("follower");
    const response = await send("POST", "/api/v1/me/email", body(follower), follower.auth);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  it("refuses a taken address when asked, and again when a link races another account to it", async () => {
    const [first, second, holder] = [
      await signUp("follower"),
      await signUp("follower"),
      await signUp("follower"),
    ];
    const taken = await send(
      "POST",
      "/api/v1/me/email",
      { newEmail: holder.email, password: first.password },
      first.auth,
    );
    expect(taken.status).toBe(409);
    expect(await errorCode(taken)).toBe("email_taken");

    const contested = `contested-${first.handle}@example.test`;
    await send("POST", "/api/v1/me/email", { newEmail: contested, password: first.password }, first.auth);
    const firstToken = await newEmailToken(contested);
    await send("POST", "/api/v1/me/email", { newEmail: contested, password: second.password }, second.auth);
    const secondToken = await newEmailToken(contested);
    expect(secondToken).not.toBe(firstToken);
    expect((await send("POST", "/api/v1/me/email/confirm", { token: secondToken })).status).toBe(200);
    const lost = await send("POST", "/api/v1/me/email/confirm", { token: firstToken });
    expect(lost.status).toBe(409);
    expect(await errorCode(lost)).toBe("email_taken");
    expect((await readJson(await me(first))).email).toBe(first.email);
  });

  it("stops working after 24 hours by the platform clock", async () => {
    const follower = await signUp("follower");
    const newEmail = `late-${follower.handle}@example.test`;
    await send("POST", "/api/v1/me/email", { newEmail, password: follower.password }, follower.auth);
    const token = await newEmailToken(newEmail);
    Clock.advance(86_401);
    const late = await send("POST", "/api/v1/me/email/confirm", { token });
    expect(late.status).toBe(400);
    expect(await errorCode(late)).toBe("token_expired");
    expect((await readJson(await me(follower))).email).toBe(follower.email);
  });
});

describe("display name and handle", () => {
  it("changes the display name", async () => {
    const follower = await signUp("follower");
    const response = await send("PATCH", "/api/v1/me", { displayName: "  Maya R.  " }, follower.auth);
    expect(response.status).toBe(200);
    expect((await readJson(response)).displayName).toBe("Maya R.");
  });

  it.each([
    ["a reserved handle", { handle: "settings" }, 422, "validation_failed"],
    ["a malformed handle", { handle: "no spaces!" }, 422, "validation_failed"],
    ["nothing", {}, 422, "validation_failed"],
  ])("refuses %s", async (_case, body, status, code) => {
    const creator = await signUp("creator");
    const response = await send("PATCH", "/api/v1/me", body, creator.auth);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  it("names the reserved rule with its own code, at signup too", async () => {
    const creator = await signUp("creator");
    const changed = await readJson(await send("PATCH", "/api/v1/me", { handle: "admin" }, creator.auth));
    expect(changed.error.details).toEqual([
      { path: "handle", message: expect.any(String), code: "handle_reserved" },
    ]);
    const signup = await signUpAs("search");
    expect(signup.status).toBe(422);
    expect((await readJson(signup)).error.details[0]).toMatchObject({
      path: "handle",
      code: "handle_reserved",
    });
  });

  it("refuses a taken handle", async () => {
    const [creator, other] = [await signUp("creator"), await signUp("creator")];
    const response = await send("PATCH", "/api/v1/me", { handle: other.handle }, creator.auth);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("handle_taken");
  });

  it("claims the new handle; the old one redirects for 30 days (platform clock), then is free", async () => {
    const creator = await signUp("creator");
    const guideId = await publishGuide(creator);
    const old = creator.handle;
    const renamed = `new_${old}`.slice(0, 30);
    const changed = await send("PATCH", "/api/v1/me", { handle: renamed.toUpperCase() }, creator.auth);
    expect(changed.status).toBe(200);
    expect((await readJson(changed)).handle).toBe(renamed);

    const redirect = await app.request(`/api/v1/creators/${old}?limit=5`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe(`/api/v1/creators/${renamed}?limit=5`);
    const storefront = await readJson(await app.request(`/api/v1/creators/${renamed}`));
    expect(storefront.profile.handle).toBe(renamed);
    // Guides carry their creator's handle: it moved with the account.
    expect((await readJson(await app.request(`/api/v1/guides/${guideId}`))).creator.handle).toBe(renamed);
    // Nobody else may take the old handle while it redirects; its owner may take it back.
    const squatter = await signUpAs(old);
    expect(squatter.status).toBe(409);
    expect(await errorCode(squatter)).toBe("handle_taken");

    Clock.advance(30 * 86_400 + 1);
    expect((await app.request(`/api/v1/creators/${old}`)).status).toBe(404);
    expect((await signUpAs(old)).status).toBe(201);
  });

  it("lets the owner take an old handle back while it is theirs", async () => {
    const creator = await signUp("creator");
    const old = creator.handle;
    await send("PATCH", "/api/v1/me", { handle: `b_${old}`.slice(0, 30) }, creator.auth);
    const back = await send("PATCH", "/api/v1/me", { handle: old }, creator.auth);
    expect(back.status).toBe(200);
    expect((await app.request(`/api/v1/creators/${old}`)).status).toBe(200);
  });
});

describe("follower → creator", () => {
  it("upgrades once, idempotently, and the session keeps working with the new role", async () => {
    const follower = await signUp("follower", { verified: true });
    expect((await send("POST", "/api/v1/guides", guideInput(), follower.auth)).status).toBe(403);
    const upgraded = await send("POST", "/api/v1/me/upgrade", { to: "creator" }, follower.auth);
    expect(upgraded.status).toBe(200);
    expect((await readJson(upgraded)).role).toBe("creator");
    expect((await send("POST", "/api/v1/me/upgrade", { to: "creator" }, follower.auth)).status).toBe(200);
    expect((await readJson(await me(follower))).role).toBe("creator");
    expect((await app.request(`/api/v1/creators/${follower.handle}`)).status).toBe(200);
  });

  it("refuses a brand account and any other target", async () => {
    const brand = await signUp("brand");
    const refused = await send("POST", "/api/v1/me/upgrade", { to: "creator" }, brand.auth);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe("role_required");
    const follower = await signUp("follower");
    expect((await send("POST", "/api/v1/me/upgrade", { to: "admin" }, follower.auth)).status).toBe(422);
  });
});

describe("download my data", () => {
  it("answers my own data as a JSON attachment, each section bounded", async () => {
    const [creator, follower] = [await signUp("creator"), await signUp("follower")];
    await send("PUT", `/api/v1/creators/${creator.handle}/follow`, undefined, follower.auth);
    const response = await app.request("/api/v1/me/export", { headers: follower.auth });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="shopguide-${follower.handle}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    const data = await readJson(response);
    expect(data.account).toMatchObject({ id: follower.id, email: follower.email });
    expect(data.following).toEqual({ items: [{ creatorId: creator.id }], complete: true });
    for (const section of [
      "guides",
      "links",
      "saved",
      "liked",
      "groupbuys",
      "commissions",
      "statements",
      "notifications",
    ])
      expect(data[section]).toMatchObject({ items: expect.any(Array), complete: true });
    expect(JSON.stringify(data)).not.toContain(creator.email);
    expect((await app.request("/api/v1/me/export")).status).toBe(401);
  });
});

describe("delete my account", () => {
  it.each([
    ["a wrong password", { password: "nope", confirm: "DELETE" }, 401, "password_incorrect"],
    ["no confirmation", { password: "correct horse battery" }, 422, "validation_failed"],
    ["another word", { password: "correct horse battery", confirm: "delete" }, 422, "validation_failed"],
  ])("refuses %s and keeps the account", async (_case, body, status, code) => {
    const follower = await signUp("follower");
    const response = await send("POST", "/api/v1/me/delete", body, follower.auth);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
    expect((await me(follower)).status).toBe(200);
  });

  it("signs out everywhere, refuses logins, frees the email, holds the handle 30 days, drops follows", async () => {
    const [creator, follower] = [await signUp("creator"), await signUp("follower")];
    await send("PUT", `/api/v1/creators/${creator.handle}/follow`, undefined, follower.auth);
    const other = await readJson(await login(follower.email, follower.password));
    const deleted = await send(
      "POST",
      "/api/v1/me/delete",
      { password: follower.password, confirm: "DELETE" },
      follower.auth,
    );
    expect(deleted.status).toBe(204);
    expect((await me(follower)).status).toBe(401);
    expect((await me({ auth: { authorization: `Bearer ${other.token}` } })).status).toBe(401);
    expect((await login(follower.email, follower.password)).status).toBe(401);
    expect((await mailTo(follower.email))[0].subject).toBe("Your account was deleted · shopguide");
    const storefront = await readJson(await app.request(`/api/v1/creators/${creator.handle}`));
    expect(storefront.profile.followerCount).toBe(0);

    expect((await signUpAs(`x_${follower.handle}`.slice(0, 30), follower.email)).status).toBe(201);
    expect(await errorCode(await signUpAs(follower.handle))).toBe("handle_taken");
    Clock.advance(30 * 86_400 + 1);
    expect((await signUpAs(follower.handle)).status).toBe(201);
  });

  it("keeps a creator's money records under a pseudonym, and refuses while money is still owed", async () => {
    const brand = await createBrand();
    const { secret } = await createSecret(brand, "api");
    const campaign = await createCampaign(brand, { holdDays: 30 });
    const creator = await enrolledCreator(campaign.id, "DELME10");
    const order = {
      orderId: `o-${creator.id}`,
      amount: 10_000,
      currency: "USD",
      occurredAt: Clock.now().toISOString(),
    };
    const conversion = await readJson(
      await postConversion(brand.id, secret, { ...order, couponCode: "DELME10" }),
    );
    expect(conversion.commission.amount.amount).toBe(1000);
    const guideId = await publishGuide(creator);

    const owed = await send(
      "POST",
      "/api/v1/me/delete",
      { password: creator.password, confirm: "DELETE" },
      creator.auth,
    );
    expect(owed.status).toBe(409);
    expect(await errorCode(owed)).toBe("unpaid_balance");

    await postConversion(brand.id, secret, {
      type: "refund",
      orderId: order.orderId,
      refundId: "re-all",
      refundAmount: 10_000,
      currency: "USD",
    });
    const deleted = await send(
      "POST",
      "/api/v1/me/delete",
      { password: creator.password, confirm: "DELETE" },
      creator.auth,
    );
    expect(deleted.status).toBe(204);

    const pseudonym = Account.pseudonymOf(creator.id);
    expect(pseudonym).toMatch(/^deleted-user-[0-9a-f]{12}$/);
    const receipt = await readJson(await call("GET", `/api/v1/conversions/${conversion.id}`, brand.owner));
    expect(receipt).toMatchObject({
      id: conversion.id,
      amount: { amount: 10_000 },
      creatorHandle: pseudonym,
    });
    expect(JSON.stringify(receipt)).not.toContain(creator.handle);
    expect(JSON.stringify(receipt)).not.toContain(creator.email);
    expect((await app.request(`/api/v1/creators/${creator.handle}`)).status).toBe(404);
    expect((await app.request(`/api/v1/guides/${guideId}`)).status).toBe(404);
  });
  it("removes a deleted account's brand memberships, and refuses the last admin until they hand the brand over", async () => {
    const brand = await createBrand();
    const [viewer, admin] = [await signUp("brand"), await signUp("brand")];
    await addMember(brand, viewer, "viewer");
    const ids = async () =>
      (await readJson(await call("GET", `/api/v1/brands/${brand.id}/members`, brand.owner))).items.map(
        (member: { userId: string }) => member.userId,
      );
    expect(await ids()).toContain(viewer.id);
    const deleteAs = (account: TestAccount) =>
      send("POST", "/api/v1/me/delete", { password: account.password, confirm: "DELETE" }, account.auth);

    // A viewer's membership goes with the account.
    expect((await deleteAs(viewer)).status).toBe(204);
    expect(await ids()).not.toContain(viewer.id);

    // The owner is the brand's only admin: refused, nothing removed, and told what to do.
    const refused = await deleteAs(brand.owner);
    expect(refused.status).toBe(409);
    const body = await readJson(refused);
    expect(body.error.code).toBe("last_brand_admin");
    expect(body.error.details).toEqual({ brandIds: [brand.id] });
    expect((await me(brand.owner)).status).toBe(200);
    expect(await ids()).toContain(brand.owner.id);

    // With another admin, the owner may go; the brand keeps its admin.
    await addMember(brand, admin, "admin");
    expect((await deleteAs(brand.owner)).status).toBe(204);
    const left = await readJson(await call("GET", `/api/v1/brands/${brand.id}/members`, admin));
    expect(left.items.map((member: { userId: string }) => member.userId)).toEqual([admin.id]);
  });
});
