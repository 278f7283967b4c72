export * as Mail from "./index";

import { Clock } from "../util/clock";
import { MailStore } from "./mail.dynamo";
import type { Outgoing, SendOutcome } from "./schema";
import { suppressionsOf } from "./ses-event";
import { deliver } from "./transport";

export { type CaughtTarget, MailStore } from "./mail.dynamo";
export * from "./schema";
export { suppressionsOf } from "./ses-event";
export { appLink, render, Templates, tokenLink } from "./templates";

/**
 * The one send path. Suppressed addresses (bounces, complaints) get nothing; each event is mailed at most
 * once (a conditional send-log item claims it first); a delivery that fails gives its claim back and
 * throws, so the caller's retry (a stream redelivery, a job's next run) sends it then.
 */
export async function send(mail: Outgoing): Promise<SendOutcome> {
  const to = mail.to.trim().toLowerCase();
  if (await MailStore.isSuppressed(to)) return "suppressed";
  if (!(await MailStore.claim(mail.eventId, to, Clock.now()))) return "duplicate";
  try {
    if (!(await deliver({ ...mail, to }))) {
      await MailStore.release(mail.eventId);
      return "not_configured";
    }
  } catch (error) {
    await MailStore.release(mail.eventId);
    throw error;
  }
  return "sent";
}

/** The mails the local catcher received for an address, newest first (dev only). */
export function caught(to: string) {
  return MailStore.listCaught(to.trim().toLowerCase());
}

/** Records that an address bounced hard or complained: nothing is sent to it again. */
export function suppress(email: string, reason: "bounce" | "complaint" | "manual") {
  return MailStore.suppress(email.trim().toLowerCase(), reason, Clock.now());
}

/**
 * Records what one SES bounce or complaint event (an SNS message from the configuration set) says: hard
 * bounces and complaints are suppressed, so sending honours them from then on. Answers how many.
 */
export async function recordSesEvent(message: string): Promise<number> {
  const found = suppressionsOf(message);
  for (const { email, reason } of found) await suppress(email, reason);
  return found.length;
}
