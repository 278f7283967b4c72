/**
 * `npm run bench -- joins`: group-buy join latency under contention (issue 13). N people join one group-buy
 * of S seats at the same moment, against DynamoDB Local, and every answer's latency is compared with an
 * uncontended join measured in the same run (target: the winners' p99 at 1 000 joiners within 10x).
 *
 * A join enters at one of two places:
 * - `core`: the domain verb `GroupBuy.join` with the caller known. This is the seating protocol on the one
 *   contended item (the group-buy's counter) and nothing else: what the target is about.
 * - `api`: the whole request (session and account lookups, the rate-limit window, validation, the join), as
 *   a user sees it. Those per-request operations touch a different partition per person, which DynamoDB
 *   serves in parallel; DynamoDB Local takes one lock per database and this process is one event loop on
 *   the machine's cores, so here they queue behind one another and the ratio measures the emulator and the
 *   machine as much as the join. Printed for comparison, not as the target.
 *
 * `npm run bench -- scale` uses `joinBench` for its join figures. Sizes: BENCH_JOINERS ("100,1000");
 * BENCH_JOIN_THROUGH ("core,api") picks the entries.
 */
import { performance } from "node:perf_hooks";
import { type Person, type Population, percentile, pool, population } from "./population";

export type JoinEntry = "api" | "core";

export interface JoinMeasurement {
  joiners: number;
  seats: number;
  /** Latency in ms of each join that took a seat. */
  winnerMs: number[];
  /** Latency in ms of each join refused `groupbuy_full`. */
  refusedMs: number[];
  /** Answers that were neither (must stay 0). */
  unexpected: number;
  /** The seat counter afterwards (equals `seats` when joiners >= seats). */
  participants: number;
  /** Capacity the storm consumed (exact with the meter on; a lower bound for refused writes). */
  write: number;
}

/** Whether the joiner took a seat and, when refused, the error code. */
type Answer = { seated: boolean; code?: string };

/**
 * A brand with a verified owner and the two measurements over it. Each measurement uses a fresh group-buy;
 * people may be reused across measurements (a person joins each group-buy once).
 */
export async function joinBench(people: Population) {
  const { GroupBuy } = await import("@shopguide/core/groupbuy");
  const { AppError } = await import("@shopguide/core/util/errors");
  const { Clock } = await import("@shopguide/core/util/clock");
  const { CapacityMeter } = await import("@shopguide/core/dynamo");
  const owner = await people.person("brand");
  const domain = `joins-${Date.now().toString(36)}.example.com`;
  const created = await people.call("POST", "/api/v1/brands", owner, {
    name: "Join bench",
    domains: [domain],
    currency: "USD",
  });
  if (created.status !== 201) throw new Error(`brand: ${created.status} ${await created.text()}`);
  const brandId = ((await created.json()) as { id: string }).id;

  const groupbuy = async (seats: number): Promise<string> => {
    const usd = (amount: number) => ({ amount, currency: "USD" });
    const response = await people.call("POST", "/api/v1/campaigns", owner, {
      brandId,
      type: "groupbuy",
      name: "Bench drop",
      product: { title: "Kettle", url: `https://${domain}/products/kettle` },
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
  };

  const join = async (through: JoinEntry, groupbuyId: string, who: Person): Promise<Answer> => {
    if (through === "api") {
      const response = await people.call("POST", `/api/v1/groupbuys/${groupbuyId}/join`, who, {
        quantity: 1,
      });
      const body = (await response.json()) as { error?: { code?: string } };
      return { seated: response.status === 201, code: body.error?.code };
    }
    try {
      await GroupBuy.join(
        { kind: "user", userId: who.id, handle: who.handle, role: "follower" },
        groupbuyId,
        {
          quantity: 1,
        },
      );
      return { seated: true };
    } catch (error) {
      if (error instanceof AppError) return { seated: false, code: error.code };
      throw error;
    }
  };

  return {
    /** One join at a time on a group-buy with room: each join's latency and the write units per join. */
    async uncontended(crowd: Person[], through: JoinEntry) {
      const groupbuyId = await groupbuy(crowd.length + 1);
      const latencies: number[] = [];
      const { used } = await CapacityMeter.measure(async () => {
        for (const who of crowd) {
          const sent = performance.now();
          const answer = await join(through, groupbuyId, who);
          latencies.push(performance.now() - sent);
          if (!answer.seated) throw new Error(`uncontended join refused: ${answer.code}`);
        }
      });
      return { latencies, writePerJoin: used.write / crowd.length };
    },

    /** Everyone in `crowd` joins one group-buy of `seats` seats at once. */
    async contended(crowd: Person[], seats: number, through: JoinEntry): Promise<JoinMeasurement> {
      const groupbuyId = await groupbuy(seats);
      const winnerMs: number[] = [];
      const refusedMs: number[] = [];
      let unexpected = 0;
      const { used } = await CapacityMeter.measure(() =>
        Promise.all(
          crowd.map(async (who) => {
            const sent = performance.now();
            const answer = await join(through, groupbuyId, who);
            const took = performance.now() - sent;
            if (answer.seated) winnerMs.push(took);
            else if (answer.code === "groupbuy_full") refusedMs.push(took);
            else unexpected++;
          }),
        ),
      );
      const after = await GroupBuy.getInternal(groupbuyId);
      return {
        joiners: crowd.length,
        seats,
        winnerMs,
        refusedMs,
        unexpected,
        participants: after?.participants ?? -1,
        write: used.write,
      };
    },
  };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Standalone: its own DynamoDB Local and table; uncontended, then each size of BENCH_JOINERS on 100 seats. */
export async function run(): Promise<void> {
  const { startDynamoLocal } = await import("../../packages/functions/src/local/dynamo-local");
  const dynamoLocal = await startDynamoLocal();
  try {
    Object.assign(process.env, {
      SHOPGUIDE_DYNAMO_ENDPOINT: dynamoLocal.endpoint,
      SHOPGUIDE_TABLE: "bench-groupbuy-joins",
      SHOPGUIDE_CAPACITY_METER: "1",
      // Every in-process request comes from one (absent) address; the per-account rule stays.
      SHOPGUIDE_RATE_LIMITS: "groupbuy-join.address=off",
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
      POWERTOOLS_LOG_LEVEL: "ERROR",
      POWERTOOLS_METRICS_DISABLED: "true",
    });
    const { createRawClient, ensureTable } = await import("@shopguide/core/dynamo");
    const { config } = await import("@shopguide/core/config");
    const raw = createRawClient();
    await ensureTable(raw, config().tableName);
    raw.destroy();
    const people = await population();
    const bench = await joinBench(people);
    const sizes = (process.env.BENCH_JOINERS ?? "100,1000").split(",").map(Number);
    const crowd = await pool(Array.from({ length: Math.max(...sizes) }), 8, () => people.person("follower"));
    await bench.uncontended(crowd.slice(0, 10), "api"); // warm-up: JIT, connections, the JVM
    const entries = (process.env.BENCH_JOIN_THROUGH ?? "core,api").split(",") as JoinEntry[];
    for (const through of entries) {
      const { latencies, writePerJoin } = await bench.uncontended(crowd.slice(0, 30), through);
      const base = percentile(latencies, 50);
      console.log(
        `\njoins through ${through === "api" ? "the API (whole request)" : "the core verb (seating)"}`,
      );
      console.log(
        `uncontended: p50 ${ms(base)}, p99 ${ms(percentile(latencies, 99))} (30 joins), ${writePerJoin.toFixed(1)} WCU a join`,
      );
      for (const joiners of sizes) {
        const result = await bench.contended(crowd.slice(0, joiners), 100, through);
        const p50 = percentile(result.winnerMs, 50);
        const p99 = percentile(result.winnerMs, 99);
        console.log(
          `${joiners} concurrent joiners, 100 seats: ${result.winnerMs.length} joined, ${result.refusedMs.length} full, ` +
            `${result.unexpected} other; counter ${result.participants}`,
        );
        console.log(
          `  winners p50 ${ms(p50)} (${(p50 / base).toFixed(1)}x uncontended), p99 ${ms(p99)} (${(p99 / base).toFixed(1)}x)`,
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
