export * as Brand from "./index";

import { createHash, randomBytes } from "node:crypto";
import { Audit } from "../audit";
import { changeWrites } from "../brand-domain/change";
import type { Page } from "../dynamo";
import { Image } from "../image";
import { User } from "../user";
import { Actor, type UserActor } from "../util/actor";
import { Clock } from "../util/clock";
import { csvFields } from "../util/csv";
import { type FieldIssue, ForbiddenError, ValidationError } from "../util/errors";
import { createId } from "../util/id";
import { minorUnits } from "../util/money";
import { parseInput } from "../util/validate";
import { BrandStore } from "./brand.dynamo";
import {
  BrandNotFoundError,
  type CreateInput,
  INVITATION_DAYS,
  type Info,
  type Invitation,
  InvitationClosedError,
  InvitationNotFoundError,
  InviteInput,
  LastBrandAdminError,
  type Member,
  type MemberRole,
  type Product,
  ProductCurrencyError,
  ProductInput,
  ProductNotFoundError,
  type ProductUpdate,
  type UpdateInput,
  VerifiedInput,
} from "./schema";

export * from "./schema";

function requireBrandCurrency(brand: Info, price: { currency: string } | undefined): void {
  if (price && price.currency !== brand.currency)
    throw new ProductCurrencyError(brand.currency, price.currency);
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
  await User.requireVerified(user.userId, "Confirm your email address before creating a brand");
  const now = Clock.now().toISOString();
  const { logoImageId, ...fields } = input;
  const logo = logoImageId ? await Image.attach(actor, { imageId: logoImageId, alt: fields.name }) : null;
  const id = createId("brd");
  const domains = [...new Set(fields.domains)];
  const brand: Info = { id, ...fields, domains, logo, verified: false, createdAt: now, updatedAt: now };
  await BrandStore.insert(
    brand,
    { brandId: brand.id, userId: user.userId, handle: user.handle, role: "owner", addedAt: now },
    await changeWrites(id, [], domains),
  );
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
  const { logoImageId, ...fields } = input;
  const name = fields.name ?? brand.name;
  const logo =
    logoImageId === undefined
      ? brand.logo && { ...brand.logo, alt: name }
      : logoImageId === null
        ? null
        : await Image.attach(actor, { imageId: logoImageId, alt: name });
  const domains = fields.domains ? [...new Set(fields.domains)] : brand.domains;
  const next: Info = { ...brand, ...fields, domains, logo, updatedAt: Clock.now().toISOString() };
  // Domains added are checked against verified claims and get records; removed ones give theirs up.
  await BrandStore.put(next, await changeWrites(brandId, brand.domains, domains));
  return next;
}

/**
 * An admin grants or revokes a brand's verified badge, with the audit entry in the same transaction. A
 * brand already in that state is answered as it is, and nothing is audited.
 */
export async function setVerified(actor: Actor, brandId: string, input: VerifiedInput): Promise<Info> {
  Actor.requireRole(actor, "admin");
  const { verified, reason } = parseInput(VerifiedInput, input);
  const brand = await getInternal(brandId);
  if (brand.verified === verified) return brand;
  const audit = Audit.put(actor, {
    action: verified ? "badge_granted" : "badge_revoked",
    target: { type: "brand", id: brandId },
    reason: reason ?? (verified ? "Verified badge granted" : "Verified badge revoked"),
  });
  const updatedAt = Clock.now().toISOString();
  await BrandStore.setVerified(brandId, verified, updatedAt, audit);
  return { ...brand, verified, updatedAt };
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

/**
 * Who acts for the brand (owners and admins), but the one with `exceptHandle` (who did the thing being
 * told): whom its notifications go to. No caller check: internal.
 */
export async function managerIds(brandId: string, exceptHandle?: string): Promise<string[]> {
  const members = await BrandStore.listMembers(brandId);
  return members
    .filter((member) => member.role !== "viewer" && member.handle !== exceptHandle)
    .map((member) => member.userId);
}

const manages = (member: Member) => rank[member.role] >= rank.admin;

/**
 * For account erasure: the brands `userId` is the only owner or admin of (a brand must always have someone
 * to manage it). One membership read per brand the person manages; no caller check: internal.
 */
export async function soleManagerOf(userId: string): Promise<string[]> {
  const managed = (await BrandStore.listMembershipsOf(userId)).filter(manages);
  const sole = await Promise.all(
    managed.map(async (membership) => {
      const others = (await BrandStore.listMembers(membership.brandId)).filter(
        (member) => member.userId !== userId && manages(member),
      );
      return others.length === 0 ? membership.brandId : undefined;
    }),
  );
  return sole.filter((brandId): brandId is string => brandId !== undefined);
}

/**
 * For account erasure: removes every brand membership of `userId`. A membership that manages the brand goes
 * only while another owner or admin stays (checked in the same transaction); otherwise LastBrandAdminError,
 * and the memberships still there stay. Idempotent: a second run finds fewer memberships.
 */
export async function removeMemberships(userId: string): Promise<void> {
  for (const membership of await BrandStore.listMembershipsOf(userId)) {
    let removed = !manages(membership) && (await BrandStore.removeMember(membership, undefined));
    for (let attempt = 0; !removed && attempt < 3; attempt++) {
      const keeper = (await BrandStore.listMembers(membership.brandId)).find(
        (member) => member.userId !== userId && manages(member),
      );
      if (!keeper) throw new LastBrandAdminError([membership.brandId]);
      removed = await BrandStore.removeMember(membership, keeper);
    }
    if (!removed) throw new LastBrandAdminError([membership.brandId]);
  }
}

export async function listMembers(actor: Actor, brandId: string): Promise<Member[]> {
  await requireMember(actor, brandId, "viewer");
  return BrandStore.listMembers(brandId);
}

/**
 * Owners and admins invite by email; only an owner may invite another owner. The answer is the same
 * whether or not an account has that email (no enumeration), and nobody becomes a member until the
 * invited person accepts. A pending invitation to the same email is replaced by the new one (a re-send).
 * A random single-use token is made and only its hash is stored, for the email link that will carry it
 * once the platform sends email; until then the invitee finds it signed in (`GET /me/invitations`).
 */
export async function invite(actor: Actor, brandId: string, input: InviteInput): Promise<Invitation> {
  const parsed = InviteInput.parse(input);
  const inviter = await requireMember(actor, brandId, parsed.role === "owner" ? "owner" : "admin");
  const brand = await getInternal(brandId);
  const now = Clock.now();
  const invitation: Invitation = {
    id: createId("inv"),
    brandId,
    brandName: brand.name,
    email: parsed.email,
    role: parsed.role,
    status: "pending",
    invitedBy: inviter.userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
  };
  const tokenHash = createHash("sha256").update(randomBytes(32)).digest("hex");
  // Pending invitations are recent (they expire in a week): the newest page holds any to this email.
  for (const earlier of (await BrandStore.listInvitations(brandId)).items) {
    if (earlier.email === parsed.email && earlier.status === "pending")
      await BrandStore.closeInvitation(earlier, "revoked", now.toISOString());
  }
  await BrandStore.insertInvitation(invitation, tokenHash);
  return invitation;
}

/** A pending invitation past its expiry reads as expired. */
function withExpiry(invitation: Invitation): Invitation {
  return invitation.status === "pending" && invitation.expiresAt <= Clock.now().toISOString()
    ? { ...invitation, status: "expired" }
    : invitation;
}

/** A brand's invitations, newest first, a page at a time (owners and admins). */
export async function listInvitations(
  actor: Actor,
  brandId: string,
  cursor?: string,
): Promise<Page<Invitation>> {
  await requireMember(actor, brandId, "admin");
  const page = await BrandStore.listInvitations(brandId, cursor);
  return { ...page, items: page.items.map(withExpiry) };
}

/** The brand withdraws a pending invitation (owners and admins). */
export async function revokeInvitation(
  actor: Actor,
  brandId: string,
  invitationId: string,
): Promise<Invitation> {
  await requireMember(actor, brandId, "admin");
  const found = await BrandStore.getInvitation(brandId, invitationId);
  if (!found) throw new InvitationNotFoundError();
  const current = withExpiry(found);
  if (current.status !== "pending") throw new InvitationClosedError(current.status);
  return BrandStore.closeInvitation(found, "revoked", Clock.now().toISOString());
}

/** Invitations addressed to the signed-in account's email, newest first (pending ones and past ones). */
export async function myInvitations(actor: Actor, cursor?: string): Promise<Page<Invitation>> {
  const user = await User.get(Actor.requireUser(actor).userId);
  const page = await BrandStore.listInvitationsFor(user.email, cursor);
  return { ...page, items: page.items.map(withExpiry) };
}

/** The invitee's own pending invitation; anyone else's is not found (its existence is not revealed). */
async function ownPending(actor: Actor, invitationId: string): Promise<Invitation> {
  const user = await User.get(Actor.requireUser(actor).userId);
  const listed = await BrandStore.findInvitationFor(user.email, invitationId);
  // The index found it by email; the consistent read of the item itself decides its state.
  const found = listed && (await BrandStore.getInvitation(listed.brandId, listed.id));
  if (!found || found.email !== user.email) throw new InvitationNotFoundError();
  const current = withExpiry(found);
  if (current.status !== "pending") throw new InvitationClosedError(current.status);
  return found;
}

/**
 * The invited person accepts: the membership is written and the invitation closed in one transaction
 * (conditional on it still being pending and unexpired), so it is used at most once.
 */
export async function acceptInvitation(actor: Actor, invitationId: string): Promise<Member> {
  const user = Actor.requireUser(actor);
  const invitation = await ownPending(actor, invitationId);
  const now = Clock.now().toISOString();
  const member: Member = {
    brandId: invitation.brandId,
    userId: user.userId,
    handle: user.handle,
    role: invitation.role,
    addedAt: now,
  };
  await BrandStore.acceptInvitation(invitation, member, now);
  return member;
}

export async function declineInvitation(actor: Actor, invitationId: string): Promise<Invitation> {
  const invitation = await ownPending(actor, invitationId);
  return BrandStore.closeInvitation(invitation, "declined", Clock.now().toISOString());
}

export async function createProduct(actor: Actor, brandId: string, input: ProductInput): Promise<Product> {
  await requireMember(actor, brandId, "admin");
  requireBrandCurrency(await getInternal(brandId), input.price);
  const now = Clock.now().toISOString();
  const { imageId, imageAlt, ...fields } = input;
  const image = imageId ? await Image.attach(actor, { imageId, alt: imageAlt || fields.name }) : null;
  const product: Product = { id: createId("prd"), brandId, ...fields, image, createdAt: now, updatedAt: now };
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
  requireBrandCurrency(await getInternal(brandId), input.price);
  const { imageId, imageAlt, ...fields } = input;
  const image = await Image.resolveChange(actor, product.image, {
    imageId,
    alt: imageAlt || (imageId ? (fields.name ?? product.name) : undefined),
    altField: "imageAlt",
  });
  const next: Product = {
    ...product,
    ...fields,
    ...(image !== undefined && { image }),
    updatedAt: Clock.now().toISOString(),
  };
  await BrandStore.putProduct(next);
  return next;
}

export async function listProducts(actor: Actor, brandId: string, cursor?: string): Promise<Page<Product>> {
  await requireMember(actor, brandId, "viewer");
  return BrandStore.listProducts(brandId, cursor);
}

/** One page of a brand's catalogue (AP47), with no access check: for platform work (search re-indexing). */
export function pageProducts(brandId: string, cursor?: string): Promise<Page<Product>> {
  return BrandStore.listProducts(brandId, cursor);
}

/**
 * Products by our id, by SKU, or by the Shopify product and variant they are sold as (in that order), for
 * attribution and commission rules; unknown ones are simply absent.
 */
export async function findProducts(
  brandId: string,
  refs: {
    productId?: string | undefined;
    sku?: string | undefined;
    shopify?: { productId: string; variantId: string } | undefined;
  }[],
): Promise<(Product | undefined)[]> {
  return Promise.all(
    refs.map(async (ref) => {
      if (ref.productId) return BrandStore.getProduct(brandId, ref.productId);
      const bySku = ref.sku ? await BrandStore.getProductBySku(brandId, ref.sku) : undefined;
      if (bySku || !ref.shopify) return bySku;
      return BrandStore.getProductByShopify(brandId, ref.shopify.productId, ref.shopify.variantId);
    }),
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
  const issues: FieldIssue[] = [];
  const rows: ProductInput[] = [];
  lines.slice(1).forEach((line, index) => {
    const values = csvFields(line);
    const cell = (name: string) => values[header.indexOf(name.toLowerCase())] || undefined;
    try {
      const currency = cell("currency") ?? brand.currency;
      if (currency !== brand.currency) {
        issues.push({
          path: `line ${index + 2}.currency`,
          message: `Products are priced in the brand's currency, ${brand.currency}, not ${currency}`,
          code: "product_currency_mismatch",
        });
        return;
      }
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
      const { imageId: _imageId, imageAlt: _imageAlt, ...fields } = row;
      await BrandStore.putProduct({ ...existing, ...fields, updatedAt: now });
      updated++;
    } else {
      const { imageId: _imageId, imageAlt: _imageAlt, ...fields } = row;
      await BrandStore.insertProduct({
        id: createId("prd"),
        brandId,
        ...fields,
        image: null,
        createdAt: now,
        updatedAt: now,
      });
      created++;
    }
  }
  return { created, updated };
}
