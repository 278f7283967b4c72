import { Clock } from "@shopguide/core/util/clock";
import { describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp, type TestAccount } from "../../../../tests/fixtures/accounts";
import { call, createBrand, ok } from "../../../../tests/fixtures/commerce";
import { guideInput, publishGuide } from "../../../../tests/fixtures/guides";
import { app } from "./app";

const send = (method: string, path: string, account?: TestAccount, body?: unknown) =>
  app.request(path, {
    method,
    headers: json(account?.auth ?? {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function draftBy(author: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await send("POST", "/api/v1/guides", author, guideInput(overrides));
  expect(response.status).toBe(201);
  return (await readJson(response)).id;
}

describe("creating a guide", () => {
  it("answers 201 with a draft, tags normalized and money in minor units", async () => {
    const creator = await signUp("creator");
    const response = await send(
      "POST",
      "/api/v1/guides",
      creator,
      guideInput({ tags: ["Camp Kitchen", "#camp-kitchen", "GEAR"] }),
    );
    expect(response.status).toBe(201);
    const guide = await readJson(response);
    expect(guide).toMatchObject({
      status: "draft",
      publishedAt: null,
      tags: ["camp-kitchen", "gear"],
      creator: { id: creator.id, handle: creator.handle },
    });
    expect(guide.id).toMatch(/^gde_[0-9A-Z]{26}$/);
    expect(guide.items[0].price).toEqual({ amount: 2990, currency: "USD" });
  });

  const card = guideInput().items[0];
  it.each([
    ["a javascript: product URL", { items: [{ ...card, url: "javascript:alert(1)" }] }, "items.0.url"],
    [
      "a data: image URL",
      { items: [{ ...card, imageUrl: "data:image/png;base64,AAAA" }] },
      "items.0.imageUrl",
    ],
    [
      "a URL with credentials",
      { items: [{ ...card, url: "https://user:pw@shop.example/x" }] },
      "items.0.url",
    ],
    ["a javascript: cover", { coverImageUrl: "javascript:alert(1)" }, "coverImageUrl"],
    ["no product cards", { items: [] }, "items"],
    ["31 product cards", { items: Array.from({ length: 31 }, () => card) }, "items"],
    ["11 tags", { tags: Array.from({ length: 11 }, (_, index) => `tag${index}`) }, "tags"],
    [
      "a fractional price",
      { items: [{ ...card, price: { amount: 29.9, currency: "USD" } }] },
      "items.0.price.amount",
    ],
    [
      "an unknown currency",
      { items: [{ ...card, price: { amount: 100, currency: "XYZ" } }] },
      "items.0.price.currency",
    ],
    ["an empty title", { title: "" }, "title"],
    ["a very long title", { title: "x".repeat(141) }, "title"],
  ])("answers 422 for %s", async (_case, overrides, path) => {
    const creator = await signUp("creator");
    const response = await send("POST", "/api/v1/guides", creator, guideInput(overrides));
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it("answers 422 for a javascript: URL on edit and in profile links too", async () => {
    const creator = await signUp("creator");
    const id = await draftBy(creator);
    const edit = await send("PATCH", `/api/v1/guides/${id}`, creator, {
      items: [{ title: "x", url: "javascript:alert(document.cookie)" }],
    });
    expect(edit.status).toBe(422);
    const profile = await send("PATCH", "/api/v1/me/profile", creator, {
      links: [{ label: "site", url: "javascript:alert(1)" }],
    });
    expect(profile.status).toBe(422);
    const avatar = await send("PATCH", "/api/v1/me/profile", creator, { avatarUrl: "javascript:alert(1)" });
    expect(avatar.status).toBe(422);
  });
});

describe("who may do what with a guide", () => {
  it.each([
    ["anonymous", undefined, 401, "unauthorized"],
    ["a follower", "follower", 403, "role_required"],
    ["a brand", "brand", 403, "role_required"],
  ] as const)("%s cannot create a guide", async (_who, role, status, code) => {
    const account = role ? await signUp(role) : undefined;
    const response = await send("POST", "/api/v1/guides", account, guideInput());
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  const attempts = [
    ["edit", "PATCH", "", { title: "Mine now" }],
    ["delete", "DELETE", "", undefined],
    ["publish", "POST", "/publish", undefined],
    ["unpublish", "POST", "/unpublish", undefined],
  ] as const;

  it.each(attempts)(
    "another creator cannot %s a published guide (403)",
    async (_verb, method, suffix, body) => {
      const author = await signUp("creator");
      const other = await signUp("creator");
      const id = await publishGuide(author);
      const response = await send(method, `/api/v1/guides/${id}${suffix}`, other, body);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe("not_guide_author");
      const after = await readJson(await send("GET", `/api/v1/guides/${id}`));
      expect(after).toMatchObject({ title: guideInput().title, status: "published" });
    },
  );

  it.each(attempts)(
    "another creator cannot %s a draft, which for them does not exist (404)",
    async (_verb, method, suffix, body) => {
      const author = await signUp("creator");
      const other = await signUp("creator");
      const id = await draftBy(author);
      const response = await send(method, `/api/v1/guides/${id}${suffix}`, other, body);
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe("guide_not_found");
    },
  );

  it.each([
    ["anonymous", undefined],
    ["a follower", "follower"],
    ["another creator", "creator"],
    ["a brand", "brand"],
  ] as const)("a draft is invisible to %s", async (_who, role) => {
    const author = await signUp("creator");
    const id = await draftBy(author, { tags: ["secret-draft"] });
    const reader = role ? await signUp(role) : undefined;
    const response = await send("GET", `/api/v1/guides/${id}`, reader);
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("guide_not_found");
    const storefront = await readJson(await send("GET", `/api/v1/creators/${author.handle}`, reader));
    expect(storefront.guides.items).toEqual([]);
    if (reader) {
      const like = await send("PUT", `/api/v1/guides/${id}/like`, reader);
      expect(like.status).toBe(404);
    }
  });

  it("the author sees, edits, publishes, unpublishes and deletes their own guide", async () => {
    const author = await signUp("creator");
    const id = await draftBy(author);
    const draft = await readJson(await send("GET", `/api/v1/guides/${id}`, author));
    expect(draft).toMatchObject({ status: "draft", viewer: { isAuthor: true } });
    const edited = await send("PATCH", `/api/v1/guides/${id}`, author, { title: "Two pans, honestly" });
    expect((await readJson(edited)).title).toBe("Two pans, honestly");
    const published = await readJson(await send("POST", `/api/v1/guides/${id}/publish`, author));
    expect(published.status).toBe("published");
    expect(published.publishedAt).toEqual(expect.any(String));
    expect((await send("GET", `/api/v1/guides/${id}`)).status).toBe(200);
    expect((await readJson(await send("POST", `/api/v1/guides/${id}/unpublish`, author))).status).toBe(
      "draft",
    );
    expect((await send("GET", `/api/v1/guides/${id}`)).status).toBe(404);
    const mine = await readJson(await send("GET", "/api/v1/me/guides", author));
    expect(mine.items.map((guide: { id: string }) => guide.id)).toEqual([id]);
    expect((await send("DELETE", `/api/v1/guides/${id}`, author)).status).toBe(204);
    expect((await send("GET", `/api/v1/guides/${id}`, author)).status).toBe(404);
  });
});

describe("reading a guide", () => {
  it("the storefront lists only published guides, newest first, a page at a time", async () => {
    const author = await signUp("creator");
    const first = await publishGuide(author, { title: "First" });
    await draftBy(author, { title: "Still a draft" });
    const second = await publishGuide(author, { title: "Second" });
    const third = await publishGuide(author, { title: "Third" });
    const page = await readJson(await send("GET", `/api/v1/creators/${author.handle}?limit=2`));
    expect(page.guides.items.map((guide: { id: string }) => guide.id)).toEqual([third, second]);
    expect(page.guides.items[0]).toMatchObject({
      creator: { handle: author.handle },
      publishedAt: expect.any(String),
    });
    const rest = await readJson(
      await send("GET", `/api/v1/creators/${author.handle}?limit=2&cursor=${page.guides.nextCursor}`),
    );
    expect(rest.guides.items.map((guide: { id: string }) => guide.id)).toEqual([first]);
    expect(rest.guides.nextCursor).toBeNull();
  });

  it("renders the body to sanitized HTML and always carries the affiliate disclosure", async () => {
    const author = await signUp("creator");
    const id = await publishGuide(author, {
      body: "Hello <script>alert(1)</script> [x](javascript:alert(1)) <iframe src=https://evil.example></iframe>",
    });
    const guide = await readJson(await send("GET", `/api/v1/guides/${id}`));
    expect(guide.disclosure).toBe("Contains affiliate links");
    expect(guide.bodyHtml).not.toMatch(/<script|<iframe|href="javascript/i);
  });
});

describe("likes and saves", () => {
  it("are idempotent, counted exactly, and saved guides are listed newest saved first", async () => {
    const author = await signUp("creator");
    const reader = await signUp("follower");
    const first = await publishGuide(author);
    const second = await publishGuide(author);
    await Promise.all(Array.from({ length: 5 }, () => send("PUT", `/api/v1/guides/${first}/like`, reader)));
    const liked = await readJson(await send("PUT", `/api/v1/guides/${first}/like`, reader));
    expect(liked).toMatchObject({ liked: true, likeCount: 1 });
    await send("PUT", `/api/v1/guides/${first}/save`, reader);
    await send("PUT", `/api/v1/guides/${second}/save`, reader);
    const saved = await readJson(await send("GET", "/api/v1/me/saved", reader));
    expect(saved.items.map((guide: { id: string }) => guide.id)).toEqual([second, first]);
    const unliked = await readJson(await send("DELETE", `/api/v1/guides/${first}/like`, reader));
    expect(unliked).toMatchObject({ liked: false, likeCount: 0 });
    expect((await readJson(await send("DELETE", `/api/v1/guides/${first}/like`, reader))).likeCount).toBe(0);
    const detail = await readJson(await send("GET", `/api/v1/guides/${first}`, reader));
    expect(detail.viewer).toEqual({ liked: false, saved: true, isAuthor: false });
  });

  it("need a signed-in reader", async () => {
    const author = await signUp("creator");
    const id = await publishGuide(author);
    const response = await send("PUT", `/api/v1/guides/${id}/save`);
    expect(response.status).toBe(401);
  });

  it("answers 400 for a cursor that was not ours", async () => {
    const reader = await signUp("follower");
    const response = await send("GET", "/api/v1/me/saved?cursor=not-a-cursor", reader);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("cursor_invalid");
  });
});

describe("a product card that points at a group-buy", () => {
  it("keeps its groupbuyId through publish and read, and refuses an id that names no group-buy", async () => {
    const brand = await createBrand();
    const groupbuy = await ok(
      await call("POST", "/api/v1/campaigns", brand.owner, {
        brandId: brand.id,
        type: "groupbuy",
        name: "Skillets together",
        product: { title: "Cast iron skillet", url: `https://${brand.domain}/skillet` },
        basePrice: { amount: 3_000, currency: "USD" },
        tiers: [{ participants: 5, price: { amount: 2_500, currency: "USD" } }],
        minParticipants: 2,
        capacity: 50,
        deadline: new Date(Clock.nowMs() + 86_400_000).toISOString(),
        rule: { kind: "percent", bps: 1000 },
      }),
      201,
    );
    const creator = await signUp("creator");
    const card = {
      ...guideInput().items[0],
      url: `https://${brand.domain}/skillet`,
      groupbuyId: groupbuy.id,
    };
    const id = await publishGuide(creator, { items: [card] });
    const read = await readJson(await send("GET", `/api/v1/guides/${id}`));
    expect(read.status).toBe("published");
    expect(read.items[0]).toMatchObject({ groupbuyId: groupbuy.id, link: { code: expect.any(String) } });

    const unknown = await send(
      "POST",
      "/api/v1/guides",
      creator,
      guideInput({ items: [{ ...card, groupbuyId: "gby_nope" }] }),
    );
    expect(unknown.status).toBe(422);
    expect((await readJson(unknown)).error.details).toEqual([
      { path: "items.0.groupbuyId", message: "No group-buy gby_nope" },
    ]);
    const edited = await send("PATCH", `/api/v1/guides/${id}`, creator, {
      items: [card, { ...card, groupbuyId: "gby_gone" }],
    });
    expect([edited.status, await errorCode(edited)]).toEqual([422, "validation_failed"]);
    const unchanged = await readJson(await send("GET", `/api/v1/guides/${id}`));
    expect(unchanged.items).toHaveLength(1);
  });
});
