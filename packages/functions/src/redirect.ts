import { countryHeader as trustedCountryHeader } from "@shopguide/core/click/visit";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { resolveClientIp } from "./client-ip";
import { answerRedirect } from "./redirect-response";
import { loadBoundSecrets } from "./secrets";

await loadBoundSecrets();

/**
 * Lambda entry point for `GET|HEAD /r/{code}` (HTTP API v2 payload). Deliberately not the Hono API: this is
 * the hot path, so its bundle holds only link resolution, click recording and the DynamoDB client. The
 * click's PutItem is awaited before returning, because nothing runs after a Lambda answers.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = event.headers ?? {};
  const countryHeader = trustedCountryHeader();
  const answer = await answerRedirect({
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
  });
  return { statusCode: answer.status, headers: answer.headers, body: answer.body };
}
