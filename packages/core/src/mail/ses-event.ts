import * as z from "zod";
import type { SuppressionReason } from "./schema";

const Recipient = z.object({ emailAddress: z.string() });

/**
 * An SES event as the configuration set publishes it to SNS (the message body). Only what suppression
 * needs is read; other fields and other event types pass.
 */
const SesEvent = z.object({
  eventType: z.string(),
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: z.array(Recipient) }).optional(),
  complaint: z.object({ complainedRecipients: z.array(Recipient) }).optional(),
});

/**
 * The addresses an SES event says to stop mailing: every recipient of a permanent (hard) bounce and every
 * complainant. Transient bounces (a full mailbox) and every other event say nothing. Pure.
 */
export function suppressionsOf(message: string): { email: string; reason: SuppressionReason }[] {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return [];
  }
  const event = SesEvent.safeParse(body).data;
  if (!event) return [];
  if (event.eventType === "Bounce" && event.bounce?.bounceType === "Permanent")
    return event.bounce.bouncedRecipients.map((r) => ({ email: r.emailAddress, reason: "bounce" }));
  if (event.eventType === "Complaint" && event.complaint)
    return event.complaint.complainedRecipients.map((r) => ({ email: r.emailAddress, reason: "complaint" }));
  return [];
}
