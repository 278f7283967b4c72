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
