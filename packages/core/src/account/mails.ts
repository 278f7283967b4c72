/**
 * The account-change mails (built with the one mail renderer). All transactional: they confirm or report
 * a change to the account, so they carry no unsubscribe.
 */
import { Mail } from "../mail";

const FOOTER = "You get this mail because of an action on your account; it is not marketing.";

export const AccountMails = {
  confirmEmailChange(input: { displayName: string; token: string; newEmail: string }) {
    return Mail.render({
      subject: "Confirm your new email",
      greeting: `Hi ${input.displayName},`,
      paragraphs: [
        `You asked to use ${input.newEmail} for your ${Mail.PLATFORM_NAME} account. Open the link to confirm it; it works once, within 24 hours.`,
        "If you did not ask for this, ignore this mail: nothing changes.",
      ],
      action: { label: "Use this email", url: Mail.tokenLink("/settings", input.token) },
      footer: FOOTER,
    });
  },

  emailChanged(input: { displayName: string; newEmail: string }) {
    return Mail.render({
      subject: "Your email was changed",
      greeting: `Hi ${input.displayName},`,
      paragraphs: [
        `Your account now uses ${input.newEmail}; mails no longer come to this address.`,
        "If it was not you, reply to support at once: someone may have your password.",
      ],
      footer: FOOTER,
    });
  },

  accountDeleted(input: { displayName: string }) {
    return Mail.render({
      subject: "Your account was deleted",
      greeting: `Hi ${input.displayName},`,
      paragraphs: [
        "Your account, profile and guides are gone and you were signed out everywhere.",
        "Records of money paid or owed are kept, under a pseudonym, as the law requires.",
      ],
      footer: FOOTER,
    });
  },
};
