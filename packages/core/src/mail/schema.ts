import * as z from "zod";

/** The platform's name as mail shows it (sender name, subject prefixes, footers). */
export const PLATFORM_NAME = "shopguide";

/** What a template renders: a subject, a plain-text body and a simple HTML body (no images, no trackers). */
export const Rendered = z.object({ subject: z.string(), text: z.string(), html: z.string() });
export type Rendered = z.infer<typeof Rendered>;

/**
 * One mail to send. `eventId` names the event it is about (a token issued, a notification produced): the
 * same event is mailed at most once, whoever retries. Strictly transactional mail (verification, reset,
 * security notices) carries no unsubscribe; everything else must say where to unsubscribe in one click.
 */
export type Outgoing = Rendered & { eventId: string; to: string } & (
    | { transactional: true }
    | { transactional: false; unsubscribeUrl: string }
  );

/** A mail as the local SMTP catcher received it (`GET /api/dev/mail`). */
export const CaughtMail = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  at: z.string(),
  /** Its headers that matter to reviewers: List-Unsubscribe and List-Unsubscribe-Post when present. */
  headers: z.record(z.string(), z.string()).default({}),
});
export type CaughtMail = z.infer<typeof CaughtMail>;

export type SendOutcome = "sent" | "duplicate" | "suppressed" | "not_configured";

export const SuppressionReason = z.enum(["bounce", "complaint", "manual"]);
export type SuppressionReason = z.infer<typeof SuppressionReason>;
