import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { join, relative } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Click } from "@shopguide/core/click";
import { config } from "@shopguide/core/config";
import { contentSecurityPolicy, htmlSecurityHeaders } from "@shopguide/core/http";
import { Image } from "@shopguide/core/image";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { app as api } from "../api/app";
import { onNotFound } from "../api/error";
import { resolveClientIp } from "../client-ip";
import { answerRedirect } from "../redirect-response";
import { webPages } from "../web/pages";

/** Hashed build output (`/assets/index-<hash>.js`): its name changes with its content, so it is kept a year. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * The one-port local server: the API under /api, short links under /r (the same resolve-and-record code
 * as the redirect Lambda, with clicks group-committed since this process lives on), and the built web app
 * everywhere else, with unknown paths answered by index.html so the client-side router can take them.
 */
export function createLocalApp(webDist: string, options: { recordClick?: Click.Recorder } = {}) {
  const recordClick = options.recordClick ?? Click.groupCommit();
  const countryHeader = Click.countryHeader();
  // Pages upload straight to the local S3 server (another port), as they do to the bucket in the cloud.
  const { s3Endpoint } = config();
  const pageHeaders = s3Endpoint
    ? {
        ...htmlSecurityHeaders,
        "Content-Security-Policy": contentSecurityPolicy({ connectSources: [new URL(s3Endpoint).origin] }),
      }
    : htmlSecurityHeaders;
  const local = new Hono<{ Bindings: { incoming?: IncomingMessage } }>()
    // Gzip (or deflate) for text answers of 1 KiB and more, as CloudFront compresses in the cloud.
    .use("*", compress())
    .use("*", async function pageSecurityHeaders(c, next) {
      await next();
      // The API sets its own (nosniff; the docs page its hashed CSP); pages and files get the site's set.
      if (c.req.path === "/api" || c.req.path.startsWith("/api/")) return;
      for (const [name, value] of Object.entries(pageHeaders))
        if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    })
    .route("/", api)
    // The API's own not-found does not reach here once it is mounted: without this an unknown /api path
    // would fall through to the web app's index.html with a 200.
    .all("/api/*", onNotFound)
    // Processed images from the media bucket (the local S3 server), as CloudFront's /media/* behaviour
    // serves them in the cloud: immutable, since a variant's key never gets new bytes.
    .get("/media/*", async function media(c) {
      const found = await Image.readMedia(c.req.path);
      if (!found) return c.text("Not found", 404);
      return c.body(new Uint8Array(found.bytes), 200, {
        "content-type": found.contentType ?? "application/octet-stream",
        "cache-control": Image.MEDIA_CACHE_CONTROL,
      });
    });
  local.on(["GET", "HEAD"], "/r/*", async (c) => {
    const code = c.req.path.slice("/r/".length);
    const answer = await answerRedirect(
      {
        code,
        method: c.req.method,
        ip: resolveClientIp({
          viewerAddress: undefined,
          forwardedFor: c.req.header("x-forwarded-for"),
          sourceIp: undefined,
          socketAddress: c.env?.incoming?.socket?.remoteAddress,
        }),
        userAgent: c.req.header("user-agent"),
        referer: c.req.header("referer"),
        country: countryHeader ? c.req.header(countryHeader) : undefined,
      },
      recordClick,
    );
    return answer.body
      ? c.body(answer.body, answer.status, answer.headers)
      : c.body(null, answer.status, answer.headers);
  });
  const indexFile = join(webDist, "index.html");
  if (!existsSync(indexFile)) {
    local.get("*", (c) => c.text("The web app is not built; run `npm run build:web`.", 503));
    return local;
  }
  const indexHtml = readFileSync(indexFile, "utf8");
  local.use("/assets/*", async function immutableAssets(c, next) {
    await next();
    if (c.res.status === 200) c.res.headers.set("Cache-Control", IMMUTABLE);
  });
  local.use("/assets/*", serveStatic({ root: relative(process.cwd(), webDist) }));
  // A file the build does not have is a 404, never the app's index.html with a 200 (kept a year by then).
  local.all("/assets/*", (c) => c.text("Not found", 404));
  local.get("/favicon.svg", serveStatic({ path: relative(process.cwd(), join(webDist, "favicon.svg")) }));
  // Shareable pages (guides, storefronts, group-buys) get their own head; robots.txt and the sitemap.
  local.route(
    "/",
    webPages(async () => indexHtml),
  );
  local.get("*", (c) => c.html(indexHtml, 200, { "Cache-Control": "no-cache" }));
  return local;
}
