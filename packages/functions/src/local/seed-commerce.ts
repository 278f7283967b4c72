import { Brand } from "@shopguide/core/brand";
import { Campaign } from "@shopguide/core/campaign";
import { Conversion } from "@shopguide/core/conversion";
import { GroupBuy } from "@shopguide/core/groupbuy";
import type { Actor } from "@shopguide/core/util/actor";
import { Clock } from "@shopguide/core/util/clock";
import { demoPicture } from "./seed-images";

/**
 * The demo brand's side: a store with a small catalogue, an open commission campaign two creators have
 * joined with their coupon codes, and two orders that came back through the conversion API (one credited
 * by coupon, one not attributable), so the brand console and a creator's earnings have something to show.
 * Also an open group-buy a week from closing, two people in through Theo's link, one short of the first tier.
 */
export async function seedCommerce(as: (handle: string) => Actor): Promise<void> {
  const owner = as("northwind");
  const brand = await Brand.create(owner, {
    logoImageId: await demoPicture(owner, "brand_logo", "Northwind"),
    name: "Northwind Outfitters",
    domains: ["northwind.example"],
    currency: "USD",
  });
  const products = [
    { sku: "NW-SHELL-M", name: "Stormline 3-layer rain shell", price: 21900, returnWindowDays: 30 },
    { sku: "NW-FLEECE-M", name: "Ridge 200 fleece pullover", price: 8900, returnWindowDays: 30 },
    { sku: "NW-MUG-350", name: "Titanium camp mug, 350 ml", price: 3400, returnWindowDays: 14 },
  ];
  for (const product of products) {
    await Brand.createProduct(owner, brand.id, {
      sku: product.sku,
      name: product.name,
      price: { amount: product.price, currency: "USD" },
      url: `https://northwind.example/products/${product.sku.toLowerCase()}`,
      returnWindowDays: product.returnWindowDays,
      imageId: await demoPicture(owner, "product", product.name),
    });
  }
  const campaign = await Campaign.create(owner, {
    brandId: brand.id,
    type: "commission",
    name: "Northwind autumn outdoor",
    description: "10% on every order you send us; paid after the 30-day return window.",
    rule: { kind: "percent", bps: 1000 },
    attributionWindowDays: 30,
    holdDays: 30,
    enrollment: "open",
  });
  await Campaign.apply(as("theo_trails"), campaign.id, { couponCode: "THEO10" });
  await Campaign.apply(as("maya_cooks"), campaign.id, { couponCode: "MAYA10" });

  const now = Clock.now().toISOString();
  await Conversion.record(brand.id, "api", {
    type: "order",
    orderId: "NW-100231",
    couponCode: "THEO10",
    amount: 21900,
    currency: "USD",
    occurredAt: now,
  });
  await Conversion.record(brand.id, "api", {
    type: "order",
    orderId: "NW-100232",
    amount: 3400,
    currency: "USD",
    occurredAt: now,
  });

  const fleece = await GroupBuy.create(owner, {
    brandId: brand.id,
    type: "groupbuy",
    name: "Ridge fleece group-buy",
    imageId: await demoPicture(owner, "groupbuy", "Ridge 200 fleece"),
    imageAlt: "The Ridge 200 fleece pullover",
    product: {
      title: "Ridge 200 fleece pullover",
      url: "https://northwind.example/products/nw-fleece-m",
    },
    basePrice: { amount: 8900, currency: "USD" },
    tiers: [
      { participants: 3, price: { amount: 8000, currency: "USD" } },
      { participants: 10, price: { amount: 7100, currency: "USD" } },
      { participants: 25, price: { amount: 6200, currency: "USD" } },
    ],
    minParticipants: 3,
    capacity: 50,
    maxQuantityPerPerson: 2,
    deadline: new Date(Clock.nowMs() + 7 * 86_400_000).toISOString(),
    rule: { kind: "percent", bps: 800 },
  });
  await GroupBuy.join(as("sam_reads"), fleece.id, { quantity: 1, ref: "theo_trails" });
  await GroupBuy.join(as("alex_browses"), fleece.id, { quantity: 1, ref: "theo_trails" });
}
