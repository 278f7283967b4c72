import { config } from "../config";
import { PLATFORM_NAME, type Rendered } from "./schema";

/**
 * Every mail the platform sends, as plain text and simple HTML built from the same parts: a greeting,
 * paragraphs, at most one action link (carrying its token as a `token=` query parameter) and a footer. No
 * images, no remote content, no tracking pixels or rewritten links.
 */
interface Parts {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Why they got it. */
  footer: string;
  /** Non-transactional mail: the page that stops this kind of mail (also in the List-Unsubscribe header). */
  unsubscribe?: { label: string; url: string };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function render(parts: Parts): Rendered {
  const text = [
    parts.greeting,
    "",
    ...parts.paragraphs.flatMap((p) => [p, ""]),
    ...(parts.action ? [`${parts.action.label}: ${parts.action.url}`, ""] : []),
    "--",
    `${PLATFORM_NAME}. ${parts.footer}`,
    ...(parts.unsubscribe ? [`${parts.unsubscribe.label}: ${parts.unsubscribe.url}`] : []),
  ].join("\n");
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:560px">',
    `<p>${escapeHtml(parts.greeting)}</p>`,
    ...parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    parts.action
      ? `<p><a href="${escapeHtml(parts.action.url)}">${escapeHtml(parts.action.label)}</a></p>`
      : "",
    `<hr><p style="color:#555;font-size:12px">${escapeHtml(PLATFORM_NAME)}. ${escapeHtml(parts.footer)}`,
    parts.unsubscribe
      ? ` <a href="${escapeHtml(parts.unsubscribe.url)}">${escapeHtml(parts.unsubscribe.label)}</a>`
      : "",
    "</p>",
    "</body></html>",
  ].join("");
  return { subject: `${parts.subject} · ${PLATFORM_NAME}`, text, html };
}

/** An absolute link into the web app (a path the notification names). */
export function appLink(path: string): string {
  return new URL(path, `${config().publicUrl}/`).toString();
}

/** An absolute link into the web app with the token as `token=`. */
export function tokenLink(path: string, token: string): string {
  const url = new URL(path, `${config().publicUrl}/`);
  url.searchParams.set("token", token);
  return url.toString();
}

const TRANSACTIONAL_FOOTER = "You get this mail because of an action on your account; it is not marketing.";

export const Templates = {
  verifyEmail(input: { displayName: string; token: string }): Rendered {
    return render({
      subject: "Confirm your email",
      greeting: `Hi ${input.displayName},`,
      paragraphs: [
        `Confirm this address to finish setting up your ${PLATFORM_NAME} account.`,
        "If you did not sign up, ignore this mail.",
      ],
      action: { label: "Confirm my email", url: tokenLink("/verify-email", input.token) },
      footer: TRANSACTIONAL_FOOTER,
    });
  },

  passwordReset(input: { displayName: string; token: string }): Rendered {
    return render({
      subject: "Reset your password",
      greeting: `Hi ${input.displayName},`,
      paragraphs: [
        "Someone asked to reset the password of this account. The link works once, within one hour.",
        "If it was not you, ignore this mail: your password stays as it is.",
      ],
      action: { label: "Choose a new password", url: tokenLink("/reset-password", input.token) },
      footer: TRANSACTIONAL_FOOTER,
    });
  },

  passwordChanged(input: { displayName: string }): Rendered {
    return render({
      subject: "Your password was changed",
      greeting: `Hi ${input.displayName},`,
      paragraphs: [
        "The password of your account was just changed and every other session was signed out.",
        "If it was not you, reset your password now from the sign-in page.",
      ],
      footer: TRANSACTIONAL_FOOTER,
    });
  },

  /** One notification as a mail: its title and text, a link to what it is about, and (unless transactional) where to stop them. */
  notification(input: {
    displayName: string;
    title: string;
    body: string;
    link: string;
    unsubscribeUrl?: string;
  }): Rendered {
    return render({
      subject: input.title,
      greeting: `Hi ${input.displayName},`,
      paragraphs: [input.title, input.body],
      action: { label: "Open it", url: appLink(input.link) },
      footer: input.unsubscribeUrl
        ? "You get this mail because of your notification settings."
        : TRANSACTIONAL_FOOTER,
      ...(input.unsubscribeUrl
        ? { unsubscribe: { label: "Stop these mails", url: input.unsubscribeUrl } }
        : {}),
    });
  },

  /** The daily digest of a person's unread feed items of one day. */
  digest(input: {
    displayName: string;
    day: string;
    items: { title: string; body: string; link: string }[];
    more: boolean;
    unsubscribeUrl: string;
  }): Rendered {
    return render({
      subject: `New guides from creators you follow (${input.day})`,
      greeting: `Hi ${input.displayName},`,
      paragraphs: [
        ...input.items.map((item) => `${item.title}: ${item.body} (${appLink(item.link)})`),
        ...(input.more ? ["And more in your notifications."] : []),
      ],
      action: { label: "See all notifications", url: appLink("/notifications") },
      footer: "You get this daily digest because of your notification settings.",
      unsubscribe: { label: "Stop the digest", url: input.unsubscribeUrl },
    });
  },
};
