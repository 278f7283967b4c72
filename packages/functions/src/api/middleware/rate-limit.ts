import { RateLimit } from "@shopguide/core/ratelimit";
import { User } from "@shopguide/core/user";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

/** The email a login names, when the body carries a valid one (otherwise validation answers 422 next). */
async function emailOf(c: Context<AppEnv>): Promise<string | undefined> {
  const body: unknown = await c.req.json().catch(() => undefined);
  if (!body || typeof body !== "object" || !("email" in body)) return undefined;
  const email = User.Email.safeParse(body.email);
  return email.success ? email.data : undefined;
}

/**
 * Route middleware applying one named policy of core's rate-limit table (ratelimit/policies.ts): counts
 * the request for each key the policy names (signed-in user, client address, login email, brand in the
 * path) and, past a limit, answers 429 `rate_limited` with Retry-After (through the error mapper). Runs
 * before validation and before the handler, so refused requests cost two small table operations per rule.
 */
export function rateLimit(name: RateLimit.PolicyName): MiddlewareHandler<AppEnv> {
  const rules: readonly RateLimit.RateRule[] = RateLimit.policies[name].rules;
  const needs = new Set(rules.map((rule) => rule.per));
  return async function rateLimitMiddleware(c, next) {
    const actor = c.get("actor");
    await RateLimit.enforce(name, {
      address: c.get("clientIp"),
      user: actor.kind === "user" ? actor.userId : undefined,
      brand: needs.has("brand") ? c.req.param("brandId") : undefined,
      email: needs.has("email") ? await emailOf(c) : undefined,
    });
    await next();
  };
}
