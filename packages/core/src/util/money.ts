import * as z from "zod";
import { ValidationError } from "./errors";

/**
 * Minor-unit exponents that differ from 2 (ISO 4217). Everything not listed has two decimals.
 * JPY-like currencies have none; the dinars and rial have three.
 */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

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

export function exponentOf(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/**
 * A decimal string as the store sends it ("19.99", "1500", "0.125") in exact minor units of `currency`,
 * by string arithmetic: no float ever touches the value. More decimals than the currency has is refused
 * rather than rounded, since a store never legitimately sends a fraction of a minor unit.
 */
export function minorUnits(decimal: string, currency: string): number {
  const match = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(decimal);
  const exponent = exponentOf(currency);
  if (!match)
    throw new ValidationError([{ path: "amount", message: `"${decimal}" is not a decimal amount` }]);
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > exponent) {
    throw new ValidationError([
      { path: "amount", message: `${currency} has ${exponent} decimals; "${decimal}" has more` },
    ]);
  }
  const digits = `${whole}${fraction.padEnd(exponent, "0")}`.replace(/^0+(?=\d)/, "");
  const value = Number(digits);
  if (!Number.isSafeInteger(value))
    throw new ValidationError([{ path: "amount", message: "Amount too large" }]);
  return value;
}

/**
 * numerator / denominator rounded half-up (0.5 goes away from zero), in exact integer arithmetic.
 * This is the platform's one rounding rule, applied once, to a final amount.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) throw new Error("denominator must be positive");
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return Number(negative ? -rounded : rounded);
}

/** A human-readable amount for receipts and logs: 123456 JPY → "123456 JPY", 1999 USD → "19.99 USD". */
export function format(money: Money): string {
  const exponent = exponentOf(money.currency);
  if (exponent === 0) return `${money.amount} ${money.currency}`;
  const digits = String(money.amount).padStart(exponent + 1, "0");
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)} ${money.currency}`;
}
