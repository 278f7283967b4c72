/**
 * Brand schemas, types, constants and errors: what the domain (index.ts) and its store (brand.dynamo.ts)
 * share, so the store never imports the domain module that imports it.
 */
import * as z from "zod";
import { Image } from "../image";
import { AppError, NotFoundError } from "../util/errors";
import { Currency, Money } from "../util/money-schema";
import { HttpUrl } from "../util/url";

/** A store domain without scheme or path: `shop.example.com`. Referral clicks must land on one of these. */
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: "Enter a domain like shop.example.com",
  });

export const Info = z.object({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  currency: z.string(),
  /** Brands made before images existed have none. */
  logo: Image.ImageView.nullable().default(null),
  /** The verified badge: an admin's call (audited), never the brand's; brands from before it have none. */
  verified: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const VerifiedInput = z.object({
  verified: z.boolean(),
  reason: z.string().trim().min(1).max(500).optional(),
});
export type VerifiedInput = z.infer<typeof VerifiedInput>;

export const CreateInput = z.object({
  name: z.string().trim().min(1, { error: "Enter a name" }).max(80),
  domains: z.array(Domain).min(1, { error: "Add at least one store domain" }).max(20),
  currency: Currency,
  /** The member's own upload; its alt text is the brand's name. */
  logoImageId: z.string().trim().min(1).max(64).optional(),
});
export type CreateInput = z.infer<typeof CreateInput>;

/** The currency is fixed once campaigns and conversions are priced in it. `logoImageId: null` removes the logo. */
export const UpdateInput = CreateInput.omit({ currency: true, logoImageId: true })
  .partial()
  .extend({ logoImageId: z.string().trim().min(1).max(64).nullable().optional() });
export type UpdateInput = z.infer<typeof UpdateInput>;

export const MemberRole = z.enum(["owner", "admin", "viewer"]);
export type MemberRole = z.infer<typeof MemberRole>;

export const Member = z.object({
  brandId: z.string(),
  userId: z.string(),
  handle: z.string(),
  role: MemberRole,
  addedAt: z.string(),
});
export type Member = z.infer<typeof Member>;

/** Who to invite: an email address (an account need not exist yet) and the role they would get. */
export const InviteInput = z.object({
  email: z
    .email({ error: "Enter the email address of the person to invite" })
    .max(254)
    .transform((email) => email.trim().toLowerCase()),
  role: MemberRole,
});
export type InviteInput = z.input<typeof InviteInput>;

export const InvitationStatus = z.enum(["pending", "accepted", "declined", "revoked", "expired"]);

/**
 * An offer of membership that only the invited person can accept. The brand sees it (owners and admins),
 * and so does the signed-in account whose email it names; nobody learns from it whether that email has
 * an account.
 */
export const Invitation = z.object({
  id: z.string(),
  brandId: z.string(),
  brandName: z.string(),
  email: z.string(),
  role: MemberRole,
  status: InvitationStatus,
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** When it was accepted, declined or revoked. */
  closedAt: z.string().optional(),
});
export type Invitation = z.infer<typeof Invitation>;

/** How long an invitation can be accepted, by the platform clock. */
export const INVITATION_DAYS = 7;

export const Sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.\-/]+$/, { error: "Letters, digits and . _ - / only" });

export const Product = z.object({
  id: z.string(),
  brandId: z.string(),
  sku: z.string(),
  name: z.string(),
  price: Money,
  url: z.string().optional(),
  /** Days a buyer may return it; a campaign can hold commissions for this long instead of its own hold. */
  returnWindowDays: z.number().int().min(0).max(365).optional(),
  /** The Shopify product and variant it is sold as: Shopify order lines match it by these ids. */
  shopify: z.object({ productId: z.string(), variantId: z.string() }).optional(),
  image: Image.ImageView.nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof Product>;

export const ProductInput = z.object({
  sku: Sku,
  name: z.string().trim().min(1, { error: "Enter a name" }).max(200),
  price: Money,
  /** The product page: absolute http(s) only (a `javascript:` URL would run wherever it is shown as a link). */
  url: HttpUrl.optional(),
  returnWindowDays: z.number().int().min(0).max(365).optional(),
  /** Set once, at creation (like the SKU): its ids are claimed, unique within the brand. */
  shopify: z
    .object({
      productId: z
        .string()
        .trim()
        .regex(/^\d{1,20}$/, { error: "Shopify's numeric product id" }),
      variantId: z
        .string()
        .trim()
        .regex(/^\d{1,20}$/, { error: "Shopify's numeric variant id" }),
    })
    .optional(),
  /** The member's own upload (or an imported product page's image); alt defaults to the name. */
  imageId: z.string().trim().min(1).max(64).optional(),
  imageAlt: z.string().trim().max(300).optional(),
});
export type ProductInput = z.infer<typeof ProductInput>;

export const ProductUpdate = ProductInput.omit({ sku: true, shopify: true }).partial();
export type ProductUpdate = z.infer<typeof ProductUpdate>;

export class BrandNotFoundError extends NotFoundError {
  constructor() {
    super("Brand", "brand_not_found");
  }
}

/**
 * A brand sells in one currency (its `currency`, fixed at creation): its campaigns' budgets and commission
 * amounts and its stores' orders are in it, so a product priced in another could never be compared or paid.
 */
export class ProductCurrencyError extends AppError {
  constructor(brandCurrency: string, given: string) {
    super(
      "validation",
      "product_currency_mismatch",
      `Products are priced in the brand's currency, ${brandCurrency}, not ${given}`,
      [{ path: "price.currency", message: `Use ${brandCurrency}`, code: "product_currency_mismatch" }],
    );
  }
}

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super("Product", "product_not_found");
  }
}

export class SkuTakenError extends AppError {
  constructor(sku: string) {
    super("conflict", "sku_taken", `A product with SKU ${sku} already exists`);
  }
}

export class ShopifyVariantTakenError extends AppError {
  constructor(variantId: string) {
    super("conflict", "shopify_variant_taken", `A product is already sold as Shopify variant ${variantId}`);
  }
}

export class AlreadyMemberError extends AppError {
  constructor() {
    super("conflict", "already_member", "This account is already a member of the brand");
  }
}

/**
 * Deleting an account that is the only owner or admin of a brand would leave the brand with no one to manage
 * it: refused until they make someone else an owner or admin (`details.brandIds` names the brands).
 */
export class LastBrandAdminError extends AppError {
  constructor(brandIds: string[]) {
    super(
      "conflict",
      "last_brand_admin",
      "You are the only owner or admin of a brand. Invite someone as owner or admin first, then delete the account.",
      { brandIds },
    );
  }
}

export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super("Invitation", "invitation_not_found");
  }
}

/** The invitation is no longer pending: accepted, declined, revoked or expired. */
export class InvitationClosedError extends AppError {
  constructor(status: string) {
    super("conflict", "invitation_closed", `This invitation is ${status}; ask the brand for a new one`);
  }
}
