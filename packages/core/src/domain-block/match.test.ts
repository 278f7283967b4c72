import { describe, expect, it } from "vitest";
import { blockedDomainOf } from "./match";
import { Domain } from "./schema";

describe("blockedDomainOf", () => {
  const blocked = new Set(["example.com", "xn--80ak6aa92e.com"]);
  it.each([
    ["example.com", "example.com"],
    ["shop.example.com", "example.com"],
    ["a.b.example.com.", "example.com"],
    ["SHOP.Example.COM", "example.com"],
    ["notexample.com", undefined],
    ["example.com.evil.net", undefined],
    ["com", undefined],
    ["www.xn--80ak6aa92e.com", "xn--80ak6aa92e.com"],
  ])("%s → %s", (host, expected) => {
    expect(blockedDomainOf(host, blocked)).toBe(expected);
  });
});

describe("Domain", () => {
  it.each([
    ["Example.COM", "example.com"],
    ["shop.example.com.", "shop.example.com"],
    ["аррӏе.com", "xn--80ak6aa92e.com"],
  ])("accepts %s as %s", (raw, expected) => {
    expect(Domain.parse(raw)).toBe(expected);
  });
  it.each([
    "localhost",
    "https://example.com",
    "example.com/path",
    "exa mple.com",
    "user@example.com",
    "-bad.com",
  ])("refuses %s", (raw) => {
    expect(Domain.safeParse(raw).success).toBe(false);
  });
});
