import { ValidationError } from "../util/errors";

/** A page position handed to clients: DynamoDB's LastEvaluatedKey, opaque (base64url JSON). */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;
}

/** The key a cursor stands for; a cursor that is not one of ours is a client mistake (422), not a 500. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (key && typeof key === "object" && !Array.isArray(key)) {
      const entries = Object.entries(key);
      if (entries.length > 0 && entries.every(([, value]) => typeof value === "string"))
        return key as Record<string, string>;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path: "cursor", message: "Not a cursor from a previous page" }]);
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}
