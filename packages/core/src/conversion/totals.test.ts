import { describe, expect, it } from "vitest";
import { type ConversionShape, conversionWith } from "../../../../tests/fixtures/conversions";
import type { CommissionStatus, Info } from "./schema";
import { totalsDeltas } from "./totals";

const conversion = (status: CommissionStatus | undefined, over: ConversionShape = {}) =>
  conversionWith(status, over);

const sums = (over: Partial<Record<"pending" | "held" | "approved" | "reversed" | "paid", number>>) => ({
  pending: 0,
  held: 0,
  approved: 0,
  reversed: 0,
  paid: 0,
  ...over,
});

describe("totalsDeltas: what a commission change adds to its creator's running totals", () => {
  it.each<[string, Info | undefined, Info, Array<{ campaignId: string; sums: ReturnType<typeof sums> }>]>([
    [
      "a new pending commission",
      undefined,
      conversion("pending"),
      [{ campaignId: "cmp_1", sums: sums({ pending: 1_000 }) }],
    ],
    [
      "a new rejected one shows its campaign, with zeros",
      undefined,
      conversion("rejected"),
      [{ campaignId: "cmp_1", sums: sums({}) }],
    ],
    ["no commission: nothing", undefined, conversion(undefined), []],
    [
      "approved",
      conversion("pending"),
      conversion("approved"),
      [{ campaignId: "cmp_1", sums: sums({ pending: -1_000, approved: 1_000 }) }],
    ],
    [
      "held for review",
      conversion("pending"),
      conversion("held"),
      [{ campaignId: "cmp_1", sums: sums({ pending: -1_000, held: 1_000 }) }],
    ],
    [
      "rejected",
      conversion("pending"),
      conversion("rejected"),
      [{ campaignId: "cmp_1", sums: sums({ pending: -1_000 }) }],
    ],
    [
      "30% refunded",
      conversion("pending"),
      conversion("pending", { amount: 700 }),
      [{ campaignId: "cmp_1", sums: sums({ pending: -300, reversed: 300 }) }],
    ],
    [
      "reversed after approval",
      conversion("approved", { amount: 700 }),
      conversion("reversed", { amount: 0 }),
      [{ campaignId: "cmp_1", sums: sums({ approved: -700, reversed: 700 }) }],
    ],
    ["unchanged amounts and status: nothing", conversion("approved"), conversion("approved"), []],
    [
      "moved to another campaign: out of one item, into the other",
      conversion("pending"),
      conversion("pending", { campaignId: "cmp_2" }),
      [
        { campaignId: "cmp_1", sums: sums({ pending: -1_000 }) },
        { campaignId: "cmp_2", sums: sums({ pending: 1_000 }) },
      ],
    ],
  ])("%s", (_name, before, after, expected) => {
    expect(
      totalsDeltas(before, after).map((delta) => ({ campaignId: delta.campaignId, sums: delta.sums })),
    ).toEqual(expected);
  });
});
