/**
 * What a signed-in person changes about their own account: password, email (confirmed at the new address),
 * display name and handle, and the follower → creator upgrade. Each takes the actor and checks it here.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { Guide } from "../guide";
import { Mail } from "../mail";
import { Session } from "../session";
import { User } from "../user";
import { Actor } from "../util/actor";
import { AppError, ForbiddenError, ValidationError } from "../util/errors";
import { parseInput } from "../util/validate";
import { AccountStore } from "./account.dynamo";
import { AccountMails } from "./mails";
import { Token, TokenInvalidError } from "./schema";
import { checked, digest, issue } from "./token";

/** A password typed again to prove it is the owner (any length: only checked, never set). */
const CurrentPassword = z.string().min(1, { error: "Enter your current password" }).max(200);

export const ChangePasswordInput = z.object({ currentPassword: CurrentPassword, newPassword: User.Password });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const ChangeEmailInput = z.object({ newEmail: User.Email, password: CurrentPassword });
export type ChangeEmailInput = z.infer<typeof ChangeEmailInput>;

export const ConfirmEmailInput = z.object({ token: Token });
export type ConfirmEmailInput = z.infer<typeof ConfirmEmailInput>;

export const UpdateMeInput = z
  .object({ displayName: User.DisplayName, handle: User.NewHandle })
  .partial()
  .refine((input) => input.displayName !== undefined || input.handle !== undefined, {
    error: "Send displayName or handle",
  });
export type UpdateMeInput = z.infer<typeof UpdateMeInput>;

export const UpgradeInput = z.object({ to: z.literal("creator") });
export type UpgradeInput = z.infer<typeof UpgradeInput>;

/** The password rules, with the refusal naming `field` (the rules' own error names `password`). */
async function assertStrongAs(field: string, password: string, user: User.Info): Promise<void> {
  try {
    await User.assertStrongPassword(password, user);
  } catch (error) {
    if (!(error instanceof User.WeakPasswordError)) throw error;
    throw new AppError("validation", "weak_password", error.message, [
      { path: field, message: error.message },
    ]);
  }
}

/**
 * Changes the password: the current one is required (401 `password_incorrect` naming `currentPassword`),
 * the new one must pass the rules, every other session is signed out and the owner gets a notice.
 */
export async function changePassword(
  actor: Actor,
  sessionToken: string | undefined,
  raw: ChangePasswordInput,
): Promise<{ revoked: number }> {
  const { userId } = Actor.requireUser(actor);
  const input = parseInput(ChangePasswordInput, raw);
  const user = await User.checkPassword(userId, input.currentPassword, "currentPassword");
  if (input.newPassword === input.currentPassword)
    throw new ValidationError([{ path: "newPassword", message: "Choose a password you do not use now" }]);
  await assertStrongAs("newPassword", input.newPassword, user);
  await User.setPassword(user.id, input.newPassword);
  const revoked = await Session.revokeAll(user.id, { except: sessionToken });
  await Mail.send({
    ...Mail.Templates.passwordChanged({ displayName: user.displayName }),
    to: user.email,
    eventId: `password_changed:${user.id}:${randomUUID()}`,
    transactional: true,
  });
  return { revoked };
}

/**
 * Starts an email change: mails a single-use, 24-hour link to the NEW address; nothing changes until it is
 * opened. A taken address is refused now (409 `email_taken`) and again, atomically, at confirmation.
 */
export async function requestEmailChange(
  actor: Actor,
  raw: ChangeEmailInput,
): Promise<{ pendingEmail: string }> {
  const { userId } = Actor.requireUser(actor);
  const input = parseInput(ChangeEmailInput, raw);
  const user = await User.checkPassword(userId, input.password, "password");
  if (input.newEmail === user.email)
    throw new ValidationError([{ path: "newEmail", message: "This is already your email" }]);
  if (await User.findByEmail(input.newEmail)) throw new User.EmailTakenError();
  const { token, digest: eventKey } = await issue("email_change", user, { newEmail: input.newEmail });
  await Mail.send({
    ...AccountMails.confirmEmailChange({ displayName: user.displayName, token, newEmail: input.newEmail }),
    to: input.newEmail,
    eventId: `email_change:${eventKey}`,
    transactional: true,
  });
  return { pendingEmail: input.newEmail };
}

/**
 * Applies an email change with the token mailed to the new address (works once, by the platform clock):
 * the address claims swap in one transaction, the account is confirmed at the new address, and the old
 * address gets a notice. Anyone holding the link may open it: the token is the proof.
 */
export async function confirmEmailChange(raw: ConfirmEmailInput): Promise<User.Info> {
  const input = parseInput(ConfirmEmailInput, raw);
  const key = digest(input.token);
  const stored = checked(await AccountStore.takeToken("email_change", key));
  if (!stored.newEmail) throw new TokenInvalidError();
  const user = await User.get(stored.userId);
  if (!(await User.changeEmail(user.id, { from: stored.email, to: stored.newEmail })))
    throw new TokenInvalidError();
  await Mail.send({
    ...AccountMails.emailChanged({ displayName: user.displayName, newEmail: stored.newEmail }),
    to: stored.email,
    eventId: `email_changed:${key}`,
    transactional: true,
  });
  return User.get(user.id);
}

/**
 * Edits the display name and the handle. A new handle is claimed atomically (409 `handle_taken`); the old one
 * redirects to the account for `User.HANDLE_HOLD_DAYS` days, then anyone may take it. A creator's guides,
 * which carry the handle and name, are rewritten to the new ones.
 */
export async function updateMe(actor: Actor, raw: UpdateMeInput): Promise<User.Info> {
  const { userId } = Actor.requireUser(actor);
  const input = parseInput(UpdateMeInput, raw);
  const user = await User.get(userId);
  if (input.handle !== undefined) await User.changeHandle(user, input.handle);
  if (input.displayName !== undefined && input.displayName !== user.displayName)
    await User.setDisplayName(userId, input.displayName);
  const after = await User.get(userId);
  if (after.role === "creator" && (after.handle !== user.handle || after.displayName !== user.displayName))
    await Guide.renameCreator({ id: after.id, handle: after.handle, displayName: after.displayName });
  return after;
}

/**
 * Follower → creator: the profile becomes a storefront. Idempotent (a creator asking again gets the account
 * back); sessions carry only the user id, so they keep working and see the new role on the next request.
 */
export async function upgrade(actor: Actor, raw: UpgradeInput): Promise<User.Info> {
  const { userId } = Actor.requireUser(actor);
  const input = parseInput(UpgradeInput, raw);
  const user = await User.get(userId);
  if (user.role === input.to) return user;
  if (user.role !== "follower")
    throw new ForbiddenError("Only a follower account can become a creator", "role_required");
  await User.setRole(userId, { from: "follower", to: input.to });
  return User.get(userId);
}
