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
