/**
 * Group-buy join latency under contention (issue 13): N people join one group-buy of S seats at the same
 * moment, through the API app in-process (`app.request`, the same path as the route tests), against
 * DynamoDB Local. `measureJoins` answers every joiner's latency split into winners (201) and the rest;
 * `measureUncontendedJoin` the baseline: one join at a time on a fresh group-buy. Compare them as ratios
 * measured in the same run (the target: winners' p99 at 1 000 joiners within 10x an uncontended join).
 *
 * Reusable by other benchmarks (`npm run bench -- scale` imports it). Callers set the environment first:
 * `SHOPGUIDE_DYNAMO_ENDPOINT` and `SHOPGUIDE_TABLE` at an existing table, and `SHOPGUIDE_RATE_LIMITS`
 * switching off the per-address rules (`JOIN_BENCH_RATE_LIMITS`), since every in-process request comes
 * from one address. `run()` does all of that itself: `npx tsx tests/bench/groupbuy-joins.ts`.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

export const JOIN_BENCH_RATE_LIMITS = "signup.address=off,groupbuy-join.address=off";

export interface JoinMeasurement {
  joiners: number;
  seats: number;
  /** Latency in ms of each join answered 201, in the order they answered. */
  winnerMs: number[];
  /** Latency in ms of each join refused (409 `groupbuy_full`). */
  refusedMs: number[];
  /** Answers that were neither (must stay 0). */
  unexpected: number;
  /** From the first request sent to the last answer. */
  wallMs: number;
  /** The seat counter afterwards (must equal `seats` when joiners ≥ seats). */
  participants: number;
}

interface Joiner {
  auth: Record<string, string>;
  actor: { kind: "user"; userId: string; handle: string; role: "follower" };
}

/**
 * Where a join enters: `api` the whole request (session lookup, rate limit, validation, the join), as a
 * user sees it; `core` the domain verb `GroupBuy.join` with the caller already known, which isolates the
 * seating protocol from per-request costs that DynamoDB Local (one lock per database) serializes but the
 * cloud spreads over partitions.
 */
export type JoinEntry = "api" | "core";

let brandCache: { id: string; domain: string; owner: { auth: Record<string, string> } } | undefined;

async function api() {
  const { app } = await import("../../packages/functions/src/api/app");
  return async (method: string, path: string, auth: Record<string, string>, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: { "content-type": "application/json", ...auth },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response;
  };
}

/** Accounts made through the core verbs (hashing 1 000 passwords over the signup route is not under test). */
async function people(count: number): Promise<Joiner[]> {
  const { User } = await import("@shopguide/core/user");
  const { Session } = await import("@shopguide/core/session");
  const made: Joiner[] = [];
  for (let start = 0; start < count; start += 25) {
    made.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(25, count - start) }, async () => {
          const handle = `j_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
          const user = await User.create({
            email: `${handle}@example.test`,
            handle,
            password: "correct horse battery",
            displayName: handle,
            role: "follower",
          });
          const { token } = await Session.create(user.id);
          return {
            auth: { authorization: `Bearer ${token}` },
            actor: { kind: "user" as const, userId: user.id, handle, role: "follower" as const },
          };
        }),
      )),
    );
  }
  return made;
}

async function brand() {
  if (brandCache) return brandCache;
  const call = await api();
  const [owner] = await people(1);
  if (!owner) throw new Error("no owner");
  const { User } = await import("@shopguide/core/user");
  const handle = `b_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const brandUser = await User.create({
    email: `${handle}@example.test`,
    handle,
    password: "correct horse battery",
    displayName: handle,
    role: "brand",
  });
  const { Session } = await import("@shopguide/core/session");
  const auth = { authorization: `Bearer ${(await Session.create(brandUser.id)).token}` };
  const domain = `bench-${randomUUID().slice(0, 8)}.example.com`;
  const response = await call("POST", "/api/v1/brands", auth, {
    name: "Bench",
    domains: [domain],
    currency: "USD",
  });
  if (response.status !== 201) throw new Error(`brand: ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  brandCache = { id, domain, owner: { auth } };
  return brandCache;
}

async function createGroupBuy(seats: number): Promise<string> {
  const call = await api();
  const { Clock } = await import("@shopguide/core/util/clock");
  const owner = await brand();
  const usd = (amount: number) => ({ amount, currency: "USD" });
  const response = await call("POST", "/api/v1/campaigns", owner.owner.auth, {
    brandId: owner.id,
    type: "groupbuy",
    name: "Bench drop",
    product: { title: "Kettle", url: `https://${owner.domain}/products/kettle` },
    basePrice: usd(10_000),
    tiers: [{ participants: 1, price: usd(9_000) }],
    minParticipants: 1,
    capacity: seats,
    maxQuantityPerPerson: 1,
    deadline: new Date(Clock.nowMs() + 86_400_000).toISOString(),
    rule: { kind: "percent", bps: 1000 },
  });
  if (response.status !== 201) throw new Error(`group-buy: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** One join through the chosen entry, answered as an HTTP status and error code. */
async function joiner(through: JoinEntry) {
  const call = await api();
  const { GroupBuy } = await import("@shopguide/core/groupbuy");
  const { AppError } = await import("@shopguide/core/util/errors");
  return async (groupbuyId: string, person: Joiner): Promise<{ status: number; code?: string }> => {
    if (through === "api") {
      const response = await call("POST", `/api/v1/groupbuys/${groupbuyId}/join`, person.auth, {
        quantity: 1,
      });
      const body = (await response.json()) as { error?: { code?: string } };
      return { status: response.status, code: body.error?.code };
    }
    try {
      await GroupBuy.join(person.actor, groupbuyId, { quantity: 1 });
      return { status: 201 };
    } catch (error) {
      if (error instanceof AppError) return { status: 409, code: error.code };
      throw error;
    }
  };
}

/** `joiners` people join one group-buy of `seats` seats at once; every answer's latency. */
export async function measureJoins({
  joiners,
  seats,
  through = "api",
}: {
  joiners: number;
  seats: number;
  through?: JoinEntry;
}): Promise<JoinMeasurement> {
  const join = await joiner(through);
  const { GroupBuy } = await import("@shopguide/core/groupbuy");
  const groupbuyId = await createGroupBuy(seats);
  const crowd = await people(joiners);
  const winnerMs: number[] = [];
  const refusedMs: number[] = [];
  let unexpected = 0;
  const started = performance.now();
  await Promise.all(
    crowd.map(async (person) => {
      const sent = performance.now();
      const answer = await join(groupbuyId, person);
      const took = performance.now() - sent;
      if (answer.status === 201) winnerMs.push(took);
      else if (answer.status === 409 && answer.code === "groupbuy_full") refusedMs.push(took);
      else unexpected++;
    }),
  );
  const wallMs = performance.now() - started;
  const after = await GroupBuy.getInternal(groupbuyId);
  return { joiners, seats, winnerMs, refusedMs, unexpected, wallMs, participants: after?.participants ?? -1 };
}

/** One join at a time, each on a fresh group-buy with room: the latency a join costs with no one racing. */
export async function measureUncontendedJoin(samples = 20, through: JoinEntry = "api"): Promise<number[]> {
  const join = await joiner(through);
  const crowd = await people(samples);
  const latencies: number[] = [];
  for (const person of crowd) {
    const groupbuyId = await createGroupBuy(10);
    const sent = performance.now();
    const answer = await join(groupbuyId, person);
    latencies.push(performance.now() - sent);
    if (answer.status !== 201) throw new Error(`uncontended join: ${answer.status} ${answer.code}`);
  }
  return latencies;
}

/** The p-th percentile (0-100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Standalone: its own DynamoDB Local and table, then uncontended, 100 and 1 000 joiners on 100 seats. */
export async function run(): Promise<void> {
  const { startDynamoLocal } = await import("../../packages/functions/src/local/dynamo-local");
  const dynamoLocal = await startDynamoLocal();
  try {
    process.env.SHOPGUIDE_DYNAMO_ENDPOINT = dynamoLocal.endpoint;
    process.env.SHOPGUIDE_TABLE = "bench-groupbuy-joins";
    process.env.SHOPGUIDE_RATE_LIMITS = JOIN_BENCH_RATE_LIMITS;
    process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
    process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
    const { createRawClient, ensureTable } = await import("@shopguide/core/dynamo");
    const { config } = await import("@shopguide/core/config");
    const raw = createRawClient();
    await ensureTable(raw, config().tableName);
    raw.destroy();
    await measureUncontendedJoin(5); // warm-up: JIT, connections, DynamoDB Local's JVM
    const sizes = (process.env.BENCH_JOINERS ?? "100,1000").split(",").map(Number);
    const entries = (process.env.BENCH_JOIN_ENTRY ?? "core,api").split(",") as JoinEntry[];
    for (const through of entries) {
      const uncontended = await measureUncontendedJoin(20, through);
      const base = percentile(uncontended, 50);
      console.log(`\njoins through ${through === "api" ? "the API (whole request)" : "the core verb"}`);
      console.log(`uncontended join: p50 ${ms(base)}, p99 ${ms(percentile(uncontended, 99))} (20 joins)`);
      for (const joiners of sizes) {
        const result = await measureJoins({ joiners, seats: 100, through });
        const p50 = percentile(result.winnerMs, 50);
        const p99 = percentile(result.winnerMs, 99);
        console.log(
          `${joiners} concurrent joiners, 100 seats: ${result.winnerMs.length} joined, ${result.refusedMs.length} full, ` +
            `${result.unexpected} other; counter ${result.participants}; all answered in ${ms(result.wallMs)}`,
        );
        console.log(
          `  winners p50 ${ms(p50)} (${(p50 / base).toFixed(1)}x uncontended), p99 ${ms(p99)} (${(p99 / base).toFixed(1)}x; target <= 10x)`,
        );
        console.log(
          `  refused p50 ${ms(percentile(result.refusedMs, 50))}, p99 ${ms(percentile(result.refusedMs, 99))}`,
        );
      }
    }
  } finally {
    await dynamoLocal.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
