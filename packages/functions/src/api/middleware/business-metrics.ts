import { Telemetry } from "@shopguide/core/telemetry";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

/** The stable error code the error mapper answered with, else the status. */
function errorCode(c: Context<AppEnv>): string {
  return c.get("errorCode") ?? `status_${c.res.status}`;
}

/** What a door's success status means (conversion.ts and integration.ts answer with these). */
const DOOR_OUTCOMES: Record<number, string> = {
  200: "replayed_or_refund",
  201: "recorded",
  202: "refund_unmatched",
};

/** The Conversions metric (by door and outcome) for a conversion door's POSTs, read off the answer. */
export function conversionDoor(door: string): MiddlewareHandler<AppEnv> {
  return async function conversionDoor(c, next) {
    await next();
    if (c.req.method !== "POST") return;
    const outcome = DOOR_OUTCOMES[c.res.status] ?? errorCode(c);
    Telemetry.metric(Telemetry.Metric.Conversions, "Count", 1, { door, outcome });
  };
}

/** The GroupBuyJoins metric (by outcome: joined or the refusal's code) for join POSTs. */
export function groupBuyJoins(): MiddlewareHandler<AppEnv> {
  return async function groupBuyJoins(c, next) {
    await next();
    if (c.req.method !== "POST") return;
    const outcome = c.res.status < 300 ? "joined" : errorCode(c);
    Telemetry.metric(Telemetry.Metric.GroupBuyJoins, "Count", 1, { outcome });
  };
}
