export * as Auth from "./index";

import * as z from "zod";
import { Account } from "../account";
import { Session } from "../session";
import { Telemetry } from "../telemetry";
import { User } from "../user";
import type { Actor } from "../util/actor";

export const LoginInput = z.object({
  email: User.Email,
  password: z.string().min(1, { error: "Enter your password" }).max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

export interface SignedIn {
  user: User.Info;
  token: string;
  expiresAt: string;
}

export async function signup(input: User.SignupInput): Promise<SignedIn> {
  await User.assertStrongPassword(input.password, input);
  const user = await User.create(input);
  const { token, session } = await Session.create(user.id);
  // The account exists either way: a mail server that is down must not fail the signup (resend is there).
  await Account.sendVerification(user).catch((error: unknown) =>
    Telemetry.log.error("verification mail not sent", { userId: user.id, error: String(error) }),
  );
  return { user, token, expiresAt: session.expiresAt };
}

/** Throttled per client address and per account (the `login` rate-limit policy) before this runs. */
export async function login(input: LoginInput): Promise<SignedIn> {
  const user = await User.verifyCredentials(input.email, input.password);
  if (user.suspendedAt) throw new User.AccountSuspendedError();
  const { token, session } = await Session.create(user.id);
  return { user, token, expiresAt: session.expiresAt };
}

export async function logout(token: string): Promise<void> {
  await Session.revoke(token);
}

/** The actor behind a session token; throws when the token is unknown, expired or revoked. */
export async function actorFor(token: string): Promise<Actor> {
  const session = await Session.resolve(token);
  const user = await User.get(session.userId);
  if (user.deletedAt) throw new Session.SessionInvalidError();
  // Suspension revokes every session; this catches one the (eventually consistent) session index missed.
  if (user.suspendedAt) throw new User.AccountSuspendedError();
  return { kind: "user", userId: user.id, handle: user.handle, role: user.role };
}
