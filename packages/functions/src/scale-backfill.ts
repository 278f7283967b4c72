/**
 * `npm run scale:backfill`: rebuilds the derived items issue 13 added (earnings totals, the day-keyed payable
 * index and creators' payable markers, guide heat for trending, the creator directory) from the items
 * already in the table, as live writes would have made them (core/backfill). Safe to run twice and alongside
 * live traffic; a stopped run resumes at its last checkpoint. Runs against whatever table the config names
 * (`SHOPGUIDE_TABLE`, plus `SHOPGUIDE_DYNAMO_ENDPOINT` for DynamoDB Local; AWS credentials for a stage).
 *
 *   npm run scale:backfill                      resume a stopped run, or run it all again
 *   npm run scale:backfill -- --fresh           forget the checkpoints and start over
 *   npm run scale:backfill -- --creator <id>    just one creator (one the report names as contended)
 *   npm run scale:backfill -- --settle-ms <n>   index propagation margin (default 1000 in the cloud)
 */
import { parseArgs } from "node:util";
import { Backfill } from "@shopguide/core/backfill";

const { values } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    creator: { type: "string" },
    "settle-ms": { type: "string" },
  },
});
const options = {
  fresh: values.fresh,
  ...(values["settle-ms"] === undefined ? {} : { settleMs: Number(values["settle-ms"]) }),
};

const started = performance.now();
const report = values.creator ? await Backfill.creator(values.creator, options) : await Backfill.run(options);
console.log(
  `scale backfill${report.resumed ? " (resumed)" : ""}: ${report.creators} creators, ${report.conversions} ` +
    `conversions read; ${report.totalsWritten} totals items written, ${report.payableFiled} commissions ` +
    `filed by day, ${report.markersPut} of ${report.markersChecked} payable markers put, ${report.trends} guide heats, ` +
    `${report.directory} directory refreshes, ${report.ledgered} statements put on the ledger in ` +
    `${Math.round(performance.now() - started)} ms`,
);
if (report.contended.length > 0) {
  console.error(
    `totals or statements still moving under live writes for ${report.contended.length} creators; rerun each with --creator:\n` +
      report.contended.join("\n"),
  );
  process.exitCode = 1;
}
