export * as ProductPage from "./index";

import * as z from "zod";
import { Image } from "../image";
import { Outbound } from "../outbound";
import { Actor } from "../util/actor";
import { AppError } from "../util/errors";
import { Money } from "../util/money-schema";
import { HttpUrl } from "../util/url";
import { parseProductPage } from "./parse";

export { type ProductFacts, parseProductPage } from "./parse";

export const ImportInput = z.object({ url: HttpUrl });
export type ImportInput = z.infer<typeof ImportInput>;

/** A product card pre-filled from a page; every field stays editable (it is only a suggestion). */
export const ImportedProduct = z.object({
  title: z.string(),
  url: z.string(),
  price: Money.optional(),
  merchant: z.string().optional(),
  brand: z.string().optional(),
  availability: z.enum(["in_stock", "out_of_stock", "preorder", "unknown"]).optional(),
  /** The page's product image, stored through the upload pipeline and owned by the caller. */
  imageId: z.string().optional(),
  imageAlt: z.string().optional(),
  image: Image.ImageView.nullable(),
});
export type ImportedProduct = z.infer<typeof ImportedProduct>;

const PAGE_LIMITS = { timeoutMs: 8_000, maxBytes: 2 * 1024 * 1024 };
const IMAGE_LIMITS = { timeoutMs: 10_000, maxBytes: Image.MAX_UPLOAD_BYTES };
const MAX_REDIRECTS = 3;

export class ProductPageUnavailableError extends AppError {
  constructor(reason: string) {
    super("validation", "product_page_unavailable", `The page could not be read: ${reason}`);
  }
}

export class NoProductFoundError extends AppError {
  constructor() {
    super("validation", "product_not_found_on_page", "The page does not describe a product we can read");
  }
}

/**
 * GET through the outbound guard, following at most MAX_REDIRECTS redirects, each hop checked again by the
 * guard (so a public page cannot redirect the platform to a private address). Answers the final URL too.
 */
async function getGuarded(url: string, accept: string, limits: Outbound.FetchOptions) {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const answer = await Outbound.fetch(
      current,
      { headers: { accept, "user-agent": "shopguide-product-import/1.0" } },
      limits,
    );
    const location = answer.headers.location;
    if (answer.status >= 300 && answer.status < 400 && typeof location === "string") {
      current = new URL(location, current).toString();
      continue;
    }
    if (answer.status !== 200) throw new ProductPageUnavailableError(`it answered HTTP ${answer.status}`);
    if (answer.truncated) throw new ProductPageUnavailableError("it is too large");
    return { url: current, body: answer.body };
  }
  throw new ProductPageUnavailableError("too many redirects");
}

/**
 * Reads a product page a creator (or a brand, for its catalogue) pasted: Open Graph and schema.org Product
 * JSON-LD give the title, image, price, brand and availability. The image goes through the same pipeline as an
 * upload and belongs to the caller; a page whose image cannot be fetched or processed still pre-fills the rest.
 */
export async function importProduct(actor: Actor, input: ImportInput): Promise<ImportedProduct> {
  const user = Actor.requireRole(actor, "creator", "brand");
  const { url } = ImportInput.parse(input);
  const page = await getGuarded(url, "text/html,application/xhtml+xml", PAGE_LIMITS);
  const facts = parseProductPage(page.body.toString("utf8"), page.url);
  if (!facts.title) throw new NoProductFoundError();
  const image = facts.imageUrl ? await importImage(user, facts.imageUrl, facts.title) : null;
  return {
    title: facts.title,
    url,
    ...(facts.price && { price: facts.price }),
    ...((facts.merchant ?? facts.brand) && { merchant: facts.merchant ?? facts.brand }),
    ...(facts.brand && { brand: facts.brand }),
    ...(facts.availability && { availability: facts.availability }),
    ...(image && { imageId: image.id, imageAlt: image.alt }),
    image,
  };
}

async function importImage(user: Actor & { kind: "user" }, imageUrl: string, title: string) {
  try {
    const fetched = await getGuarded(imageUrl, "image/avif,image/webp,image/png,image/jpeg", IMAGE_LIMITS);
    const stored = await Image.ingest(
      user.userId,
      user.role === "brand" ? "product" : "product_card",
      fetched.body,
    );
    return Image.attach(user, { imageId: stored.id, alt: title });
  } catch (error) {
    // The picture is a convenience: a refused, missing or unreadable one leaves the card without it.
    if (error instanceof AppError) return null;
    throw error;
  }
}
