import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { jpeg, postToBucket, uploadImage } from "../../../../tests/fixtures/images";
import { app } from "./app";

const declare = (auth: Record<string, string>, body: unknown) =>
  app.request("/api/v1/uploads", { method: "POST", headers: json(auth), body: JSON.stringify(body) });

describe("image uploads", () => {
  it("a photo with EXIF GPS becomes upright WebP variants with no metadata at all", async () => {
    const creator = await signUp("creator");
    const photo = await jpeg(1600, 1000, { gps: true });
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    const { complete } = await uploadImage(creator, photo);
    expect(complete.status).toBe(200);
    const { image } = await readJson(complete);
    expect(image).toMatchObject({ status: "ready", width: 1600, height: 1000 });
    expect(image.variants.map((variant: { width: number }) => variant.width)).toEqual([320, 640, 1280]);

    for (const variant of image.variants) {
      expect(variant.type).toBe("image/webp");
      expect(variant.url).toMatch(/^\/media\/img_[0-9A-Z]+\/w\d+\.webp$/);
      const served = await app.request(variant.url);
      // The API alone does not serve /media; read it the way the site does, through the local server.
      expect(served.status).toBe(404);
    }
    const { createLocalApp } = await import("../local/server");
    const site = createLocalApp("/nonexistent");
    for (const variant of image.variants) {
      const served = await site.request(variant.url);
      expect(served.status).toBe(200);
      expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const bytes = Buffer.from(await served.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: "webp", width: variant.width, height: variant.height });
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(bytes.includes(Buffer.from("TestPhone"))).toBe(false);
    }
  });

  it("applies the EXIF orientation and never upscales", async () => {
    const creator = await signUp("creator");
    // 400 x 200 stored, orientation 6 (rotate 90° clockwise to view): upright it is 200 x 400.
    const sideways = await sharp(await jpeg(400, 200))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const { complete } = await uploadImage(creator, sideways);
    const { image } = await readJson(complete);
    expect(image).toMatchObject({ width: 200, height: 400 });
    expect(image.variants).toEqual([
      { width: 200, height: 400, url: expect.any(String), type: "image/webp" },
    ]);
  });

  it("refuses a text file posing as a JPEG, with a stable code", async () => {
    const creator = await signUp("creator");
    const text = Buffer.from("this is not a picture, just words pretending to be one\n".repeat(20));
    const { complete } = await uploadImage(creator, text, { contentType: "image/jpeg" });
    expect(complete.status).toBe(422);
    expect(await errorCode(complete)).toBe("upload_not_image");
  });

  it("refuses a HEIC photo by its ftypheic header, telling the person to export a JPEG", async () => {
    const creator = await signUp("creator");
    // An iPhone photo's opening box: size 24, "ftyp", major brand "heic", minor 0, compatible mif1 + heic.
    const ftyp = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from("ftypheic"),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from("mif1heic"),
    ]);
    const heic = Buffer.concat([
      ftyp,
      Buffer.from([0, 0, 0, 16]),
      Buffer.from("meta"),
      Buffer.alloc(2000, 7),
    ]);
    const { id, complete } = await uploadImage(creator, heic, { contentType: "image/jpeg" });
    expect(complete.status).toBe(422);
    const body = await readJson(complete);
    expect(body.error.code).toBe("image_heic_unsupported");
    expect(body.error.message).toMatch(/export the photo as JPEG/);
    // Refused bytes are deleted: completing again finds nothing stored.
    const again = await app.request(`/api/v1/uploads/${id}/complete`, {
      method: "POST",
      headers: creator.auth,
    });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("upload_missing");
  });

  it("refuses a PNG declared as a JPEG", async () => {
    const creator = await signUp("creator");
    const png = await sharp(await jpeg(100, 100))
      .png()
      .toBuffer();
    const { complete } = await uploadImage(creator, png, { contentType: "image/jpeg" });
    expect(complete.status).toBe(422);
    expect(await readJson(complete)).toMatchObject({
      error: { code: "upload_not_image", details: { declared: "image/jpeg", found: "image/png" } },
    });
  });

  it("refuses a decompression bomb by its pixel count", async () => {
    const creator = await signUp("creator");
    // 8000 x 8000 of one colour: a few hundred KB that would decode to 256 MB.
    const bomb = await sharp({
      create: { width: 8000, height: 8000, channels: 3, background: "#ffffff" },
      limitInputPixels: false,
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(2_000_000);
    const { complete } = await uploadImage(creator, bomb, { contentType: "image/png" });
    expect(complete.status).toBe(422);
    expect(await errorCode(complete)).toBe("image_too_many_pixels");
  });

  it.each([
    [
      "over 10 MB",
      { purpose: "guide_cover", contentType: "image/jpeg", size: 10 * 1024 * 1024 + 1 },
      413,
      "upload_too_large",
    ],
    [
      "HEIC, which it cannot process",
      { purpose: "guide_cover", contentType: "image/heic", size: 1000 },
      422,
      "image_heic_unsupported",
    ],
    [
      "HEIF, which it cannot process either",
      { purpose: "guide_cover", contentType: "image/heif", size: 1000 },
      422,
      "image_heic_unsupported",
    ],
    [
      "not an image type",
      { purpose: "guide_cover", contentType: "text/plain", size: 1000 },
      422,
      "validation_failed",
    ],
    [
      "an unknown purpose",
      { purpose: "wallpaper", contentType: "image/png", size: 1000 },
      422,
      "validation_failed",
    ],
  ])("refuses a declaration of %s", async (_case, body, status, code) => {
    const creator = await signUp("creator");
    const response = await declare(creator.auth, body);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  it("the presigned POST is bound to the declared type", async () => {
    const creator = await signUp("creator");
    const declared = await readJson(
      await declare(creator.auth, { purpose: "avatar", contentType: "image/png", size: 5000 }),
    );
    expect(declared.upload).toMatchObject({ method: "POST", fields: { "Content-Type": "image/png" } });
    const policy = JSON.parse(Buffer.from(declared.upload.fields.Policy, "base64").toString("utf8"));
    expect(policy.conditions).toContainEqual(["content-length-range", 1, 5000]);
    expect(policy.conditions).toContainEqual(["eq", "$Content-Type", "image/png"]);
  });

  it("refuses more bytes than were declared", async () => {
    const creator = await signUp("creator");
    const photo = await jpeg(300, 200);
    const declared = await readJson(
      await declare(creator.auth, { purpose: "guide_cover", contentType: "image/jpeg", size: 100 }),
    );
    // S3 itself refuses this by the policy; the local server does not, so complete checks the size again.
    await postToBucket(declared.upload, photo, "image/jpeg");
    const complete = await app.request(`/api/v1/uploads/${declared.id}/complete`, {
      method: "POST",
      headers: creator.auth,
    });
    expect(complete.status).toBe(413);
    expect(await errorCode(complete)).toBe("upload_too_large");
  });

  it("only the uploader can complete or read an upload", async () => {
    const owner = await signUp("creator");
    const other = await signUp("creator");
    const declared = await readJson(
      await declare(owner.auth, { purpose: "guide_cover", contentType: "image/jpeg", size: 50_000 }),
    );
    await postToBucket(declared.upload, await jpeg(300, 200), "image/jpeg");
    const stolen = await app.request(`/api/v1/uploads/${declared.id}/complete`, {
      method: "POST",
      headers: other.auth,
    });
    expect(stolen.status).toBe(403);
    expect(await errorCode(stolen)).toBe("not_image_owner");
    const peek = await app.request(`/api/v1/images/${declared.id}`, { headers: other.auth });
    expect(peek.status).toBe(403);
    const anonymous = await app.request(`/api/v1/uploads/${declared.id}/complete`, { method: "POST" });
    expect(anonymous.status).toBe(401);

    const pending = await readJson(
      await app.request(`/api/v1/images/${declared.id}`, { headers: owner.auth }),
    );
    expect(pending.image).toMatchObject({ id: declared.id, status: "pending", variants: [] });
    const done = await app.request(`/api/v1/uploads/${declared.id}/complete`, {
      method: "POST",
      headers: owner.auth,
    });
    expect(done.status).toBe(200);
    const ready = await readJson(await app.request(`/api/v1/images/${declared.id}`, { headers: owner.auth }));
    expect(ready.image.status).toBe("ready");
  });

  it("completing before sending anything answers upload_missing", async () => {
    const creator = await signUp("creator");
    const declared = await readJson(
      await declare(creator.auth, { purpose: "guide_cover", contentType: "image/jpeg", size: 1000 }),
    );
    const complete = await app.request(`/api/v1/uploads/${declared.id}/complete`, {
      method: "POST",
      headers: creator.auth,
    });
    expect(complete.status).toBe(409);
    expect(await errorCode(complete)).toBe("upload_missing");
  });

  it("signed-out callers cannot declare uploads", async () => {
    const response = await declare({}, { purpose: "guide_cover", contentType: "image/jpeg", size: 1000 });
    expect(response.status).toBe(401);
  });
});
