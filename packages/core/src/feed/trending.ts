/**
 * Trending as heat that cools: every like, save or human click adds its weight to a guide's heat at the
 * moment it arrives, publishing adds one point (so a fresh guide with nothing yet still ranks, newest
 * first), and heat halves every HALF_LIFE_HOURS. Stored as log2 of the heat measured against a fixed epoch,
 * so adding is local to one guide and the order of stored values is the order of current scores at any
 * moment: decay is applied at read (`scoreAt`), nothing is ever rescored. Pure, tested without a table.
 */

/** What counts towards trending for a guide. */
export interface Engagement {
  likes: number;
  saves: number;
  /** Human (not bot, not repeat) clicks on the guide's referral links. */
  clicks: number;
}

/** A save says "I will come back for this" and a click is intent to buy: both weigh more than a like. */
export const WEIGHTS = { likes: 1, saves: 2, clicks: 3 } as const;

/** What publishing is worth: enough to rank a new guide, less than any engagement. */
export const PUBLISH_POINTS = 1;

/** Heat halves every 12 hours: a day-old like is worth a quarter of a fresh one. */
export const HALF_LIFE_HOURS = 12;

const HALF_LIFE_MS = HALF_LIFE_HOURS * 3_600_000;
/** Heat is measured from here; any fixed instant works, it only has to never change. */
const EPOCH_MS = Date.UTC(2026, 0, 1);

/** Weighted points of some engagement. */
export function pointsOf(engagement: Engagement): number {
  return (
    WEIGHTS.likes * engagement.likes + WEIGHTS.saves * engagement.saves + WEIGHTS.clicks * engagement.clicks
  );
}

/** log2 of the heat after adding `points` (> 0) at `atMs` to a guide whose heat was `logHeat` (or none). */
export function addHeat(logHeat: number | undefined, points: number, atMs: number): number {
  const added = Math.log2(points) + (atMs - EPOCH_MS) / HALF_LIFE_MS;
  if (logHeat === undefined || !Number.isFinite(logHeat)) return added;
  const high = Math.max(logHeat, added);
  const low = Math.min(logHeat, added);
  return high + Math.log2(1 + 2 ** (low - high));
}

/** The guide's score at `nowMs`: its heat cooled to now (points as if all earned at `nowMs`). */
export function scoreAt(logHeat: number, nowMs: number): number {
  return 2 ** (logHeat - (nowMs - EPOCH_MS) / HALF_LIFE_MS);
}

/**
 * A sort key that orders as the heat does (fixed width, never negative): the index of hot guides is
 * read highest first.
 */
export function heatKey(logHeat: number): string {
  return (logHeat + 1_000_000).toFixed(6).padStart(20, "0");
}
