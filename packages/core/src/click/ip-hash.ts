import { createHmac } from "node:crypto";
import { config } from "../config";

const DEV_SECRET = "shopguide-local-ip-hash-secret";

function secret(): string {
  const { ipHashSecret, dynamoEndpoint } = config();
  if (ipHashSecret) return ipHashSecret;
  if (dynamoEndpoint) return DEV_SECRET;
  throw new Error("SHOPGUIDE_IP_HASH_SECRET must be set outside local development");
}

const salts = new Map<string, Buffer>();

/** The salt of one UTC day, derived from the secret; only the current day's is kept in memory. */
function saltOf(day: string): Buffer {
  let salt = salts.get(day);
  if (!salt) {
    salt = createHmac("sha256", secret()).update(`ip-hash-salt:${day}`).digest();
    salts.clear();
    salts.set(day, salt);
  }
  return salt;
}

/**
 * A visitor's address as a keyed hash under the day's salt: good for "same visitor, same day" (duplicate
 * clicks), useless for recovering the address or following one person across days. Raw IPs are never stored.
 */
export function hashIp(ip: string, at: Date): string {
  const day = at.toISOString().slice(0, 10);
  return createHmac("sha256", saltOf(day)).update(ip).digest("base64url").slice(0, 22);
}
