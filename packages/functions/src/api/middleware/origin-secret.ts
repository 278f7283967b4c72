import { timingSafeEqual } from "node:crypto";
import { config } from "@shopguide/core/config";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

/** The header the site's CloudFront distribution adds to everything it forwards (infra/web.ts). */
export const ORIGIN_SECRET_HEADER = "x-origin-verify";

/** Whether `given` is the origin secret, compared in constant time. */
export function isOriginSecret(expected: string, given: string | undefined): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? "");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Only CloudFront may reach the API: when an origin secret is configured (the deployed stacks), a request
 * without it came straight to the execute-api URL, where forged forwarding headers would steer throttling
 * and IP hashes, and is refused. Unset (the local runner, tests), every request passes.
 */
export function originSecret(): MiddlewareHandler<AppEnv> {
  return async function originSecret(c, next) {
    const expected = config().originSecret;
    if (expected && !isOriginSecret(expected, c.req.header(ORIGIN_SECRET_HEADER))) {
      return c.json(
        { error: { code: "origin_forbidden", message: "Requests must come through the site's address" } },
        403,
      );
    }
    await next();
  };
}
