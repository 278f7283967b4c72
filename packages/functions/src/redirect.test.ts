import { Click } from "@shopguide/core/click";
import { config } from "@shopguide/core/config";
import { Clock } from "@shopguide/core/util/clock";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { json, readJson, signUp, signUpAdmin, type TestAccount } from "../../../tests/fixtures/accounts";
import { app } from "./api/app";
import { createLocalApp } from "./local/server";
import { StreamPoller } from "./local/stream-poller";
import { handler as redirect } from "./redirect";
import { handler as streamHandler } from "./stream";

const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
let creator: TestAccount;

beforeAll(async () => {
  creator = await signUp("creator");
});

async function makeLink(body: Record<string, unknown>): Promise<{ code: string; url: string }> {
  const response = await app.request("/api/v1/links", {
    method: "POST",
    headers: json(creator.auth),
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return readJson(response);
}

/** A redirect through the Lambda entry point, as API Gateway (HTTP API v2) would invoke it. */
function visit(
  code: string,
  options: { method?: string; ip?: string; headers?: Record<string, string> } = {},
) {
  const event = {
    version: "2.0",
    rawPath: `/r/${code}`,
    pathParameters: { code },
    headers: { "user-agent": BROWSER, ...options.headers },
    requestContext: { http: { method: options.method ?? "GET", sourceIp: options.ip ?? "203.0.113.10" } },
  } as unknown as APIGatewayProxyEventV2;
  return redirect(event);
}

async function statsOf(code: string) {
  await poller.drain();
  const response = await app.request(`/api/v1/links/${code}/stats?interval=hour`, { headers: creator.auth });
  expect(response.status).toBe(200);
  return readJson(response);
}

describe("GET /r/{code}", () => {
  it("302s to the destination with sg_click appended, keeping query and fragment, adding UTM", async () => {
    const link = await makeLink({
      url: "https://shop.example/p/1?color=red&size=m#reviews",
      utm: { source: "sg" },
    });
    const answer = await visit(link.code);
    expect(answer.statusCode).toBe(302);
    const location = String(answer.headers?.location);
    expect(location).toMatch(
      /^https:\/\/shop\.example\/p\/1\?color=red&size=m&utm_source=sg&sg_click=clk_[0-9A-Z]{26}#reviews$/,
    );
    expect(answer.headers?.["cache-control"]).toMatch(/no-store/);
    const clickId = new URL(location).searchParams.get("sg_click");
    const [click] = await Click.listByLink(link.code);
    expect(click).toMatchObject({ id: clickId, code: link.code, creatorId: creator.id, bot: false });
    expect(JSON.stringify(click)).not.toContain("203.0.113.10");
    expect(await Click.get(String(clickId))).toEqual(click);
    expect(await Click.get("clk_nope")).toBeUndefined();
  });

  it.each([
    ["no query", "https://shop.example/a", /^https:\/\/shop\.example\/a\?sg_click=clk_\w+$/],
    ["an empty query", "https://shop.example/a?", /^https:\/\/shop\.example\/a\?sg_click=clk_\w+$/],
    ["only a fragment", "https://shop.example/a#x", /^https:\/\/shop\.example\/a\?sg_click=clk_\w+#x$/],
    [
      "encoded query",
      "https://shop.example/a?q=a%20b+c",
      /^https:\/\/shop\.example\/a\?q=a%20b\+c&sg_click=clk_\w+$/,
    ],
  ])("appends sg_click to a destination with %s", async (_case, url, expected) => {
    const link = await makeLink({ url });
    expect(String((await visit(link.code)).headers?.location)).toMatch(expected);
  });

  it("still counts clicks after PATCH {utm: {}} on a link that had UTM values (the attribute is removed)", async () => {
    const link = await makeLink({ url: "https://shop.example/p/utm-empty", utm: { source: "sg" } });
    const patched = await app.request(`/api/v1/links/${link.code}`, {
      method: "PATCH",
      headers: json(creator.auth),
      body: JSON.stringify({ utm: {} }),
    });
    expect(patched.status).toBe(200);
    expect((await readJson(patched)).utm).toBeUndefined();
    const answer = await visit(link.code, { ip: "198.51.100.77" });
    expect(String(answer.headers?.location)).not.toContain("utm_");
    expect((await statsOf(link.code)).totals.humanClicks).toBe(1);
    // And the one after it, so the stream really moved past the link's change.
    await visit(link.code, { ip: "198.51.100.78" });
    expect((await statsOf(link.code)).totals.humanClicks).toBe(2);
  });

  it("serves the same redirect from the local server", async () => {
    const link = await makeLink({ url: "https://shop.example/local?x=1#f" });
    const local = createLocalApp("/nonexistent");
    const answer = await local.request(`/r/${link.code}`, { headers: { "user-agent": BROWSER } });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toMatch(
      /^https:\/\/shop\.example\/local\?x=1&sg_click=clk_\w+#f$/,
    );
  });

  it("answers unknown, malformed and disabled codes with a small 404 page and records nothing", async () => {
    const link = await makeLink({ url: "https://shop.example/soon-off" });
    const disable = await app.request(`/api/v1/links/${link.code}`, {
      method: "PATCH",
      headers: json(creator.auth),
      body: JSON.stringify({ disabled: true }),
    });
    expect(disable.status).toBe(200);
    for (const code of [link.code, "ZZZZZZZZ", "nope", "../../etc", ""]) {
      const answer = await visit(code);
      expect(answer.statusCode).toBe(404);
      expect(answer.headers?.["content-type"]).toMatch(/text\/html/);
      expect(answer.body).toMatch(/This link does not work/);
    }
    expect(await Click.listByLink(link.code)).toEqual([]);
  });

  it("answers a link to a blocked domain with a 410 page saying why, never a redirect, and records nothing", async () => {
    const admin = await signUpAdmin();
    const domain = `blocked-${Date.now().toString(36)}.example`;
    const link = await makeLink({ url: `https://www.${domain}/p/1` });
    const block = await app.request("/api/v1/admin/domains/blocked", {
      method: "POST",
      headers: json(admin.auth),
      body: JSON.stringify({ domain, reason: "Malware" }),
    });
    expect(block.status).toBe(201);
    const answer = await visit(link.code);
    expect(answer.statusCode).toBe(410);
    expect(answer.headers?.location).toBeUndefined();
    expect(answer.headers?.["content-type"]).toMatch(/text\/html/);
    expect(answer.headers?.["cache-control"]).toMatch(/no-store/);
    expect(answer.headers?.["Content-Security-Policy"]).toMatch(/style-src 'self' 'sha256-/);
    expect(answer.body).toMatch(/This link is no longer available/);
    expect(answer.body).toContain(`Links to ${domain} have been blocked by shopguide.`);
    const head = await visit(link.code, { method: "HEAD" });
    expect(head.statusCode).toBe(410);
    expect(head.body).toBe("");
    expect(await Click.listByLink(link.code)).toEqual([]);
    const unblock = await app.request(`/api/v1/admin/domains/blocked/${domain}?reason=done`, {
      method: "DELETE",
      headers: admin.auth,
    });
    expect(unblock.status).toBe(204);
    expect((await visit(link.code)).statusCode).toBe(302);
  });

  it("redirects HEAD requests and bot user agents but does not count them as people", async () => {
    const link = await makeLink({ url: "https://shop.example/bots" });
    const bots = [
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "Twitterbot/1.0",
      "curl/8.5.0",
      "python-requests/2.32.3",
    ];
    let ip = 1;
    for (const agent of bots) {
      const answer = await visit(link.code, { headers: { "user-agent": agent }, ip: `198.51.100.${ip++}` });
      expect(answer.statusCode).toBe(302);
    }
    const head = await visit(link.code, { method: "HEAD", ip: `198.51.100.${ip++}` });
    expect(head.statusCode).toBe(302);
    expect(String(head.headers?.location)).toContain("sg_click=");

    const clicks = await Click.listByLink(link.code);
    expect(clicks).toHaveLength(6);
    expect(clicks.every((click) => click.bot)).toBe(true);
    const stats = await statsOf(link.code);
    expect(stats.totals).toEqual({ humanClicks: 0, botClicks: 6, duplicateClicks: 0 });
  });

  it("counts Instagram, Facebook and TikTok in-app browsers as people", async () => {
    const link = await makeLink({ url: "https://shop.example/social" });
    const inApp = [
      `${IPHONE.replace(" Safari/604.1", "")} Instagram 330.0.0.40.92 (iPhone15,2; iOS 17_5; en_US; en; scale=3.00; 1179x2556; 612345678)`,
      `${IPHONE.replace(" Safari/604.1", "")} [FBAN/FBIOS;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]`,
      "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240505.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36 musical_ly_2024503030 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/35.3.3 ByteLocale/en ByteFullLocale/en Region/US BytedanceWebview/d8a21c6",
    ];
    let ip = 1;
    for (const agent of inApp) {
      const answer = await visit(link.code, { headers: { "user-agent": agent }, ip: `192.0.2.${ip++}` });
      expect(answer.statusCode).toBe(302);
    }
    const clicks = await Click.listByLink(link.code);
    expect(clicks.map((click) => [click.bot, click.browser])).toEqual([
      [false, "Instagram"],
      [false, "Facebook"],
      [false, "TikTok"],
    ]);
    const stats = await statsOf(link.code);
    expect(stats.totals).toEqual({ humanClicks: 3, botClicks: 0, duplicateClicks: 0 });
    expect(stats.breakdowns.device).toEqual([{ key: "mobile", humanClicks: 3 }]);
  });

  it("counts the same IP on the same link once within an hour, and again after it", async () => {
    const link = await makeLink({ url: "https://shop.example/once" });
    const other = await makeLink({ url: "https://shop.example/other" });
    for (let repeat = 0; repeat < 3; repeat++) await visit(link.code, { ip: "203.0.113.77" });
    await visit(other.code, { ip: "203.0.113.77" });
    await visit(link.code, { ip: "203.0.113.78" });
    let stats = await statsOf(link.code);
    expect(stats.totals).toEqual({ humanClicks: 2, botClicks: 0, duplicateClicks: 2 });
    expect((await statsOf(other.code)).totals.humanClicks).toBe(1);
    // The judgment lives in the counters; the aggregator never rewrites a click (that write cost more than
    // the whole counting budget).
    const stored = await Click.listByLink(link.code);
    expect(stored).toHaveLength(4);
    expect(stored.every((click) => click.duplicate === undefined)).toBe(true);

    Clock.advance(3601);
    await visit(link.code, { ip: "203.0.113.77" });
    stats = await statsOf(link.code);
    expect(stats.totals.humanClicks).toBe(3);
  });

  it("records referrer host, device and trusted country, and breaks human clicks down by them", async () => {
    const link = await makeLink({ url: "https://shop.example/where" });
    await visit(link.code, {
      ip: "203.0.113.90",
      headers: { referer: "https://www.instagram.com/p/abc", "cloudfront-viewer-country": "de" },
    });
    await visit(link.code, { ip: "203.0.113.91", headers: { "user-agent": IPHONE } });
    const stats = await statsOf(link.code);
    expect(stats.breakdowns.referrer).toEqual([
      { key: "(direct)", humanClicks: 1 },
      { key: "instagram.com", humanClicks: 1 },
    ]);
    expect(stats.breakdowns.country).toEqual([
      { key: "(unknown)", humanClicks: 1 },
      { key: "DE", humanClicks: 1 },
    ]);
    expect(stats.breakdowns.device).toEqual([
      { key: "desktop", humanClicks: 1 },
      { key: "mobile", humanClicks: 1 },
    ]);
    const me = await readJson(await app.request("/api/v1/me/stats", { headers: creator.auth }));
    expect(me.totals.humanClicks).toBeGreaterThanOrEqual(2);
  });
});

describe("fuzzed codes and paths", () => {
  it("get only a 302 to a stored destination or a 404, never a 5xx or a foreign Location", async () => {
    const stored = await Promise.all(
      ["https://shop.example/f/1?a=1#x", "https://shop.example/f/2", "http://shop.example/f/3?"].map((url) =>
        makeLink({ url }),
      ),
    );
    const destinations = new Map(stored.map((link) => [link.code, link.url]));
    const local = createLocalApp("/nonexistent");
    const code = fc.oneof(
      fc.constantFrom(...destinations.keys()),
      fc.stringMatching(/^[0-9A-Za-z]{7,10}$/),
      fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.constantFrom(
        "..",
        "%2e%2e",
        "%00",
        "a/b",
        "?x=1",
        "#frag",
        "//evil.example",
        "\\evil",
        "%0d%0aLocation:x",
      ),
    );
    const method = fc.constantFrom("GET", "HEAD");
    const checkLocation = (status: number, location: string | null | undefined, tried: string) => {
      expect([302, 404]).toContain(status);
      if (status === 302) {
        const destination = destinations.get(tried);
        expect(destination).toBeDefined();
        const base = String(destination).split("#")[0] ?? "";
        expect(String(location).startsWith(base)).toBe(true);
      }
    };
    await fc.assert(
      fc.asyncProperty(code, method, fc.boolean(), async (tried, verb, viaLambda) => {
        if (viaLambda) {
          const answer = await visit(tried, { method: verb });
          checkLocation(answer.statusCode ?? 0, answer.headers?.location as string | undefined, tried);
        } else {
          const path = `/r/${encodeURI(tried).replace(/[?#]/g, encodeURIComponent)}`;
          const pathname = new URL(`http://x${path}`).pathname;
          // Dot segments resolve the URL out of /r/ (to the web app): not a short-link request at all.
          fc.pre(pathname.startsWith("/r/"));
          const answer = await local.request(path, { method: verb, headers: { "user-agent": BROWSER } });
          const code = decodeURIComponent(pathname.slice(3));
          checkLocation(answer.status, answer.headers.get("location"), code);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 300_000);
});
