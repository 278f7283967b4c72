import { describe, expect, it } from "vitest";
import { addHeat, heatKey, PUBLISH_POINTS, pointsOf, scoreAt } from "./trending";

const HOUR = 3_600_000;
const now = Date.UTC(2026, 10, 20, 12);
const none = { likes: 0, saves: 0, clicks: 0 };

/** The heat of a guide published `ageHours` ago that earned `engagement` `hoursAgo` ago. */
function heat(ageHours: number, engagement = none, hoursAgo = 0): number {
  const published = addHeat(undefined, PUBLISH_POINTS, now - ageHours * HOUR);
  const points = pointsOf(engagement);
  return points > 0 ? addHeat(published, points, now - hoursAgo * HOUR) : published;
}

describe("trending heat", () => {
  it("ranks more engagement higher at the same age", () => {
    expect(heat(5, { ...none, likes: 10 })).toBeGreaterThan(heat(5, { ...none, likes: 3 }));
  });

  it("weighs a save above a like and a click above a save", () => {
    expect(heat(1, { ...none, saves: 1 })).toBeGreaterThan(heat(1, { ...none, likes: 1 }));
    expect(heat(1, { ...none, clicks: 1 })).toBeGreaterThan(heat(1, { ...none, saves: 1 }));
  });

  it("decays with time, so a newer guide with the same engagement wins", () => {
    const engagement = { likes: 20, saves: 5, clicks: 0 };
    expect(heat(2, engagement, 2)).toBeGreaterThan(heat(30, engagement, 30));
    expect(heat(2)).toBeGreaterThan(heat(30));
  });

  it("lets a burst of recent engagement overtake an older, bigger total", () => {
    expect(heat(3, { ...none, likes: 15 }, 3)).toBeGreaterThan(heat(72, { ...none, likes: 60 }, 72));
  });

  it("orders stored keys as current scores, at any later moment (decay applies at read)", () => {
    const heats = [heat(1), heat(50, { ...none, clicks: 40 }, 20), heat(10, { ...none, likes: 3 }, 5)];
    const byKey = [...heats].sort((a, b) => (heatKey(a) < heatKey(b) ? 1 : -1));
    for (const later of [now, now + 24 * HOUR, now + 30 * 24 * HOUR]) {
      const byScore = [...heats].sort((a, b) => scoreAt(b, later) - scoreAt(a, later));
      expect(byScore).toEqual(byKey);
    }
  });

  it("stays finite and positive for a guide from the future (clock skew) and adds up exactly", () => {
    const future = heat(-5);
    expect(Number.isFinite(future)).toBe(true);
    expect(scoreAt(future, now)).toBeGreaterThan(0);
    const twice = addHeat(addHeat(undefined, 2, now), 2, now);
    expect(scoreAt(twice, now)).toBeCloseTo(4, 9);
  });
});
