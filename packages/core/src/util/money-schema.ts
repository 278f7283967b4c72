import * as z from "zod";

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

/**
 * The zod shapes of money, apart from util/money.ts so the web can import that one without zod.
 * Amounts are integer minor units per the currency's ISO 4217 exponent (util/money.ts `exponentOf`).
 */

/** An ISO 4217 code the runtime knows, upper-case ("USD", "EUR", "JPY"). */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => isoCurrencies.has(code), { error: "Use an ISO 4217 currency code such as USD" });
export type Currency = z.infer<typeof Currency>;

/** An amount of money: integer minor units (cents, yen, fils) and its ISO 4217 currency. */
export const Money = z.object({
  amount: z
    .number()
    .int({ error: "Amounts are integers in minor units (cents)" })
    .min(0)
    .max(Number.MAX_SAFE_INTEGER),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;
