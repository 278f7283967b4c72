import type { z } from "zod";
import { AppError } from "./errors";

export class InvalidCursorError extends AppError {
  constructor() {
    super("bad_request", "invalid_cursor", "This cursor is not valid; start again from the first page");
  }
}

/**
 * Opaque list cursors: a position, serialized and base64url-encoded. Clients pass them back unchanged;
 * anything that does not decode to the expected shape is a client mistake, not a crash.
 */
export const Cursor = {
  encode(position: unknown): string {
    return Buffer.from(JSON.stringify(position)).toString("base64url");
  },
  decode<T extends z.ZodType>(schema: T, cursor: string | undefined): z.infer<T> | undefined {
    if (cursor === undefined || cursor === "") return undefined;
    try {
      return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    } catch {
      throw new InvalidCursorError();
    }
  },
};
