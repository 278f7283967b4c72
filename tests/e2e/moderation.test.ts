import { Audit } from "@shopguide/core/audit";
import { Clock } from "@shopguide/core/util/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, readJson, signUp, signUpAdmin, type TestAccount } from "../fixtures/accounts";
import { createBrand } from "../fixtures/commerce";
import { guideInput } from "../fixtures/guides";
import { startServer, type TestServer } from "../fixtures/server";

/**
 * Moderation over real HTTP with the stream drained as Lambda would: reports and their rules, the admin
 * queue, hiding a guide from every public surface (and its author's republish), restoring it, badges, and
 * the audit log every admin action writes (read as JSON and as CSV).
 */

let server: TestServer;
let admin: TestAccount;

beforeAll(async () => {
  server = await startServer();
  admin = await signUpAdmin();
});

afterAll(async () => {
  await server?.stop();
});

async function call(method: string, path: string, account?: TestAccount, body?: unknown) {
  return fetch(`${server.url}${path}`, {
    method,
    headers: json(account?.auth ?? {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function expectError(response: Response, status: number, code: string) {
  expect({ status: response.status, code: (await readJson(response)).error?.code }).toEqual({ status, code });
}

async function publish(author: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await call("POST", "/api/v1/guides", author, guideInput(overrides));
  expect(created.status).toBe(201);
  const { id } = await readJson(created);
  expect((await call("POST", `/api/v1/guides/${id}/publish`, author)).status).toBe(200);
  return id;
}

const report = (reporter: TestAccount, target: { type: string; id: string }, reason = "spam") =>
  call("POST", "/api/v1/reports", reporter, { target, reason, note: "Looks like a copy of a scam shop" });

async function auditEntries(): Promise<
  { action: string; target: { type: string; id: string }; reason: string; actorId: string; at: string }[]
> {
  const response = await call("GET", "/api/v1/admin/audit", admin);
  expect(response.status).toBe(200);
  return (await readJson(response)).items;
}

describe("reports", () => {
  it("takes one open report per person and item, and refuses unknown items", async () => {
    const creator = await signUp("creator");
    const guideId = await publish(creator);
    const reader = await signUp("follower");
    const first = await report(reader, { type: "guide", id: guideId });
    expect(first.status).toBe(201);
    expect(await readJson(first)).toMatchObject({
      target: { type: "guide", id: guideId },
      reason: "spam",
      status: "open",
    });
    await expectError(await report(reader, { type: "guide", id: guideId }, "scam"), 409, "report_exists");
    await expectError(
      await report(reader, { type: "guide", id: "gde_01J00000000000000000000000" }),
      404,
      "report_target_not_found",
    );
    await expectError(
      await report(reader, { type: "card", id: `${guideId}:7` }),
      404,
      "report_target_not_found",
    );
    expect((await report(reader, { type: "card", id: `${guideId}:0` })).status).toBe(201);
    expect((await report(reader, { type: "creator", id: creator.id })).status).toBe(201);
    await expectError(
      await report(reader, { type: "creator", id: reader.id }),
      404,
      "report_target_not_found",
    );
    await expectError(
      await call("POST", "/api/v1/reports", undefined, {
        target: { type: "guide", id: guideId },
        reason: "spam",
      }),
      401,
      "unauthorized",
    );
    await expectError(
      await call("POST", "/api/v1/reports", reader, {
        target: { type: "guide", id: guideId },
        reason: "boring",
      }),
      422,
      "validation_failed",
    );
  });

  it("keeps admin routes to admins", async () => {
    const someone = await signUp("creator");
    for (const [method, path, body] of [
      ["GET", "/api/v1/admin/reports"],
      ["POST", "/api/v1/admin/reports/guide:gde_01J00000000000000000000000/dismiss", { reason: "fine" }],
      ["POST", "/api/v1/admin/guides/gde_01J00000000000000000000000/hide", { reason: "spam" }],
      ["POST", "/api/v1/admin/guides/gde_01J00000000000000000000000/restore", { reason: "ok" }],
      ["PUT", `/api/v1/admin/creators/${someone.handle}/verified`, { verified: true }],
      ["PUT", "/api/v1/admin/brands/brd_01J00000000000000000000000/verified", { verified: true }],
      ["GET", "/api/v1/admin/audit"],
      ["GET", "/api/v1/admin/audit/export"],
    ] as const) {
      const response = await call(method, path, someone, body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect((await call(method, path, undefined, body)).status).toBe(401);
    }
  });

  it("queues reported items with their count, and a dismiss closes them (audited)", async () => {
    const creator = await signUp("creator");
    const guideId = await publish(creator, { title: "Dismissable guide" });
    const readers = await Promise.all([signUp("follower"), signUp("follower")]);
    for (const [index, reader] of readers.entries())
      expect((await report(reader, { type: "guide", id: guideId }, index ? "scam" : "spam")).status).toBe(
        201,
      );
    const queue = await readJson(await call("GET", "/api/v1/admin/reports?status=open", admin));
    const entry = queue.items.find((item: { id: string }) => item.id === `guide:${guideId}`);
    expect(entry).toMatchObject({
      openCount: 2,
      reasons: ["scam", "spam"],
      label: "Dismissable guide",
      hidden: false,
    });

    const dismissed = await call("POST", `/api/v1/admin/reports/guide:${guideId}/dismiss`, admin, {
      reason: "Not a scam: the shop is real",
    });
    expect(dismissed.status).toBe(200);
    await expectError(
      await call("POST", `/api/v1/admin/reports/guide:${guideId}/dismiss`, admin, { reason: "again" }),
      409,
      "report_closed",
    );
    const after = await readJson(await call("GET", "/api/v1/admin/reports", admin));
    expect(after.items.map((item: { id: string }) => item.id)).not.toContain(`guide:${guideId}`);
    // Closed reports free their reporters to report the item again.
    expect((await report(readers[0] as TestAccount, { type: "guide", id: guideId })).status).toBe(201);
    expect((await auditEntries())[0]).toMatchObject({
      action: "report_dismissed",
      target: { type: "report", id: `guide:${guideId}` },
      reason: "Not a scam: the shop is real",
      actorId: admin.id,
    });
  });
});

describe("hiding a guide", () => {
  it("takes it off every public surface, keeps it for its author, and restoring brings it back", async () => {
    const creator = await signUp("creator");
    const follower = await signUp("follower");
    expect((await call("PUT", `/api/v1/creators/${creator.handle}/follow`, follower)).status).toBe(200);
    const tag = `hide-${Date.now().toString(36)}`;
    const guideId = await publish(creator, { title: "To be hidden", tags: [tag] });
    await server.drainStream();

    const ids = async (path: string, account?: TestAccount): Promise<string[]> => {
      const response = await call("GET", path, account);
      expect(response.status).toBe(200);
      const body = await readJson(response);
      return (body.items ?? body.guides.items).map((item: { id: string }) => item.id);
    };
    const surfaces = async () => ({
      storefront: (await ids(`/api/v1/creators/${creator.handle}`)).includes(guideId),
      tag: (await ids(`/api/v1/tags/${tag}/guides`)).includes(guideId),
      feed: (await ids("/api/v1/feed", follower)).includes(guideId),
    });
    expect(await surfaces()).toEqual({ storefront: true, tag: true, feed: true });
    expect((await report(follower, { type: "guide", id: guideId })).status).toBe(201);

    const hidden = await call("POST", `/api/v1/admin/guides/${guideId}/hide`, admin, {
      reason: "Counterfeit goods",
    });
    expect(hidden.status).toBe(200);
    expect(await readJson(hidden)).toMatchObject({ id: guideId, hidden: true });
    await expectError(
      await call("POST", `/api/v1/admin/guides/${guideId}/hide`, admin, { reason: "twice" }),
      409,
      "guide_hidden",
    );
    // Read before the stream runs: the storefront and the feed already leave it out.
    expect((await surfaces()).storefront).toBe(false);
    expect((await surfaces()).feed).toBe(false);
    await server.drainStream();
    expect(await surfaces()).toEqual({ storefront: false, tag: false, feed: false });
    await expectError(await call("GET", `/api/v1/guides/${guideId}`), 404, "guide_not_found");
    await expectError(await call("GET", `/api/v1/guides/${guideId}`, follower), 404, "guide_not_found");
    await expectError(await call("PUT", `/api/v1/guides/${guideId}/like`, follower), 404, "guide_not_found");

    const own = await call("GET", `/api/v1/guides/${guideId}`, creator);
    expect(own.status).toBe(200);
    expect(await readJson(own)).toMatchObject({ hidden: true, status: "published" });
    expect((await call("POST", `/api/v1/guides/${guideId}/unpublish`, creator)).status).toBe(200);
    await expectError(await call("POST", `/api/v1/guides/${guideId}/publish`, creator), 409, "guide_hidden");
    // Hiding resolved the guide's open reports.
    const queue = await readJson(await call("GET", "/api/v1/admin/reports", admin));
    expect(queue.items.map((item: { id: string }) => item.id)).not.toContain(`guide:${guideId}`);

    const restored = await call("POST", `/api/v1/admin/guides/${guideId}/restore`, admin, {
      reason: "Appeal upheld",
    });
    expect(restored.status).toBe(200);
    await expectError(
      await call("POST", `/api/v1/admin/guides/${guideId}/restore`, admin, { reason: "twice" }),
      409,
      "guide_not_hidden",
    );
    expect((await call("POST", `/api/v1/guides/${guideId}/publish`, creator)).status).toBe(200);
    await server.drainStream();
    expect(await surfaces()).toEqual({ storefront: true, tag: true, feed: true });
    expect((await call("GET", `/api/v1/guides/${guideId}`)).status).toBe(200);

    const entries = await auditEntries();
    expect(entries.slice(0, 2)).toMatchObject([
      {
        action: "guide_restored",
        target: { type: "guide", id: guideId },
        reason: "Appeal upheld",
        actorId: admin.id,
      },
      {
        action: "guide_hidden",
        target: { type: "guide", id: guideId },
        reason: "Counterfeit goods",
        actorId: admin.id,
      },
    ]);
    expect(entries[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("restores a guide hidden while published straight back to its place", async () => {
    const creator = await signUp("creator");
    const guideId = await publish(creator);
    expect(
      (await call("POST", `/api/v1/admin/guides/${guideId}/hide`, admin, { reason: "Spam" })).status,
    ).toBe(200);
    await expectError(await call("GET", `/api/v1/guides/${guideId}`), 404, "guide_not_found");
    expect(
      (await call("POST", `/api/v1/admin/guides/${guideId}/restore`, admin, { reason: "Mistake" })).status,
    ).toBe(200);
    expect((await call("GET", `/api/v1/guides/${guideId}`)).status).toBe(200);
    const storefront = await readJson(await call("GET", `/api/v1/creators/${creator.handle}`));
    expect(storefront.guides.items.map((item: { id: string }) => item.id)).toContain(guideId);
    await expectError(
      await call("POST", "/api/v1/admin/guides/gde_01J00000000000000000000000/hide", admin, { reason: "x" }),
      404,
      "guide_not_found",
    );
  });
});

describe("badges and the audit log", () => {
  it("grants and revokes creator and brand badges, each audited, and exports the log as CSV", async () => {
    const creator = await signUp("creator");
    const granted = await call("PUT", `/api/v1/admin/creators/${creator.handle}/verified`, admin, {
      verified: true,
      reason: "Identity checked",
    });
    expect(await readJson(granted)).toMatchObject({ verified: true });
    const brand = await createBrand();
    const brandGranted = await call("PUT", `/api/v1/admin/brands/${brand.id}/verified`, admin, {
      verified: true,
      reason: "Trademark owner",
    });
    expect(brandGranted.status).toBe(200);
    expect(await readJson(brandGranted)).toMatchObject({ id: brand.id, verified: true });
    expect(
      (
        await call("PUT", `/api/v1/admin/brands/${brand.id}/verified`, admin, {
          verified: false,
          reason: "Lapsed",
        })
      ).status,
    ).toBe(200);
    const entries = await auditEntries();
    expect(entries.slice(0, 3)).toMatchObject([
      { action: "badge_revoked", target: { type: "brand", id: brand.id }, reason: "Lapsed" },
      { action: "badge_granted", target: { type: "brand", id: brand.id }, reason: "Trademark owner" },
      { action: "badge_granted", target: { type: "creator", id: creator.id }, reason: "Identity checked" },
    ]);

    const exported = await call("GET", "/api/v1/admin/audit/export", admin);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await exported.text()).trim().split("\r\n");
    expect(lines[0]).toBe("at,actor_id,actor_handle,action,target_type,target_id,reason,entry_id");
    expect(lines[1]).toContain(`,badge_revoked,brand,${brand.id},Lapsed,`);
    expect(lines.length - 1).toBeGreaterThanOrEqual(entries.length);
  });
});

describe("the audit log across months", () => {
  // Last in the file: the platform clock only moves forward.
  it("pages newest first from this month's partition into the months before it", async () => {
    const creator = await signUp("creator");
    const reasons = ["first month", "second month", "third month"];
    for (const [index, reason] of reasons.entries()) {
      if (index > 0) Clock.advance(40 * 86_400);
      // Sessions do not outlive 40 days: a fresh admin each time.
      const acting = await signUpAdmin();
      const verified = index % 2 === 0;
      expect(
        (await call("PUT", `/api/v1/admin/creators/${creator.handle}/verified`, acting, { verified, reason }))
          .status,
      ).toBe(200);
    }
    const actor = { kind: "user" as const, userId: admin.id, handle: admin.handle, role: "admin" as const };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await Audit.list(actor, { cursor, limit: 1 });
      seen.push(...page.items.map((entry) => entry.reason));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 3);
    expect(seen).toEqual(["third month", "second month", "first month"]);
    await expect(Audit.list(actor, { cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "cursor_invalid",
    });
  });
});
