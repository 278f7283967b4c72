import { config } from "@shopguide/core/config";
import type { MiddlewareHandler } from "hono";
import { ORIGIN_SECRET_HEADER, passesOrigin } from "../../origin-secret";
import type { AppEnv } from "../env";

/**
 * Only CloudFront may reach the API: when an origin secret is configured (the deployed stacks), a request
 * without it came straight to the execute-api URL, where forged forwarding headers would steer throttling
 * and IP hashes, and is refused. Unset (the local runner, tests), every request passes.
 */
export function originSecret(
  expected: () => string | undefined = () => config().originSecret,
): MiddlewareHandler<AppEnv> {
  return async function originSecret(c, next) {
    if (!passesOrigin(expected(), c.req.header(ORIGIN_SECRET_HEADER))) {
      return c.json(
        { error: { code: "origin_forbidden", message: "Requests must come through the site's address" } },
        403,
      );
    }
    await next();
  };
}
