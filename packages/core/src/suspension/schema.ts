/**
 * Suspension schemas and types, shared by the domain (index.ts) and its store (suspension.dynamo.ts).
 */
import * as z from "zod";
import { Reason } from "../audit/schema";

export const ReasonInput = z.object({ reason: Reason });
export type ReasonInput = z.input<typeof ReasonInput>;

/** An account as the admins' accounts page shows it. */
export const Account = z.object({
  userId: z.string(),
  handle: z.string(),
  displayName: z.string(),
  role: z.string(),
  createdAt: z.string(),
  suspendedAt: z.string().nullable(),
});
export type Account = z.infer<typeof Account>;

/**
 * The sweep's steps, in order. Suspending walks all three; restoring only the first two (commissions stay
 * held for the brand's review: see docs/operations.md, "Suspending an account").
 */
export const Phase = z.enum(["guides", "links", "commissions"]);
export type Phase = z.infer<typeof Phase>;

/**
 * The work a suspension or restore leaves for the sweep job: one item per account, replaced by the next
 * action on that account (a restore supersedes an unfinished suspend). `version` names the action, so a run
 * still working on the old one cannot checkpoint over the new one.
 */
export const Sweep = z.object({
  userId: z.string(),
  action: z.enum(["suspend", "restore"]),
  version: z.string(),
  phase: Phase,
  /** Where the phase resumes: the last guide id (AP11) or the page cursor (AP21, AP222); absent at its start. */
  cursor: z.string().optional(),
  at: z.string(),
});
export type Sweep = z.infer<typeof Sweep>;
