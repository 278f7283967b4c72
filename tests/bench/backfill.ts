/**
 * `npm run bench -- backfill`: how long `npm run scale:backfill` takes over a table upgraded from before issue
 * 13, against DynamoDB Local. It writes BENCH_BACKFILL_COMMISSIONS (default 100 000) commissions as an old
 * deployment left them, spread over BENCH_BACKFILL_CREATORS (default 500) creators: no earnings totals, no
 * payable markers, approved and reversed commissions on the single legacy `PAYABLE` partition (half of the
 * approved ones already settled by a statement), pending ones on `HOLDS#PENDING`. Then it runs the backfill
 * twice (the second pass finds nothing to write) and checks the totals it wrote against the sums it expects.
 * Prints wall time per 10^5 commissions; on a shared machine it is an order of magnitude, not a contract.
 */
import { randomUUID } from "node:crypto";
import { startDynamoLocal } from "../../packages/functions/src/local/dynamo-local";

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const COMMISSIONS = int("BENCH_BACKFILL_COMMISSIONS", 100_000);
const CREATORS = int("BENCH_BACKFILL_CREATORS", 500);

/** Runs `work` over `items` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

export async function run(): Promise<void> {
  const dynamoLocal = await startDynamoLocal();
  Object.assign(process.env, {
    SHOPGUIDE_DYNAMO_ENDPOINT: dynamoLocal.endpoint,
    SHOPGUIDE_TABLE: "bench-backfill",
    SHOPGUIDE_SECRETS_KEY: Buffer.from(randomUUID().replace(/-/g, "")).toString("base64"),
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
    POWERTOOLS_LOG_LEVEL: "ERROR",
    POWERTOOLS_METRICS_DISABLED: "true",
  });
  try {
    const { createRawClient, ensureTable, dynamo, tableName } = await import("@shopguide/core/dynamo");
    const { BatchWriteCommand } = await import("@aws-sdk/lib-dynamodb");
    const { config } = await import("@shopguide/core/config");
    const { Backfill } = await import("@shopguide/core/backfill");
    const { ConversionStore } = await import("../../packages/core/src/conversion/conversion.dynamo");
    const { conversionWith } = await import("../fixtures/conversions");
    const raw = createRawClient();
    await ensureTable(raw, config().tableName);
    raw.destroy();

    const items: Record<string, unknown>[] = [];
    const creators = Array.from({ length: CREATORS }, (_, n) => `usr_bench${String(n).padStart(6, "0")}`);
    for (const id of creators)
      items.push({ pk: `USER#${id}`, sk: "USER", type: "user", id, role: "creator" });
    const expected = new Map<string, number>();
    for (let n = 0; n < COMMISSIONS; n++) {
      const creatorId = creators[n % CREATORS] as string;
      const id = `cnv_bench${String(n).padStart(8, "0")}`;
      const kind = n % 10; // 0-5 approved (0-2 settled already), 6-7 pending, 8 reversed, 9 rejected
      const status = kind <= 5 ? "approved" : kind <= 7 ? "pending" : kind === 8 ? "reversed" : "rejected";
      const amount = 100 + (n % 900);
      const conversion = {
        ...conversionWith(status, {
          amount: status === "reversed" ? 0 : amount,
          original: amount,
          creatorId,
          campaignId: `cmp_bench${n % 3}`,
        }),
        id,
        orderId: `o-${n}`,
        brandId: "brd_bench",
      };
      if (conversion.commission) conversion.commission.id = `com_bench${n}`;
      const at = `2026-0${1 + (n % 9)}-1${n % 10}T12:00:00.000Z`;
      const sort = `${at}#${id}`;
      items.push({
        pk: `CONVERSION#${id}`,
        sk: "CONVERSION",
        type: "conversion",
        gsi1pk: "BRAND#brd_bench#CONVERSIONS",
        gsi1sk: sort,
        gsi2pk: `CREATOR#${creatorId}#CONVERSIONS`,
        gsi2sk: sort,
        ...(status === "approved" || status === "reversed"
          ? { gsi3pk: "PAYABLE", gsi3sk: `brd_bench#${id}` }
          : status === "pending"
            ? { gsi3pk: "HOLDS#PENDING", gsi3sk: `${at}#${id}` }
            : {}),
        ...conversion,
      });
      items.push({
        pk: `CONVERSION#${id}`,
        sk: "EVENT#000002",
        type: "commission_event",
        conversionId: id,
        commissionId: `com_bench${n}`,
        seq: 2,
        kind: status,
        amount,
        currency: "USD",
        at,
      });
      if (kind <= 2)
        items.push({
          pk: `COMMISSION#com_bench${n}`,
          sk: "SETTLED",
          type: "commission_claim",
          commissionId: `com_bench${n}`,
          settled: amount,
          statementId: "stm_bench",
        });
      if (status === "approved") expected.set(creatorId, (expected.get(creatorId) ?? 0) + amount);
    }
    const loadStarted = performance.now();
    const batches: Record<string, unknown>[][] = [];
    for (let at = 0; at < items.length; at += 25) batches.push(items.slice(at, at + 25));
    await pool(batches, 8, async (batch) => {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const answer = await dynamo().send(
          new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }),
        );
        pending = (answer.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
      }
    });
    console.log(
      `loaded ${COMMISSIONS} commissions of ${CREATORS} creators (${items.length} items) in ${Math.round(performance.now() - loadStarted)} ms`,
    );

    const per100k = (ms: number) => Math.round((ms * 100_000) / COMMISSIONS);
    for (const pass of ["first", "second"]) {
      const started = performance.now();
      const report = await Backfill.run();
      const ms = performance.now() - started;
      console.log(
        `${pass} pass: ${Math.round(ms)} ms (${per100k(ms)} ms per 10^5 commissions): ${report.creators} creators, ` +
          `${report.conversions} conversions, ${report.totalsWritten} totals written, ${report.payableFiled} filed by day, ` +
          `${report.contended.length} contended`,
      );
    }
    let wrong = 0;
    for (const creatorId of creators) {
      const totals = await ConversionStore.totalsForRebuild(creatorId);
      const approved = totals.reduce((sum, item) => sum + item.approved, 0);
      if (approved !== (expected.get(creatorId) ?? 0)) wrong++;
    }
    console.log(`totals checked: ${creators.length - wrong} of ${creators.length} creators exact`);
    if (wrong > 0) process.exitCode = 1;
  } finally {
    await dynamoLocal.stop();
  }
}
