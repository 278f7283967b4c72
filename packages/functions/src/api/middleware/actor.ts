import { Auth } from "@shopguide/core/auth";
import { config } from "@shopguide/core/config";
import { Session } from "@shopguide/core/session";
import { User } from "@shopguide/core/user";
import { Actor } from "@shopguide/core/util/actor";
import { ForbiddenError } from "@shopguide/core/util/errors";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { SESSION_COOKIE } from "../session-cookie";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Origin (or, failing that, Referer) must be this site or a configured web origin. */
function isSameSite(c: Context<AppEnv>): boolean {
  const claimed = c.req.header("origin") ?? c.req.header("referer");
  if (!claimed) return false;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return false;
  }
  const { webOrigins, behindCloudFront } = config();
  // Behind the site's distribution the API sees its own execute-api host; the site's host arrives in
  // X-Forwarded-Host, set by CloudFront on every request (a cross-site page cannot add it without CORS).
  const siteHost = behindCloudFront ? c.req.header("x-forwarded-host") : undefined;
  return (
    origin === new URL(c.req.url).origin ||
    (siteHost !== undefined && origin === `https://${siteHost}`) ||
    webOrigins.includes(origin)
  );
}

async function actorOrAnonymous(token: string): Promise<Actor> {
  try {
    return await Auth.actorFor(token);
  } catch (error) {
    // A suspended account's sessions were revoked; one the session index missed is as good as signed out.
    if (error instanceof Session.SessionInvalidError || error instanceof User.AccountSuspendedError)
      return Actor.anonymous;
    throw error;
  }
}

/**
 * Resolves who is calling from the session cookie or a Bearer token and puts the actor in context.
 * A cookie travels with cross-site requests, so a state change carrying one must come from our origin.
 * An expired or unknown token makes the caller anonymous, so a stale cookie never blocks signing in again;
 * routes that need a user answer 401 themselves.
 */
export function resolveActor(): MiddlewareHandler<AppEnv> {
  return async function resolveActorMiddleware(c, next) {
    const bearer = c.req.header("authorization")?.match(/^Bearer (.+)$/i)?.[1];
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined && !SAFE_METHODS.has(c.req.method) && !isSameSite(c)) {
      throw new ForbiddenError("This request must come from the shopguide site", "origin_mismatch");
    }
    const token = bearer ?? cookie;
    c.set("sessionToken", token);
    c.set("actor", token ? await actorOrAnonymous(token) : Actor.anonymous);
    await next();
  };
}
