import { domainToASCII } from "node:url";
import { describe, expect, it } from "vitest";
import { displayHost } from "./display-host";

describe("displayHost", () => {
  it.each([
    ["apple.com", "apple.com"],
    ["Shop.Example.COM", "shop.example.com"],
    ["пример.рф", "пример.рф"],
    ["xn--e1afmkfd.xn--p1ai", "пример.рф"],
    ["münchen.de", "münchen.de"],
    ["日本語.jp", "日本語.jp"],
    ["ひらがなabc.jp", "ひらがなabc.jp"],
  ])("keeps %s readable as %s", (host, shown) => {
    expect(displayHost(host)).toBe(shown);
  });

  it.each([
    // Whole-script confusable: every letter Cyrillic, every one a Latin look-alike, under a Latin TLD.
    ["аррӏе.com", "xn--80ak6aa92e.com"],
    ["xn--80ak6aa92e.com", "xn--80ak6aa92e.com"],
    // Mixed scripts in one label: Latin with one Cyrillic `а`, Latin with Greek `ο`.
    ["pаypal.com", domainToASCII("pаypal.com")],
    ["gοogle.com", domainToASCII("gοogle.com")],
    // Greek look-alikes alone.
    ["ιοτα.com", domainToASCII("ιοτα.com")],
  ])("shows %s as punycode %s", (host, shown) => {
    expect(shown).toMatch(/^xn--/);
    expect(displayHost(host)).toBe(shown);
  });

  it("answers a non-host as given", () => {
    expect(displayHost("not a host")).toBe("not a host");
  });
});
