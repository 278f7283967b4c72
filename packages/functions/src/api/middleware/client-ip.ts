import { config } from "@shopguide/core/config";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

interface TransportEnv {
  /** @hono/node-server */
  incoming?: { socket?: { remoteAddress?: string } };
  /** hono/aws-lambda (HTTP API v2 payload) */
  event?: { requestContext?: { http?: { sourceIp?: string } } };
}

/**
 * The caller's address: API Gateway's source IP in the cloud, the socket locally, or the first
 * X-Forwarded-For hop when SHOPGUIDE_TRUST_PROXY=1 says a trusted proxy sits in front.
 */
export function clientIp(): MiddlewareHandler<AppEnv> {
  return async function clientIpMiddleware(c, next) {
    const transport = (c.env ?? {}) as TransportEnv;
    const forwarded = config().trustProxy
      ? c.req.header("x-forwarded-for")?.split(",")[0]?.trim()
      : undefined;
    c.set(
      "clientIp",
      forwarded ||
        transport.event?.requestContext?.http?.sourceIp ||
        transport.incoming?.socket?.remoteAddress ||
        "unknown",
    );
    await next();
  };
}
