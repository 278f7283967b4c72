/**
 * `npm run bench -- <name>`: runs one benchmark by name. Each benchmark starts and stops everything it
 * needs (DynamoDB Local included) and prints its own figures.
 */
const benchmarks: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  joins: () => import("./groupbuy-joins"),
  backfill: () => import("./backfill"),
  lighthouse: () => import("./lighthouse"),
  redirect: () => import("./redirect"),
  scale: () => import("./scale"),
};

const name = process.argv[2];
const load = name ? benchmarks[name] : undefined;
if (!load) {
  console.error(`Usage: npm run bench -- <${Object.keys(benchmarks).join("|")}>`);
  process.exit(2);
}
await (await load()).run();

export {};
