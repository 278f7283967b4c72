import type { InferResponseType } from "hono/client";
import type { api } from "../api/client";

/** Types of the brand, campaign and conversion answers, straight from the API's own route types. */
export type MyBrand = InferResponseType<typeof api.v1.brands.$get, 200>["items"][number];
export type Brand = InferResponseType<(typeof api.v1.brands)[":brandId"]["$get"], 200>;
export type Product = InferResponseType<
  (typeof api.v1.brands)[":brandId"]["products"]["$get"],
  200
>["items"][number];
export type Campaign = InferResponseType<(typeof api.v1.campaigns)[":id"]["$get"], 200>;
export type Enrollment = InferResponseType<
  (typeof api.v1.campaigns)[":id"]["enrollments"]["$get"],
  200
>["items"][number];
export type Conversion = InferResponseType<
  (typeof api.v1.brands)[":brandId"]["conversions"]["$get"],
  200
>["items"][number];
export type Receipt = InferResponseType<(typeof api.v1.conversions)[":id"]["$get"], 200>;
export type Secret = InferResponseType<
  (typeof api.v1.brands)[":brandId"]["secrets"]["$get"],
  200
>["items"][number];
export type Earnings = InferResponseType<typeof api.v1.me.earnings.$get, 200>;

const exponents = new Map<string, number>();

/** Decimals of a currency as the browser's Intl knows them (JPY 0, USD 2, KWD 3). */
export function exponentOf(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    try {
      exponent =
        new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      exponent = 2;
    }
    exponents.set(currency, exponent);
  }
  return exponent;
}

/** Minor units for display only: 1999 USD → "$19.99". Amounts are never computed from this. */
export function formatMoney(money: { amount: number; currency: string }): string {
  const exponent = exponentOf(money.currency);
  return new Intl.NumberFormat(undefined, { style: "currency", currency: money.currency }).format(
    money.amount / 10 ** exponent,
  );
}

/** A decimal the user typed ("19.99") in exact minor units, by string arithmetic; undefined if not one. */
export function parseMoney(text: string, currency: string): number | undefined {
  const match = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(text);
  const exponent = exponentOf(currency);
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return undefined;
  return Number(`${match[1]}${fraction.padEnd(exponent, "0")}`);
}

export const statusLabels: Record<string, string> = {
  pending: "Pending (in hold)",
  held: "Held for review",
  approved: "Approved",
  reversed: "Reversed",
  rejected: "Rejected",
  unattributed: "Not attributed",
  no_commission: "No commission",
  paid: "Paid",
};

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
