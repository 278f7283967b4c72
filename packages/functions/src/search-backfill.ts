/**
 * `npm run search:backfill`: indexes every published guide, creator and catalogue product already in the
 * table (written before search existed, or after the index was lost), as the stream consumers would. Safe
 * to run twice and alongside the stream: each entity's entries end up exactly its current terms. Runs
 * against whatever table the config names (`SHOPGUIDE_TABLE`, plus `SHOPGUIDE_DYNAMO_ENDPOINT` for
 * DynamoDB Local; AWS credentials for a deployed stage).
 */
import { Search } from "@shopguide/core/search";

const started = performance.now();
const report = await Search.backfill();
console.log(
  `search backfill: ${report.guides} guides, ${report.creators} creators, ${report.products} products read ` +
    `in ${Math.round(performance.now() - started)} ms`,
);
