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
  /** Set while the platform suspends the account (suspension/): no sign-in, no storefront. Absent = active. */
  suspendedAt: z.string().optional(),
});
export type Info = z.infer<typeof Info>;

export const SignupInput = z.object({
  email: Email,
  password: Password,
  handle: Handle,
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
  constructor() {
    super("conflict", "handle_taken", "This handle is taken");
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
