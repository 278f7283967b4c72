import { Telemetry } from "@shopguide/core/telemetry";
import type { MiddlewareHandler } from "hono";
import { matchedRoutes, routePath } from "hono/route";
import type { AppEnv } from "../env";

/**
 * The pattern of the route that answered: handlers run in match order and the first one bound to a method
 * answers (middleware is bound to all methods; later fallbacks such as the local server's web app match
 * too but never run), else the last matched pattern.
 */
function handlerRoute(c: Parameters<typeof routePath>[0]): string {
  return matchedRoutes(c).find((route) => route.method !== "ALL")?.path ?? routePath(c, -1);
}

/**
 * One structured line per request, written after the answer: method, the matched route pattern (never the
 * raw path, which can carry codes and ids), status, latency, the request id the response carries and the
 * user id when signed in. No headers, bodies, tokens or addresses.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const actor = c.get("actor");
    const status = c.res.status;
    const line = {
      method: c.req.method,
      route: handlerRoute(c),
      status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get("requestId"),
      ...(actor?.kind === "user" ? { userId: actor.userId } : {}),
    };
    if (status >= 500) Telemetry.log.error("request", line);
    else Telemetry.log.info("request", line);
  };
}
