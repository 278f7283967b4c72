import { config } from "@shopguide/core/config";

export interface ClientAddressSources {
  /** The raw X-Forwarded-For header. */
  forwardedFor: string | undefined;
  /** API Gateway's `requestContext.http.sourceIp` (HTTP API v2 payload). */
  sourceIp: string | undefined;
  /** The TCP peer, for the node server. */
  socketAddress: string | undefined;
}

/**
 * The caller's address: the first X-Forwarded-For hop only when SHOPGUIDE_TRUST_PROXY=1 says a trusted
 * proxy sits in front, else API Gateway's source IP in the cloud or the socket's peer locally. Shared by
 * the API middleware and the redirect so both see the same visitor.
 */
export function resolveClientIp(sources: ClientAddressSources): string {
  const forwarded = config().trustProxy ? sources.forwardedFor?.split(",")[0]?.trim() : undefined;
  return forwarded || sources.sourceIp || sources.socketAddress || "unknown";
}
