import { describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { guideInput, publishGuide } from "../../../../tests/fixtures/guides";
import { app } from "./app";

const card = (url: string, title = "Carbon steel wok") => ({ ...guideInput().items[0], title, url });

describe("a published guide's cards carry referral links", () => {
  it("gives every card its creator's link for that destination and guide, and reuses it on re-publish", async () => {
    const creator = await signUp("creator");
    const guideId = await publishGuide(creator, {
      items: [card("https://shop.example/wok"), card("https://shop.example/spatula", "Fish spatula")],
    });
    const guide = await readJson(await app.request(`/api/v1/guides/${guideId}`));
    const codes = guide.items.map((item: { link: { code: string } }) => item.link.code);
    expect(codes).toHaveLength(2);
    expect(new Set(codes).size).toBe(2);
    for (const item of guide.items) expect(item.link.url).toMatch(new RegExp(`/r/${item.link.code}$`));

    const mine = await readJson(await app.request("/api/v1/links", { headers: creator.auth }));
    const guideLinks = mine.items.filter((link: { guideId?: string }) => link.guideId === guideId);
    expect(guideLinks.map((link: { code: string }) => link.code).sort()).toEqual([...codes].sort());

    await app.request(`/api/v1/guides/${guideId}/unpublish`, { method: "POST", headers: creator.auth });
    await app.request(`/api/v1/guides/${guideId}/publish`, { method: "POST", headers: creator.auth });
    const again = await readJson(await app.request(`/api/v1/guides/${guideId}`));
    expect(again.items.map((item: { link: { code: string } }) => item.link.code)).toEqual(codes);
  });

  it("links a card added while the guide is published", async () => {
    const creator = await signUp("creator");
    const guideId = await publishGuide(creator);
    const edited = await app.request(`/api/v1/guides/${guideId}`, {
      method: "PATCH",
      headers: json(creator.auth),
      body: JSON.stringify({
        items: [...guideInput().items, card("https://shop.example/new-thing", "New thing")],
      }),
    });
    expect(edited.status).toBe(200);
    const guide = await readJson(edited);
    expect(guide.items).toHaveLength(2);
    for (const item of guide.items) expect(item.link.code).toMatch(/^[0-9A-Za-z]{7,10}$/);
  });

  it.each(["http://10.0.0.5/pan", "http://127.0.0.1/pan", "http://localhost/pan", "javascript:alert(1)"])(
    "refuses a card destination %s with 422",
    async (url) => {
      const creator = await signUp("creator");
      const response = await app.request("/api/v1/guides", {
        method: "POST",
        headers: json(creator.auth),
        body: JSON.stringify(guideInput({ items: [card(url)] })),
      });
      expect(response.status).toBe(422);
      expect(await errorCode(response)).toBe("validation_failed");
    },
  );
});
