import { describe, expect, it } from "vitest";
import type { Click } from "../click";
import { chunkEnd, DUPLICATE_WINDOW_MS, judgeVisitor, planBreakdowns, sumDeltas } from "./aggregate";

const click = (id: string, at: string, extra: Partial<Click.Info> = {}): Click.Info => ({
  id,
  code: "abc1234",
  creatorId: "usr_1",
  at,
  ipHash: "ip",
  device: "mobile",
  browser: "Safari",
  bot: false,
  ...extra,
});

describe("judgeVisitor", () => {
  it("counts the first click, repeats inside the hour, and opens a new window after it", () => {
    const judged = judgeVisitor(undefined, [
      click("c", "2026-11-20T11:01:00.000Z"),
      click("a", "2026-11-20T10:00:00.000Z"),
      click("b", "2026-11-20T10:30:00.000Z"),
    ]);
    expect(Object.fromEntries(judged.kinds)).toEqual({ a: "human", b: "duplicate", c: "human" });
    expect(judged.window).toEqual({
      until: Date.parse("2026-11-20T11:01:00.000Z") + DUPLICATE_WINDOW_MS,
      opener: "c",
    });
  });

  it("judges again from the stored window: its opener stays counted, nothing moves", () => {
    const window = { until: Date.parse("2026-11-20T11:00:00.000Z"), opener: "a" };
    const judged = judgeVisitor(window, [
      click("a", "2026-11-20T10:00:00.000Z"),
      click("b", "2026-11-20T10:10:00.000Z"),
    ]);
    expect(Object.fromEntries(judged.kinds)).toEqual({ a: "human", b: "duplicate" });
    expect(judged.window).toBeUndefined();
  });
});

describe("planBreakdowns", () => {
  it("fills free slots, then folds newcomers into other, exact in sum", () => {
    const stored = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`ref:h${index}`, 5]));
    const plan = planBreakdowns(
      stored,
      new Map([
        ["ref:h1", 2],
        ["ref:new", 1],
        ["dev:mobile", 3],
      ]),
    );
    expect(Object.fromEntries(plan.add)).toEqual({ "ref:h1": 2 });
    expect(Object.fromEntries(plan.create)).toEqual({ "dev:mobile": 3 });
    expect(Object.fromEntries(plan.other)).toEqual({ "ref:(other)": 1 });
    expect(plan.evict.size).toBe(0);
    expect(plan.named.get("dev")).toEqual({ before: 0, after: 1 });
    expect(plan.named.has("ref")).toBe(false);
  });

  it("lets a bigger newcomer evict the smallest entry, whose count moves to other", () => {
    const stored = {
      ...Object.fromEntries(Array.from({ length: 9 }, (_, index) => [`ref:h${index}`, 50])),
      "ref:small": 2,
    };
    const plan = planBreakdowns(stored, new Map([["ref:viral", 30]]));
    expect(Object.fromEntries(plan.evict)).toEqual({ "ref:small": 2 });
    expect(Object.fromEntries(plan.create)).toEqual({ "ref:viral": 30 });
    expect(Object.fromEntries(plan.other)).toEqual({ "ref:(other)": 2 });
    expect(plan.named.has("ref")).toBe(false); // one out, one in
  });
});

describe("sumDeltas and chunkEnd", () => {
  it("sums a chunk per counter item and cuts runs at 100 transaction items", () => {
    const clicks = Array.from({ length: 50 }, (_, index) =>
      click(`c${index}`, "2026-11-20T10:00:00.000Z", { guideId: "gde_1", ipHash: `ip${index}` }),
    );
    const deltas = sumDeltas(clicks, new Map(clicks.map((entry) => [entry.id, "human" as const])));
    expect(deltas).toHaveLength(8);
    expect(deltas.every((delta) => delta.humanClicks === 50)).toBe(true);
    expect(chunkEnd(clicks, 0)).toBe(50);
    const spread = Array.from({ length: 50 }, (_, index) =>
      click(`s${index}`, "2026-11-20T10:00:00.000Z", { code: `code${index}x`, creatorId: `usr_${index}` }),
    );
    // Each click on its own link and creator: 5 counter items (the link's hour, day and lifetime, the
    // creator's hour and day) and a counted set, so 16 clicks fit in 100 items.
    expect(chunkEnd(spread, 0)).toBe(16);
    expect(chunkEnd(spread, 16)).toBe(32);
  });
});
