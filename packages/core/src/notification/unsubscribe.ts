import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { AppError } from "../util/errors";
import { Kind } from "./schema";

/** An unsubscribe link this server did not sign (tampered, foreign, or signed with a retired key). */
export class UnsubscribeTokenError extends AppError {
  constructor() {
    super("bad_request", "token_invalid", "This unsubscribe link is not valid");
  }
}

// Stands in for SHOPGUIDE_SECRETS_KEY against DynamoDB Local only (as the cursor key does).
const DEV_KEY = Buffer.from("shopguide-local-unsubscribe-key-for-development-only");
const LABEL = "shopguide unsubscribe v1";
let derived: { from: Buffer; key: Buffer } | undefined;

/** HKDF of the secrets key under its own label: an unsubscribe MAC can stand in for nothing else. */
function macKey(): Buffer {
  const { secretsKey, dynamoEndpoint } = config();
  const from = secretsKey ?? (dynamoEndpoint ? DEV_KEY : undefined);
  if (!from) throw new Error("SHOPGUIDE_SECRETS_KEY must be set outside local development (unsubscribe)");
  if (derived?.from !== from)
    derived = { from, key: Buffer.from(hkdfSync("sha256", from, Buffer.alloc(0), LABEL, 32)) };
  return derived.key;
}

const mac = (payload: string) => createHmac("sha256", macKey()).update(payload).digest();

/**
 * A one-click unsubscribe token: `<base64url "userId kind">.<base64url HMAC-SHA256>`. It names one person
 * and one kind and needs no sign-in (RFC 8058: a mail client posts it without cookies), so all it can do is
 * turn that kind's mail off for that person. It never expires: an old mail's link keeps working.
 */
export function seal(userId: string, kind: Kind): string {
  const payload = Buffer.from(`${userId} ${kind}`).toString("base64url");
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/** The person and kind a token names; throws UnsubscribeTokenError for anything this server did not sign. */
export function open(token: string): { userId: string; kind: Kind } {
  const [payload = "", signature = "", ...rest] = token.split(".");
  const given = Buffer.from(signature, "base64url");
  const expected = mac(payload);
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new UnsubscribeTokenError();
  const [userId = "", kind] = Buffer.from(payload, "base64url").toString().split(" ");
  const parsed = Kind.safeParse(kind);
  if (!userId || !parsed.success) throw new UnsubscribeTokenError();
  return { userId, kind: parsed.data };
}
