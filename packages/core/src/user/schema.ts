/**
 * User schemas, types and errors: what the domain (index.ts) and its store (user.dynamo.ts) share, so the
 * store never imports the domain module that imports it.
 */
import * as z from "zod";
import { Role } from "../util/actor";
import { AppError } from "../util/errors";

export const Email = z
  .email({ error: "Enter a valid email address" })
  .max(254)
  .transform((email) => email.trim().toLowerCase());

/** Handles are case-insensitive: stored and compared lower-case. */
export const Handle = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{3,30}$/, { error: "3-30 characters: letters, digits and underscores" });

/**
 * Handles that name a page of the site (every top-level web path, /api, /r, and a few words people would
 * trust), so no storefront can pose as one. Refused at signup and at a handle change (422 `handle_reserved`).
 */
export const RESERVED_HANDLES: ReadonlySet<string> = new Set([
  "about",
  "account",
  "admin",
  "administrator",
  "api",
  "app",
  "brand",
  "brands",
  "campaigns",
  "categories",
  "creators",
  "dev",
  "directory",
  "docs",
  "earnings",
  "editor",
  "explore",
  "feed",
  "forgot_password",
  "groupbuys",
  "guides",
  "help",
  "home",
  "login",
  "logout",
  "mail",
  "me",
  "moderation",
  "moderator",
  "my_groupbuys",
  "notifications",
  "official",
  "openapi",
  "payouts",
  "privacy",
  "receipts",
  "reset_password",
  "root",
  "saved",
  "search",
  "security",
  "settings",
  "shopguide",
  "signup",
  "staff",
  "studio",
  "support",
  "system",
  "tags",
  "terms",
  "trending",
  "unsubscribe",
  "verify_email",
  "welcome",
  "www",
]);

/** A handle someone may take now: the handle rules, and not one of the reserved names. */
export const NewHandle = Handle.refine((handle) => !RESERVED_HANDLES.has(handle), {
  error: "This handle is reserved: it names a page of the site",
  params: { code: "handle_reserved" },
});

export const Password = z
  .string()
  .min(10, { error: "Use at least 10 characters" })
  .max(200, { error: "Use at most 200 characters" });

export const DisplayName = z.string().trim().min(1, { error: "Enter a name" }).max(60);

/** A user as the API shows it to its owner. */
export const Info = z.object({
  id: z.string(),
  email: z.string(),
  handle: z.string(),
  displayName: z.string(),
  role: Role,
  /** True once the person opened the verification mail's link (or the account was made by seed or CLI). */
  emailVerified: z.boolean().default(false),
  createdAt: z.string(),
  /** Set when the person deleted the account: the item stays, pseudonymized, for the money records. */
  deletedAt: z.string().optional(),
  /** Set while the platform suspends the account (suspension/): no sign-in, no storefront. Absent = active. */
  suspendedAt: z.string().optional(),
});
export type Info = z.infer<typeof Info>;

export const SignupInput = z.object({
  email: Email,
  password: Password,
  handle: NewHandle,
  displayName: DisplayName,
  /** Admins are made by seed or CLI, never by signup. */
  role: z.enum(["follower", "creator", "brand"]),
});
export type SignupInput = z.infer<typeof SignupInput>;

export class EmailTakenError extends AppError {
  constructor() {
    super("conflict", "email_taken", "An account with this email already exists");
  }
}

export class HandleTakenError extends AppError {
  constructor(message = "This handle is taken") {
    super("conflict", "handle_taken", message);
  }
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    super("unauthorized", "invalid_credentials", "Email or password is wrong");
  }
}

export class AccountSuspendedError extends AppError {
  constructor() {
    super("forbidden", "account_suspended", "This account is suspended");
  }
}

export class EmailUnverifiedError extends AppError {
  constructor(message = "Confirm your email address first: open the link in the mail we sent you") {
    super("forbidden", "email_unverified", message);
  }
}

export class PasswordIncorrectError extends AppError {
  /** `field` is the request field that carried the password (`currentPassword`, `password`). */
  constructor(field: string) {
    super("unauthorized", "password_incorrect", "Your current password is wrong", [
      { path: field, message: "This is not your current password" },
    ]);
  }
}
