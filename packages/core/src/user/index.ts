export * as User from "./index";

import type { Role } from "../util/actor";
import { Clock } from "../util/clock";
import { NotFoundError } from "../util/errors";
import { createId } from "../util/id";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import { assertStrong } from "./password-strength";
import {
  EmailUnverifiedError,
  type Info,
  InvalidCredentialsError,
  PasswordIncorrectError,
  type SignupInput,
} from "./schema";
import { UserStore } from "./user.dynamo";

export { WeakPasswordError } from "./password-strength";
export * from "./schema";

/**
 * Refuses a guessable password (422 `weak_password` naming the field and saying why). Every path where a
 * person chooses a password calls this; the estimator's dictionaries load on its first call only.
 */
export function assertStrongPassword(
  password: string,
  about: { email: string; handle: string; displayName: string },
) {
  return assertStrong(password, [about.email, about.handle, about.displayName]);
}

/**
 * Creates the account; email and handle are claimed in the same transaction, so exactly one racer wins.
 * Signup's accounts start unverified; seeds and the admin CLI vouch for their own addresses.
 */
export async function create(
  input: SignupInput | (Omit<SignupInput, "role"> & { role: Role }),
  options: { emailVerified?: boolean } = {},
): Promise<Info> {
  const user: Info = {
    id: createId("usr"),
    email: input.email,
    handle: input.handle,
    displayName: input.displayName,
    role: input.role,
    emailVerified: options.emailVerified ?? false,
    createdAt: Clock.now().toISOString(),
  };
  await UserStore.insert(user, await hashPassword(input.password));
  return user;
}

export async function get(userId: string): Promise<Info> {
  const user = await UserStore.get(userId);
  if (!user) throw new NotFoundError("User", "user_not_found");
  return user;
}

/** Throws `EmailUnverifiedError` (403 `email_unverified`) unless the account's email is confirmed. */
export async function requireVerified(userId: string, message?: string): Promise<Info> {
  const user = await get(userId);
  if (!user.emailVerified) throw new EmailUnverifiedError(message);
  return user;
}

/** Marks the email confirmed, if it is still the account's email (a change since voids older links). */
export async function markEmailVerified(userId: string, email: string): Promise<boolean> {
  return UserStore.markEmailVerified(userId, email);
}

/** Stores a new password hash (the caller has checked the rules and who may). */
export async function setPassword(userId: string, password: string): Promise<void> {
  await UserStore.setPasswordHash(userId, await hashPassword(password));
}

export async function findByHandle(handle: string): Promise<Info | undefined> {
  return UserStore.findByHandle(handle.toLowerCase());
}

export async function findByEmail(email: string): Promise<Info | undefined> {
  return (await UserStore.findByEmail(email.trim().toLowerCase()))?.user;
}

/** Same error, and the same scrypt work, for an unknown email and a wrong password. */
export async function verifyCredentials(email: string, password: string): Promise<Info> {
  const found = await UserStore.findByEmail(email.trim().toLowerCase());
  const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
  if (!found || !ok) throw new InvalidCredentialsError();
  return found.user;
}

/** How long an old handle redirects to the new one, and a deleted account's handle stays held. */
export const HANDLE_HOLD_DAYS = 30;

/**
 * Checks the password a signed-in person typed again before a sensitive change; `field` names the request
 * field for the 401's details. Same scrypt work as a login.
 */
export async function checkPassword(userId: string, password: string, field: string): Promise<Info> {
  const found = await UserStore.getWithHash(userId);
  if (!found || found.user.deletedAt) throw new NotFoundError("User", "user_not_found");
  if (!(await verifyPassword(password, found.passwordHash))) throw new PasswordIncorrectError(field);
  return found.user;
}

export async function setDisplayName(userId: string, displayName: string): Promise<void> {
  await UserStore.setDisplayName(userId, displayName);
}

/** Takes a new handle; the old one redirects to the account for `HANDLE_HOLD_DAYS`, then is free. */
export async function changeHandle(user: Info, handle: string): Promise<void> {
  if (handle === user.handle) return;
  const now = Clock.now();
  const releaseAt = new Date(now.getTime() + HANDLE_HOLD_DAYS * 86_400_000);
  await UserStore.changeHandle(user.id, { from: user.handle, to: handle, now, releaseAt });
}

/** The account an old handle still redirects to (before its hold ends), if any; deleted accounts never. */
export async function aliasOwner(handle: string): Promise<Info | undefined> {
  const owner = await UserStore.aliasOwner(handle.toLowerCase(), Clock.now());
  return owner?.deletedAt ? undefined : owner;
}

/** Swaps the account's email (confirmed) while it is still `from`; false when it no longer is. */
export function changeEmail(userId: string, change: { from: string; to: string }): Promise<boolean> {
  return UserStore.changeEmail(userId, change);
}

/** Changes the role from `from` to `to`; false when the role was no longer `from`. */
export function setRole(userId: string, change: { from: Info["role"]; to: Info["role"] }): Promise<boolean> {
  return UserStore.setRole(userId, change);
}

/**
 * Pseudonymizes the account for good: email released, handle held for `HANDLE_HOLD_DAYS`, name, email and
 * handle replaced by `pseudonym`, no password verifies. The item stays so money records keep a name.
 */
export async function erase(user: Info, pseudonym: string): Promise<void> {
  const at = Clock.now();
  const handleReleaseAt = new Date(at.getTime() + HANDLE_HOLD_DAYS * 86_400_000);
  await UserStore.erase(user, { pseudonym, at, handleReleaseAt });
}
