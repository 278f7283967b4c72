import type { z } from "zod";
import { ValidationError } from "./errors";

/**
 * Parses input a core function was handed (routes validate first, but scripts and other callers may not).
 * A mismatch is the caller's mistake, so it becomes a ValidationError (422), never a bare ZodError (500).
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  );
}
