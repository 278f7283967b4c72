import { Link } from "@shopguide/core/link";
import { describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { app } from "./app";

const createLink = (auth: Record<string, string>, body: unknown) =>
  app.request("/api/v1/links", { method: "POST", headers: json(auth), body: JSON.stringify(body) });

describe("POST /links", () => {
  it("makes a short link for a creator, and answers the same link again with 200", async () => {
    const creator = await signUp("creator");
    const body = { url: "https://shop.example/item?id=7#top", guideId: "gde_1", utm: { source: "sg" } };
    const first = await createLink(creator.auth, body);
    expect(first.status).toBe(201);
    const link = await readJson(first);
    expect(link.code).toMatch(/^[0-9A-Za-z]{7,10}$/);
    expect(link.shortUrl).toBe(`http://localhost:3000/r/${link.code}`);
    expect(link).toMatchObject({ url: body.url, creatorId: creator.id, guideId: "gde_1", disabled: false });

    const again = await createLink(creator.auth, body);
    expect(again.status).toBe(200);
    expect((await readJson(again)).code).toBe(link.code);

    const otherGuide = await createLink(creator.auth, { ...body, guideId: "gde_2" });
    expect(otherGuide.status).toBe(201);
    expect((await readJson(otherGuide)).code).not.toBe(link.code);
  });

  it("gives 30 concurrent identical requests exactly one link", async () => {
    const creator = await signUp("creator");
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => createLink(creator.auth, { url: "https://shop.example/race" })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(29);
    const codes = new Set(await Promise.all(answers.map(async (answer) => (await readJson(answer)).code)));
    expect(codes.size).toBe(1);
  });

  it("lets the guides capability ensure a link in one idempotent call", async () => {
    const creator = await signUp("creator");
    const input = {
      creatorId: creator.id,
      url: "https://shop.example/p/1",
      guideId: "gde_x",
      productId: "prd_1",
    };
    const [a, b] = await Promise.all([Link.ensure(input), Link.ensure(input)]);
    expect(a.link.code).toBe(b.link.code);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await expect(Link.ensure({ ...input, url: "http://10.0.0.5/" })).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "url", message: expect.any(String) }],
    });
  });

  it.each([
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["loopback", "http://127.0.0.1/admin"],
    ["private 10/8", "http://10.0.0.5/"],
    ["userinfo", "http://user:pw@host.example/"],
    ["private 192.168/16", "https://192.168.1.1/"],
    ["private 172.16/12", "http://172.20.3.4/"],
    ["link-local metadata", "http://169.254.169.254/latest/meta-data"],
    ["decimal loopback", "http://2130706433/"],
    ["hex loopback", "http://0x7f.0.0.1/"],
    ["IPv6 loopback", "http://[::1]/"],
    ["IPv4-mapped IPv6", "http://[::ffff:10.0.0.5]/"],
    ["IPv6 unique local", "http://[fd00::1]/"],
    ["IPv6 link-local", "http://[fe80::1]/"],
    ["localhost", "http://localhost:3000/"],
    ["ftp", "ftp://files.example/"],
    ["relative", "/r/abc"],
    ["too long", `https://shop.example/${"a".repeat(2048)}`],
  ])("rejects a %s destination with 422", async (_case, url) => {
    const creator = await signUp("creator");
    const response = await createLink(creator.auth, { url });
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((issue: { path: string }) => issue.path)).toContain("url");
  });

  it.each([
    ["anonymous", undefined, 401, "unauthorized"],
    ["a follower", "follower", 403, "role_required"],
    ["a brand", "brand", 403, "role_required"],
  ] as const)("refuses %s", async (_case, role, status, code) => {
    const auth = role ? (await signUp(role)).auth : {};
    const response = await createLink(auth, { url: "https://shop.example/" });
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });
});

describe("GET and PATCH /links", () => {
  it("lists only my links, newest first, with their clicks", async () => {
    const [mine, theirs] = await Promise.all([signUp("creator"), signUp("creator")]);
    await createLink(mine.auth, { url: "https://shop.example/1" });
    await createLink(mine.auth, { url: "https://shop.example/2" });
    await createLink(theirs.auth, { url: "https://shop.example/3" });
    const response = await app.request("/api/v1/links", { headers: mine.auth });
    expect(response.status).toBe(200);
    const { items: links } = await readJson(response);
    expect(links.map((link: { url: string }) => link.url)).toEqual([
      "https://shop.example/2",
      "https://shop.example/1",
    ]);
    expect(links[0].clicks).toEqual({ humanClicks: 0, botClicks: 0, duplicateClicks: 0 });
  });

  it("pages my links 50 at a time behind a cursor bound to my list; no link is left out", async () => {
    const [mine, theirs] = await Promise.all([signUp("creator"), signUp("creator")]);
    const total = Link.LINKS_PAGE + 1;
    for (let index = 0; index < total; index++)
      await Link.ensure({ creatorId: mine.id, url: `https://shop.example/many/${index}` });
    await Link.ensure({ creatorId: theirs.id, url: "https://shop.example/theirs" });
    const list = (auth: Record<string, string>, cursor?: string) =>
      app.request(`/api/v1/links${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: auth });
    const first = await readJson(await list(mine.auth));
    expect(first.items).toHaveLength(Link.LINKS_PAGE);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await readJson(await list(mine.auth, first.nextCursor));
    expect(second).toMatchObject({ nextCursor: null });
    const urls = [...first.items, ...second.items].map((link: { url: string }) => link.url);
    expect(new Set(urls)).toEqual(
      new Set(Array.from({ length: total }, (_, index) => `https://shop.example/many/${index}`)),
    );
    // My cursor does not page anyone else's list.
    const foreign = await list(theirs.auth, first.nextCursor);
    expect(foreign.status).toBe(400);
    expect(await errorCode(foreign)).toBe("cursor_invalid");
  });

  it("disables, re-enables and re-tags my link, and hides others' links behind 404", async () => {
    const [owner, stranger] = await Promise.all([signUp("creator"), signUp("creator")]);
    const { code } = await readJson(await createLink(owner.auth, { url: "https://shop.example/x" }));
    const patch = (auth: Record<string, string>, target: string, body: unknown) =>
      app.request(`/api/v1/links/${target}`, {
        method: "PATCH",
        headers: json(auth),
        body: JSON.stringify(body),
      });

    const disabled = await patch(owner.auth, code, { disabled: true, utm: { campaign: "spring" } });
    expect(disabled.status).toBe(200);
    expect(await readJson(disabled)).toMatchObject({ disabled: true, utm: { campaign: "spring" } });
    const enabled = await readJson(await patch(owner.auth, code, { disabled: false, utm: null }));
    expect(enabled.disabled).toBe(false);
    expect(enabled.utm).toBeUndefined();

    const cases: [Record<string, string>, string, unknown, number, string][] = [
      [stranger.auth, code, { disabled: true }, 404, "link_not_found"],
      [owner.auth, "nope!", { disabled: true }, 404, "link_not_found"],
      [owner.auth, "ZZZZZZZZ", { disabled: true }, 404, "link_not_found"],
      [owner.auth, code, {}, 422, "validation_failed"],
      [owner.auth, code, { utm: { source: "has space" } }, 422, "validation_failed"],
    ];
    for (const [auth, target, body, status, errorName] of cases) {
      const response = await patch(auth, target, body);
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(errorName);
    }
  });
});

describe("stats routes", () => {
  it("answers empty stats in the documented shape", async () => {
    const creator = await signUp("creator");
    const { code } = await readJson(await createLink(creator.auth, { url: "https://shop.example/s" }));
    const response = await app.request(`/api/v1/links/${code}/stats?interval=hour`, {
      headers: creator.auth,
    });
    expect(response.status).toBe(200);
    const stats = await readJson(response);
    expect(stats.totals).toEqual({ humanClicks: 0, botClicks: 0, duplicateClicks: 0 });
    expect(stats.series).toHaveLength(48);
    expect(stats.series[0]).toMatchObject({ humanClicks: 0 });
    expect(stats.breakdowns).toEqual({ referrer: [], device: [], country: [], browser: [] });
    const me = await app.request("/api/v1/me/stats", { headers: creator.auth });
    expect((await readJson(me)).series).toHaveLength(7);
  });

  it.each([
    ["an unknown interval", "?interval=week", 422, "validation_failed"],
    ["a malformed from", "?from=yesterday", 422, "validation_failed"],
    ["from after to", "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", 422, "validation_failed"],
    [
      "too many hours",
      "?interval=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z",
      422,
      "validation_failed",
    ],
  ])("answers %s (%s) with %i", async (_case, query, status, code) => {
    const creator = await signUp("creator");
    const response = await app.request(`/api/v1/me/stats${query}`, { headers: creator.auth });
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  it("keeps another creator's link stats and followers out", async () => {
    const [owner, stranger, follower] = await Promise.all([
      signUp("creator"),
      signUp("creator"),
      signUp("follower"),
    ]);
    const { code } = await readJson(await createLink(owner.auth, { url: "https://shop.example/p" }));
    expect((await app.request(`/api/v1/links/${code}/stats`, { headers: stranger.auth })).status).toBe(404);
    expect((await app.request(`/api/v1/links/${code}/stats`, { headers: follower.auth })).status).toBe(403);
    expect((await app.request("/api/v1/me/stats", { headers: follower.auth })).status).toBe(403);
  });
});
