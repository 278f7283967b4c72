export * as User from "./index";

import type { Role } from "../util/actor";
import { Clock } from "../util/clock";
import { NotFoundError } from "../util/errors";
import { createId } from "../util/id";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import { assertStrong } from "./password-strength";
import { EmailUnverifiedError, type Info, InvalidCredentialsError, type SignupInput } from "./schema";
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
