export * as Brand from "./index";

import * as z from "zod";
import type { Page } from "../dynamo/cursor";
import { User } from "../user";
import { Actor, type UserActor } from "../util/actor";
import { Clock } from "../util/clock";
import { csvFields } from "../util/csv";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../util/errors";
import { createId } from "../util/id";
import { minorUnits } from "../util/money";
import { Currency, Money } from "../util/money-schema";
import { BrandStore } from "./brand.dynamo";

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
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const CreateInput = z.object({
  name: z.string().trim().min(1, { error: "Enter a name" }).max(80),
  domains: z.array(Domain).min(1, { error: "Add at least one store domain" }).max(20),
  currency: Currency,
});
export type CreateInput = z.infer<typeof CreateInput>;

/** The currency is fixed once campaigns and conversions are priced in it. */
export const UpdateInput = CreateInput.omit({ currency: true }).partial();
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

export const AddMemberInput = z.object({
  /** An existing account's handle or email. */
  user: z.string().trim().min(3).max(254),
  role: MemberRole,
});
export type AddMemberInput = z.infer<typeof AddMemberInput>;

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
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof Product>;

export const ProductInput = z.object({
  sku: Sku,
  name: z.string().trim().min(1, { error: "Enter a name" }).max(200),
  price: Money,
  url: z.url().max(2048).optional(),
  returnWindowDays: z.number().int().min(0).max(365).optional(),
});
export type ProductInput = z.infer<typeof ProductInput>;

export const ProductUpdate = ProductInput.omit({ sku: true }).partial();
export type ProductUpdate = z.infer<typeof ProductUpdate>;

export class BrandNotFoundError extends NotFoundError {
  constructor() {
    super("Brand", "brand_not_found");
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

export class AlreadyMemberError extends AppError {
  constructor() {
    super("conflict", "already_member", "This account is already a member of the brand");
  }
}

const rank: Record<MemberRole, number> = { viewer: 0, admin: 1, owner: 2 };

/**
 * The caller's membership, if it reaches `least`. Every brand rule goes through here: a member of another
 * brand is answered 404 (the brand's existence is not theirs to learn), a weaker role 403.
 */
export async function requireMember(actor: Actor, brandId: string, least: MemberRole): Promise<UserActor> {
  const user = Actor.requireUser(actor);
  const brand = await BrandStore.get(brandId);
  if (!brand) throw new BrandNotFoundError();
  if (user.role === "admin") return user;
  const member = await BrandStore.getMember(brandId, user.userId);
  if (!member) throw new BrandNotFoundError();
  if (rank[member.role] < rank[least]) {
    throw new ForbiddenError(`This needs the ${least} role on the brand`, "brand_role_required");
  }
  return user;
}

/** Whether the actor belongs to the brand at all (any role); for reads shared with others, like receipts. */
export async function isMember(actor: Actor, brandId: string): Promise<boolean> {
  if (actor.kind !== "user") return false;
  if (actor.role === "admin") return true;
  return (await BrandStore.getMember(brandId, actor.userId)) !== undefined;
}

/** A brand account creates a brand and becomes its owner, in one transaction. */
export async function create(actor: Actor, input: CreateInput): Promise<Info> {
  const user = Actor.requireRole(actor, "brand");
  const now = Clock.now().toISOString();
  const brand: Info = { id: createId("brd"), ...input, createdAt: now, updatedAt: now };
  await BrandStore.insert(brand, {
    brandId: brand.id,
    userId: user.userId,
    handle: user.handle,
    role: "owner",
    addedAt: now,
  });
  return brand;
}

export async function get(actor: Actor, brandId: string): Promise<Info> {
  await requireMember(actor, brandId, "viewer");
  return getInternal(brandId);
}

/** Without an access check: for the doors and attribution, which authenticate by signature. */
export async function getInternal(brandId: string): Promise<Info> {
  const brand = await BrandStore.get(brandId);
  if (!brand) throw new BrandNotFoundError();
  return brand;
}

export async function update(actor: Actor, brandId: string, input: UpdateInput): Promise<Info> {
  await requireMember(actor, brandId, "admin");
  const brand = await getInternal(brandId);
  const next: Info = { ...brand, ...input, updatedAt: Clock.now().toISOString() };
  await BrandStore.put(next);
  return next;
}

/** The brands the caller belongs to, with their role. */
export async function listMine(actor: Actor): Promise<(Info & { role: MemberRole })[]> {
  const user = Actor.requireUser(actor);
  const memberships = await BrandStore.listMembershipsOf(user.userId);
  const brands = await Promise.all(memberships.map((member) => BrandStore.get(member.brandId)));
  return brands.flatMap((brand, index) => {
    const role = memberships[index]?.role;
    return brand && role ? [{ ...brand, role }] : [];
  });
}

export async function listMembers(actor: Actor, brandId: string): Promise<Member[]> {
  await requireMember(actor, brandId, "viewer");
  return BrandStore.listMembers(brandId);
}

/** Owners and admins add existing accounts; only an owner may make another owner. */
export async function addMember(actor: Actor, brandId: string, input: AddMemberInput): Promise<Member> {
  await requireMember(actor, brandId, input.role === "owner" ? "owner" : "admin");
  const found = input.user.includes("@")
    ? await User.findByEmail(input.user)
    : await User.findByHandle(input.user.replace(/^@/, ""));
  if (!found) throw new NotFoundError("Account", "user_not_found");
  const member: Member = {
    brandId,
    userId: found.id,
    handle: found.handle,
    role: input.role,
    addedAt: Clock.now().toISOString(),
  };
  await BrandStore.insertMember(member);
  return member;
}

export async function createProduct(actor: Actor, brandId: string, input: ProductInput): Promise<Product> {
  await requireMember(actor, brandId, "admin");
  const now = Clock.now().toISOString();
  const product: Product = { id: createId("prd"), brandId, ...input, createdAt: now, updatedAt: now };
  await BrandStore.insertProduct(product);
  return product;
}

export async function updateProduct(
  actor: Actor,
  brandId: string,
  productId: string,
  input: ProductUpdate,
): Promise<Product> {
  await requireMember(actor, brandId, "admin");
  const product = await BrandStore.getProduct(brandId, productId);
  if (!product) throw new ProductNotFoundError();
  const next: Product = { ...product, ...input, updatedAt: Clock.now().toISOString() };
  await BrandStore.putProduct(next);
  return next;
}

export async function listProducts(actor: Actor, brandId: string, cursor?: string): Promise<Page<Product>> {
  await requireMember(actor, brandId, "viewer");
  return BrandStore.listProducts(brandId, cursor);
}

/** Products by id or SKU, for attribution and commission rules; unknown ones are simply absent. */
export async function findProducts(
  brandId: string,
  refs: { productId?: string | undefined; sku?: string | undefined }[],
): Promise<(Product | undefined)[]> {
  return Promise.all(
    refs.map((ref) =>
      ref.productId
        ? BrandStore.getProduct(brandId, ref.productId)
        : ref.sku
          ? BrandStore.getProductBySku(brandId, ref.sku)
          : Promise.resolve(undefined),
    ),
  );
}

const CSV_COLUMNS = ["sku", "name", "price", "currency", "url", "returnWindowDays"] as const;

/**
 * CSV import: a header row naming columns from `sku,name,price,currency,url,returnWindowDays` (price is a
 * decimal string in the currency, default the brand's), then one product per row. Rows upsert by SKU. The
 * whole file is validated first; any bad row refuses the import with every problem listed by line.
 */
export async function importProducts(
  actor: Actor,
  brandId: string,
  csv: string,
): Promise<{ created: number; updated: number }> {
  await requireMember(actor, brandId, "admin");
  const brand = await getInternal(brandId);
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = csvFields(lines[0] ?? "").map((name) => name.toLowerCase());
  const unknown = header.filter((name) => !CSV_COLUMNS.some((column) => column.toLowerCase() === name));
  if (!header.includes("sku") || !header.includes("name") || !header.includes("price") || unknown.length) {
    throw new ValidationError([
      {
        path: "csv",
        message: `The header must name sku, name and price (optional: currency, url, returnWindowDays)`,
      },
    ]);
  }
  if (lines.length > 1001)
    throw new ValidationError([{ path: "csv", message: "At most 1000 rows per import" }]);
  const issues: { path: string; message: string }[] = [];
  const rows: ProductInput[] = [];
  lines.slice(1).forEach((line, index) => {
    const values = csvFields(line);
    const cell = (name: string) => values[header.indexOf(name.toLowerCase())] || undefined;
    try {
      const currency = cell("currency") ?? brand.currency;
      const parsed = ProductInput.safeParse({
        sku: cell("sku"),
        name: cell("name"),
        price: { amount: minorUnits(cell("price") ?? "", currency), currency },
        url: cell("url"),
        returnWindowDays:
          cell("returnWindowDays") === undefined ? undefined : Number(cell("returnWindowDays")),
      });
      if (parsed.success) rows.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          issues.push({ path: `line ${index + 2}.${issue.path.join(".")}`, message: issue.message });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push({
        path: `line ${index + 2}.price`,
        message: (error.details as { message: string }[])[0]?.message ?? "",
      });
    }
  });
  if (issues.length) throw new ValidationError(issues, "Some rows are not valid; nothing was imported");
  let created = 0;
  let updated = 0;
  for (const row of rows) {
    const existing = await BrandStore.getProductBySku(brandId, row.sku);
    const now = Clock.now().toISOString();
    if (existing) {
      await BrandStore.putProduct({ ...existing, ...row, updatedAt: now });
      updated++;
    } else {
      await BrandStore.insertProduct({
        id: createId("prd"),
        brandId,
        ...row,
        createdAt: now,
        updatedAt: now,
      });
      created++;
    }
  }
  return { created, updated };
}
