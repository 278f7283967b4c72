/**
 * Guide schemas, types, constants and errors: what the domain (index.ts) and its store (guide.dynamo.ts)
 * share, so the store never imports the domain module that imports it.
 */
import * as z from "zod";
import { Image } from "../image";
import { Link } from "../link";
import { AppError, ForbiddenError, NotFoundError } from "../util/errors";
import { Money } from "../util/money-schema";
import { HttpUrl } from "../util/url";

export const MAX_TAGS = 10;
export const MAX_ITEMS = 30;

/**
 * Shown wherever a guide with product cards appears, and not something the creator can switch off: every
 * card's Buy button goes through a referral link once links exist, so the FTC-style disclosure must travel
 * with the guide, not with the creator's choices.
 */
export const AFFILIATE_DISCLOSURE = "Contains affiliate links";

/** Tags are lower-case words joined by hyphens: "Camp Kitchen" and "#camp-kitchen" are the same tag. */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .transform((tag) => tag.replace(/^#/, "").replace(/[\s_]+/g, "-"))
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,29}$/, { error: "Tags are 1-30 letters, digits or hyphens" }));

export const Tags = z
  .array(Tag)
  .transform((tags) => [...new Set(tags)])
  .pipe(z.array(z.string()).max(MAX_TAGS, { error: `At most ${MAX_TAGS} tags` }));

export const ProductCardInput = z.object({
  title: z.string().trim().min(1, { error: "Name the product" }).max(200),
  /** Where Buy leads; it becomes a referral link on publish, so it must pass the link destination rules. */
  url: Link.Destination,
  imageUrl: HttpUrl.optional(),
  price: Money.optional(),
  merchant: z.string().trim().max(100).optional(),
  note: z.string().trim().max(1000).optional(),
  productId: z.string().trim().max(100).optional(),
  /** An uploaded (or imported) image of the product, its uploader being the guide's author. */
  imageId: z.string().trim().min(1).max(64).optional(),
  /** Defaults to the card's title. */
  imageAlt: z.string().trim().max(300).optional(),
  /** A group-buy of this product the card invites readers to join; it must exist when the guide is saved. */
  groupbuyId: z.string().trim().min(1).max(64).optional(),
});
export type ProductCardInput = z.infer<typeof ProductCardInput>;

/**
 * A card as stored and shown. A published guide's cards carry their referral `link` (`url` is the short
 * link, `/r/<code>`), and Buy goes through it so the click is counted and the sale attributed.
 */
export const ProductCard = ProductCardInput.extend({
  link: z.object({ code: z.string(), url: z.string() }).optional(),
  image: Image.ImageView.nullable().optional(),
  /**
   * Where Buy leads, as people should read it (Link.destinationHost: punycode when the host could pass for
   * another). Derived from `url` on every read, never stored.
   */
  displayHost: z.string().optional(),
});
export type ProductCard = z.infer<typeof ProductCard>;

export const Status = z.enum(["draft", "published"]);
export type Status = z.infer<typeof Status>;

export const CreateInput = z.object({
  title: z.string().trim().min(1, { error: "Give the guide a title" }).max(140),
  body: z.string().max(20_000).default(""),
  coverImageUrl: HttpUrl.optional(),
  /** An uploaded image (the author's own); `coverAlt` is then required. */
  coverImageId: z.string().trim().min(1).max(64).optional(),
  coverAlt: z.string().trim().max(300).optional(),
  tags: Tags.default([]),
  items: z
    .array(ProductCardInput)
    .min(1, { error: "Add at least one product" })
    .max(MAX_ITEMS, { error: `At most ${MAX_ITEMS} products` }),
});
export type CreateInput = z.input<typeof CreateInput>;

/** Every field optional; `coverImageUrl: null` / `coverImageId: null` removes the cover. */
export const UpdateInput = z.object({
  title: CreateInput.shape.title.optional(),
  body: z.string().max(20_000).optional(),
  coverImageUrl: HttpUrl.nullable().optional(),
  coverImageId: z.string().trim().min(1).max(64).nullable().optional(),
  coverAlt: z.string().trim().max(300).optional(),
  tags: Tags.optional(),
  items: CreateInput.shape.items.optional(),
});
export type UpdateInput = z.input<typeof UpdateInput>;

export const CreatorRef = z.object({ id: z.string(), handle: z.string(), displayName: z.string() });
export type CreatorRef = z.infer<typeof CreatorRef>;

/** A guide as stored and as its author sees it. */
export const Info = z.object({
  id: z.string(),
  creator: CreatorRef,
  title: z.string(),
  body: z.string(),
  coverImageUrl: z.string().nullable(),
  cover: Image.ImageView.nullable(),
  tags: z.array(z.string()),
  items: z.array(ProductCard),
  status: Status,
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  likeCount: z.number().int(),
  saveCount: z.number().int(),
  /**
   * Hidden by an admin (item attributes `hiddenAt`, `hiddenReason`; CONTRACT-17): treated as not published
   * by every public read, still shown to its author, who cannot republish it.
   */
  hidden: z.boolean(),
});
export type Info = z.infer<typeof Info>;

/** Why a guide is hidden when its creator's account is suspended (restore unhides only these). */
export const SUSPENDED_REASON = "account_suspended";

/** Seen by the public: published and not hidden (by an admin, or by a suspension). Every public list and read asks this. */
export function isPublic(guide: Pick<Info, "status" | "hidden" | "publishedAt"> | undefined): boolean {
  return guide?.status === "published" && !guide.hidden && guide.publishedAt !== null;
}

/** A guide page: the guide, its body as sanitized HTML, the disclosure, and the reader's own marks. */
export const Detail = Info.extend({
  bodyHtml: z.string(),
  disclosure: z.string().nullable(),
  viewer: z.object({ liked: z.boolean(), saved: z.boolean(), isAuthor: z.boolean() }),
});
export type Detail = z.infer<typeof Detail>;

/** A guide in a list or feed. */
export const Summary = z.object({
  id: z.string(),
  title: z.string(),
  coverImageUrl: z.string().nullable(),
  cover: Image.ImageView.nullable(),
  tags: z.array(z.string()),
  status: Status,
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  creator: CreatorRef,
  itemCount: z.number().int(),
  likeCount: z.number().int(),
  saveCount: z.number().int(),
  disclosure: z.string().nullable(),
});
export type Summary = z.infer<typeof Summary>;

/**
 * A product on a storefront's shop grid: one card of a published guide, photo first. `buyUrl` is the card's
 * referral link, path-absolute on the site's origin (`/r/<code>`, as the guide page's Buy), so the click is
 * counted and a purchase from the grid attributed as one from the guide would be.
 */
export const ShopItem = z.object({
  guideId: z.string(),
  guideTitle: z.string(),
  title: z.string(),
  price: Money.optional(),
  merchant: z.string().optional(),
  image: Image.ImageView.nullable(),
  buyUrl: z.string(),
  /** The card's destination host, as people should read it (see ProductCard). */
  displayHost: z.string(),
});
export type ShopItem = z.infer<typeof ShopItem>;

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(500).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class GuideNotFoundError extends NotFoundError {
  constructor() {
    super("Guide", "guide_not_found");
  }
}

export class NotGuideAuthorError extends ForbiddenError {
  constructor() {
    super("Only the guide's author can change it", "not_guide_author");
  }
}

export class GuideNotPublishedError extends AppError {
  constructor() {
    super("conflict", "guide_not_published", "This guide is not published");
  }
}

export class GuideHiddenError extends AppError {
  constructor() {
    super("conflict", "guide_hidden", "An admin hid this guide; it cannot be published again");
  }
}

export class GuideNotHiddenError extends AppError {
  constructor() {
    super("conflict", "guide_not_hidden", "This guide is not hidden");
  }
}

/** Where a published guide sits in every time-ordered list: newest first, ties broken by id. */
export function positionOf(guide: { id: string; publishedAt: string }): string {
  return `${guide.publishedAt}#${guide.id}`;
}
