import { Telemetry } from "@shopguide/core/telemetry";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../env";

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
      route: routePath(c, -1),
      status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get("requestId"),
      ...(actor?.kind === "user" ? { userId: actor.userId } : {}),
    };
    if (status >= 500) Telemetry.log.error("request", line);
    else Telemetry.log.info("request", line);
  };
}
