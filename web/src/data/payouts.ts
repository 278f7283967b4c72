import type { InferResponseType } from "hono/client";
import type { api } from "../api/client";

/** Payout statements and settings, typed from the API's own routes. */
export type Statement = InferResponseType<
  (typeof api.v1.brands)[":brandId"]["statements"]["$get"],
  200
>["items"][number];
export type StatementStatus = Statement["status"];
export type PayoutSettings = InferResponseType<
  (typeof api.v1.brands)[":brandId"]["payout-settings"]["$get"],
  200
>;

export const statementStatusLabels: Record<StatementStatus, string> = {
  open: "Upcoming",
  closed: "Closed, awaiting approval",
  carried: "Carried forward",
  approved: "Approved, awaiting payment",
  paid: "Paid",
};

export const eventLabels: Record<Statement["events"][number]["kind"], string> = {
  closed: "Closed",
  carried: "Carried forward",
  disputed: "Line disputed",
  approved: "Approved",
  paid: "Marked paid",
};

/** "Nov 16 – Nov 22, 2026": a period's days, its exclusive end shown as the last day in it. */
export function periodLabel(period: { start: string; end: string }): string {
  const day = (iso: string) =>
    new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
  const lastDay = new Date(new Date(period.end).getTime() - 1).toISOString();
  const year = new Date(lastDay).getUTCFullYear();
  return `${day(period.start)} – ${day(lastDay)}, ${year}`;
}

/** A day as the period filter and the API take it: `YYYY-MM-DD` (UTC). */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** A day in UTC, "Dec 1, 2026": statement periods and payment dates are UTC days. */
export function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}

/**
 * The first day of the period containing `day` (`YYYY-MM-DD`), as the statements filter takes it: the
 * month's first day, or the week's Monday (the same UTC periods the closing job uses).
 */
export function periodStartOf(kind: PayoutSettings["period"], day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (kind === "monthly") return `${day.slice(0, 7)}-01`;
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return dayOf(monday.toISOString());
}

/** The brand's ledger with one creator: running totals per currency and one page of statements. */
export type Ledger = InferResponseType<(typeof api.v1.brands)[":brandId"]["ledger"][":handle"]["$get"], 200>;
