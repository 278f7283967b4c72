import { describe, expect, it } from "vitest";
import { trendingScore } from "./trending";

const none = { likes: 0, saves: 0, clicks: 0 };

describe("trendingScore", () => {
  it("ranks more engagement higher at the same age", () => {
    expect(trendingScore({ ...none, likes: 10 }, 5)).toBeGreaterThan(trendingScore({ ...none, likes: 3 }, 5));
  });

  it("weighs a save above a like and a click above a save", () => {
    expect(trendingScore({ ...none, saves: 1 }, 1)).toBeGreaterThan(trendingScore({ ...none, likes: 1 }, 1));
    expect(trendingScore({ ...none, clicks: 1 }, 1)).toBeGreaterThan(trendingScore({ ...none, saves: 1 }, 1));
  });

  it("decays with age, so a newer guide with the same engagement wins", () => {
    const engagement = { likes: 20, saves: 5, clicks: 0 };
    expect(trendingScore(engagement, 2)).toBeGreaterThan(trendingScore(engagement, 30));
  });

  it("lets a burst of recent engagement overtake an older, bigger total", () => {
    expect(trendingScore({ ...none, likes: 15 }, 3)).toBeGreaterThan(
      trendingScore({ ...none, likes: 60 }, 72),
    );
  });

  it("never divides by zero or goes negative for a guide from the future (clock skew)", () => {
    expect(trendingScore(none, -5)).toBeGreaterThan(0);
  });
});
