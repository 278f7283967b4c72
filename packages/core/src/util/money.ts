/**
 * The one money module, shared by core and the web (it imports nothing but the error classes, so Vite
 * bundles it small). Amounts are integer minor units of an ISO 4217 currency; this module turns them
 * into text (receipts, CSVs, pages) and back (what a store sends, what a person types), rounds and splits.
 *
 * Source of truth for exponents: ISO 4217's minor units, because that is what amounts mean on the wire
 * (Stripe and Shopify count HUF and IDR in hundredths too). The runtime's Intl data gives the exponent
 * for every currency it knows, except where CLDR lists display digits that differ from ISO 4217 (it
 * shows HUF, IDR, PKR... without decimals and IQD with none): those are the overrides below, and
 * money.test.ts lists every difference so a runtime update that changes one is noticed.
 */
import { ValidationError } from "./errors";

/** ISO 4217 minor units where the runtime's Intl (CLDR) reports something else. */
export const EXPONENT_OVERRIDES: Readonly<Record<string, number>> = {
  AFN: 2,
  ALL: 2,
  COP: 2,
  HUF: 2,
  IDR: 2,
  IQD: 3,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  PKR: 2,
  SLL: 2,
  SOS: 2,
  SYP: 2,
  YER: 2,
};

export interface Money {
  amount: number;
  currency: string;
}

const exponents = new Map<string, number>();

/** Decimals of a currency's minor unit: USD 2, JPY 0, KWD 3, HUF 2 (ISO 4217). Unknown codes get 2. */
export function exponentOf(currency: string): number {
  const code = currency.toUpperCase();
  let exponent = exponents.get(code);
  if (exponent === undefined) {
    exponent = EXPONENT_OVERRIDES[code] ?? intlDigits(code) ?? 2;
    exponents.set(code, exponent);
  }
  return exponent;
}

/** What the runtime's Intl shows as a currency's fraction digits, or undefined for a code it rejects. */
export function intlDigits(currency: string): number | undefined {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits;
  } catch {
    return undefined;
  }
}

/** Minor units as an exact decimal string without grouping: 1999 USD → "19.99", -5 KWD → "-0.005". */
export function toDecimal(money: Money): string {
  const exponent = exponentOf(money.currency);
  const digits = String(Math.abs(money.amount));
  const sign = money.amount < 0 ? "-" : "";
  if (exponent === 0) return `${sign}${digits}`;
  const padded = digits.padStart(exponent + 1, "0");
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** For receipts, logs and CSVs, locale-free: 1999 USD → "19.99 USD", 1500 JPY → "1500 JPY", 1250 KWD → "1.250 KWD". */
export function format(money: Money): string {
  return `${toDecimal(money)} ${money.currency.toUpperCase()}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let found = formatters.get(key);
  if (!found) {
    const digits = exponentOf(currency);
    found = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, found);
  }
  return found;
}

/**
 * For pages: localized, every minor unit shown (1999 USD → "$19.99", 150050 HUF → "HUF 1,500.50").
 * The value goes to Intl as an exact decimal string, so no float ever rounds it.
 */
export function display(money: Money, locale?: string): string {
  return formatter(money.currency, locale).format(toDecimal(money) as `${number}`);
}

/**
 * A machine decimal ("19.99", "1500", "0.125") in exact minor units, or undefined when it is not a
 * non-negative decimal or has more decimals than the currency (a fraction of a minor unit is refused,
 * never rounded). Trailing zeros beyond the exponent are fine ("1500.00" JPY is 1500).
 */
export function fromDecimal(decimal: string, currency: string): number | undefined {
  const match = /^\s*(\d*)(?:\.(\d*))?\s*$/.exec(decimal);
  if (!match || (!match[1] && !match[2])) return undefined;
  return minorFromParts(match[1] ?? "", match[2] ?? "", exponentOf(currency));
}

function minorFromParts(whole: string, fraction: string, exponent: number): number | undefined {
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > exponent) return undefined;
  const value = Number(`${whole || "0"}${significant.padEnd(exponent, "0")}`);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** fromDecimal for what a store or a CSV sends: throws a ValidationError naming `path` instead of undefined. */
export function minorUnits(decimal: string, currency: string, path = "amount"): number {
  const value = fromDecimal(decimal, currency);
  if (value !== undefined) return value;
  const exponent = exponentOf(currency);
  const message = /^\s*\d*(\.\d*)?\s*$/.test(decimal)
    ? `${currency} has ${exponent} decimals; "${decimal}" has more or is too large`
    : `"${decimal}" is not a decimal amount`;
  throw new ValidationError([{ path, message }]);
}

interface Symbols {
  decimal: string;
  group: string;
  strip: string[];
}

const symbolCache = new Map<string, Symbols>();

/** One spelling for look-alike marks: full-width digits and odd spaces (NFKC), and ’ as the apostrophe. */
function readable(text: string): string {
  return text.normalize("NFKC").replace(/\u2019/g, "'");
}

function symbolsOf(currency: string, locale: string | undefined): Symbols {
  const key = `${locale ?? ""}|${currency}`;
  let found = symbolCache.get(key);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(1234567.5);
    const part = (type: string) => {
      const found = parts.find((entry) => entry.type === type);
      return found && readable(found.value);
    };
    const strip = new Set([currency.toUpperCase()]);
    for (const currencyDisplay of ["symbol", "narrowSymbol", "name"] as const) {
      for (const entry of new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        currencyDisplay,
      }).formatToParts(1))
        if (entry.type === "currency") strip.add(readable(entry.value));
    }
    found = {
      decimal: part("decimal") ?? ".",
      group: part("group") ?? ",",
      // Longest first, so "US$" goes before "$".
      strip: [...strip].sort((a, b) => b.length - a.length),
    };
    symbolCache.set(key, found);
  }
  return found;
}

/**
 * An amount as the text of an input field in the person's locale, without grouping, so `parse` reads it
 * back exactly: 125050 EUR → "1250.50" in en, "1250,50" in de; 1250 KWD → "1.250" in en, "1,250" in de.
 */
export function editable(money: Money, locale?: string): string {
  return toDecimal(money).replace(".", symbolsOf(money.currency, locale).decimal);
}

/** Groups after the first: 3 digits (1,234,567), or the Indian 2-digit ones before the last 3 (12,34,567). */
function validGrouping(groups: string[]): boolean {
  const [first, ...rest] = groups;
  if (!first || first.length > 3 || rest.length === 0) return false;
  return rest.every((group, index) => group.length === 3 || (group.length === 2 && index < rest.length - 1));
}

/**
 * What a person types, in minor units; undefined when it is not an amount of this currency. Reads the
 * locale's decimal and grouping marks ("1,500.50" in en, "1.500,50" in de, "1 500,50" in fr), ignores
 * the currency's code and symbol, and takes a lone mark of the other convention as a decimal point when
 * it cannot be grouping ("19,99" in en). A JPY "1500" is 1500, a HUF "1500" is 150000 (1500.00), a KWD
 * "1.250" in en is 1250. More decimals than the currency has are refused, never rounded.
 */
export function parse(text: string, currency: string, locale?: string): number | undefined {
  const { decimal, group, strip } = symbolsOf(currency, locale);
  let body = readable(text).trim();
  for (const symbol of strip) body = body.split(symbol).join(" ");
  body = body.trim().replace(/^\+/, "");
  const negative = /^[-\u2212]/.test(body);
  if (negative) body = body.slice(1).trim();
  const whitespaceGroups = /^\s*$/.test(group);
  if (whitespaceGroups) body = body.replace(/\s+/g, group);
  if (!/^[\d.,'\s]+$/.test(body) || !/\d/.test(body)) return undefined;
  let whole = body;
  let fraction = "";
  const other = decimal === "." ? "," : ".";
  if (body.includes(decimal)) {
    const at = body.lastIndexOf(decimal);
    whole = body.slice(0, at);
    fraction = body.slice(at + decimal.length);
  } else if (body.split(other).length === 2 && other !== group) {
    [whole = "", fraction = ""] = body.split(other);
  } else if (body.split(other).length === 2 && !validGrouping(body.split(group))) {
    // "19,99" in en or "19.99" in de: not grouping, so the person's decimal point.
    [whole = "", fraction = ""] = body.split(other);
  }
  if (!/^\d*$/.test(fraction)) return undefined;
  if (!/^\d*$/.test(whole)) {
    const groups = whole.split(group);
    if (!validGrouping(groups) || !groups.every((entry) => /^\d+$/.test(entry))) return undefined;
    whole = groups.join("");
  }
  if (!whole && !fraction) return undefined;
  const value = minorFromParts(whole, fraction, exponentOf(currency));
  return value === undefined ? undefined : negative && value !== 0 ? -value : value;
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

/**
 * Splits `amount` minor units into parts proportional to `weights` that sum to exactly `amount`
 * (largest remainder: each part is its exact share rounded down, and the units left over go one each to
 * the largest remainders, earlier parts first on ties). Weights are non-negative integers, not all zero.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount)) throw new Error("amount must be an integer of minor units");
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0))
    throw new Error("weights must be non-negative integers");
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (total === 0n) throw new Error("weights must not all be zero");
  const magnitude = BigInt(Math.abs(amount));
  const shares = weights.map((weight) => {
    const exact = magnitude * BigInt(weight);
    return { part: exact / total, remainder: exact % total };
  });
  let left = magnitude - shares.reduce((sum, share) => sum + share.part, 0n);
  const order = shares
    .map((share, index) => ({ index, remainder: share.remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    const share = shares[index];
    if (share && weights[index]) {
      share.part += 1n;
      left -= 1n;
    }
  }
  return shares.map((share) => (amount < 0 && share.part ? -Number(share.part) : Number(share.part)));
}
