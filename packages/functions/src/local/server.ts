import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { join, relative } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Click } from "@shopguide/core/click";
import { Hono } from "hono";
import { app as api } from "../api/app";
import { resolveClientIp } from "../client-ip";
import { answerRedirect } from "../redirect-response";

/**
 * The one-port local server: the API under /api, short links under /r (the same resolve-and-record code
 * as the redirect Lambda, with clicks group-committed since this process lives on), and the built web app
 * everywhere else, with unknown paths answered by index.html so the client-side router can take them.
 */
export function createLocalApp(webDist: string, options: { recordClick?: Click.Recorder } = {}) {
  const recordClick = options.recordClick ?? Click.groupCommit();
  const countryHeader = Click.countryHeader();
  const local = new Hono<{ Bindings: { incoming?: IncomingMessage } }>().route("/", api);
  local.on(["GET", "HEAD"], "/r/*", async (c) => {
    const answer = await answerRedirect(
      {
        code: c.req.path.slice("/r/".length),
        method: c.req.method,
        ip: resolveClientIp({
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
  local.use("/assets/*", serveStatic({ root: relative(process.cwd(), webDist) }));
  local.get("/favicon.svg", serveStatic({ path: relative(process.cwd(), join(webDist, "favicon.svg")) }));
  local.get("*", (c) => c.html(indexHtml));
  return local;
}
