import { timingSafeEqual } from "node:crypto";

/** The header the site's CloudFront distribution adds to everything it forwards (infra/web.ts). */
export const ORIGIN_SECRET_HEADER = "x-origin-verify";

/**
 * Whether a request may pass: always when no origin secret is configured (the local runner, tests);
 * otherwise only when it carries the secret, compared in constant time.
 */
export function passesOrigin(expected: string | undefined, given: string | undefined): boolean {
  if (!expected) return true;
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? "");
  return a.length === b.length && timingSafeEqual(a, b);
}
