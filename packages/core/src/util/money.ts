import { z } from "zod";

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

/** An ISO 4217 code the runtime knows, upper-case ("USD", "EUR", "JPY"). */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => isoCurrencies.has(code), { error: "Use an ISO 4217 currency code such as USD" });
export type Currency = z.infer<typeof Currency>;

/**
 * Money everywhere: an integer amount in the currency's minor units (cents for USD, yen for JPY) and its
 * currency. Never a float, so sums and commission maths round exactly once, where they say they do.
 */
export const Money = z.object({
  amount: z.number().int({ error: "Amounts are integers in minor units (cents)" }).min(0).max(1_000_000_000),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;
