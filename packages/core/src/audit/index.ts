export * as Audit from "./index";

import { randomBytes } from "node:crypto";
import type { Page } from "../dynamo";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { csvStream } from "../util/csv";
import { AuditStore, type TransactWriteItem } from "./audit.dynamo";
import { type Entry, PutInput } from "./schema";

export type { TransactWriteItem } from "./audit.dynamo";
export * from "./schema";

/** Entries a page of the admins' audit log holds. */
export const PAGE_SIZE = 50;

/**
 * The append of one audit entry (who: the admin; what: action on target; why: reason; when: now), as a
 * TransactWriteItem. The caller puts it in the SAME TransactWriteCommand as the admin action it records,
 * so the action and its entry are written together or not at all. Admins only.
 */
export function put(actor: Actor, input: PutInput): TransactWriteItem {
  const admin = Actor.requireRole(actor, "admin");
  const { action, target, reason } = PutInput.parse(input);
  const at = Clock.now().toISOString();
  const entry: Entry = {
    id: `${at}#${randomBytes(6).toString("hex")}`,
    at,
    actorId: admin.userId,
    actorHandle: admin.handle,
    action,
    target,
    reason,
  };
  return AuditStore.put(entry);
}

/** The audit log, newest first, PAGE_SIZE a page (admins only). */
export async function list(
  actor: Actor,
  input: { cursor?: string | undefined; limit?: number } = {},
): Promise<Page<Entry>> {
  Actor.requireRole(actor, "admin");
  return AuditStore.list({ cursor: input.cursor, limit: input.limit ?? PAGE_SIZE, now: Clock.now() });
}

const csvHeader = [
  "at",
  "actor_id",
  "actor_handle",
  "action",
  "target_type",
  "target_id",
  "reason",
  "entry_id",
];

/**
 * The whole audit log as a CSV stream, newest first, read page by page as the client reads (the admin
 * check runs before the first byte).
 */
export function csv(actor: Actor): ReadableStream<Uint8Array> {
  Actor.requireRole(actor, "admin");
  async function* pages() {
    let cursor: string | undefined;
    do {
      const page = await AuditStore.list({ cursor, limit: 200, now: Clock.now() });
      yield page.items.map((entry) => [
        entry.at,
        entry.actorId,
        entry.actorHandle,
        entry.action,
        entry.target.type,
        entry.target.id,
        entry.reason,
        entry.id,
      ]);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return csvStream(csvHeader, pages());
}
