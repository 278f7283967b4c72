import type { ErrorCode } from "@shopguide/core/util/error-codes";
import type { AppType } from "@shopguide/functions/app";
import { hc } from "hono/client";

/** The typed client: request and response types come from the Hono app itself, never copied. */
export const api = hc<AppType>("/", { init: { credentials: "same-origin" } }).api;

export interface FieldIssue {
  path: string;
  message: string;
  code?: ErrorCode;
}

/**
 * An API error answer, `{error: {code, message, details?}}`, as a throwable. `code` is one of the server's
 * catalogue (core/util/error-codes.ts), so a branch on a misspelt or retired code fails typecheck;
 * "unknown" when the answer carried none (a proxy's page, a dropped connection); "upload_failed" when the
 * storage bucket (not our API) refused a direct upload.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "unknown" | "upload_failed",
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field messages keyed by field path, for forms. */
  fieldErrors(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    return Object.fromEntries(
      (this.details as FieldIssue[])
        .filter((issue) => issue.path)
        .map((issue) => [issue.path, issue.message]),
    );
  }
}

interface ErrorAnswer {
  error?: { code?: ErrorCode; message?: string; details?: unknown };
}

interface AnyResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** The body type of the success answers among a route's typed responses. */
type SuccessBody<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never;

/** Awaits a client call; answers its JSON on success, throws ApiError otherwise. */
export async function unwrap<R extends AnyResponse>(pending: Promise<R>): Promise<SuccessBody<R>> {
  const response = await pending;
  if (response.ok) return (response.status === 204 ? undefined : await response.json()) as SuccessBody<R>;
  const body = (await response.json().catch(() => ({}))) as ErrorAnswer;
  throw new ApiError(
    response.status,
    body.error?.code ?? "unknown",
    body.error?.message ?? `Request failed (${response.status})`,
    body.error?.details,
  );
}
