/**
 * Profile schemas, types and errors: what the domain (index.ts) and its store (profile.dynamo.ts) share,
 * so the store never imports the domain module that imports it.
 */
import * as z from "zod";
import { Image } from "../image";
import { AppError, NotFoundError } from "../util/errors";
import { HttpUrl } from "../util/url";

export const SocialLink = z.object({
  label: z.string().trim().min(1).max(40),
  url: HttpUrl,
});
export type SocialLink = z.infer<typeof SocialLink>;

/** What a user keeps about themselves beyond the account: shown on their storefront. */
export const Fields = z.object({
  bio: z.string().trim().max(500, { error: "Use at most 500 characters" }),
  avatarUrl: HttpUrl.nullable(),
  links: z.array(SocialLink).max(5, { error: "At most 5 links" }),
  /** Uploaded images; their alt text is derived from the display name. */
  avatar: Image.ImageView.nullable(),
  banner: Image.ImageView.nullable(),
});
export type Fields = z.infer<typeof Fields>;

/** Every field optional; `avatarImageId` / `bannerImageId` name the person's own uploads (`null` removes). */
export const UpdateInput = Fields.pick({ bio: true, avatarUrl: true, links: true })
  .partial()
  .extend({
    avatarImageId: z.string().trim().min(1).max(64).nullable().optional(),
    bannerImageId: z.string().trim().min(1).max(64).nullable().optional(),
  });
export type UpdateInput = z.infer<typeof UpdateInput>;

/** The stored profile: the editable fields plus the verified badge and the exact follow counts. */
export const Stored = Fields.extend({
  userId: z.string(),
  verified: z.boolean(),
  followerCount: z.number().int(),
  followingCount: z.number().int(),
  /** The creator's fan-out mode once it was first decided (feed/fanout-mode.ts); unset: by the threshold. */
  fanoutMode: z.enum(["push", "pull"]).optional(),
  fanoutModeAt: z.string().optional(),
  /** Set while the account is suspended (suspension/, copied from the user item): not public, never listed. */
  suspendedAt: z.string().optional(),
});
export type Stored = z.infer<typeof Stored>;

/** A profile as anyone may see it (the fan-out mode is the feed's internal business). */
export const Info = Stored.omit({ fanoutMode: true, fanoutModeAt: true, suspendedAt: true }).extend({
  handle: z.string(),
  displayName: z.string(),
  role: z.string(),
});
export type Info = z.infer<typeof Info>;

export const VerifiedInput = z.object({
  verified: z.boolean(),
  /** For the audit log; a default names the change when the admin gives none. */
  reason: z.string().trim().min(1).max(500).optional(),
});
export type VerifiedInput = z.infer<typeof VerifiedInput>;

export class CreatorNotFoundError extends NotFoundError {
  constructor() {
    super("Creator", "creator_not_found");
  }
}

export class CannotFollowSelfError extends AppError {
  constructor() {
    super("validation", "cannot_follow_self", "You cannot follow yourself");
  }
}
