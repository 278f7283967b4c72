import { Mail } from "@shopguide/core/mail";
import { describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp, signUpAdmin } from "../../../../tests/fixtures/accounts";
import { app } from "./app";

const advance = (headers: Record<string, string>, body: unknown = { advanceSeconds: 60 }) =>
  app.request("/api/dev/clock", { method: "POST", headers: json(headers), body: JSON.stringify(body) });

describe("the dev clock (local only)", () => {
  it("answers only a platform admin, and checks the caller before the body", async () => {
    const creator = await signUp("creator");
    const admin = await signUpAdmin();

    for (const [who, headers, status, code] of [
      ["anonymous", {}, 401, "unauthorized"],
      ["a creator", creator.auth, 403, "role_required"],
    ] as const) {
      const moved = await advance(headers);
      expect(moved.status, who).toBe(status);
      expect(await errorCode(moved), who).toBe(code);
      const read = await app.request("/api/dev/clock", { headers });
      expect(read.status, who).toBe(status);
      // A malformed body from someone who may not call it still learns only that they may not.
      expect((await advance(headers, { advanceSeconds: "soon" })).status, who).toBe(status);
    }

    const before = Date.parse(
      (await readJson(await app.request("/api/dev/clock", { headers: admin.auth }))).now,
    );
    const moved = await advance(admin.auth, { advanceSeconds: 3_600 });
    expect(moved.status).toBe(200);
    expect(Date.parse((await readJson(moved)).now) - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await advance(admin.auth, { advanceSeconds: "soon" })).status).toBe(422);
  });
});

describe("the dev mail catcher (local only)", () => {
  it("lists what the SMTP catcher received for an address, to admins only", async () => {
    const creator = await signUp("creator");
    const admin = await signUpAdmin();
    const to = "Someone.Else@Example.test";
    const mail = Mail.render({ subject: "Ping", greeting: "Hi,", paragraphs: ["Body."], footer: "F." });
    await Mail.send({ ...mail, to, eventId: `dev-test:${Date.now()}`, transactional: true });

    const path = `/api/dev/mail?to=${encodeURIComponent(to)}`;
    for (const [who, headers, status, code] of [
      ["anonymous", {}, 401, "unauthorized"],
      ["a creator", creator.auth, 403, "role_required"],
    ] as const) {
      const read = await app.request(path, { headers });
      expect(read.status, who).toBe(status);
      expect(await errorCode(read), who).toBe(code);
    }
    const read = await app.request(path, { headers: admin.auth });
    expect(read.status).toBe(200);
    const { items } = await readJson(read);
    expect(items).toEqual([
      {
        to: "someone.else@example.test",
        subject: "Ping · shopguide",
        text: expect.stringContaining("Body."),
        html: expect.stringContaining("<p>Body.</p>"),
        at: expect.any(String),
        headers: {},
      },
    ]);
    expect((await app.request("/api/dev/mail?to=not-an-email", { headers: admin.auth })).status).toBe(422);
  });
});
