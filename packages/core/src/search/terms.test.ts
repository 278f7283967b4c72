import { describe, expect, it } from "vitest";
import { engagementOf, fold, MAX_ENTRIES, queryTerms, termsOf, Weight, words } from "./terms";

describe("search terms", () => {
  it("folds accents and case and splits on anything but letters and digits, in any script", () => {
    expect(fold("Crème Brûlée")).toBe("creme brulee");
    expect(words('Ｃａｆé-au-lait, 10.25" Skillet! 東京')).toEqual([
      "cafe",
      "au",
      "lait",
      "10",
      "25",
      "skillet",
      "東京",
    ]);
  });

  it("indexes whole words and their prefixes, 2 to 12 letters, keeping each term's best match", () => {
    const terms = termsOf([
      { text: "Skillet", weight: Weight.title },
      { text: "skillets and the pans", weight: Weight.body },
    ]);
    expect(terms.get("skillet")).toBe(Weight.title * 2);
    expect(terms.get("sk")).toBe(Weight.title);
    expect(terms.get("skillets")).toBe(Weight.body * 2);
    expect(terms.has("s")).toBe(false);
    // Stop-words are not whole terms, though their letters still prefix other words.
    expect(terms.has("the")).toBe(false);
    expect(terms.has("and")).toBe(false);
    const long = termsOf([{ text: "Supercalifragilistic", weight: Weight.tag }]);
    expect(long.has("supercalifra")).toBe(true);
    expect(long.has("supercalifrag")).toBe(false);
    expect(long.get("supercalifragilistic")).toBe(Weight.tag * 2);
  });

  it("bounds the entries of one entity, title words first", () => {
    const body = Array.from({ length: 400 }, (_, index) => `word${index}abcdefgh`).join(" ");
    const terms = termsOf([
      { text: body, weight: Weight.body },
      { text: "Zebra", weight: Weight.title },
    ]);
    expect(terms.size).toBe(MAX_ENTRIES);
    expect(terms.get("zebra")).toBe(Weight.title * 2);
  });

  it("turns a query into required keys: the word being typed as a prefix, stop-words and single letters out", () => {
    expect(queryTerms("Crème brû")).toEqual(["creme", "bru"]);
    expect(queryTerms("the pans ")).toEqual(["pans"]);
    expect(queryTerms("pans the")).toEqual(["pans", "the"]);
    expect(queryTerms("a b")).toEqual([]);
    expect(queryTerms("supercalifragilistic")).toEqual(["supercalifra"]);
    expect(queryTerms("one two three four five six seven")).toHaveLength(5);
  });

  it("scores engagement in log2 buckets, so a like rarely rewrites a guide's entries", () => {
    expect([0, 1, 2, 3, 4, 7, 8, 1_000_000].map(engagementOf)).toEqual([0, 1, 1, 2, 2, 3, 3, 19]);
    expect(engagementOf(2 ** 40)).toBe(31);
  });
});
