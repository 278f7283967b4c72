import * as z from "zod";
import { AppError } from "../util/errors";

/** What a token in a mail is for; part of its key, so a token of one kind never works as another. */
export const TokenPurpose = z.enum(["verify_email", "password_reset", "email_change"]);
export type TokenPurpose = z.infer<typeof TokenPurpose>;

/** How long a mailed token works, by the platform clock. */
export const TOKEN_SECONDS: Record<TokenPurpose, number> = {
  verify_email: 7 * 86_400,
  password_reset: 3600,
  email_change: 86_400,
};

/** Tokens are 43 base64url characters (256 random bits); anything else cannot be one. */
export const Token = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: "This link is not valid; request a new one" });

/** A token as stored: only its SHA-256 is the key; the token itself exists only in the mail. */
export const StoredToken = z.object({
  purpose: TokenPurpose,
  userId: z.string(),
  email: z.string(),
  /** For `email_change`: the address the account moves to once the link sent there is opened. */
  newEmail: z.string().optional(),
  expiresAt: z.string(),
});
export type StoredToken = z.infer<typeof StoredToken>;

export class TokenInvalidError extends AppError {
  constructor() {
    super("bad_request", "token_invalid", "This link is not valid or was already used; request a new one");
  }
}

export class TokenExpiredError extends AppError {
  constructor() {
    super("bad_request", "token_expired", "This link has expired; request a new one");
  }
}

export class EmailAlreadyVerifiedError extends AppError {
  constructor() {
    super("conflict", "email_already_verified", "This email address is already confirmed");
  }
}

export class UnpaidBalanceError extends AppError {
  constructor() {
    super(
      "conflict",
      "unpaid_balance",
      "You still have commissions pending, held or approved and not yet paid. The account can be deleted once they are paid or reversed.",
    );
  }
}
