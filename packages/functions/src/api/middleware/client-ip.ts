import type { MiddlewareHandler } from "hono";
import { resolveClientIp } from "../../client-ip";
import type { AppEnv } from "../env";

interface TransportEnv {
  /** @hono/node-server */
  incoming?: { socket?: { remoteAddress?: string } };
  /** hono/aws-lambda (HTTP API v2 payload) */
  event?: { requestContext?: { http?: { sourceIp?: string } } };
}

/** Puts the caller's address (see resolveClientIp) in context as `clientIp`. */
export function clientIp(): MiddlewareHandler<AppEnv> {
  return async function clientIpMiddleware(c, next) {
    const transport = (c.env ?? {}) as TransportEnv;
    c.set(
      "clientIp",
      resolveClientIp({
        forwardedFor: c.req.header("x-forwarded-for"),
        sourceIp: transport.event?.requestContext?.http?.sourceIp,
        socketAddress: transport.incoming?.socket?.remoteAddress,
      }),
    );
    await next();
  };
}
