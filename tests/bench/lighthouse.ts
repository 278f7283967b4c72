import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import * as ChromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { DEMO_PASSWORD } from "../../packages/functions/src/local/seed";

/**
 * `npm run bench -- lighthouse`: Lighthouse (mobile form factor, its default simulated throttling) on the
 * pages people share (home, a storefront, a guide, a group-buy), against `npm start` itself on a free port
 * with in-memory demo data (every seeded creator, guide, card and group-buy has pictures), in Debian's
 * Chromium. Prints performance, accessibility and SEO per page and the JS each route loads (the sum of the
 * gzip sizes, from web/dist, of every script the page requested), each against its target.
 * LIGHTHOUSE_RUNS=n runs each page n times and keeps the median performance score.
 */
const TARGETS = { performance: 95, accessibility: 100, seo: 95, jsKb: 60 };
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 1);
const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";

function freePort(): Promise<number> {
  return new Promise((found, failed) => {
    const probe = createServer();
    probe.once("error", failed);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => found(port));
    });
  });
}

/** `npm start` (DynamoDB Local in memory, S3 local, demo data, built web) on a free port; resolves when ready. */
async function startShopguide(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
    env: { ...process.env, PORT: String(port), SHOPGUIDE_IN_MEMORY: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`npm start did not come up:\n${output}`)), 300_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("shopguide is running")) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => failed(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

interface Storefront {
  profile: { handle: string };
  guides: { items: { id: string }[] };
}

/**
 * The demo pages to measure: the first demo creator's storefront, its newest guide, and the group-buy a demo
 * follower joined (read with that follower's demo login).
 */
async function pagesOf(base: string): Promise<Record<string, string>> {
  const store = await getJson<Storefront>(`${base}/api/v1/creators/maya_cooks`);
  const guide = store.guides.items[0];
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "sam@demo.shopguide.dev", password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const mine = await fetch(`${base}/api/v1/me/groupbuys`, { headers: { authorization: `Bearer ${token}` } });
  const { items } = (await mine.json()) as { items: { groupbuyId: string }[] };
  const groupbuy = items[0];
  if (!guide || !groupbuy) throw new Error("the demo data lacks a guide or a joined group-buy");
  return {
    home: "/",
    storefront: `/@${store.profile.handle}`,
    guide: `/guides/${guide.id}`,
    groupbuy: `/groupbuys/${groupbuy.groupbuyId}`,
  };
}

interface Measured {
  performance: number;
  accessibility: number;
  seo: number;
  jsKb: number;
  scripts: string[];
  failing: string[];
}

/** Gzip size of a built file by its URL path (`/assets/index-abc.js` → web/dist/assets/index-abc.js). */
function gzipKb(dist: string, path: string): number {
  const file = join(dist, path);
  return existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length / 1024 : 0;
}

type Audit = { score: number | null; title: string; details?: { items?: Record<string, unknown>[] } };

async function measure(url: string, port: number, dist: string): Promise<Measured> {
  const runs: Measured[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "seo"],
      formFactor: "mobile",
    });
    if (!result) throw new Error(`lighthouse gave no result for ${url}`);
    const { categories, audits } = result.lhr;
    const score = (name: string) => Math.round((categories[name]?.score ?? 0) * 100);
    const requests = ((audits["network-requests"] as Audit | undefined)?.details?.items ?? []) as {
      url: string;
      resourceType?: string;
    }[];
    const origin = new URL(url).origin;
    const scripts = [
      ...new Set(
        requests
          .filter((request) => request.resourceType === "Script" && request.url.startsWith(origin))
          .map((request) => new URL(request.url).pathname),
      ),
    ];
    const failing = Object.entries(audits)
      .filter(([, audit]) => {
        const { score, scoreDisplayMode } = audit as Audit & { scoreDisplayMode?: string };
        return (
          score !== null && score < 0.9 && scoreDisplayMode !== "informative" && scoreDisplayMode !== "manual"
        );
      })
      .map(([id, audit]) => `${id} (${Math.round(((audit as Audit).score ?? 0) * 100)})`);
    runs.push({
      performance: score("performance"),
      accessibility: score("accessibility"),
      seo: score("seo"),
      jsKb: scripts.reduce((sum, path) => sum + gzipKb(dist, path), 0),
      scripts,
      failing,
    });
  }
  runs.sort((a, b) => a.performance - b.performance);
  return runs[Math.floor(runs.length / 2)] as Measured;
}

const mark = (ok: boolean) => (ok ? "PASS" : "FAIL");

export async function run(): Promise<void> {
  const dist = resolve("web/dist");
  const shopguide = await startShopguide();
  const chrome = await ChromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  let allPass = true;
  try {
    const pages = await pagesOf(shopguide.url);
    console.log(
      `\nLighthouse ${RUNS > 1 ? `(median of ${RUNS}) ` : ""}mobile, ${shopguide.url} (npm start, demo data)`,
    );
    console.log(
      `targets: performance >= ${TARGETS.performance}, accessibility ${TARGETS.accessibility}, SEO >= ${TARGETS.seo}, JS <= ${TARGETS.jsKb} KB gzip\n`,
    );
    console.log("page        path                                   perf  a11y  seo   JS KB  result");
    for (const [name, path] of Object.entries(pages)) {
      const figures = await measure(`${shopguide.url}${path}`, chrome.port, dist);
      const pass =
        figures.performance >= TARGETS.performance &&
        figures.accessibility >= TARGETS.accessibility &&
        figures.seo >= TARGETS.seo &&
        figures.jsKb <= TARGETS.jsKb;
      allPass &&= pass;
      console.log(
        `${name.padEnd(11)} ${path.slice(0, 38).padEnd(38)} ${String(figures.performance).padStart(4)}  ${String(figures.accessibility).padStart(4)}  ${String(figures.seo).padStart(4)}  ${figures.jsKb.toFixed(1).padStart(6)}  ${mark(pass)}`,
      );
      if (figures.failing.length > 0) console.log(`            below 90: ${figures.failing.join(", ")}`);
      if (process.env.LIGHTHOUSE_VERBOSE) console.log(`            scripts: ${figures.scripts.join(" ")}`);
    }
    console.log(`\noverall: ${mark(allPass)}`);
  } finally {
    await chrome.kill();
    shopguide.process.kill("SIGTERM");
  }
}
