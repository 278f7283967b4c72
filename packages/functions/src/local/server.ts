import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { app as api } from "../api/app";

/**
 * The one-port local server: the API under /api, and the built web app everywhere else, with unknown
 * paths answered by index.html so the client-side router can take them.
 */
export function createLocalApp(webDist: string) {
  const local = new Hono().route("/", api);
  const indexFile = join(webDist, "index.html");
  if (!existsSync(indexFile)) {
    local.get("*", (c) => c.text("The web app is not built; run `npm run build:web`.", 503));
    return local;
  }
  const indexHtml = readFileSync(indexFile, "utf8");
  local.use("/assets/*", serveStatic({ root: relative(process.cwd(), webDist) }));
  local.get("/favicon.svg", serveStatic({ path: relative(process.cwd(), join(webDist, "favicon.svg")) }));
  local.get("*", (c) => c.html(indexHtml));
  return local;
}
