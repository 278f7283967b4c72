import { config } from "../config";

/**
 * The platform's one clock. Deadlines, hold periods and attribution windows all read it, so a test or the
 * local dev clock can move time forward without touching the system clock. The offset only ever grows.
 */
let offsetMs = 0;

export const Clock = {
  now(): Date {
    return new Date(Date.now() + offsetMs);
  },
  nowMs(): number {
    return Date.now() + offsetMs;
  },
  nowSeconds(): number {
    return Math.floor((Date.now() + offsetMs) / 1000);
  },
  /** Only with SHOPGUIDE_DEV_CLOCK=1; a deployed stack never enables it. */
  advance(seconds: number): Date {
    if (!config().devClock) throw new Error("The dev clock is disabled");
    offsetMs += seconds * 1000;
    return Clock.now();
  },
};
