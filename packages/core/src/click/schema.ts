/**
 * Click schemas and types: what the domain (index.ts) and its stores (click.dynamo.ts, record.dynamo.ts) share,
 * so the stores never import the domain module that imports them.
 */
import * as z from "zod";

export const Device = z.enum(["mobile", "tablet", "desktop", "bot", "other"]);

/** One visit of a short link, as stored. No raw IP: only a hash under a salt that changes every day. */
export const Info = z.object({
  id: z.string(),
  code: z.string(),
  creatorId: z.string(),
  guideId: z.string().optional(),
  at: z.string(),
  ipHash: z.string(),
  device: Device,
  browser: z.string(),
  /** Host of the Referer, without `www.`; absent for direct visits. */
  referrerHost: z.string().optional(),
  /** ISO 3166 alpha-2 from a trusted CDN header; absent when unknown. */
  country: z.string().optional(),
  bot: z.boolean(),
  /**
   * Same IP hash and link as a human click counted less than an hour before. Clicks aggregated before
   * issue 13 carry it; since then the aggregator keeps the judgment in the counters only and never
   * rewrites the click (that write alone cost more than counting the click).
   */
  duplicate: z.boolean().optional(),
});
export type Info = z.infer<typeof Info>;
