import { Clock } from "@shopguide/core/util/clock";
import { describe, expect, it } from "vitest";
import {
  errorCode,
  json,
  mailTo,
  readJson,
  signUp,
  tokenFromMail,
} from "../../../../tests/fixtures/accounts";
import { app } from "./app";

const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: "POST",
    headers: json(headers),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const me = async (headers: Record<string, string>) => app.request("/api/v1/me", { headers });
const login = (email: string, password: string) => post("/api/v1/auth/login", { email, password });
const verifyToken = (email: string) => tokenFromMail(email, /Confirm your email/);
const resetToken = (email: string) => tokenFromMail(email, /Reset your password/);

describe("email verification", () => {
  it("mails a link at signup whose token confirms the account, once", async () => {
    const follower = await signUp("follower");
    expect((await readJson(await me(follower.auth))).emailVerified).toBe(false);

    const [mail] = await mailTo(follower.email);
    expect(mail.subject).toBe("Confirm your email · shopguide");
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/verify-email\?token=[A-Za-z0-9_-]{43}/);
    expect(mail.headers).toEqual({}); // transactional: no unsubscribe
    const token = await verifyToken(follower.email);

    const verified = await post("/api/v1/auth/verify-email", { token });
    expect(verified.status).toBe(200);
    expect((await readJson(verified)).user).toMatchObject({ id: follower.id, emailVerified: true });
    expect((await readJson(await me(follower.auth))).emailVerified).toBe(true);

    const again = await post("/api/v1/auth/verify-email", { token });
    expect(again.status).toBe(400);
    expect(await errorCode(again)).toBe("token_invalid");
    const resend = await post("/api/v1/auth/verify-email/resend", undefined, follower.auth);
    expect(resend.status).toBe(409);
    expect(await errorCode(resend)).toBe("email_already_verified");
  });

  it.each([
    ["an unknown token", { token: "A".repeat(43) }, 400, "token_invalid"],
    ["a malformed token", { token: "short" }, 422, "validation_failed"],
    ["no token", {}, 422, "validation_failed"],
  ])("refuses %s", async (_case, body, status, code) => {
    const response = await post("/api/v1/auth/verify-email", body);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  it("refuses an expired link and resends a new one, with a limit per account", async () => {
    const follower = await signUp("follower");
    const first = await verifyToken(follower.email);
    Clock.advance(7 * 86_400 + 1);
    const expired = await post("/api/v1/auth/verify-email", { token: first });
    expect(expired.status).toBe(400);
    expect(await errorCode(expired)).toBe("token_expired");

    expect((await post("/api/v1/auth/verify-email/resend")).status).toBe(401);
    expect((await post("/api/v1/auth/verify-email/resend", undefined, follower.auth)).status).toBe(202);
    const second = await verifyToken(follower.email);
    expect(second).not.toBe(first);
    expect((await post("/api/v1/auth/verify-email", { token: second })).status).toBe(200);
  });

  it("is needed before creating a brand (403 email_unverified)", async () => {
    const owner = await signUp("brand", { verified: false });
    const body = { name: "Unverified Co", currency: "USD", domains: ["shop.example.com"] };
    const refused = await post("/api/v1/brands", body, owner.auth);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe("email_unverified");
    expect((await post("/api/v1/auth/verify-email", { token: await verifyToken(owner.email) })).status).toBe(
      200,
    );
    expect((await post("/api/v1/brands", body, owner.auth)).status).toBe(201);
  });
});

describe("password reset", () => {
  it("answers known and unknown emails alike and mails only the known one", async () => {
    const follower = await signUp("follower");
    const known = await post("/api/v1/auth/password-reset", { email: follower.email });
    const unknown = await post("/api/v1/auth/password-reset", { email: "nobody-here@example.test" });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    expect(await mailTo("nobody-here@example.test")).toEqual([]);
    const [mail] = await mailTo(follower.email);
    expect(mail.subject).toBe("Reset your password · shopguide");
    expect(mail.text).toMatch(/\/reset-password\?token=[A-Za-z0-9_-]{43}/);
  });

  it("sets the password once, signs every old session out, and keeps the link on a refused password", async () => {
    const follower = await signUp("follower");
    const second = await readJson(await login(follower.email, follower.password));
    await post("/api/v1/auth/password-reset", { email: follower.email });
    const token = await resetToken(follower.email);

    const weak = await post("/api/v1/auth/password-reset/confirm", { token, password: "password1234" });
    expect(weak.status).toBe(422);
    expect((await readJson(weak)).error).toMatchObject({
      code: "weak_password",
      details: [{ path: "password", message: expect.any(String) }],
    });
    const short = await post("/api/v1/auth/password-reset/confirm", { token, password: "short" });
    expect(short.status).toBe(422);
    expect((await readJson(short)).error.details[0].path).toBe("password");

    const fresh = "a brand new passphrase";
    expect((await post("/api/v1/auth/password-reset/confirm", { token, password: fresh })).status).toBe(204);
    expect((await me(follower.auth)).status).toBe(401);
    expect((await me({ authorization: `Bearer ${second.token}` })).status).toBe(401);
    expect((await login(follower.email, follower.password)).status).toBe(401);
    expect((await login(follower.email, fresh)).status).toBe(200);
    expect((await mailTo(follower.email))[0].subject).toBe("Your password was changed · shopguide");

    const reused = await post("/api/v1/auth/password-reset/confirm", {
      token,
      password: "yet another passphrase",
    });
    expect(reused.status).toBe(400);
    expect(await errorCode(reused)).toBe("token_invalid");
  });

  it("stops working after one hour by the platform clock", async () => {
    const follower = await signUp("follower");
    await post("/api/v1/auth/password-reset", { email: follower.email });
    const token = await resetToken(follower.email);
    Clock.advance(3601);
    const late = await post("/api/v1/auth/password-reset/confirm", {
      token,
      password: "a brand new passphrase",
    });
    expect(late.status).toBe(400);
    expect(await errorCode(late)).toBe("token_expired");
    expect((await login(follower.email, follower.password)).status).toBe(200);
  });

  it("does not take a verification token as a reset token", async () => {
    const follower = await signUp("follower");
    const token = await verifyToken(follower.email);
    const response = await post("/api/v1/auth/password-reset/confirm", {
      token,
      password: "a brand new passphrase",
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("token_invalid");
  });
});

describe("sessions", () => {
  it("lists my sessions and signs out everywhere else", async () => {
    const follower = await signUp("follower");
    const other = await readJson(await login(follower.email, follower.password));
    const otherAuth = { authorization: `Bearer ${other.token}` };
    expect((await app.request("/api/v1/me/sessions")).status).toBe(401);

    const listed = await readJson(await app.request("/api/v1/me/sessions", { headers: follower.auth }));
    expect(listed.items).toHaveLength(2);
    expect(listed.items.filter((session: { current: boolean }) => session.current)).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(follower.token);

    const revoked = await post("/api/v1/me/sessions/revoke-others", undefined, follower.auth);
    expect(await readJson(revoked)).toEqual({ revoked: 1 });
    expect((await me(otherAuth)).status).toBe(401);
    expect((await me(follower.auth)).status).toBe(200);
  });
});
