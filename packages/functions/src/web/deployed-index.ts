import { config } from "@shopguide/core/config";
import { Outbound } from "@shopguide/core/outbound";
import type { IndexHtml } from "./pages";

/** How long a Lambda keeps the site's index.html before reading it again (a deploy changes its asset names). */
const KEEP_MS = 60_000;

/**
 * The deployed site's index.html, read from the public URL (CloudFront, then S3) through the outbound
 * guard and kept a minute, so the page heads always name the assets of the build that is live.
 */
export function deployedIndexHtml(): IndexHtml {
  let kept: { html: string; at: number } | undefined;
  return async () => {
    if (kept && Date.now() - kept.at < KEEP_MS) return kept.html;
    const response = await Outbound.fetch(
      `${config().publicUrl}/index.html`,
      { headers: { accept: "text/html" } },
      { timeoutMs: 3_000, maxBytes: 256 * 1024 },
    );
    if (response.status !== 200 || response.truncated) {
      if (kept) return kept.html;
      throw new Error(`The site's index.html answered ${response.status}`);
    }
    kept = { html: response.body.toString("utf8"), at: Date.now() };
    return kept.html;
  };
}
