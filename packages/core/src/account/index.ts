export * as Account from "./index";

import * as z from "zod";
import { Mail } from "../mail";
import { Session } from "../session";
import { User } from "../user";
import { Actor } from "../util/actor";
import { AccountStore } from "./account.dynamo";
import { EmailAlreadyVerifiedError, Token, TokenInvalidError } from "./schema";
import { checked, digest, issue } from "./token";

export * from "./erase";
export * from "./export";
export * from "./schema";
export * from "./settings";

export const VerifyEmailInput = z.object({ token: Token });
export type VerifyEmailInput = z.infer<typeof VerifyEmailInput>;

export const PasswordResetInput = z.object({ email: User.Email });
export type PasswordResetInput = z.infer<typeof PasswordResetInput>;

export const PasswordResetConfirmInput = z.object({ token: Token, password: User.Password });
export type PasswordResetConfirmInput = z.infer<typeof PasswordResetConfirmInput>;

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
