import { fromDecimal } from "../util/money";

/** What a product page says about its product; every field may be missing. */
export interface ProductFacts {
  title?: string;
  imageUrl?: string;
  price?: { amount: number; currency: string };
  brand?: string;
  merchant?: string;
  availability?: "in_stock" | "out_of_stock" | "preorder" | "unknown";
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1]?.toLowerCase() === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The attributes of one start tag, names lower-cased, values decoded. */
function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-z_:][-a-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
    const name = match[1]?.toLowerCase();
    if (name) found[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return found;
}

/** `<meta property|name=... content=...>` values by lower-case key; the first of each wins. */
function metaTags(html: string): Map<string, string> {
  const meta = new Map<string, string>();
  for (const match of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributes(match[0]);
    const key = (attrs.property ?? attrs.name ?? attrs.itemprop)?.toLowerCase();
    const content = attrs.content?.trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  return meta;
}

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: Json): string | undefined =>
  typeof value === "string"
    ? decodeEntities(value).trim() || undefined
    : typeof value === "number"
      ? String(value)
      : undefined;

/** Every object in the page's JSON-LD blocks, `@graph` and arrays flattened; unreadable blocks skipped. */
function jsonLdObjects(html: string): Record<string, Json>[] {
  const objects: Record<string, Json>[] = [];
  const visit = (value: Json) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      objects.push(value);
      if (value["@graph"]) visit(value["@graph"]);
    }
  };
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/application\/ld\+json/i.test(attributes(`<x ${match[1] ?? ""}>`).type ?? "")) continue;
    try {
      visit(JSON.parse(match[2] ?? ""));
    } catch {
      // A broken block on someone else's page is that page's problem: the rest may still be read.
    }
  }
  return objects;
}

const typeIs = (object: Record<string, Json>, type: string) =>
  [object["@type"]]
    .flat()
    .some((entry) => typeof entry === "string" && entry.toLowerCase() === type.toLowerCase());

function imageOf(value: Json): string | undefined {
  if (Array.isArray(value)) return imageOf(value[0]);
  if (isObject(value)) return text(value.url) ?? text(value.contentUrl);
  return text(value);
}

function availabilityOf(value: string | undefined): ProductFacts["availability"] {
  const name = value
    ?.toLowerCase()
    .replace(/^https?:\/\/schema\.org\//, "")
    .replace(/[\s_-]/g, "");
  if (!name) return undefined;
  if (name === "instock" || name === "limitedavailability" || name === "onlineonly") return "in_stock";
  if (name === "outofstock" || name === "soldout" || name === "discontinued") return "out_of_stock";
  if (name === "preorder" || name === "presale" || name === "backorder") return "preorder";
  return "unknown";
}

/** A price as the page writes it ("19.99", 19.99, "1,299.00") in exact minor units via the money module. */
function priceOf(amount: string | undefined, currency: string | undefined): ProductFacts["price"] {
  if (!amount || !currency || !/^[A-Za-z]{3}$/.test(currency)) return undefined;
  const code = currency.toUpperCase();
  if (!Intl.supportedValuesOf("currency").includes(code)) return undefined;
  const minor = fromDecimal(amount.replace(/,(?=\d{3}(\D|$))/g, ""), code);
  return minor === undefined ? undefined : { amount: minor, currency: code };
}

/**
 * Reads Open Graph / product meta tags and schema.org `Product` JSON-LD from a page. JSON-LD wins where both
 * say something (it is the structured one); relative image URLs resolve against `pageUrl`. Pure.
 */
export function parseProductPage(html: string, pageUrl: string): ProductFacts {
  const meta = metaTags(html);
  const product = jsonLdObjects(html).find((object) => typeIs(object, "Product"));
  const offers = product ? [product.offers].flat().filter(isObject) : [];
  const offer = offers[0];
  const brand = product && (isObject(product.brand) ? text(product.brand.name) : text(product.brand));
  const ldPrice = offer && priceOf(text(offer.price) ?? text(offer.lowPrice), text(offer.priceCurrency));
  const ogPrice = priceOf(
    meta.get("product:price:amount") ?? meta.get("og:price:amount"),
    meta.get("product:price:currency") ?? meta.get("og:price:currency"),
  );
  const rawImage =
    (product && imageOf(product.image)) ?? meta.get("og:image:secure_url") ?? meta.get("og:image");
  let imageUrl: string | undefined;
  try {
    imageUrl = rawImage ? new URL(rawImage, pageUrl).toString() : undefined;
  } catch {
    imageUrl = undefined;
  }
  const title =
    (product && text(product.name)) ??
    meta.get("og:title") ??
    text(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]);
  const facts: ProductFacts = {
    title: title?.slice(0, 200),
    imageUrl,
    price: ldPrice ?? ogPrice,
    brand: (brand ?? meta.get("product:brand") ?? meta.get("og:brand"))?.slice(0, 100),
    merchant: meta.get("og:site_name")?.slice(0, 100),
    availability: availabilityOf(
      (offer && text(offer.availability)) ?? meta.get("product:availability") ?? meta.get("og:availability"),
    ),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as ProductFacts;
}
