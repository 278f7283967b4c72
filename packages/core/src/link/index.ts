export * as Link from "./index";

import * as z from "zod";
import { config } from "../config";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { AppError, ValidationError } from "../util/errors";
import { CODE_PATTERN, generateCode } from "./code";
import { checkDestination, MAX_DESTINATION_LENGTH, normalizeDestination } from "./destination";
import { LinkStore } from "./link.dynamo";
import { forget } from "./resolve";

export { CODE_PATTERN } from "./code";
export { resolve, type Target } from "./resolve";

/** A stored destination: http(s), no credentials, a public host, at most 2 048 characters. */
export const Destination = z
  .string()
  .max(MAX_DESTINATION_LENGTH, { error: `Use at most ${MAX_DESTINATION_LENGTH} characters` })
  .superRefine((url, context) => {
    const problem = checkDestination(url);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .transform(normalizeDestination);

const UtmValue = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.~-]+$/, { error: "Letters, digits, and . _ ~ - only" });

/** Campaign parameters added to the destination on every redirect (`utm_source` and so on). */
export const Utm = z.object({
  source: UtmValue.optional(),
  medium: UtmValue.optional(),
  campaign: UtmValue.optional(),
});
export type Utm = z.infer<typeof Utm>;

/**
 * UTM values to store, or undefined when none is set. An empty map is never written: DynamoDB Local's
 * stream hands `{}` (no type tag) for it, which no stream decoder can read, so `{"utm": {}}` means "remove".
 */
export function storedUtm(utm: Utm | null | undefined): Utm | undefined {
  if (!utm) return undefined;
  const entries = Object.entries(utm).filter(([, value]) => value !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as Utm) : undefined;
}

export const Code = z.string().regex(CODE_PATTERN, { error: "Not a link code" });

/** A referral link as its creator sees it. */
export const Info = z.object({
  code: z.string(),
  shortUrl: z.string(),
  url: z.string(),
  creatorId: z.string(),
  guideId: z.string().optional(),
  productId: z.string().optional(),
  utm: Utm.optional(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

const OwnedId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, { error: "Not an id" });

export const CreateInput = z.object({
  url: Destination,
  guideId: OwnedId.optional(),
  productId: OwnedId.optional(),
  utm: Utm.optional(),
});
export type CreateInput = z.input<typeof CreateInput>;

export const UpdateInput = z
  .object({ disabled: z.boolean().optional(), utm: Utm.nullable().optional() })
  .refine((input) => input.disabled !== undefined || input.utm !== undefined, {
    error: "Send disabled or utm",
  });
export type UpdateInput = z.infer<typeof UpdateInput>;

export class LinkNotFoundError extends AppError {
  constructor() {
    super("not_found", "link_not_found", "Link was not found");
  }
}

export function shortUrl(code: string): string {
  return `${config().publicUrl}/r/${code}`;
}

/**
 * The creator's link to `url` (for this guide), made when missing: the same creator, URL and guide always
 * answer the same link, also under concurrent calls, because creation claims a key derived from the three
 * in the same transaction that writes the link. `created` tells the caller which happened.
 * The guides capability calls this for every product card when a guide is published.
 */
export async function ensure(input: {
  creatorId: string;
  url: string;
  guideId?: string | undefined;
  productId?: string | undefined;
  utm?: Utm | undefined;
}): Promise<{ link: Info; created: boolean }> {
  const checked = Destination.safeParse(input.url);
  if (!checked.success) {
    throw new ValidationError(checked.error.issues.map((issue) => ({ path: "url", message: issue.message })));
  }
  const url = checked.data;
  const identity = { creatorId: input.creatorId, url, guideId: input.guideId };
  for (let attempt = 0; attempt < 8; attempt++) {
    const existing = await LinkStore.findByIdentity(identity);
    if (existing) return { link: existing, created: false };
    const now = Clock.now().toISOString();
    const link: Info = {
      code: generateCode(),
      shortUrl: "",
      url,
      creatorId: input.creatorId,
      guideId: input.guideId,
      productId: input.productId,
      utm: storedUtm(input.utm),
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    link.shortUrl = shortUrl(link.code);
    const outcome = await LinkStore.insert(link, identity);
    if (outcome === "inserted") return { link, created: true };
    // "code_taken": draw another code. "identity_taken"/"conflict": a concurrent call won; read its link.
  }
  throw new Error("Could not create a link after 8 attempts");
}

/** POST /links: a creator's own link. */
export async function create(actor: Actor, input: CreateInput): Promise<{ link: Info; created: boolean }> {
  const creator = Actor.requireRole(actor, "creator");
  const parsed = CreateInput.parse(input);
  return ensure({ creatorId: creator.userId, ...parsed });
}

export async function listMine(actor: Actor): Promise<Info[]> {
  const creator = Actor.requireRole(actor, "creator");
  return LinkStore.listByCreator(creator.userId);
}

/** A link its creator (or an admin) may see; anyone else gets the same 404 as for a missing code. */
export async function getOwned(actor: Actor, code: string): Promise<Info> {
  const user = Actor.requireRole(actor, "creator");
  const link = CODE_PATTERN.test(code) ? await LinkStore.get(code) : undefined;
  if (!link || (link.creatorId !== user.userId && user.role !== "admin")) throw new LinkNotFoundError();
  return link;
}

export async function update(actor: Actor, code: string, input: UpdateInput): Promise<Info> {
  await getOwned(actor, code);
  const parsed = UpdateInput.parse(input);
  // An empty utm removes the attribute (null), never stores an empty map.
  const changes = parsed.utm === undefined ? parsed : { ...parsed, utm: storedUtm(parsed.utm) ?? null };
  const updated = await LinkStore.update(code, changes, Clock.now().toISOString());
  forget(code);
  return updated;
}
