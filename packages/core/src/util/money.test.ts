import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import {
  allocate,
  display,
  divideHalfUp,
  EXPONENT_OVERRIDES,
  editable,
  exponentOf,
  format,
  fromDecimal,
  intlDigits,
  minorUnits,
  parse,
  toDecimal,
} from "./money";

const currencies = Intl.supportedValuesOf("currency");
const LOCALES = [
  "en-US",
  "en-GB",
  "en-IN",
  "de-DE",
  "de-CH",
  "fr-FR",
  "es-ES",
  "ja-JP",
  "hu-HU",
  "sv-SE",
  "da-DK",
];

/** ISO 4217 minor units other than 2 (the published list); everything else has two decimals. */
const ISO_4217_NOT_TWO: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

describe("exponents", () => {
  it("follow ISO 4217 for every currency the runtime knows", () => {
    for (const currency of currencies)
      expect([currency, exponentOf(currency)]).toEqual([currency, ISO_4217_NOT_TWO[currency] ?? 2]);
  });

  it("override Intl exactly where Intl's display digits differ from ISO 4217 (the list of differences)", () => {
    const differences = currencies.filter(
      (currency) => intlDigits(currency) !== (ISO_4217_NOT_TWO[currency] ?? 2),
    );
    expect(differences).toEqual(Object.keys(EXPONENT_OVERRIDES).sort());
    expect(differences).toEqual([
      "AFN",
      "ALL",
      "COP",
      "HUF",
      "IDR",
      "IQD",
      "IRR",
      "KPW",
      "LAK",
      "LBP",
      "MGA",
      "MMK",
      "PKR",
      "SLL",
      "SOS",
      "SYP",
      "YER",
    ]);
  });

  it("are case-blind and default to 2 for a code Intl rejects", () => {
    expect([exponentOf("jpy"), exponentOf("kwd"), exponentOf("huf"), exponentOf("??")]).toEqual([0, 3, 2, 2]);
  });
});

describe("format and toDecimal", () => {
  it.each([
    [1999, "USD", "19.99 USD"],
    [5, "USD", "0.05 USD"],
    [-5, "USD", "-0.05 USD"],
    [-1999, "EUR", "-19.99 EUR"],
    [1500, "JPY", "1500 JPY"],
    [-1500, "JPY", "-1500 JPY"],
    [1250, "KWD", "1.250 KWD"],
    [5, "BHD", "0.005 BHD"],
    [150000, "HUF", "1500.00 HUF"],
    [12345, "CLF", "1.2345 CLF"],
    [0, "USD", "0.00 USD"],
  ])("%i %s is %s", (amount, currency, text) => {
    expect(format({ amount, currency })).toBe(text);
  });

  it.each([
    [1999, "USD", "en-US", "$19.99"],
    [150050, "HUF", "en-US", "HUF\u00a01,500.50"],
    [1500, "JPY", "en-US", "¥1,500"],
    [1250, "KWD", "en-US", "KWD\u00a01.250"],
    [150050, "EUR", "de-DE", "1.500,50\u00a0€"],
  ])("display(%i %s, %s) is %s", (amount, currency, locale, text) => {
    expect(display({ amount, currency }, locale)).toBe(text);
  });

  it.each([
    [125050, "EUR", "en-US", "1250.50"],
    [125050, "EUR", "de-DE", "1250,50"],
    [1250, "KWD", "de-DE", "1,250"],
    [1500, "JPY", "de-DE", "1500"],
    [150000, "HUF", "hu-HU", "1500,00"],
  ])("editable(%i %s, %s) is %s", (amount, currency, locale, text) => {
    expect(editable({ amount, currency }, locale)).toBe(text);
  });

  it("displays amounts beyond float precision exactly", () => {
    expect(display({ amount: Number.MAX_SAFE_INTEGER, currency: "USD" }, "en-US")).toBe(
      "$90,071,992,547,409.91",
    );
  });
});

describe("parse (what a person types)", () => {
  it.each<[string, string, string | undefined, number | undefined]>([
    ["1500", "HUF", "en-US", 150000],
    ["1500", "HUF", "hu-HU", 150000],
    ["1500", "JPY", "en-US", 1500],
    ["1,500", "JPY", "en-US", 1500],
    ["1.250", "KWD", "en-US", 1250],
    ["1,500", "USD", "en-US", 150000],
    ["1,500.5", "USD", "en-US", 150050],
    ["1.500,50", "EUR", "de-DE", 150050],
    ["1.500", "EUR", "de-DE", 150000],
    ["19.99", "EUR", "de-DE", 1999],
    ["19,99", "USD", "en-US", 1999],
    ["1 500,50", "EUR", "fr-FR", 150050],
    ["1’500.50", "CHF", "de-CH", 150050],
    ["12,34,567", "INR", "en-IN", 1234567_00],
    ["$19.99", "USD", "en-US", 1999],
    ["19.99 USD", "USD", "en-US", 1999],
    [" 0.5 ", "USD", undefined, 50],
    [".5", "USD", "en-US", 50],
    ["-3.10", "USD", "en-US", -310],
    ["1500.00", "JPY", "en-US", 1500],
    ["1500.5", "JPY", "en-US", undefined],
    ["1.2345", "KWD", "en-US", undefined],
    ["0.001", "USD", "en-US", undefined],
    ["12abc", "USD", "en-US", undefined],
    ["", "USD", "en-US", undefined],
    ["1,50,0", "USD", "en-US", undefined],
    ["1.2.3", "USD", "en-US", undefined],
    ["99999999999999999999", "USD", "en-US", undefined],
  ])("%j in %s (%s) is %j", (text, currency, locale, expected) => {
    expect(parse(text, currency, locale)).toBe(expected);
  });

  it("roundtrips every currency Node knows through display, in several locales", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.constantFrom(...LOCALES),
        fc.integer({ min: -1e12, max: 1e12 }),
        (currency, locale, amount) => {
          expect(parse(display({ amount, currency }, locale), currency, locale)).toBe(amount);
          expect(parse(editable({ amount, currency }, locale), currency, locale)).toBe(amount);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("roundtrips every currency through toDecimal and fromDecimal, in the whole safe range", () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.maxSafeNat(), (currency, amount) => {
        expect(fromDecimal(toDecimal({ amount, currency }), currency)).toBe(amount);
        expect(parse(toDecimal({ amount, currency }), currency, "en-US")).toBe(amount);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("minorUnits (what a store sends)", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["1500", "JPY", 1500],
    ["1500.00", "JPY", 1500],
    ["1.250", "KWD", 1250],
    ["1500", "HUF", 150000],
  ])("%s %s is %i", (decimal, currency, expected) => {
    expect(minorUnits(decimal, currency)).toBe(expected);
  });

  it.each([
    ["1500.5", "JPY", "JPY has 0 decimals"],
    ["1.2345", "KWD", "KWD has 3 decimals"],
    ["12,00", "USD", "is not a decimal amount"],
    ["-1", "USD", "is not a decimal amount"],
  ])("refuses %s %s", (decimal, currency, message) => {
    const failure = (() => {
      try {
        minorUnits(decimal, currency, "price");
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((failure as ValidationError).details)).toContain(message);
    expect(JSON.stringify((failure as ValidationError).details)).toContain('"path":"price"');
  });
});

describe("divideHalfUp", () => {
  it.each([
    [5n, 10n, 1],
    [4n, 10n, 0],
    [15n, 10n, 2],
    [-5n, 10n, -1],
    [-4n, 10n, 0],
    [25n, 10n, 3],
  ])("%i / %i is %i", (numerator, denominator, expected) => {
    expect(divideHalfUp(numerator, denominator)).toBe(expected);
  });

  it("is the nearest integer, and a tie goes away from zero", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (numerator, denominator) => {
          const rounded = BigInt(divideHalfUp(numerator, denominator));
          const error = numerator - rounded * denominator; // what rounding dropped, in 1/denominator
          const twice = 2n * (error < 0n ? -error : error);
          expect(twice <= denominator).toBe(true);
          const abs = (value: bigint) => (value < 0n ? -value : value);
          if (twice === denominator) expect(abs(rounded * denominator) > abs(numerator)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("allocate", () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [5, [0, 1, 0], [0, 5, 0]],
    [1, [1, 1], [1, 0]],
    [1000, [7000, 3000], [700, 300]],
    [7, [1, 2], [2, 5]],
  ])("%i by %j is %j", (amount, weights, parts) => {
    expect(allocate(amount, weights)).toEqual(parts);
  });

  it("refuses no weight at all, and negative or fractional weights", () => {
    expect(() => allocate(10, [0, 0])).toThrow();
    expect(() => allocate(10, [1, -1])).toThrow();
    expect(() => allocate(10, [0.5])).toThrow();
  });

  it("sums exactly, and each part is within one minor unit of its exact share", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc
          .array(fc.nat({ max: 1e6 }), { minLength: 1, maxLength: 12 })
          .filter((weights) => weights.some(Boolean)),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(amount);
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          parts.forEach((part, index) => {
            const share = (amount * (weights[index] ?? 0)) / total;
            expect(Math.abs(part - share)).toBeLessThan(1 + 1e-6);
            if (weights[index] === 0) expect(part).toBe(0);
          });
        },
      ),
    );
  });
});
