import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type * as z from "zod";
import { config } from "../config";
import { AppError } from "../util/errors";

/** Anything that is not a cursor this server issued for this very query: tampered, foreign, stale key. */
export class CursorInvalidError extends AppError {
  constructor() {
    super("bad_request", "cursor_invalid", "This cursor is not valid here; start again from the first page");
  }
}

/** A page of a list; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

// Stands in for SHOPGUIDE_SECRETS_KEY against DynamoDB Local only (as the IP-hash secret does).
const DEV_KEY = Buffer.from("shopguide-local-cursor-key-for-development-only");
const LABEL = "shopguide list cursor v1";
let derived: { from: Buffer; key: Buffer } | undefined;

/**
 * The cursor MAC key: HKDF-SHA256 of the secrets key under a label of its own, so a cursor MAC can never
 * stand in for anything else the secrets key protects, and rotating that key invalidates old cursors.
 */
function macKey(): Buffer {
  const { secretsKey, dynamoEndpoint } = config();
  const from = secretsKey ?? (dynamoEndpoint ? DEV_KEY : undefined);
  if (!from) throw new Error("SHOPGUIDE_SECRETS_KEY must be set outside local development (list cursors)");
  if (derived?.from !== from)
    derived = { from, key: Buffer.from(hkdfSync("sha256", from, Buffer.alloc(0), LABEL, 32)) };
  return derived.key;
}

function mac(binding: string, payload: string): Buffer {
  return createHmac("sha256", macKey()).update(`${binding}\n${payload}`).digest();
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The one list cursor. A cursor is `<base64url JSON position>.<base64url HMAC-SHA256>`, the MAC taken over
 * the position and a binding that names the query it belongs to (access pattern plus its partition and
 * filters, or the list and the caller's scope). The binding is not in the cursor; the server recomputes it
 * from the request, so a cursor from another list, another brand or another filter, or with any byte or
 * field changed, fails the MAC and is refused with 400 `cursor_invalid` before anything reaches DynamoDB.
 * Clients treat cursors as opaque and pass them back unchanged.
 */
export const Cursor = {
  seal(binding: string, position: unknown): string {
    const payload = Buffer.from(JSON.stringify(position)).toString("base64url");
    return `${payload}.${mac(binding, payload).toString("base64url")}`;
  },

  /** The position a cursor carries, or undefined for none (first page); throws CursorInvalidError. */
  open<T extends z.ZodType>(binding: string, schema: T, cursor: string | undefined): z.infer<T> | undefined {
    if (cursor === undefined || cursor === "") return undefined;
    const [payload, signature, ...rest] = cursor.split(".");
    if (!payload || !signature || rest.length > 0 || !BASE64URL.test(payload) || !BASE64URL.test(signature))
      throw new CursorInvalidError();
    const given = Buffer.from(signature, "base64url");
    const expected = mac(binding, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CursorInvalidError();
    let position: unknown;
    try {
      position = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      throw new CursorInvalidError();
    }
    // Ours and intact, so this only fails when the position's shape changed between releases.
    const parsed = schema.safeParse(position);
    if (!parsed.success) throw new CursorInvalidError();
    return parsed.data;
  },
};
