import * as z from "zod";
import type { Conversion } from "../conversion";
import type { Statement } from "../statement";

/** Every event an endpoint can subscribe to. A type, once published, never changes meaning. */
export const EventType = z.enum([
  "commission.created",
  "commission.approved",
  "commission.adjusted",
  "commission.reversed",
  "statement.closed",
  "statement.carried",
  "statement.approved",
  "statement.paid",
]);
export type EventType = z.infer<typeof EventType>;

/** Sent only on request (`POST .../ping`) to one endpoint, whatever it subscribes to. */
export const PING = "webhook.ping";

/** What an endpoint subscribes to: event types, a family (`commission.*`) or everything (`*`). */
export const Subscription = z.union([EventType, z.enum(["*", "commission.*", "statement.*"])]);
export type Subscription = z.infer<typeof Subscription>;

export function subscribed(subscriptions: readonly string[], type: string): boolean {
  return subscriptions.some(
    (entry) =>
      entry === "*" || entry === type || (entry.endsWith(".*") && type.startsWith(entry.slice(0, -1))),
  );
}

/**
 * The one event a change of an item means, if any. Its id is the entity's id and the version the change
 * wrote (`evt_<entity id>.<version>`), so a redelivered or replayed stream record names the same event, and
 * every delivery of it is deduplicated on that id.
 */
export interface Derived {
  id: string;
  type: EventType;
  version: number;
}

const eventId = (entityId: string, version: number) => `evt_${entityId}.${version}`;

/**
 * A commission's transitions, from the conversion item's old and new images: created (first seen with a
 * commission), approved (the hold ended, or a reviewed commission was approved), reversed (refunded in
 * full or rejected), adjusted (a partial refund changed the amount). Moves into and out of review emit
 * nothing. Conversions without a credited creator and commission emit nothing.
 */
export function commissionChange(
  before: Conversion.Info | undefined,
  after: Conversion.Info | undefined,
): Derived | undefined {
  const commission = after?.commission;
  if (!after || !commission || !after.creatorId) return undefined;
  const was = before?.commission;
  const at = (type: EventType): Derived => ({
    id: eventId(commission.id, after.version),
    type,
    version: after.version,
  });
  if (!was) return at("commission.created");
  if (before && before.version >= after.version) return undefined;
  const finished = (status: string | undefined) => status === "reversed" || status === "rejected";
  if (commission.status === "approved" && was.status !== "approved") return at("commission.approved");
  if (finished(commission.status) && !finished(was.status)) return at("commission.reversed");
  if (commission.status === was.status && commission.amount.amount !== was.amount.amount)
    return at("commission.adjusted");
  return undefined;
}

/** A statement's status changes: closed or carried when written, then approved, paid (or carried on dispute). */
export function statementChange(
  before: Pick<Statement.Header, "status"> | undefined,
  after: Pick<Statement.Header, "id" | "status" | "version"> | undefined,
): Derived | undefined {
  // "open" is a computed preview, never stored; "closing" is the job still writing lines, seen by no one.
  if (!after || after.status === "open" || after.status === "closing" || before?.status === after.status)
    return undefined;
  return { id: eventId(after.id, after.version), type: `statement.${after.status}`, version: after.version };
}
