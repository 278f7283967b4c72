/**
 * Link schemas, types, errors and the pure helpers the store shares with the domain (index.ts), so the store
 * (link.dynamo.ts) never imports the domain module that imports it.
 */
import * as z from "zod";
import { config } from "../config";
import { displayHost } from "../util/display-host";
import { AppError } from "../util/errors";
import { CODE_PATTERN } from "./code";
import { checkDestination, MAX_DESTINATION_LENGTH, normalizeDestination } from "./destination";

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
  /** The destination's host as people should read it: punycode when it could pass for another (`аррӏе.com`). */
  displayHost: z.string(),
  creatorId: z.string(),
  guideId: z.string().optional(),
  productId: z.string().optional(),
  utm: Utm.optional(),
  disabled: z.boolean(),
  /**
   * Set by the platform, not the creator: the link answers a 410 "no longer available" page saying why
   * (`account_suspended`: written on every link of a suspended creator by the suspension sweep).
   */
  disabledReason: z.literal("account_suspended").optional(),
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

/** A stored destination's host for display (util/display-host). */
export function destinationHost(url: string): string {
  return displayHost(new URL(url).hostname);
}

export function shortUrl(code: string): string {
  return `${config().publicUrl}/r/${code}`;
}
