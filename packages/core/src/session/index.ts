export * as Session from "./index";

import { createHash, randomBytes } from "node:crypto";
import { Clock } from "../util/clock";
import { type Info, SESSION_DAYS, SessionInvalidError } from "./schema";
import { SessionStore } from "./session.dynamo";

export * from "./schema";

/** Only the SHA-256 of a token is stored, so a leaked table does not leak live sessions. */
function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh opaque token (256 random bits); returned once and never stored in the clear. */
export async function create(userId: string): Promise<{ token: string; session: Info }> {
  const token = randomBytes(32).toString("base64url");
  const now = Clock.nowMs();
  const session: Info = {
    userId,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_DAYS * 86_400_000).toISOString(),
  };
  await SessionStore.put(digest(token), session);
  return { token, session };
}

export async function resolve(token: string): Promise<Info> {
  // Tokens are 43 base64url characters; anything else cannot be one of ours.
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new SessionInvalidError();
  const session = await SessionStore.get(digest(token));
  // TTL deletion lags, so expiry is checked here too.
  if (!session || Date.parse(session.expiresAt) <= Clock.nowMs()) throw new SessionInvalidError();
  return session;
}

export async function revoke(token: string): Promise<void> {
  await SessionStore.delete(digest(token));
}

/**
 * A user's sessions as they see them: when each began and ends, and which one is asking. Sessions are
 * named by the digest's first 16 characters, never the token.
 */
export async function listFor(userId: string, current?: string) {
  const mine = current ? digest(current) : undefined;
  const now = Clock.nowMs();
  return (await SessionStore.listForUser(userId))
    .filter((session) => Date.parse(session.expiresAt) > now)
    .map((session) => ({
      id: session.tokenDigest.slice(0, 16),
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      current: session.tokenDigest === mine,
    }));
}

/** Signs a user out everywhere, except (when given) the session making the request. */
export async function revokeAll(userId: string, options: { except?: string } = {}): Promise<number> {
  const keep = options.except ? digest(options.except) : undefined;
  const sessions = (await SessionStore.listForUser(userId)).filter((session) => session.tokenDigest !== keep);
  await Promise.all(sessions.map((session) => SessionStore.delete(session.tokenDigest)));
  return sessions.length;
}
