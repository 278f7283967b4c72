import { resolve } from "node:path";
import { config } from "@shopguide/core/config";
import { htmlSecurityHeaders } from "@shopguide/core/http";
import { afterAll, describe, expect, it } from "vitest";
import { signUp } from "../../../../tests/fixtures/accounts";
import { publishGuide } from "../../../../tests/fixtures/guides";
import { handler as streamHandler } from "../stream";
import { createLocalApp, IMMUTABLE } from "./server";
import { StreamPoller } from "./stream-poller";

// The sitemap reads the hot-guide index, which the stream keeps: published guides reach it once drained.
const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

// The built web app, as `npm start` serves it (`npm test` builds it first).
const local = createLocalApp(resolve("web/dist"));

describe("the local server's edges", () => {
  it.each(["/api/v1/no-such-thing", "/api/nope", "/api/v1/guides/x/y/z", "/api"])(
    "answers an unknown API path %s with a 404 JSON error, not the web app",
    async (path) => {
      for (const method of ["GET", "POST"]) {
        const response = await local.request(path, { method });
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("route_not_found");
      }
    },
  );

  it.each(["/r/", "/r"])(
    "answers %s (a short link without a code) with a 404, not the web app",
    async (path) => {
      const response = await local.request(path);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('<div id="root">');
    },
  );

  it("serves a real robots.txt that keeps crawlers off the API, short links and private pages", async () => {
    const response = await local.request("/robots.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const rules = await response.text();
    expect(rules).toMatch(/^User-agent: \*$/m);
    for (const path of ["/api/", "/r/", "/studio", "/brand", "/account", "/payouts"])
      expect(rules).toMatch(new RegExp(`^Disallow: ${path}$`, "m"));
    expect(rules).not.toMatch(/^Disallow: \/$/m);
    expect(rules).toMatch(/^Sitemap: http:\/\/[^/]+\/sitemap\.xml$/m);
  });

  it("compresses text answers and keeps hashed assets a year, index.html never", async () => {
    const page = await local.request("/", { headers: { "accept-encoding": "gzip, br" } });
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await (await local.request("/")).text())?.[1] ?? "";
    const asset = await local.request(script, { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe(IMMUTABLE);
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    const missing = await local.request("/assets/does-not-exist.js");
    expect(missing.headers.get("cache-control")).not.toBe(IMMUTABLE);
  });

  it("answers a published guide with its own head, and unknown pages with a 404 page", async () => {
    const creator = await signUp("creator");
    const id = await publishGuide(creator, { title: "Rain <gear> & more" });
    const html = await (await local.request(`/guides/${id}`)).text();
    expect(html).toContain("<title>Rain &lt;gear&gt; &amp; more · by ");
    expect(html).toMatch(new RegExp(`<link rel="canonical" href="http://[^"]+/guides/${id}" />`));
    expect(html).toContain('<meta property="og:type" content="article" />');
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/name="description"/g)).toHaveLength(1);

    const storefront = await (await local.request(`/@${creator.handle}`)).text();
    expect(storefront).toContain(`(@${creator.handle}) · shopguide</title>`);

    for (const path of ["/@no_such_handle_here", "/guides/gde_nope", "/groupbuys/gby_nope", "/@x"]) {
      const missing = await local.request(path);
      expect(missing.status, path).toBe(404);
      const text = await missing.text();
      expect(text).toContain("Page not found");
      expect(text).toContain('<meta name="robots" content="noindex" />');
    }

    await poller.drain();
    const sitemap = await local.request("/sitemap.xml");
    expect(sitemap.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await sitemap.text();
    expect(xml).toContain(`/guides/${id}</loc>`);
    expect(xml).toContain(`/@${creator.handle}</loc>`);
  });

  it.each(["/", "/guides/gde_x", "/@someone", "/assets/does-not-exist.js"])(
    "sends the security headers with %s",
    async (path) => {
      const response = await local.request(path);
      for (const [name, value] of Object.entries(htmlSecurityHeaders))
        if (name !== "Content-Security-Policy") expect(response.headers.get(name)).toBe(value);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      // Uploads go from the page straight to the local S3 server, and nowhere else.
      expect(csp).toContain(`connect-src 'self' ${new URL(process.env.SHOPGUIDE_S3_ENDPOINT ?? "").origin};`);
    },
  );

  it("serves a page whose scripts and styles the policy allows: no inline code, only /assets files", async () => {
    const html = await (await local.request("/")).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
  });

  it("sends nosniff and a referrer policy with API JSON, and a hashed policy with the API reference page", async () => {
    const json = await local.request("/api/health");
    expect(json.headers.get("x-content-type-options")).toBe("nosniff");
    expect(json.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const notFound = await local.request("/api/nope");
    expect(notFound.headers.get("x-content-type-options")).toBe("nosniff");

    const docs = await local.request("/api/docs");
    const csp = docs.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
  });

  it("lets the short link's not-found page keep its own hashed style", async () => {
    const response = await local.request("/r/nosuchcode");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-security-policy")).toMatch(/style-src 'self' 'sha256-/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
