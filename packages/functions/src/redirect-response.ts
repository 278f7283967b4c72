import { createHash } from "node:crypto";
import {
  type GoneReason,
  type Recorder,
  recordNow,
  type VisitRequest,
  visit,
} from "@shopguide/core/click/visit";
import { contentSecurityPolicy, htmlSecurityHeaders } from "@shopguide/core/http";

/** The redirect's answer, independent of the transport that sends it. */
export interface RedirectAnswer {
  status: 302 | 404 | 410;
  headers: Record<string, string>;
  body: string;
}

/** A small self-contained HTML page; its one inline style is allowed by hash (see pageCsp). */
function page(title: string, heading: string, lines: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · shopguide</title>
<style>${STYLE}</style>
</head><body><main><h1>${heading}</h1>${lines.map((line) => `<p>${line}</p>`).join("")}<p><a href="/">Go to shopguide</a></p></main></body></html>`;
}

const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;color:#1b1d1f;background:#f7f7f5;margin:0;display:grid;place-items:center;min-height:100vh}main{max-width:28rem;padding:1.5rem;text-align:center}a{color:#0f5b4f}";

const notFoundPage = page("Link not found", "This link does not work", [
  "It may have been switched off by its creator, or mistyped.",
]);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The 410 page: the link exists but the platform switched it off, and it says why. */
function gonePage(reason: GoneReason): string {
  const why =
    reason.kind === "account_suspended"
      ? "The creator's account has been suspended by shopguide, so their links no longer lead anywhere."
      : `Links to ${escapeHtml(reason.domain)} have been blocked by shopguide.`;
  return page("Link no longer available", "This link is no longer available", [why]);
}

/**
 * Every page here shares one style, allowed by its hash; nothing else inline runs. Computed on the first
 * not-found or gone answer, not at import: the redirect's cold start pays only for what every visit needs.
 */
let pageCspValue: string | undefined;
function pageCsp(): string {
  pageCspValue ??= contentSecurityPolicy({
    styleHashes: [`'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`],
  });
  return pageCspValue;
}

function htmlAnswer(status: 404 | 410, body: string, method: string): RedirectAnswer {
  return {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-robots-tag": "noindex",
      ...htmlSecurityHeaders,
      "Content-Security-Policy": pageCsp(),
    },
    body: method.toUpperCase() === "HEAD" ? "" : body,
  };
}

/**
 * Resolves and records one visit of `/r/{code}` and shapes the HTTP answer. No answer may be cached:
 * every visit must reach us to be counted, and a disabled link must stop redirecting.
 */
export async function answerRedirect(
  request: VisitRequest,
  record: Recorder = recordNow,
): Promise<RedirectAnswer> {
  const answer = await visit(request, record);
  if (!answer.found) {
    // A link the platform switched off answers 410 (gone for good, never a redirect) and says why.
    return answer.gone
      ? htmlAnswer(410, gonePage(answer.gone), request.method)
      : htmlAnswer(404, notFoundPage, request.method);
  }
  return {
    status: 302,
    headers: {
      location: answer.location,
      "cache-control": "private, no-store, max-age=0",
      "referrer-policy": "no-referrer-when-downgrade",
      "x-robots-tag": "noindex",
    },
    body: "",
  };
}
