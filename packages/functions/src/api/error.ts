import type { Hook } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { Telemetry } from "@shopguide/core/telemetry";
import { allErrorCodes, type ErrorCode, errorCodes, isErrorCode } from "@shopguide/core/util/error-codes";
import { AppError, type FieldIssue, RateLimitedError } from "@shopguide/core/util/errors";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env";

export const ErrorBody = z
  .object({
    error: z.object({
      // The catalogue's codes (core/util/error-codes.ts), so clients generated from the document get an enum.
      code: z.enum(allErrorCodes).openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

const descriptions: Record<number, string> = {
  400: "Malformed request",
  401: "Not signed in, or the session is invalid",
  403: "Signed in but not allowed",
  404: "Not found",
  409: "Conflicts with the current state",
  413: "Body too large",
  422: "A field is not valid",
  429: "Too many requests; see Retry-After",
};

/** OpenAPI response entries for the error statuses a route can answer. */
export function errorResponses<S extends keyof typeof descriptions>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: descriptions[status], content: { "application/json": { schema: ErrorBody } } },
    ]),
  ) as Record<S, { description: string; content: { "application/json": { schema: typeof ErrorBody } } }>;
}

function respond(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  details?: unknown,
) {
  // Kept in context so middleware (metrics) can name the outcome without reading the body back.
  c.set("errorCode", code);
  return c.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status);
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    // A rule's own stable code (e.g. date_out_of_range), when a custom check gave one.
    const code = issue.code === "custom" ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    return {
      path: issue.path.join("."),
      message: issue.message,
      ...(typeof code === "string" && isErrorCode(code) ? { code } : {}),
    };
  });
}

/** Every route's validation failure: 422 naming each field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    return respond(c, 422, "validation_failed", "Some fields are not valid", issuesOf(result.error));
  }
};

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof RateLimitedError) c.header("Retry-After", String(error.retryAfterSeconds));
  if (error instanceof AppError)
    // The one place a code becomes an HTTP status: the catalogue.
    return respond(c, errorCodes[error.code].status, error.code, error.message, error.details);
  if (error instanceof HTTPException) {
    if (error.status === 413) return respond(c, 413, "payload_too_large", "The request body is too large");
    if (error.status === 400)
      return respond(c, 400, "malformed_request", error.message || "Malformed request");
    if (error.status < 500)
      return respond(c, error.status as ContentfulStatusCode, "http_error", error.message);
  }
  Telemetry.log.error("unhandled error", {
    requestId: c.get("requestId"),
    method: c.req.method,
    route: routePath(c, -1),
    error: error instanceof Error ? error : String(error),
  });
  return respond(c, 500, "internal", "Something went wrong on our side");
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) => respond(c, 404, "route_not_found", "No such route");
