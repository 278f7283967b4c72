/**
 * The security headers every response carries, in one place so the local server, the API app and the
 * cloud (a CloudFront response-headers policy in infra) send the same values. Plain data and pure
 * functions only: infra imports this module without pulling in the app.
 *
 * The built web app (web/dist/index.html) loads one module script and one stylesheet from /assets and has
 * no inline script or style, so scripts and styles are 'self' only. Images (guide covers, product images,
 * avatars) are https URLs on other hosts. No page is meant to be framed: the group-buy card is a component
 * inside guide pages, not an iframe embed, so frame-ancestors is 'none' everywhere.
 */

export interface CspSources {
  /** `'sha256-…'` sources for inline <script> elements (the API reference page has one). */
  scriptHashes?: string[];
  /** `'sha256-…'` sources for inline <style> elements. */
  styleHashes?: string[];
  /** Origins pages may send requests to besides their own: the media bucket that takes presigned uploads. */
  connectSources?: string[];
}

/** The Content-Security-Policy for HTML pages; inline code only by hash. */
export function contentSecurityPolicy(sources: CspSources = {}): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...(sources.scriptHashes ?? [])].join(" "),
    ["style-src 'self'", ...(sources.styleHashes ?? [])].join(" "),
    "img-src 'self' https: data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...(sources.connectSources ?? [])].join(" "),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for every response, JSON and files included. */
export const commonSecurityHeaders = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
} as const;

/** Headers for the web app's pages (and the static files beside them). */
export const htmlSecurityHeaders = {
  ...commonSecurityHeaders,
  "Content-Security-Policy": contentSecurityPolicy(),
  // For browsers older than CSP's frame-ancestors.
  "X-Frame-Options": "DENY",
} as const;

/** HTTPS only, so the cloud adds it (CloudFront); a plain-http local server must not. */
export const strictTransportSecurity = "max-age=31536000; includeSubDomains";
