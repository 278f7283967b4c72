export * as Account from "./index";

import { createHash, randomBytes } from "node:crypto";
import * as z from "zod";
import { Mail } from "../mail";
import { Session } from "../session";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { AccountStore } from "./account.dynamo";
import {
  EmailAlreadyVerifiedError,
  TOKEN_SECONDS,
  Token,
  TokenExpiredError,
  TokenInvalidError,
  type TokenPurpose,
} from "./schema";

export * from "./schema";

export const VerifyEmailInput = z.object({ token: Token });
export type VerifyEmailInput = z.infer<typeof VerifyEmailInput>;

export const PasswordResetInput = z.object({ email: User.Email });
export type PasswordResetInput = z.infer<typeof PasswordResetInput>;

export const PasswordResetConfirmInput = z.object({ token: Token, password: User.Password });
export type PasswordResetConfirmInput = z.infer<typeof PasswordResetConfirmInput>;

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** Issues a token for a purpose: the token goes into the mail, only its digest into the table. */
async function issue(purpose: TokenPurpose, user: User.Info): Promise<{ token: string; digest: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Clock.nowMs() + TOKEN_SECONDS[purpose] * 1000).toISOString();
  await AccountStore.putToken(digest(token), { purpose, userId: user.id, email: user.email, expiresAt });
  return { token, digest: digest(token) };
}

/** A token's stored facts, or the error that says why it does not work (unknown or used, expired). */
function checked<T extends { expiresAt: string }>(found: T | undefined): T {
  if (!found) throw new TokenInvalidError();
  if (Date.parse(found.expiresAt) <= Clock.nowMs()) throw new TokenExpiredError();
  return found;
}

/**
 * Mails a fresh verification link to the account's address. The mail's event is the token itself, so it
 * is sent at most once whoever retries.
 */
export async function sendVerification(user: User.Info): Promise<void> {
  const { token, digest: eventKey } = await issue("verify_email", user);
  await Mail.send({
    ...Mail.Templates.verifyEmail({ displayName: user.displayName, token }),
    to: user.email,
    eventId: `verify_email:${eventKey}`,
    transactional: true,
  });
}

/** Resend (rate limited per account by the `verify-email-resend` policy before this runs). */
export async function resendVerification(actor: Actor): Promise<void> {
  const user = await User.get(Actor.requireUser(actor).userId);
  if (user.emailVerified) throw new EmailAlreadyVerifiedError();
  await sendVerification(user);
}

/** Uses a verification token once; the link confirms the address it was sent to, not a newer one. */
export async function verifyEmail(input: VerifyEmailInput): Promise<User.Info> {
  const token = checked(await AccountStore.takeToken("verify_email", digest(input.token)));
  if (!(await User.markEmailVerified(token.userId, token.email))) throw new TokenInvalidError();
  return User.get(token.userId);
}

/**
 * Starts a reset. Known and unknown addresses get the same answer from the route; only a known one gets
 * a mail. Rate limited per address and per email by the `password-reset` policy before this runs.
 */
export async function requestPasswordReset(input: PasswordResetInput): Promise<void> {
  const user = await User.findByEmail(input.email);
  if (!user) return;
  const { token, digest: eventKey } = await issue("password_reset", user);
  await Mail.send({
    ...Mail.Templates.passwordReset({ displayName: user.displayName, token }),
    to: user.email,
    eventId: `password_reset:${eventKey}`,
    transactional: true,
  });
}

/**
 * Sets a new password with a reset token: the token is checked first and used up only once the password
 * passes the rules (a refused password leaves the link working), then every session is signed out.
 */
export async function confirmPasswordReset(input: PasswordResetConfirmInput): Promise<void> {
  const key = digest(input.token);
  const stored = checked(await AccountStore.getToken("password_reset", key));
  const user = await User.get(stored.userId);
  await User.assertStrongPassword(input.password, user);
  checked(await AccountStore.takeToken("password_reset", key));
  await User.setPassword(user.id, input.password);
  await Session.revokeAll(user.id);
  await Mail.send({
    ...Mail.Templates.passwordChanged({ displayName: user.displayName }),
    to: user.email,
    eventId: `password_changed:${key}`,
    transactional: true,
  });
}
