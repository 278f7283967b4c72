import { describe, expect, it } from "vitest";
import type { Actor } from "../util/actor";
import { ValidationError } from "../util/errors";
import { Guide } from "./index";

describe("tags", () => {
  it.each([
    ["Camp Kitchen", "camp-kitchen"],
    ["#gifts", "gifts"],
    ["  UltraLight  ", "ultralight"],
    ["desk_setup", "desk-setup"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(Guide.Tag.parse(input)).toBe(expected);
  });

  it("dedupes after normalizing and allows at most 10", () => {
    expect(Guide.Tags.parse(["Gear", "gear", "#GEAR"])).toEqual(["gear"]);
    expect(Guide.Tags.safeParse(Array.from({ length: 11 }, (_, index) => `t${index}`)).success).toBe(false);
    expect(Guide.Tags.parse([...Array.from({ length: 10 }, (_, index) => `t${index}`), "t0"])).toHaveLength(
      10,
    );
  });

  it.each(["", "-leading-hyphen", "has!bang", "x".repeat(31)])("refuses %j", (input) => {
    expect(Guide.Tag.safeParse(input).success).toBe(false);
  });
});

describe("the disclosure", () => {
  it("goes with any guide that has product cards", () => {
    expect(Guide.disclosureFor({ items: [{ title: "x", url: "https://a.example" }] })).toBe(
      "Contains affiliate links",
    );
    expect(Guide.disclosureFor({ items: [] })).toBeNull();
  });
});

describe("core input checks", () => {
  const creator: Actor = { kind: "user", userId: "usr_test", handle: "someone", role: "creator" };

  it("turn bad input from a non-HTTP caller into a ValidationError, not a crash", async () => {
    await expect(Guide.create(creator, { title: "", items: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(Guide.listByTag("not a tag!", { limit: 20 })).rejects.toBeInstanceOf(ValidationError);
  });
});
