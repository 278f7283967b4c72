import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { CapacityMeter, dynamo, tableName } from "@shopguide/core/dynamo";
import { Stats } from "@shopguide/core/stats";
import { describe, expect, it } from "vitest";
import { burstClicks, clickRecords, measureClickBurst } from "./click-cost";
import { handleBatch } from "./stream-batch";

const start = new Date("2026-11-20T10:00:00.000Z");
const totals = async (code: string) => (await Stats.totalsForLinks([code])).get(code);

describe("counting clicks in batches", () => {
  it("costs at most 3 WCU a click at 100 clicks/s on one link, every click a new visitor", async () => {
    const cost = await measureClickBurst({
      code: "cost0001",
      creatorId: "usr_cost",
      guideId: "gde_cost",
      clicks: 500,
      perSecond: 100,
      start,
    });
    expect(cost.batches).toBe(5);
    expect(cost.usage.write).toBeGreaterThan(0);
    expect(cost.writeUnitsPerClick).toBeLessThanOrEqual(3);
    expect(await totals("cost0001")).toMatchObject({ humanClicks: 500, botClicks: 0, duplicateClicks: 0 });
  }, 180_000);

  it("writes each counter item once per chunk, not once per click", async () => {
    const clicks = burstClicks({
      code: "count001",
      creatorId: "usr_count",
      guideId: "gde_count",
      clicks: 100,
      perSecond: 100,
      visitors: 40,
      botEvery: 10,
      start,
    });
    const aggregation = await Stats.aggregate(clicks);
    // One chunk: link, creator and guide hour and day buckets, the link's and the guide's lifetime totals.
    expect(aggregation.chunks).toBe(1);
    expect(aggregation.counterWrites).toBe(8);
    // One window opened per human visitor (4 of the 40 addresses only ever crawl); repeats and bots write
    // nothing of their own.
    expect(aggregation.markerWrites).toBe(36);
    expect(await totals("count001")).toMatchObject({ humanClicks: 36, botClicks: 10, duplicateClicks: 54 });

    // Through the handler, a batch of 100 clicks on 100 links is cut into transactions of at most 100 items.
    const spread = Array.from({ length: 100 }, (_, index) =>
      burstClicks({ code: `spread${index}`, creatorId: "usr_spread", clicks: 1, perSecond: 1, start }),
    ).flat();
    CapacityMeter.enable();
    const { used: usage } = await CapacityMeter.measure(() => handleBatch({ Records: clickRecords(spread) }));
    const transactions = usage.calls.TransactWriteItemsCommand ?? 0;
    // Per click its link's 3 buckets and its counted set, plus the creator's 2 buckets shared by all: 402
    // items at most 100 a transaction, so 5 transactions, 6 when a cut falls badly.
    expect(transactions).toBeGreaterThanOrEqual(5);
    expect(transactions).toBeLessThanOrEqual(6);
    expect(usage.calls.UpdateItemCommand ?? 0).toBe(0);
  });

  it("counts each click once when batches are redelivered or replayed with other boundaries", async () => {
    const clicks = burstClicks({
      code: "replay01",
      creatorId: "usr_replay",
      clicks: 250,
      perSecond: 100,
      visitors: 120,
      botEvery: 7,
      start,
    });
    const records = clickRecords(clicks);
    const deliver = async (size: number, offset = 0) => {
      for (let from = offset; from < records.length; from += size) {
        const answer = await handleBatch({ Records: records.slice(from, from + size) });
        expect(answer.batchItemFailures).toEqual([]);
      }
    };
    await deliver(100);
    const first = await totals("replay01");
    expect(first).toMatchObject({ botClicks: 35, humanClicks: 120, duplicateClicks: 95 });
    await deliver(100); // the same batches again
    await deliver(37, 13); // a replay cut elsewhere (a bisected batch, a poller started elsewhere)
    await deliver(1, 200); // one by one
    expect(await totals("replay01")).toEqual(first);
  });

  it("keeps 400 distinct referrer hosts on one link to a bounded breakdown and a small item", async () => {
    const clicks = burstClicks({
      code: "hosts001",
      creatorId: "usr_hosts",
      clicks: 400,
      perSecond: 50,
      referrers: 400,
      start,
    });
    for (let from = 0; from < clicks.length; from += 100)
      await handleBatch({ Records: clickRecords(clicks.slice(from, from + 100)) });
    const stats = await Stats.summarize(Stats.scopes.link("hosts001"), {
      interval: "hour",
      from: "2026-11-20T10:00:00.000Z",
      to: "2026-11-20T10:59:59.000Z",
    });
    expect(stats.totals.humanClicks).toBe(400);
    // Per item at most BREAKDOWN_LIMIT named hosts and "(other)"; over 8 shards and summed, at most 20 + other.
    expect(stats.breakdowns.referrer.length).toBeLessThanOrEqual(21);
    expect(stats.breakdowns.referrer.reduce((sum, entry) => sum + entry.humanClicks, 0)).toBe(400);
    for (let shard = 0; shard < 8; shard++) {
      const found = await dynamo().send(
        new GetCommand({
          TableName: tableName(),
          Key: { pk: `STATS#LINK#hosts001#${shard}`, sk: "H#2026-11-20T10" },
        }),
      );
      if (!found.Item) continue;
      const hosts = Object.keys(found.Item).filter((name) => name.startsWith("ref:"));
      expect(hosts.length).toBeLessThanOrEqual(Stats.BREAKDOWN_LIMIT + 1);
      // DynamoDB sizes an item by its attribute names and values; marshalled JSON is a close upper bound.
      expect(JSON.stringify(marshall(found.Item)).length).toBeLessThan(1500);
    }
  });
});
