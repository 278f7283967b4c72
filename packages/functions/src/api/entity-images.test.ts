import { describe, expect, it } from "vitest";
import { errorCode, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { call, createBrand } from "../../../../tests/fixtures/commerce";
import { publishGuide } from "../../../../tests/fixtures/guides";
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

  it("the session answers the signed-in account's avatar for the header, and nulls when signed out", async () => {
    const creator = await signUp("creator");
    expect(await readJson(await call("GET", "/api/v1/session", creator))).toMatchObject({ avatar: null });
    const avatarId = await readyImage(creator, "avatar");
    await call("PATCH", "/api/v1/me/profile", creator, { avatarImageId: avatarId });
    const session = await readJson(await call("GET", "/api/v1/session", creator));
    expect(session.user).toMatchObject({ handle: creator.handle });
    expect(session.avatar).toMatchObject({ id: avatarId });
    expect(session.avatar.variants[0]).toMatchObject({ width: 320, type: "image/webp" });
    expect(await readJson(await call("GET", "/api/v1/session", undefined))).toEqual({
      user: null,
      avatar: null,
    });
  });

  it("a storefront answers a shop grid: its guides' products with photo, price and referral link, each once", async () => {
    const creator = await signUp("creator");
    const photoId = await readyImage(creator, "product_card");
    const skillet = {
      title: "Cast iron skillet",
      url: "https://shop.example/skillet",
      price: usd(2990),
      merchant: "Kitchen Supply",
      imageId: photoId,
      imageAlt: "A black skillet on a wooden board",
    };
    const older = await publishGuide(creator, { title: "Pans", items: [skillet] });
    const newer = await publishGuide(creator, {
      title: "Knives",
      items: [{ title: "Chef knife", url: "https://shop.example/knife" }, skillet],
    });
    const storefront = await readJson(await call("GET", `/api/v1/creators/${creator.handle}`, undefined));
    expect(storefront.products).toEqual([
      {
        guideId: newer,
        guideTitle: "Knives",
        title: "Chef knife",
        image: null,
        buyUrl: expect.stringMatching(/\/r\/[\w-]+$/),
        displayHost: "shop.example",
      },
      {
        guideId: newer,
        guideTitle: "Knives",
        title: "Cast iron skillet",
        price: usd(2990),
        merchant: "Kitchen Supply",
        image: expect.objectContaining({ id: photoId, alt: "A black skillet on a wooden board" }),
        buyUrl: expect.stringMatching(/\/r\/[\w-]+$/),
        displayHost: "shop.example",
      },
    ]);
    expect(storefront.products.some((product: { guideId: string }) => product.guideId === older)).toBe(false);
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
    // "My group-buys" is photo-first too.
    const follower = await signUp("follower");
    expect((await call("POST", `/api/v1/groupbuys/${id}/join`, follower, { quantity: 1 })).status).toBe(201);
    const mine = await readJson(await call("GET", "/api/v1/me/groupbuys", follower));
    expect(mine.items[0]).toMatchObject({ groupbuyId: id, image: { id: productImageId } });

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
