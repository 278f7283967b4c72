/**
 * `npm run bench -- scale`: what each user action costs in DynamoDB capacity, and whether jobs and hot paths
 * keep their cost as data grows. A synthetic population is driven through the stable entry points only (the
 * API app's routes in-process, the redirect Lambda's handler, the stream Lambda's handler fed by the local
 * stream poller, the jobs of functions/src/schedule.ts) against its own DynamoDB Local, with the capacity
 * meter (core/dynamo/capacity.ts) counting every unit. Units are deterministic; times are printed only as
 * ratios to a baseline measured in the same run. docs/scale.md explains and prices the figures.
 *
 * Sizes (environment): BENCH_USERS (followers and joiners, default 1000), BENCH_CREATORS (20),
 * BENCH_HOT_CLICKS (500, paced at 100/s on one link), BENCH_SPREAD_CLICKS (400), BENCH_CLOSE_BATCH (1000
 * commissions in the measured period), BENCH_HISTORY ("1000,5000": closed commissions before each of the
 * two measured closes), BENCH_JOINERS ("100,1000": concurrent joiners, 100 seats).
 */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { startDynamoLocal } from "../../packages/functions/src/local/dynamo-local";
import { joinBench } from "./groupbuy-joins";
import { type Person, percentile, pool, population } from "./population";

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(",").map(Number);
const USERS = int("BENCH_USERS", 1000);
const CREATORS = int("BENCH_CREATORS", 20);
const HOT_CLICKS = int("BENCH_HOT_CLICKS", 500);
const SPREAD_CLICKS = int("BENCH_SPREAD_CLICKS", 400);
const CLOSE_BATCH = int("BENCH_CLOSE_BATCH", 1000);
const HISTORY = list("BENCH_HISTORY", "1000,5000");
const JOINERS = list("BENCH_JOINERS", "100,1000");
const FOLLOWS_PER_FOLLOWER = 5;
const FOLLOWERS = Math.min(100, USERS);
const SEATS = 100;
/** Commissions per (brand, creator) per period: today's close writes one transaction per group (≤ 100 items). */
const PER_GROUP = 50;

const CHROME =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

const median = (values: number[]) => percentile(values, 50);
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

export async function run(): Promise<void> {
  const started = performance.now();
  const dynamoLocal = await startDynamoLocal();
  const stopOnSignal = () => void dynamoLocal.stop().then(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  Object.assign(process.env, {
    SHOPGUIDE_DYNAMO_ENDPOINT: dynamoLocal.endpoint,
    SHOPGUIDE_TABLE: "bench-scale",
    SHOPGUIDE_CAPACITY_METER: "1",
    SHOPGUIDE_DEV_CLOCK: "1",
    SHOPGUIDE_SECRETS_KEY: Buffer.from(randomUUID().replace(/-/g, "")).toString("base64"),
    SHOPGUIDE_WEB_ORIGINS: "http://web.test",
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
    POWERTOOLS_LOG_LEVEL: "ERROR",
    POWERTOOLS_METRICS_DISABLED: "true",
    // In-process requests all come from one (absent) address: per-address rules would make one hot counter
    // of the whole population. Per-account rules stay, and cost what they cost.
    SHOPGUIDE_RATE_LIMITS: [
      "follow.address=off",
      "link-create.address=off",
      "groupbuy-join.address=off",
      "mark.address=off",
      "conversion-api.brand=off",
    ].join(","),
  });
  let poller: { drain(): Promise<void>; stop(): Promise<void> } | undefined;
  try {
    const { createRawClient, ensureTable, CapacityMeter } = await import("@shopguide/core/dynamo");
    const { config } = await import("@shopguide/core/config");
    const { Clock } = await import("@shopguide/core/util/clock");
    const { app } = await import("../../packages/functions/src/api/app");
    const { jobs } = await import("../../packages/functions/src/schedule");
    const { handler: redirect } = await import("../../packages/functions/src/redirect");
    const { handler: stream } = await import("../../packages/functions/src/stream");
    const { StreamPoller } = await import("../../packages/functions/src/local/stream-poller");
    const { signApi } = await import("../fixtures/commerce");
    const raw = createRawClient();
    await ensureTable(raw, config().tableName);
    raw.destroy();
    const streamPoller = new StreamPoller({
      tableName: config().tableName,
      handler: stream,
      start: "TRIM_HORIZON",
    });
    poller = streamPoller;
    const drain = () => streamPoller.drain();
    type Reading = ReturnType<typeof CapacityMeter.read>;
    const measure = async <T>(work: () => Promise<T>) => CapacityMeter.measure(work);
    const runJob = async (name: string) => {
      const job = jobs[name];
      if (!job) throw new Error(`no ${name} job`);
      await job.run();
    };

    const people = await population();
    const { call, person, refreshSession } = people;
    const ok = async (response: Response, ...statuses: number[]) => {
      if (!statuses.includes(response.status))
        throw new Error(`expected ${statuses.join("/")}, got ${response.status}: ${await response.text()}`);
      // biome-ignore lint/suspicious/noExplicitAny: the bench reads whatever JSON the route answers
      return (await response.json()) as any;
    };
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
    const rows: [string, string, string][] = [];
    const row = (figure: string, value: string, note = "") => {
      rows.push([figure, value, note]);
      console.log(`  ${figure.padEnd(58)} ${value.padStart(12)}  ${note}`);
    };
    const per = (reading: Reading, count: number, kind: "read" | "write") => fixed(reading[kind] / count);
    /** Where the units went: the table and each GSI, per action (e.g. "table 9, gsi1 2, gsi3 4"). */
    const split = (reading: Reading, count: number, kind: "read" | "write") =>
      Object.entries(reading.byTarget)
        .filter(([, units]) => units[kind] > 0)
        .map(
          ([target, units]) =>
            `${target.includes("/") ? target.split("/")[1] : "table"} ${fixed(units[kind] / count, 1)}`,
        )
        .join(", ");
    console.log(
      `scale benchmark: ${USERS} users, ${CREATORS} creators, DynamoDB Local in memory (units as AWS bills them)`,
    );

    // ── Population ────────────────────────────────────────────────────────────────────────────────────────
    const owner = await person("brand");
    const domain = `store-${randomUUID().slice(0, 8)}.example.com`;
    const brand = await ok(
      await call("POST", "/api/v1/brands", owner, {
        name: "Bench brand",
        domains: [domain],
        currency: "USD",
      }),
      201,
    );
    const { secret } = await ok(
      await call("POST", `/api/v1/brands/${brand.id}/secrets`, owner, { kind: "api" }),
      201,
    );
    await ok(
      await call("PUT", `/api/v1/brands/${brand.id}/payout-settings`, owner, {
        period: "weekly",
        minimumPayout: 1,
      }),
      200,
    );
    const campaign = await ok(
      await call("POST", "/api/v1/campaigns", owner, {
        brandId: brand.id,
        type: "commission",
        name: "Bench",
        rule: { kind: "percent", bps: 1000 },
        enrollment: "open",
        holdDays: 0,
      }),
      201,
    );
    const creators = await pool(Array.from({ length: CREATORS }), 4, () => person("creator"));
    const coupons = new Map<string, string>();
    for (const [index, creator] of creators.entries()) {
      const couponCode = `BENCH${index}`;
      await ok(
        await call("POST", `/api/v1/campaigns/${campaign.id}/enrollments`, creator, { couponCode }),
        201,
      );
      coupons.set(creator.id, couponCode);
    }
    const users = await pool(Array.from({ length: USERS }), 8, () => person("follower"));
    const followers = users.slice(0, FOLLOWERS);
    console.log(`population ready at ${elapsed()}`);
    console.log(
      "\nper user action (capacity units as billed; reads 0.5 = one eventually consistent 4 KB read)",
    );

    // Follows: each follower follows FOLLOWS_PER_FOLLOWER creators; the stream then backfills their feeds.
    await drain();
    const follows = followers.flatMap((follower, index) =>
      Array.from({ length: FOLLOWS_PER_FOLLOWER }, (_, k) => ({
        follower,
        creator: creators[(index + k) % creators.length] as Person,
      })),
    );
    const followRoute = await measure(() =>
      pool(follows, 8, async ({ follower, creator }) =>
        ok(await call("PUT", `/api/v1/creators/${creator.handle}/follow`, follower), 200, 201),
      ),
    );
    const followStream = await measure(drain);
    row(
      "WCU per follow (route)",
      per(followRoute.used, follows.length, "write"),
      split(followRoute.used, follows.length, "write"),
    );
    row("WCU per follow (stream: feed backfill)", per(followStream.used, follows.length, "write"));

    // Guides: each creator publishes two; the stream fans each out to the creator's followers.
    const guideIds: string[] = [];
    const publish = await measure(() =>
      pool([...creators, ...creators], 4, async (creator) => {
        const guide = await ok(
          await call("POST", "/api/v1/guides", creator, {
            title: "Three pans worth owning",
            body: "After ten years of cooking at home, these are the pans I reach for.",
            tags: ["kitchen"],
            items: [{ title: "Skillet", url: `https://${domain}/products/skillet`, merchant: "Bench" }],
          }),
          201,
        );
        await ok(await call("POST", `/api/v1/guides/${guide.id}/publish`, creator), 200);
        guideIds.push(guide.id);
      }),
    );
    const fanout = await measure(drain);
    const audience = (FOLLOWERS * FOLLOWS_PER_FOLLOWER) / CREATORS;
    row(
      "WCU per guide create + publish (routes)",
      per(publish.used, guideIds.length, "write"),
      split(publish.used, guideIds.length, "write"),
    );
    row(
      "WCU per published guide, fan-out (stream)",
      per(fanout.used, guideIds.length, "write"),
      `${audience.toFixed(0)} followers each: ${fixed(fanout.used.write / guideIds.length / audience)} per follower`,
    );

    // Links: one per creator to the brand's store.
    const links = await measure(() =>
      pool(creators, 4, async (creator) =>
        ok(await call("POST", "/api/v1/links", creator, { url: `https://${domain}/products/tee` }), 200, 201),
      ),
    );
    const codes: string[] = links.result.map((link: { code: string }) => link.code);
    row(
      "WCU per link created (route)",
      per(links.used, codes.length, "write"),
      split(links.used, codes.length, "write"),
    );
    await drain();

    console.log(`  -- clicks (at ${elapsed()})`);
    // Clicks through the redirect Lambda's handler; each from its own address, so each is a counted human.
    let address = 0;
    const clickIds = new Map<string, string[]>();
    const click = async (code: string, referrerHost: string) => {
      address++;
      const event = {
        rawPath: `/r/${code}`,
        pathParameters: { code },
        headers: { "user-agent": CHROME, referer: `https://${referrerHost}/post` },
        requestContext: {
          http: { method: "GET", sourceIp: `198.51.${(address >> 8) & 255}.${address & 255}` },
        },
      } as unknown as APIGatewayProxyEventV2;
      const answer = await redirect(event);
      const location = String(answer.headers?.location ?? "");
      const clickId = new URL(location).searchParams.get("sg_click");
      if (answer.statusCode !== 302 || !clickId) throw new Error(`redirect answered ${answer.statusCode}`);
      clickIds.set(code, [...(clickIds.get(code) ?? []), clickId]);
    };
    const hotCode = codes[0] as string;
    const hot = await measure(async () => {
      // 100 clicks a second on one link, 10 every 100 ms.
      for (let sent = 0; sent < HOT_CLICKS; sent += 10) {
        const tick = performance.now();
        await Promise.all(
          Array.from({ length: Math.min(10, HOT_CLICKS - sent) }, (_, k) =>
            click(hotCode, `site${(sent + k) % 5}.example`),
          ),
        );
        await new Promise((done) => setTimeout(done, Math.max(0, 100 - (performance.now() - tick))));
      }
    });
    const hotAggregation = await measure(drain);
    const spread = await measure(() =>
      pool(Array.from({ length: SPREAD_CLICKS }), 10, (_, index) =>
        click(codes[index % codes.length] as string, `site${index % 40}.example`),
      ),
    );
    const spreadAggregation = await measure(drain);
    row(
      "WCU per click, redirect write",
      per(hot.used, HOT_CLICKS, "write"),
      split(hot.used, HOT_CLICKS, "write"),
    );
    row("WCU per click, redirect write, spread over links", per(spread.used, SPREAD_CLICKS, "write"));
    row("RCU per click, redirect link lookup", per(hot.used, HOT_CLICKS, "read"), "in-memory cache 5 s");
    row(
      "WCU per click, aggregation, 100/s on one link",
      per(hotAggregation.used, HOT_CLICKS, "write"),
      `target <= 3; ${split(hotAggregation.used, HOT_CLICKS, "write")}`,
    );
    row("WCU per click, aggregation, spread over links", per(spreadAggregation.used, SPREAD_CLICKS, "write"));
    row("RCU per click, aggregation, 100/s on one link", per(hotAggregation.used, HOT_CLICKS, "read"));

    console.log(`  -- page views (at ${elapsed()})`);
    // Page views.
    const views = Math.min(100, FOLLOWERS);
    const feed = await measure(() =>
      pool(followers.slice(0, views), 4, async (follower) =>
        ok(await call("GET", "/api/v1/feed", follower), 200),
      ),
    );
    const storefront = await measure(() =>
      pool(Array.from({ length: views }), 4, async (_, index) =>
        ok(
          await call("GET", `/api/v1/creators/${(creators[index % CREATORS] as Person).handle}`, undefined),
          200,
        ),
      ),
    );
    const guide = await measure(() =>
      pool(Array.from({ length: views }), 4, async (_, index) =>
        ok(await call("GET", `/api/v1/guides/${guideIds[index % guideIds.length]}`, undefined), 200),
      ),
    );
    row(
      "RCU per page view: following feed",
      per(feed.used, views, "read"),
      `follows ${FOLLOWS_PER_FOLLOWER}`,
    );
    row("RCU per page view: storefront", per(storefront.used, views, "read"));
    row("RCU per page view: guide", per(guide.used, views, "read"));
    row(
      "WCU per page view (feed + storefront + guide)",
      fixed((feed.used.write + storefront.used.write + guide.used.write) / (3 * views)),
    );

    console.log(`  -- conversions (at ${elapsed()})`);
    // Conversions through the signed S2S route; half attributed by click id, half by coupon.
    let orders = 0;
    const convert = async (creator: Person, byClick: boolean) => {
      orders++;
      const creatorClicks = byClick ? clickIds.get(codes[creators.indexOf(creator)] as string) : undefined;
      const clickId = creatorClicks?.[orders % creatorClicks.length];
      const body = JSON.stringify({
        orderId: `ord_${orders}`,
        amount: 10_000,
        currency: "USD",
        ...(clickId ? { clickId } : { couponCode: coupons.get(creator.id) }),
        occurredAt: Clock.now().toISOString(),
      });
      const response = await app.request(`/api/v1/brands/${brand.id}/conversions`, {
        method: "POST",
        headers: { "content-type": "application/json", "shopguide-signature": signApi(secret, body) },
        body,
      });
      await ok(response, 201);
    };
    const conversionsOf = (count: number, byClick = false) =>
      pool(Array.from({ length: count }), 8, (_, index) =>
        convert(creators[Math.floor(index / PER_GROUP) % CREATORS] as Person, byClick && index % 2 === 0),
      );
    const conversions = Math.min(200, CLOSE_BATCH);
    const conversionRoute = await measure(() => conversionsOf(conversions, true));
    const conversionStream = await measure(drain);
    row(
      "WCU per conversion (signed S2S route)",
      per(conversionRoute.used, conversions, "write"),
      split(conversionRoute.used, conversions, "write"),
    );
    row("RCU per conversion (signed S2S route)", per(conversionRoute.used, conversions, "read"));
    row("WCU per conversion (stream: webhooks, counters)", per(conversionStream.used, conversions, "write"));

    console.log(`  -- period close (at ${elapsed()})`);
    // Period close: time per CLOSE_BATCH commissions with two sizes of closed history before it.
    const nextPeriod = async () => {
      const now = Clock.now();
      const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const nextTuesday = midnight + (((8 - now.getUTCDay()) % 7 || 7) + 1) * 86_400_000;
      Clock.advance(Math.ceil((nextTuesday - now.getTime()) / 1000));
    };
    const release = await measure(async () => {
      await nextPeriod();
      await runJob("release-holds");
    });
    row(
      "WCU per commission approved (release-holds job)",
      per(release.used, conversions, "write"),
      split(release.used, conversions, "write"),
    );
    await runJob("close-statements");
    await drain();
    let history = conversions;
    const batch = Math.min(CLOSE_BATCH, CREATORS * PER_GROUP);
    /**
     * Adds closed history, one full period of `batch` commissions at a time (≤ PER_GROUP per creator), at
     * least once: every measured close then follows a close of the same size, whose payable day it reads
     * again (statement/close.ts keeps that day until its waiting commissions settle), so the two measured
     * closes differ only in how much history lies behind them.
     */
    const growHistory = async (to: number) => {
      do {
        const count = batch;
        await conversionsOf(count);
        await nextPeriod();
        await runJob("release-holds");
        await runJob("close-statements");
        await drain();
        history += count;
        console.log(`    (history: ${history} closed commissions, at ${elapsed()})`);
      } while (history < to);
    };
    const closes: { history: number; ms: number; used: Reading; statements: number }[] = [];
    for (const size of HISTORY) {
      await growHistory(size);
      await conversionsOf(batch);
      await nextPeriod();
      await runJob("release-holds");
      // The stream's work for those conversions is done first: the close is timed alone.
      await drain();
      const before = performance.now();
      const close = await measure(() => runJob("close-statements"));
      const ms = (performance.now() - before) / (batch / 1000);
      closes.push({
        history,
        ms,
        used: close.used,
        statements: close.used.calls.TransactWriteItemsCommand ?? 0,
      });
      await drain();
      history += batch;
      console.log(`    (closed ${batch} commissions after ${history - batch} in history, at ${elapsed()})`);
    }
    const [small, large] = closes;
    if (small && large) {
      row(
        `close-statements: RCU per 1 000 commissions, history ${small.history}`,
        fixed((small.used.read * 1000) / batch, 0),
      );
      row(
        `close-statements: RCU per 1 000 commissions, history ${large.history}`,
        fixed((large.used.read * 1000) / batch, 0),
      );
      row(
        "close-statements: WCU per commission closed",
        fixed(large.used.write / batch),
        `${large.statements} transactions`,
      );
      row(
        `close-statements: time ratio, history ${large.history} / ${small.history}`,
        `${fixed(large.ms / small.ms)}x`,
        "target ~1 (the job must not grow with history)",
      );
    }

    console.log(`  -- 150 commissions (at ${elapsed()})`);
    // One creator's 150 commissions from one brand in one period onto one statement.
    const big = creators[0] as Person;
    await pool(Array.from({ length: 150 }), 8, () => convert(big, false));
    await nextPeriod();
    await runJob("release-holds");
    for (let attempt = 0; attempt < 3; attempt++) await runJob("close-statements").catch(() => undefined);
    await refreshSession(big);
    const statements = await ok(await call("GET", "/api/v1/me/statements", big), 200);
    const newest = statements.items?.[0];
    const detail = newest
      ? await ok(await call("GET", `/api/v1/statements/${newest.id}`, big), 200)
      : undefined;
    // The statement answers its first page of lines; the rest come a page at a time after `linesCursor`.
    let lines = detail?.lines?.length ?? 0;
    let cursor: string | undefined = detail?.linesCursor;
    while (newest && cursor) {
      const page = await ok(
        await call("GET", `/api/v1/statements/${newest.id}/lines?cursor=${encodeURIComponent(cursor)}`, big),
        200,
      );
      lines += page.items?.length ?? 0;
      cursor = page.nextCursor ?? undefined;
    }
    row("150 commissions of one creator in one period: statement lines", String(lines), "target 150");

    console.log(`  -- group-buy joins (at ${elapsed()})`);
    // Group-buy joins (groupbuy-joins.ts): the seating protocol on its own (the target) and the whole request.
    await pool(users, 8, refreshSession);
    const joins = await joinBench(people);
    for (const through of ["core", "api"] as const) {
      const where = through === "core" ? "seating" : "route";
      const solo = await joins.uncontended(users.slice(0, 30), through);
      const uncontended = median(solo.latencies);
      row(`WCU per join (uncontended, ${where})`, fixed(solo.writePerJoin, 1));
      for (const joiners of JOINERS) {
        const storm = await joins.contended(users.slice(0, joiners), SEATS, through);
        const ratio = (values: number[], p: number) => `${fixed(percentile(values, p) / uncontended, 1)}x`;
        row(
          `join (${where}), ${storm.joiners} concurrent on ${SEATS} seats: seated`,
          `${storm.winnerMs.length}/${storm.participants}`,
          `${storm.refusedMs.length} groupbuy_full, ${storm.unexpected} other; WCU ${fixed(storm.write / Math.max(1, storm.winnerMs.length))} per seat taken`,
        );
        row(
          `join (${where}), ${storm.joiners} concurrent: winners' p50 / p99 vs uncontended`,
          `${ratio(storm.winnerMs, 50)} / ${ratio(storm.winnerMs, 99)}`,
          through === "core"
            ? "target p99 <= 10x"
            : "DynamoDB Local serializes every request's own reads and writes",
        );
      }
    }
    await drain();

    console.log(`\nscale benchmark done in ${elapsed()}`);
    console.log(`SCALE_FIGURES ${JSON.stringify(rows)}`);
  } finally {
    await poller?.stop();
    await dynamoLocal.stop();
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
  }
}
