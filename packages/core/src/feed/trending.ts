/** What a guide has earned recently. */
export interface Engagement {
  likes: number;
  saves: number;
  /** Human (not bot, not deduplicated) clicks on the guide's referral links; 0 until links exist. */
  clicks: number;
}

/** A save says "I will come back for this" and a click is intent to buy: both weigh more than a like. */
export const WEIGHTS = { likes: 1, saves: 2, clicks: 3 } as const;

/** How fast attention fades: with gravity 1.5 a guide a day old needs ~2x the engagement of a 9-hour one. */
export const GRAVITY = 1.5;

/**
 * Hacker-News-style decay: weighted engagement, plus one so fresh guides with none still rank by age,
 * divided by (age in hours + 2) ^ gravity. Pure, so the ranking can be tested without a table.
 */
export function trendingScore(engagement: Engagement, ageHours: number): number {
  const points =
    WEIGHTS.likes * engagement.likes +
    WEIGHTS.saves * engagement.saves +
    WEIGHTS.clicks * engagement.clicks +
    1;
  return points / (Math.max(0, ageHours) + 2) ** GRAVITY;
}
