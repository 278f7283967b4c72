import { describe, expect, it } from "vitest";
import { buildLocation } from "./location";

describe("buildLocation", () => {
  it.each([
    ["https://s.example/p", undefined, "https://s.example/p?sg_click=clk_1"],
    ["https://s.example/p?", undefined, "https://s.example/p?sg_click=clk_1"],
    ["https://s.example/p?a=1&", undefined, "https://s.example/p?a=1&sg_click=clk_1"],
    ["https://s.example/p?a=b+c%20d#frag", undefined, "https://s.example/p?a=b+c%20d&sg_click=clk_1#frag"],
    ["https://s.example/p#a?b", undefined, "https://s.example/p?sg_click=clk_1#a?b"],
    [
      "https://s.example/p?x=1",
      { source: "sg", medium: "social", campaign: "spring-26" },
      "https://s.example/p?x=1&utm_source=sg&utm_medium=social&utm_campaign=spring-26&sg_click=clk_1",
    ],
  ])("%s → %s", (destination, utm, expected) => {
    expect(buildLocation(destination, utm, "clk_1")).toBe(expected);
  });
});
