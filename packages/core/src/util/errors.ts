import type { ErrorCode } from "./error-codes";

export type { ErrorCode } from "./error-codes";

/**
 * The one error vocabulary. Core throws these with a `code` from the catalogue (./error-codes.ts), which
 * gives its HTTP status; `kind` groups codes for readers and must agree with the catalogue's status
 * (error-codes.test.ts checks every throw site). `code` is stable and snake_case: clients branch on it,
 * so it never changes once published.
 */
export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "validation"
  | "rate_limited";

export interface FieldIssue {
  path: string;
  message: string;
  /** A rule's own stable code, where one names the failure more closely than the message. */
  code?: ErrorCode;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that is well-formed but breaks a rule; `details` names each offending field. */
export class ValidationError extends AppError {
  constructor(issues: FieldIssue[], message = "Some fields are not valid") {
    super("validation", "validation_failed", message, issues);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in to do this") {
    super("unauthorized", "unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this", code: ErrorCode = "forbidden") {
    super("forbidden", code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, code: ErrorCode = "not_found") {
    super("not_found", code, `${what} was not found`);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "rate_limited", "Too many attempts; try again shortly", { retryAfterSeconds });
  }
}
