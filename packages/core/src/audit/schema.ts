import * as z from "zod";

/**
 * What an admin did. Extend by appending: entries already written keep their action, so a name is never
 * renamed or removed.
 */
export const Action = z.enum([
  "guide_hidden",
  "guide_restored",
  "account_suspended",
  "account_restored",
  "badge_granted",
  "badge_revoked",
  "domain_blocked",
  "domain_unblocked",
  "report_dismissed",
]);
export type Action = z.infer<typeof Action>;

/** What the action was taken on; `id` is the entity's id (or a domain name, for domain actions). */
export const Target = z.object({
  type: z.enum(["guide", "creator", "brand", "account", "domain", "report"]),
  id: z.string().min(1).max(300),
});
export type Target = z.infer<typeof Target>;

/** Why, in the admin's words: required, so every entry answers "why". */
export const Reason = z.string().trim().min(1).max(500);

/** One audit entry: who (actor), what (action on target), why (reason), when (at). Never changed. */
export const Entry = z.object({
  /** `<at ISO-8601>#<random>`: sorts by time, unique without coordination. */
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorHandle: z.string(),
  action: Action,
  target: Target,
  reason: z.string(),
});
export type Entry = z.infer<typeof Entry>;

export const PutInput = z.object({ action: Action, target: Target, reason: Reason });
export type PutInput = z.input<typeof PutInput>;
