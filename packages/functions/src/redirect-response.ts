import { createHash } from "node:crypto";
import { type Recorder, recordNow, type VisitRequest, visit } from "@shopguide/core/click/visit";
import { contentSecurityPolicy, htmlSecurityHeaders } from "@shopguide/core/http";

/** The redirect's answer, independent of the transport that sends it. */
export interface RedirectAnswer {
  status: 302 | 404;
  headers: Record<string, string>;
  body: string;
}

const notFoundPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Link not found · shopguide</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1b1d1f;background:#f7f7f5;margin:0;display:grid;place-items:center;min-height:100vh}main{max-width:28rem;padding:1.5rem;text-align:center}a{color:#0f5b4f}</style>
</head><body><main><h1>This link does not work</h1><p>It may have been switched off by its creator, or mistyped.</p><p><a href="/">Go to shopguide</a></p></main></body></html>`;

/**
 * The page's one inline style is allowed by its hash; nothing else inline runs. Computed on the first
 * not-found answer, not at import: the redirect's cold start pays only for what every visit needs.
 */
let notFoundPageCsp: string | undefined;
function notFoundCsp(): string {
  notFoundPageCsp ??= contentSecurityPolicy({
    styleHashes: [...notFoundPage.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
      ([, css]) =>
        `'sha256-${createHash("sha256")
          .update(css ?? "")
          .digest("base64")}'`,
    ),
  });
  return notFoundPageCsp;
}

/**
 * Resolves and records one visit of `/r/{code}` and shapes the HTTP answer. Neither answer may be cached:
 * every visit must reach us to be counted, and a disabled link must stop redirecting.
 */
export async function answerRedirect(
  request: VisitRequest,
  record: Recorder = recordNow,
): Promise<RedirectAnswer> {
  const answer = await visit(request, record);
  if (!answer.found) {
    return {
      status: 404,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "x-robots-tag": "noindex",
        ...htmlSecurityHeaders,
        "Content-Security-Policy": notFoundCsp(),
      },
      body: request.method.toUpperCase() === "HEAD" ? "" : notFoundPage,
    };
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
