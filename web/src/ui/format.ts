const digitsCache = new Map<string, number>();

/** How many minor units a currency has (2 for USD, 0 for JPY), from the platform's Intl data. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Integer minor units to a localized price: {amount: 2990, currency: "USD"} → "$29.90". */
export function formatMoney(money: { amount: number; currency: string }): string {
  const digits = minorDigits(money.currency);
  return new Intl.NumberFormat(undefined, { style: "currency", currency: money.currency }).format(
    money.amount / 10 ** digits,
  );
}

/** A typed decimal price ("29.90") to integer minor units, or undefined when it is not a price. */
export function toMinorUnits(text: string, currency: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+([.,]\d+)?$/.test(trimmed)) return undefined;
  return Math.round(Number(trimmed.replace(",", ".")) * 10 ** minorDigits(currency));
}

export function formatDate(iso: string | null): string {
  return iso
    ? new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" })
    : "";
}
