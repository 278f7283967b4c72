import { describe, expect, it } from "vitest";
import { errorCode, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { call, createBrand } from "../../../../tests/fixtures/commerce";
import { readyImage } from "../../../../tests/fixtures/images";

const usd = (amount: number) => ({ amount, currency: "USD" });

describe("images on profiles, brands, catalogue products and group-buys", () => {
  it("a creator sets an avatar and a banner; the storefront answers them with alt from the name", async () => {
    const creator = await signUp("creator");
    const avatarId = await readyImage(creator, "avatar");
    const bannerId = await readyImage(creator, "banner");
    const patched = await call("PATCH", "/api/v1/me/profile", creator, {
      avatarImageId: avatarId,
      bannerImageId: bannerId,
    });
    expect(patched.status).toBe(200);
    const { profile } = await readJson(await call("GET", `/api/v1/creators/${creator.handle}`, undefined));
    expect(profile.avatar).toMatchObject({ id: avatarId, alt: expect.stringContaining("Test creator") });
    expect(profile.banner).toMatchObject({ id: bannerId, alt: expect.stringContaining("banner") });
    expect(profile.avatar.variants[0]).toMatchObject({ width: 320, type: "image/webp" });

    const removed = await readJson(
      await call("PATCH", "/api/v1/me/profile", creator, { bannerImageId: null }),
    );
    expect(removed).toMatchObject({ avatar: { id: avatarId }, banner: null });

    const other = await signUp("creator");
    const stolen = await call("PATCH", "/api/v1/me/profile", other, { avatarImageId: avatarId });
    expect(stolen.status).toBe(403);
    expect(await errorCode(stolen)).toBe("not_image_owner");
  });

  it("a brand's logo, a catalogue product's image and a group-buy's picture", async () => {
    const brand = await createBrand();
    const logoId = await readyImage(brand.owner, "brand_logo");
    const withLogo = await readJson(
      await call("PATCH", `/api/v1/brands/${brand.id}`, brand.owner, { logoImageId: logoId }),
    );
    expect(withLogo.logo).toMatchObject({ id: logoId, alt: withLogo.name });

    const productImageId = await readyImage(brand.owner, "product");
    const product = await call("POST", `/api/v1/brands/${brand.id}/products`, brand.owner, {
      sku: "KETTLE-1",
      name: "Pour-over kettle",
      price: usd(4_900),
      imageId: productImageId,
    });
    expect(product.status).toBe(201);
    const created = await readJson(product);
    expect(created.image).toMatchObject({ id: productImageId, alt: "Pour-over kettle" });

    // A group-buy of a catalogue product shows that product's image unless given its own.
    const groupbuy = await call("POST", "/api/v1/campaigns", brand.owner, {
      brandId: brand.id,
      type: "groupbuy",
      name: "Kettle together",
      productId: created.id,
      basePrice: usd(10_000),
      tiers: [{ participants: 2, price: usd(9_000) }],
      minParticipants: 2,
      capacity: 100,
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      rule: { kind: "percent", bps: 1000 },
    });
    expect(groupbuy.status).toBe(201);
    const { id } = await readJson(groupbuy);
    const shown = await readJson(await call("GET", `/api/v1/groupbuys/${id}`, undefined));
    expect(shown.image).toMatchObject({ id: productImageId });

    const creator = await signUp("creator");
    const creatorsImage = await readyImage(creator, "product");
    const stolen = await call("POST", `/api/v1/brands/${brand.id}/products`, brand.owner, {
      sku: "KETTLE-2",
      name: "Kettle",
      price: usd(4_900),
      imageId: creatorsImage,
    });
    expect(stolen.status).toBe(403);
  });
});
