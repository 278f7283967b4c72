import { createHash, randomBytes } from "node:crypto";
import type { User } from "../user";
import { Clock } from "../util/clock";
import { AccountStore } from "./account.dynamo";
import { TOKEN_SECONDS, TokenExpiredError, TokenInvalidError, type TokenPurpose } from "./schema";

/** Only a token's SHA-256 is stored; the token itself exists only in the mail. */
export const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** Issues a token for a purpose: the token goes into the mail, only its digest into the table. */
export async function issue(
  purpose: TokenPurpose,
  user: User.Info,
  extra: { newEmail?: string } = {},
): Promise<{ token: string; digest: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Clock.nowMs() + TOKEN_SECONDS[purpose] * 1000).toISOString();
  await AccountStore.putToken(digest(token), {
    purpose,
    userId: user.id,
    email: user.email,
    ...extra,
    expiresAt,
  });
  return { token, digest: digest(token) };
}

/** A token's stored facts, or the error that says why it does not work (unknown or used, expired). */
export function checked<T extends { expiresAt: string }>(found: T | undefined): T {
  if (!found) throw new TokenInvalidError();
  if (Date.parse(found.expiresAt) <= Clock.nowMs()) throw new TokenExpiredError();
  return found;
}
