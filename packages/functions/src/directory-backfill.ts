/**
 * `npm run directory:backfill`: counts every public guide already in the table into its creator's
 * per-category counts (written before the counts existed), as the stream does on publish, so the creator
 * directory can take a creator out of a category they no longer publish in. Safe to run twice and alongside
 * the stream. Runs against whatever table the config names (as `npm run search:backfill`).
 */
import { Discovery } from "@shopguide/core/discovery";

const started = performance.now();
const guides = await Discovery.backfillCounts();
console.log(`directory backfill: ${guides} guides read in ${Math.round(performance.now() - started)} ms`);
