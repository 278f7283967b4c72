import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp, type TestAccount } from "../fixtures/accounts";
import { guideInput } from "../fixtures/guides";
import { readyImage } from "../fixtures/images";
import { startServer, type TestServer } from "../fixtures/server";

let server: TestServer;
const via = { request: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init) };

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const call = (method: string, path: string, account?: TestAccount, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: json(account?.auth ?? {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("images on guides", () => {
  it("a published guide answers its cover with alt text, in the guide, the feed, the storefront and the tag page", async () => {
    const creator = await signUp("creator");
    const follower = await signUp("follower");
    expect((await call("PUT", `/api/v1/creators/${creator.handle}/follow`, follower)).status).toBe(200);
    const coverId = await readyImage(creator, "guide_cover", via);
    const cardImageId = await readyImage(creator, "product_card", via);

    const input = guideInput({ coverImageId: coverId, coverAlt: "Three pans on a stove" });
    input.items = input.items.map((item) => ({ ...item, imageId: cardImageId }));
    const created = await call("POST", "/api/v1/guides", creator, input);
    expect(created.status).toBe(201);
    const { id } = await readJson(created);
    expect((await call("POST", `/api/v1/guides/${id}/publish`, creator)).status).toBe(200);
    await server.drainStream();

    const guide = await readJson(await call("GET", `/api/v1/guides/${id}`, follower));
    expect(guide.cover).toMatchObject({ id: coverId, alt: "Three pans on a stove", width: 900, height: 600 });
    expect(guide.cover.variants.map((variant: { width: number }) => variant.width)).toEqual([320, 640]);
    expect(guide.items[0].image).toMatchObject({ id: cardImageId, alt: input.items[0]?.title });

    const feed = await readJson(await call("GET", "/api/v1/feed", follower));
    expect(feed.items[0]).toMatchObject({ id, cover: { id: coverId, alt: "Three pans on a stove" } });
    const storefront = await readJson(await call("GET", `/api/v1/creators/${creator.handle}`));
    expect(storefront.guides.items[0].cover.id).toBe(coverId);
    const tagged = await readJson(await call("GET", "/api/v1/tags/kitchen/guides"));
    expect(tagged.items.find((item: { id: string }) => item.id === id)?.cover.id).toBe(coverId);

    // Every variant is served same-origin, immutable, as WebP without metadata.
    for (const variant of guide.cover.variants) {
      const served = await fetch(`${server.url}${variant.url}`);
      expect(served.status).toBe(200);
      expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(served.headers.get("content-type")).toBe("image/webp");
      const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect(meta.exif).toBeUndefined();
    }
  });

  it("a cover needs alt text, and can be changed and removed", async () => {
    const creator = await signUp("creator");
    const coverId = await readyImage(creator, "guide_cover", via);
    const noAlt = await call("POST", "/api/v1/guides", creator, guideInput({ coverImageId: coverId }));
    expect(noAlt.status).toBe(422);
    expect((await readJson(noAlt)).error.details).toContainEqual(
      expect.objectContaining({ path: "coverAlt" }),
    );

    const { id } = await readJson(await call("POST", "/api/v1/guides", creator, guideInput()));
    const withCover = await call("PATCH", `/api/v1/guides/${id}`, creator, {
      coverImageId: coverId,
      coverAlt: "A skillet",
    });
    expect((await readJson(withCover)).cover).toMatchObject({ id: coverId, alt: "A skillet" });
    const newAlt = await call("PATCH", `/api/v1/guides/${id}`, creator, { coverAlt: "A cast iron skillet" });
    expect((await readJson(newAlt)).cover).toMatchObject({ id: coverId, alt: "A cast iron skillet" });
    const removed = await call("PATCH", `/api/v1/guides/${id}`, creator, { coverImageId: null });
    expect((await readJson(removed)).cover).toBeNull();
  });

  it("no one can attach another person's upload", async () => {
    const owner = await signUp("creator");
    const other = await signUp("creator");
    const coverId = await readyImage(owner, "guide_cover", via);
    const stolen = await call(
      "POST",
      "/api/v1/guides",
      other,
      guideInput({ coverImageId: coverId, coverAlt: "Not mine" }),
    );
    expect(stolen.status).toBe(403);
    expect(await errorCode(stolen)).toBe("not_image_owner");
    const input = guideInput();
    input.items = input.items.map((item) => ({ ...item, imageId: coverId }));
    const stolenCard = await call("POST", "/api/v1/guides", other, input);
    expect(stolenCard.status).toBe(403);
  });

  it("an upload not yet completed cannot be attached", async () => {
    const creator = await signUp("creator");
    const declared = await readJson(
      await call("POST", "/api/v1/uploads", creator, {
        purpose: "guide_cover",
        contentType: "image/jpeg",
        size: 1000,
      }),
    );
    const early = await call(
      "POST",
      "/api/v1/guides",
      creator,
      guideInput({ coverImageId: declared.id, coverAlt: "Soon" }),
    );
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe("image_not_ready");
  });
});
