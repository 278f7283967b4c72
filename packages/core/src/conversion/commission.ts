import type { Campaign } from "../campaign";
import { divideHalfUp, format } from "../util/money";
import type { Money } from "../util/money-schema";

/**
 * What the commission engine reads of whatever pays a commission. A commission campaign (`Campaign.Info`)
 * and a group-buy (`GroupBuy.Info`) each satisfy it as they are: nothing is faked to fit.
 */
export interface Terms {
  id: string;
  name: string;
  /** Commissions are paid in this currency only; an order in another earns none. */
  currency: string;
  rule: Campaign.Rule;
  /** Per-product rules that replace `rule` for those products. */
  productRules?: { productId: string; rule: Campaign.Rule }[] | undefined;
  /** The products covered; absent means every product. */
  productIds?: string[] | undefined;
  holdDays: number;
  /** Hold for the products' longest return window instead of `holdDays`, when they have one. */
  holdFromReturnWindow?: boolean | undefined;
  /** How long a click earns; absent where attribution is not by click (a group-buy's personal code). */
  attributionWindowDays?: number | undefined;
  /** The budget cap; with one, every commission is debited from `budgetRemaining` and refunds credit it. */
  budget?: Money | undefined;
}

/** One order line as the rules see it: what it is, how many, and what the buyer paid for the line. */
export interface Line {
  productId: string | undefined;
  sku: string | undefined;
  quantity: number;
  amount: number;
}

export interface Computed {
  /** The commission in minor units, after the one rounding. */
  amount: number;
  /** Each step in words, for the receipt. */
  arithmetic: string[];
}

export const ROUNDING = "Half-up (0.5 of a minor unit rounds up), applied once to the final amount";

/**
 * The commission for an order under a campaign. Exact until the end: every line contributes an exact
 * numerator over 10 000 (basis points), summed, then rounded half-up once. Lines whose product the
 * campaign does not cover earn nothing; an order without lines is one line of the whole amount.
 * Flat amounts are in the campaign's currency, which the caller has checked equals the order's.
 */
export function compute(campaign: Terms, orderAmount: number, currency: string, lines: Line[]): Computed {
  const arithmetic: string[] = [];
  const money = (amount: number) => format({ amount, currency });
  const effective: Line[] = lines.length
    ? lines
    : [{ productId: undefined, sku: undefined, quantity: 1, amount: orderAmount }];
  const overrides = new Map((campaign.productRules ?? []).map((entry) => [entry.productId, entry.rule]));
  const covered = (line: Line) =>
    !campaign.productIds ||
    (line.productId !== undefined &&
      (campaign.productIds.includes(line.productId) || overrides.has(line.productId)));
  let numerator = 0n; // in 1/10 000 of a minor unit
  let flatPerOrderApplied = false;
  for (const line of effective) {
    const label = line.productId ?? line.sku ?? "order";
    if (lines.length && !covered(line)) {
      arithmetic.push(`${label}: not in this campaign, 0`);
      continue;
    }
    const rule = (line.productId && overrides.get(line.productId)) || campaign.rule;
    const source = line.productId && overrides.has(line.productId) ? " (product rule)" : "";
    if (rule.kind === "percent") {
      numerator += BigInt(line.amount) * BigInt(rule.bps);
      arithmetic.push(
        `${label}: ${money(line.amount)} × ${rule.bps} bps${source} = ${exact(BigInt(line.amount) * BigInt(rule.bps), currency)}`,
      );
    } else if (rule.per === "unit") {
      numerator += BigInt(rule.amount.amount) * BigInt(line.quantity) * 10_000n;
      arithmetic.push(
        `${label}: ${line.quantity} × ${money(rule.amount.amount)} per unit${source} = ${money(rule.amount.amount * line.quantity)}`,
      );
    } else if (!flatPerOrderApplied) {
      flatPerOrderApplied = true;
      numerator += BigInt(rule.amount.amount) * 10_000n;
      arithmetic.push(`${label}: ${money(rule.amount.amount)} per order${source}`);
    } else {
      arithmetic.push(`${label}: per-order amount already counted`);
    }
  }
  const amount = divideHalfUp(numerator, 10_000n);
  arithmetic.push(`Total ${exact(numerator, currency)} → ${money(amount)} (${ROUNDING.toLowerCase()})`);
  return { amount, arithmetic };
}

/**
 * The commission left after refunds: the original scaled by the share of the order not refunded,
 * rounded half-up once. Computed from the original each time, so several partial refunds never drift.
 */
export function afterRefund(original: number, orderAmount: number, refundedTotal: number): number {
  if (refundedTotal >= orderAmount || orderAmount === 0) return 0;
  return divideHalfUp(BigInt(original) * BigInt(orderAmount - refundedTotal), BigInt(orderAmount));
}

/** The receipt's line for a partial refund, every amount in the order's currency and minor units. */
export function refundArithmetic(
  commission: number,
  orderAmount: number,
  refundedTotal: number,
  currency: string,
): string {
  const money = (amount: number) => format({ amount, currency });
  const remaining = afterRefund(commission, orderAmount, refundedTotal);
  return `Refunded ${money(refundedTotal)} of ${money(orderAmount)}: ${money(commission)} × ${money(orderAmount - refundedTotal)} / ${money(orderAmount)}, rounded half-up = ${money(remaining)}`;
}

/** The receipt's line when the campaign budget caps the commission. */
export function budgetCapArithmetic(committed: number, currency: string): string {
  return `Capped at the ${format({ amount: committed, currency })} left in the campaign budget`;
}

/** A numerator in 1/10 000 minor units as an exact decimal amount, e.g. 1234.5 minor → "12.345 USD". */
function exact(numerator: bigint, currency: string): string {
  const whole = numerator / 10_000n;
  const rest = (numerator % 10_000n).toString().padStart(4, "0").replace(/0+$/, "");
  return `${format({ amount: Number(whole), currency })}${rest ? ` + ${rest === "5" ? "0.5" : `0.${rest}`} minor unit` : ""}`;
}
