import { Brand } from "@shopguide/core/brand";
import { Campaign } from "@shopguide/core/campaign";
import { Conversion } from "@shopguide/core/conversion";
import type { Actor } from "@shopguide/core/util/actor";
import { Clock } from "@shopguide/core/util/clock";

/**
 * The demo brand's side: a store with a small catalogue, an open commission campaign two creators have
 * joined with their coupon codes, and two orders that came back through the conversion API (one credited
 * by coupon, one not attributable), so the brand console and a creator's earnings have something to show.
 */
export async function seedCommerce(as: (handle: string) => Actor): Promise<void> {
  const owner = as("northwind");
  const brand = await Brand.create(owner, {
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
}
