import { recordNow, countryHeader as trustedCountryHeader } from "@shopguide/core/click/visit";
import { config } from "@shopguide/core/config";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { resolveClientIp } from "./client-ip";
import { ORIGIN_SECRET_HEADER, passesOrigin } from "./origin-secret";
import { clickRecorded } from "./redirect-metrics";
import { answerRedirect } from "./redirect-response";
import { loadBoundSecrets } from "./secrets";

await loadBoundSecrets();

/** Writes the click, then counts it (ClicksRecorded); a failed write throws before the count. */
async function recordAndCount(click: Parameters<typeof recordNow>[0]): Promise<void> {
  await recordNow(click);
  clickRecorded();
}

/**
 * Lambda entry point for `GET|HEAD /r/{code}` (HTTP API v2 payload). Deliberately not the Hono API: this is
 * the hot path, so its bundle holds only link resolution, click recording and the DynamoDB client. The
 * click's PutItem is awaited before returning, because nothing runs after a Lambda answers.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = event.headers ?? {};
  // Only through CloudFront (see api/middleware/origin-secret.ts); refused before any lookup or click.
  if (!passesOrigin(config().originSecret, headers[ORIGIN_SECRET_HEADER])) {
    return {
      statusCode: 403,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: JSON.stringify({
        error: { code: "origin_forbidden", message: "Requests must come through the site's address" },
      }),
    };
  }
  const countryHeader = trustedCountryHeader();
  const answer = await answerRedirect(
    {
      code: event.pathParameters?.code ?? event.rawPath?.replace(/^\/r\//, "") ?? "",
      method: event.requestContext?.http?.method ?? "GET",
      ip: resolveClientIp({
        viewerAddress: headers["cloudfront-viewer-address"],
        forwardedFor: headers["x-forwarded-for"],
        sourceIp: event.requestContext?.http?.sourceIp,
        socketAddress: undefined,
      }),
      userAgent: headers["user-agent"],
      referer: headers.referer,
      country: countryHeader ? headers[countryHeader] : undefined,
    },
    recordAndCount,
  );
  return { statusCode: answer.status, headers: answer.headers, body: answer.body };
}
