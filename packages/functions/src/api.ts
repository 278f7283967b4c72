import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { loadBoundSecrets } from "./secrets";

await loadBoundSecrets();
// Imported only once the secrets and the public URL are in the environment: the app reads config() as it
// loads (the OpenAPI document's server URL), and config() is parsed once.
const { app } = await import("./api/app");
const { config } = await import("@shopguide/core/config");
const { ORIGIN_SECRET_HEADER, passesOrigin } = await import("./origin-secret");
const { webPages } = await import("./web/pages");
const { deployedIndexHtml } = await import("./web/deployed-index");

/**
 * Lambda entry point behind the HTTP API's $default route: the whole Hono app under /api, and the shareable
 * pages' heads (guides, storefronts, group-buys, robots.txt, sitemap.xml) that CloudFront's page behaviors
 * send here (infra/web.ts). The API checks the origin secret itself; the pages check it here.
 */
export const handler = handle(
  new Hono()
    .use("*", async function pagesOriginSecret(c, next) {
      const api = c.req.path === "/api" || c.req.path.startsWith("/api/");
      if (!api && !passesOrigin(config().originSecret, c.req.header(ORIGIN_SECRET_HEADER)))
        return c.text("Requests must come through the site's address", 403);
      await next();
    })
    .route("/", app)
    .route("/", webPages(deployedIndexHtml())),
);
