import * as z from "zod";
import { Clock } from "./clock";

/** No date a client sends is earlier than this: nothing on the platform predates it. */
export const EARLIEST = Date.UTC(2000, 0, 1);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The issue code every out-of-window date carries (`details[].code`), beside the field's path. */
export const DATE_OUT_OF_RANGE = "date_out_of_range";

export interface Window {
  /** How far before now the value may be; unset: back to 2000-01-01. */
  pastDays?: number;
  /** How far after now the value may be, in minutes and/or days; neither means not in the future at all. */
  futureMinutes?: number;
  futureDays?: number;
}

function describe(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS} day${ms === DAY_MS ? "" : "s"}`;
  return `${ms / MINUTE_MS} minute${ms === MINUTE_MS ? "" : "s"}`;
}

/** Whether `value` (epoch ms) lies in the window around the platform clock's now; the reason when not. */
export function check(value: number, window: Window, now = Clock.nowMs()): string | undefined {
  const futureMs = (window.futureMinutes ?? 0) * MINUTE_MS + (window.futureDays ?? 0) * DAY_MS;
  const earliest =
    window.pastDays === undefined ? EARLIEST : Math.max(EARLIEST, now - window.pastDays * DAY_MS);
  if (value > now + futureMs)
    return futureMs === 0
      ? "Must not be in the future"
      : `Must be no more than ${describe(futureMs)} from now`;
  if (value < earliest)
    return window.pastDays === undefined || earliest === EARLIEST
      ? "Must be on or after 2000-01-01"
      : `Must be within the last ${describe(window.pastDays * DAY_MS)}`;
  return undefined;
}

/**
 * An ISO 8601 date-time with an offset that must fall inside `window` around now (read from the platform
 * clock when the value is parsed). A value outside is a 422 naming the field, with the issue code
 * `date_out_of_range` and a message giving the window, so year 9999 or 1970 never reaches the table.
 */
export function dateTimeWithin(window: Window) {
  return z.iso.datetime({ offset: true }).superRefine((value, context) => {
    const reason = check(Date.parse(value), window);
    if (reason) context.addIssue({ code: "custom", message: reason, params: { code: DATE_OUT_OF_RANGE } });
  });
}
