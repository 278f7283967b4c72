import { describe, expect, it } from "vitest";
import type { Conversion } from "../conversion";
import type { Statement } from "../statement";
import { commissionChange, statementChange, subscribed } from "./events";

function conversion(version: number, status?: Conversion.CommissionStatus, amount = 1_000): Conversion.Info {
  return {
    id: "cnv_1",
    brandId: "brd_1",
    creatorId: "usr_1",
    version,
    ...(status
      ? {
          commission: {
            id: "com_1",
            amount: { amount, currency: "USD" },
            originalAmount: 1_000,
            status,
            holdUntil: "2026-01-01T00:00:00.000Z",
          },
        }
      : {}),
  } as Conversion.Info;
}

const statement = (version: number, status: Statement.Status) =>
  ({ id: "stm_1", version, status }) as Statement.Info;

describe("events derived from item changes", () => {
  it.each([
    ["a new commission", undefined, conversion(1, "pending"), "commission.created", "evt_com_1.1"],
    ["one held for review", undefined, conversion(1, "held"), "commission.created", "evt_com_1.1"],
    ["hold over", conversion(1, "pending"), conversion(2, "approved"), "commission.approved", "evt_com_1.2"],
    [
      "refunded in full",
      conversion(2, "approved"),
      conversion(3, "reversed"),
      "commission.reversed",
      "evt_com_1.3",
    ],
    ["rejected", conversion(1, "held"), conversion(2, "rejected"), "commission.reversed", "evt_com_1.2"],
    [
      "partly refunded",
      conversion(1, "pending"),
      conversion(2, "pending", 600),
      "commission.adjusted",
      "evt_com_1.2",
    ],
    ["released from review", conversion(1, "held"), conversion(2, "pending"), undefined, undefined],
    ["back to review", conversion(2, "approved"), conversion(3, "held"), undefined, undefined],
    ["no commission", undefined, conversion(1), undefined, undefined],
    ["deleted", conversion(1, "pending"), undefined, undefined, undefined],
  ])("%s", (_name, before, after, type, id) => {
    const derived = commissionChange(before, after);
    expect(derived?.type).toBe(type);
    expect(derived?.id).toBe(id);
  });

  it("ignores a conversion nobody is credited with", () => {
    expect(
      commissionChange(undefined, { ...conversion(1, "pending"), creatorId: undefined }),
    ).toBeUndefined();
  });

  it.each([
    [undefined, statement(1, "closed"), "statement.closed", "evt_stm_1.1"],
    [undefined, statement(1, "carried"), "statement.carried", "evt_stm_1.1"],
    [statement(1, "closed"), statement(2, "approved"), "statement.approved", "evt_stm_1.2"],
    [statement(2, "approved"), statement(3, "paid"), "statement.paid", "evt_stm_1.3"],
    [statement(1, "closed"), statement(2, "carried"), "statement.carried", "evt_stm_1.2"],
    [statement(1, "closed"), statement(2, "closed"), undefined, undefined],
  ])("a statement from %o to %o", (before, after, type, id) => {
    const derived = statementChange(before, after);
    expect(derived?.type).toBe(type);
    expect(derived?.id).toBe(id);
  });

  it("matches subscriptions by type, family and wildcard", () => {
    expect(subscribed(["commission.*"], "commission.approved")).toBe(true);
    expect(subscribed(["commission.*"], "statement.paid")).toBe(false);
    expect(subscribed(["statement.paid"], "statement.paid")).toBe(true);
    expect(subscribed(["statement.paid"], "statement.approved")).toBe(false);
    expect(subscribed(["*"], "statement.carried")).toBe(true);
    expect(subscribed(["commission.*"], "webhook.ping")).toBe(false);
  });
});
