import { describe, expect, it } from "vitest";
import { Campaign } from "./index";

const campaign = (overrides: Partial<Campaign.Info> = {}) =>
  ({
    status: "active",
    startsAt: "2026-11-29T12:00:00.400Z",
    endsAt: "2026-12-29T12:00:00.000Z",
    ...overrides,
  }) as Campaign.Info;

describe("Campaign.isLive", () => {
  it.each([
    [
      "an order stamped in the second the campaign started (stores send whole seconds)",
      "2026-11-29T12:00:00Z",
      true,
    ],
    ["an order in the second before", "2026-11-29T11:59:59Z", false],
    ["an order inside the run", "2026-12-01T00:00:00Z", true],
    ["an order at the end", "2026-12-29T12:00:00Z", false],
  ])("%s: %s", (_case, at, live) => {
    expect(Campaign.isLive(campaign(), new Date(at))).toBe(live);
  });

  it("is never live while paused", () => {
    expect(
      Campaign.isLive(
        campaign({ status: "paused" } as Partial<Campaign.Info>),
        new Date("2026-12-01T00:00:00Z"),
      ),
    ).toBe(false);
  });
});
