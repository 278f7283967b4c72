import { randomInt } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Codes are 7-10 base62 characters; anything else cannot be one of ours and is answered without a lookup. */
export const CODE_PATTERN = /^[0-9A-Za-z]{7,10}$/;

/** 8 characters from a CSPRNG: 62^8 ≈ 2.2e14 codes, so guessing live ones is hopeless and collisions rare. */
export function generateCode(length = 8): string {
  let code = "";
  for (let index = 0; index < length; index++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
