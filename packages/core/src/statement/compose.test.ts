import { describe, expect, it } from "vitest";
import {
  batches,
  countsOf,
  daysBetween,
  decide,
  entryOf,
  groupsOf,
  lastEnded,
  nextCheckpoint,
  nextPeriodEnd,
  periodOf,
  totals,
} from "./compose";
import type { Entry, Payable } from "./schema";

describe("statement periods (UTC)", () => {
  it.each([
    ["monthly", "2026-11-22T13:00:00Z", "2026-11-01", "2026-12-01"],
    ["monthly", "2026-12-31T23:59:59Z", "2026-12-01", "2027-01-01"],
    ["weekly", "2026-11-22T13:00:00Z", "2026-11-16", "2026-11-23"],
    ["weekly", "2026-11-23T00:00:00Z", "2026-11-23", "2026-11-30"],
  ] as const)("%s period of %s is %s to %s", (kind, at, start, end) => {
    const period = periodOf(kind, new Date(at));
    expect([period.start.toISOString().slice(0, 10), period.end.toISOString().slice(0, 10)]).toEqual([
      start,
      end,
    ]);
  });

  it("the last ended period is the one before the current", () => {
    expect(lastEnded("monthly", new Date("2027-01-01T00:00:00Z")).start.toISOString()).toBe(
      "2026-12-01T00:00:00.000Z",
    );
    expect(lastEnded("weekly", new Date("2026-11-24T08:00:00Z")).end.toISOString()).toBe(
      "2026-11-23T00:00:00.000Z",
    );
  });

  it.each([
    ["2026-12-01T10:00:00Z", "2026-12-07T00:00:00.000Z"],
    ["2026-12-29T10:00:00Z", "2027-01-01T00:00:00.000Z"],
    ["2026-11-30T00:00:00Z", "2026-12-01T00:00:00.000Z"],
  ] as const)(
    "a commission waiting at %s may be due at %s: the sooner of the week's and the month's end",
    (at, end) => {
      expect(nextPeriodEnd(new Date(at)).toISOString()).toBe(end);
    },
  );

  it.each([
    ["2026-11-29", "2026-12-02", ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]],
    ["2026-12-31", "2027-01-01", ["2026-12-31", "2027-01-01"]],
    ["2026-12-02", "2026-12-02", ["2026-12-02"]],
    ["2026-12-03", "2026-12-02", []],
  ] as const)("the payable days from %s to %s", (from, to, days) => {
    expect(daysBetween(from, to)).toEqual(days);
  });
});

const PERIOD_END = new Date("2026-12-01T00:00:00Z");

function payable(
  status: NonNullable<Payable["commission"]>["status"],
  amount: number,
  holdUntil = "2026-11-20T00:00:00.000Z",
  overrides: Partial<Payable> = {},
): Payable {
  return {
    id: "cnv_1",
    brandId: "brd_1",
    creatorId: "usr_1",
    orderId: "order-1",
    commission: { id: "cms_1", amount: { amount, currency: "USD" }, status, holdUntil },
    ...overrides,
  };
}

describe("what a commission owes the statement of a period ending 2026-12-01", () => {
  it.each([
    ["approved, never settled", payable("approved", 500), 0, { kind: "line", amount: 500 }],
    ["approved, settled", payable("approved", 500), 500, { kind: "none" }],
    [
      "approved, hold ends in the next period",
      payable("approved", 500, "2026-12-01T00:00:00.000Z"),
      0,
      { kind: "wait" },
    ],
    ["partly refunded after settling", payable("approved", 300), 500, { kind: "adjustment", amount: -200 }],
    [
      "partly refunded after settling, hold later",
      payable("approved", 300, "2026-12-09T00:00:00.000Z"),
      500,
      { kind: "adjustment", amount: -200 },
    ],
    ["reversed after settling", payable("reversed", 500), 500, { kind: "adjustment", amount: -500 }],
    ["reversed before settling", payable("reversed", 500), 0, { kind: "none" }],
    ["rejected after settling", payable("rejected", 500), 500, { kind: "adjustment", amount: -500 }],
    ["back in review (held) keeps what is settled", payable("held", 500), 500, { kind: "none" }],
    ["a disputed line, approved again", payable("approved", 500), 0, { kind: "line", amount: 500 }],
    ["no commission", { ...payable("approved", 1), commission: undefined }, 0, { kind: "none" }],
  ] as const)("%s", (_case, item, settled, decision) => {
    expect(decide(item, settled, PERIOD_END)).toEqual(decision);
  });

  it.each([
    [{ kind: "line", amount: 500 }, false, { kind: "line", amount: 500 }],
    [{ kind: "adjustment", amount: -500 }, false, { kind: "reversal", amount: -500 }],
    [{ kind: "adjustment", amount: -500 }, true, { kind: "clawback", amount: -500 }],
  ] as const)("%o (earlier statement paid: %s) is the entry %o", (decision, paid, expected) => {
    const status = decision.kind === "line" ? "approved" : "reversed";
    const entry = entryOf(payable(status, 500), decision, "stl_1", paid);
    expect(entry).toMatchObject({ ...expected, id: "stl_1", commissionId: "cms_1", orderId: "order-1" });
    if (decision.kind === "adjustment") expect(entry.reason).toBe("Order order-1 fully refunded");
  });
});

describe("statement totals: closed, or carried below the minimum", () => {
  it.each([
    [
      "reaches the minimum",
      0,
      1500,
      0,
      1000,
      { status: "closed", total: 1500, payable: 1500, carriedOut: 0 },
    ],
    [
      "exactly the minimum",
      400,
      600,
      0,
      1000,
      { status: "closed", total: 1000, payable: 1000, carriedOut: 0 },
    ],
    [
      "below it carries forward",
      0,
      999,
      0,
      1000,
      { status: "carried", total: 999, payable: 0, carriedOut: 999 },
    ],
    [
      "a clawback larger than the lines",
      0,
      200,
      -700,
      0,
      { status: "carried", total: -500, payable: 0, carriedOut: -500 },
    ],
    [
      "carried in lifts it over",
      600,
      500,
      0,
      1000,
      { status: "closed", total: 1100, payable: 1100, carriedOut: 0 },
    ],
    ["zero with no minimum carries", 0, 0, 0, 0, { status: "carried", total: 0, payable: 0, carriedOut: 0 }],
  ] as const)("%s", (_case, carriedIn, linesTotal, adjustmentsTotal, minimumPayout, expected) => {
    expect(totals(carriedIn, { linesTotal, adjustmentsTotal }, { minimumPayout })).toEqual(expected);
  });

  it("counts entries by kind, disputed lines apart", () => {
    const entry = (kind: Entry["kind"], amount: number, disputed = false): Entry => ({
      id: `stl_${amount}`,
      kind,
      conversionId: "cnv",
      commissionId: "cms",
      orderId: "o",
      amount,
      receiptPath: "/",
      ...(disputed ? { disputed: { reason: "no" } } : {}),
    });
    expect(
      countsOf([
        entry("line", 500),
        entry("line", 300, true),
        entry("clawback", -200),
        entry("reversal", -50),
      ]),
    ).toEqual({
      lines: 1,
      adjustments: 2,
      disputed: 1,
      linesTotal: 500,
      adjustmentsTotal: -250,
      reversalsTotal: -50,
      clawbacksTotal: -200,
    });
  });
});

describe("grouping, batches and the checkpoint", () => {
  it("groups by (brand, creator, currency), oldest first, one commission once even when read twice", () => {
    const a = payable("approved", 1, undefined, { id: "cnv_2" });
    const b = payable("approved", 1, undefined, { id: "cnv_1" });
    const eur = { ...payable("approved", 1, undefined, { id: "cnv_3" }) };
    if (eur.commission) eur.commission = { ...eur.commission, amount: { amount: 1, currency: "EUR" } };
    const uncredited = payable("approved", 1, undefined, { id: "cnv_4", creatorId: undefined });
    const groups = groupsOf([a, b, eur, a, uncredited]);
    expect(groups.map((group) => [group.key, group.items.map((item) => item.id)])).toEqual([
      ["brd_1#usr_1#EUR", ["cnv_3"]],
      ["brd_1#usr_1#USD", ["cnv_1", "cnv_2"]],
    ]);
  });

  it.each([
    [0, 25, []],
    [1, 25, [1]],
    [25, 25, [25]],
    [150, 25, [25, 25, 25, 25, 25, 25]],
    [151, 25, [25, 25, 25, 25, 25, 25, 1]],
  ])("%i entries in batches of %i", (count, size, sizes) => {
    const items = Array.from({ length: count }, (_, index) => index);
    const split = batches(items, size);
    expect(split.map((batch) => batch.length)).toEqual(sizes);
    expect(split.flat()).toEqual(items);
  });

  it.each([
    [[], "2026-12-02", "2026-12-02"],
    [["2026-12-01", "2026-11-20", "2026-12-03"], "2026-12-02", "2026-11-20"],
    [["2026-12-05"], "2026-12-02", "2026-12-02"],
  ])("unsettled on %o, margin day %s: the next run starts %s", (days, safeDay, expected) => {
    expect(nextCheckpoint(days, safeDay)).toBe(expected);
  });
});
