import { describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { app } from "./app";

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: "POST", headers: json(headers), body: JSON.stringify(body) });

const signupBody = (overrides: Record<string, unknown> = {}) => ({
  email: `user-${Math.random().toString(36).slice(2)}@example.test`,
  password: "long enough password",
  handle: `h_${Math.random().toString(36).slice(2, 12)}`,
  displayName: "Someone",
  role: "follower",
  ...overrides,
});

describe("signup", () => {
  it("creates the account, sets an HttpOnly session cookie and returns a token", async () => {
    const response = await post(
      "/api/v1/auth/signup",
      signupBody({ handle: "Mixed_Case", email: "MiXed@Example.test" }),
    );
    expect(response.status).toBe(201);
    const body = await readJson(response);
    expect(body.user).toMatchObject({ handle: "mixed_case", email: "mixed@example.test", role: "follower" });
    expect(body.user.id).toMatch(/^usr_[0-9A-Z]{26}$/);
    expect(body.user).not.toHaveProperty("passwordHash");
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^sg_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it.each([
    ["email", { email: "dup@example.test" }, { email: "DUP@example.test" }, "email_taken"],
    ["handle", { handle: "taken_handle" }, { handle: "TAKEN_handle" }, "handle_taken"],
  ])("answers 409 when the %s is taken, whatever its case", async (_field, first, second, code) => {
    expect((await post("/api/v1/auth/signup", signupBody(first))).status).toBe(201);
    const response = await post("/api/v1/auth/signup", signupBody(second));
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe(code);
  });

  it.each([
    ["password", { password: "12345" }],
    ["email", { email: "not-an-email" }],
    ["handle", { handle: "ab" }],
    ["handle", { handle: "has space" }],
    ["displayName", { displayName: "" }],
    ["role", { role: "admin" }],
  ])("answers 422 naming %s when it is invalid", async (field, override) => {
    const response = await post("/api/v1/auth/signup", signupBody(override));
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((issue: { path: string }) => issue.path)).toContain(field);
  });

  it.each([
    ["ten of one letter", "aaaaaaaaaa", {}],
    ["ten spaces", "          ", {}],
    ["a common password", "password1234", {}],
    ["the handle and a year", "zoe_walker2026", { handle: "zoe_walker", displayName: "Zoe Walker" }],
  ])("refuses %s with 422 weak_password naming the field and saying why", async (_label, password, about) => {
    const response = await post("/api/v1/auth/signup", signupBody({ password, ...about }));
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.error.code).toBe("weak_password");
    expect(body.error.message).toMatch(/too easy to guess\. \S/);
    expect(body.error.details).toEqual([{ path: "password", message: body.error.message }]);
  });

  it("lets exactly one of 100 concurrent signups with the same handle through", async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => post("/api/v1/auth/signup", signupBody({ handle: "contested" }))),
    );
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(99);
  });
});

describe("login", () => {
  it("signs in with the right password, case-insensitively on email", async () => {
    const account = await signUp("creator");
    const response = await post("/api/v1/auth/login", {
      email: account.email.toUpperCase(),
      password: account.password,
    });
    expect(response.status).toBe(200);
    const { token } = await readJson(response);
    const me = await app.request("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect((await readJson(me)).handle).toBe(account.handle);
  });

  it("gives a wrong password and an unknown email the same 401", async () => {
    const account = await signUp("follower");
    const wrong = await post("/api/v1/auth/login", { email: account.email, password: "not the password" });
    const unknown = await post("/api/v1/auth/login", {
      email: "nobody@example.test",
      password: "not the password",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await readJson(wrong)).toEqual(await readJson(unknown));
  });

  it("answers the 11th attempt on one account within a minute with 429 and Retry-After", async () => {
    const account = await signUp("follower");
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await post("/api/v1/auth/login", { email: account.email, password: "wrong password" });
      expect(response.status).toBe(401);
    }
    const blocked = await post("/api/v1/auth/login", { email: account.email, password: account.password });
    expect(blocked.status).toBe(429);
    expect((await readJson(blocked)).error.code).toBe("rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("sessions", () => {
  it.each([
    ["no session", {}],
    ["a tampered token", { authorization: "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }],
    ["a malformed token", { authorization: "Bearer not-a-token" }],
    ["a tampered cookie", { cookie: "sg_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }],
  ])("/me with %s is 401", async (_case, headers) => {
    const response = await app.request("/api/v1/me", { headers });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("unauthorized");
  });

  it("accepts the session cookie and revokes it on logout", async () => {
    const account = await signUp("creator");
    const cookie = `sg_session=${account.token}`;
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(200);
    const logout = await app.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie, origin: "http://localhost" },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.get("set-cookie")).toMatch(/sg_session=;/);
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(401);
    expect((await app.request("/api/v1/me", { headers: account.auth })).status).toBe(401);
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }, 403],
    ["a foreign Referer", { referer: "https://evil.example/page" }, 403],
    ["neither Origin nor Referer", {}, 403],
    // Only configured origins (here http://web.test) and the site's own: never the Vite dev server's
    // unless `npm run dev` configures it, nor near misses of a configured one.
    ["the dev server's Origin, not configured", { origin: "http://localhost:5173" }, 403],
    ["the dev server's Referer, not configured", { referer: "http://localhost:5173/account" }, 403],
    ["a configured origin on another port", { origin: "http://web.test:8080" }, 403],
    ["a configured origin over https instead of http", { origin: "https://web.test" }, 403],
    ["a look-alike of a configured origin", { origin: "http://web.test.evil.example" }, 403],
    ["an opaque Origin (null)", { origin: "null" }, 403],
    ["the site's own Origin", { origin: "http://localhost" }, 204],
    ["a configured web origin", { origin: "http://web.test" }, 204],
    ["the site's own Referer", { referer: "http://localhost/account" }, 204],
  ])("a cookie-authenticated state change with %s answers %i", async (_case, headers, status) => {
    const account = await signUp("follower");
    const response = await app.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie: `sg_session=${account.token}`, ...headers },
    });
    expect(response.status).toBe(status);
    if (status === 403) expect(await errorCode(response)).toBe("origin_mismatch");
  });

  it("does not ask Bearer clients for an Origin", async () => {
    const account = await signUp("follower");
    const response = await app.request("/api/v1/auth/logout", { method: "POST", headers: account.auth });
    expect(response.status).toBe(204);
  });
});

describe("conventions", () => {
  it.each([
    [
      "malformed JSON",
      { method: "POST", headers: json(), body: "{nope" },
      "/api/v1/auth/login",
      400,
      "malformed_request",
    ],
    [
      "an oversized body",
      { method: "POST", headers: json(), body: JSON.stringify({ email: "x".repeat(300_000) }) },
      "/api/v1/auth/login",
      413,
      "payload_too_large",
    ],
    ["an unknown route", { method: "GET" }, "/api/v1/nope", 404, "route_not_found"],
  ])("answers %s with a JSON error", async (_case, init, path, status, code) => {
    const response = await app.request(path, init);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await errorCode(response)).toBe(code);
  });

  it("puts a request id on every response", async () => {
    const response = await app.request("/api/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("allows CORS only for the web origin", async () => {
    const preflight = (origin: string) =>
      app.request("/api/v1/me", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET" },
      });
    expect((await preflight("http://web.test")).headers.get("access-control-allow-origin")).toBe(
      "http://web.test",
    );
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});
