import { randomBytes } from "node:crypto";

/** A personal code: 10 characters from a 32-letter alphabet (50 bits from the CSPRNG), prefixed `GB`. */
export function newCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(10);
  return `GB${Array.from(bytes, (byte) => alphabet[byte % 32]).join("")}`;
}
