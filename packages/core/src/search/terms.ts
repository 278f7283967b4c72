/**
 * How text becomes index terms, and a query becomes the terms it looks up: pure, shared by the writer and
 * the reader so both fold text the same way.
 *
 * - Folding: NFKD, combining marks stripped ("Crème" → "creme"), lower-case; words are runs of letters and
 *   digits in any script.
 * - Terms: each word (at most MAX_TERM_LENGTH characters), except stop-words, plus its prefixes from
 *   MIN_PREFIX to MAX_PREFIX characters, so "skillet" is found by "sk", "ski" ... "skillet". A word longer
 *   than MAX_PREFIX is found by its prefixes up to MAX_PREFIX and by the whole word.
 * - Each (term, entity) keeps its best match: a whole word beats a prefix, a heavier field beats a lighter one.
 */

/** Shorter prefixes are not indexed: a one-letter key would hold nearly every entity. */
export const MIN_PREFIX = 2;
/** Longer prefixes are not indexed: typing past 12 letters rarely narrows a result further. */
export const MAX_PREFIX = 12;
export const MAX_TERM_LENGTH = 40;
/** At most this many entries per entity, best first (title words before body words). */
export const MAX_ENTRIES = 400;
/** Engagement adds at most this much to an entry's score (log2 buckets, so a like rarely rewrites entries). */
export const MAX_ENGAGEMENT = 31;

/** Words too common to rank by; never indexed as whole terms (their letters still index as prefixes of others). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  "a an and are as at be by for from has have i in is it its my of on or our so that the this to was we with you your".split(
    " ",
  ),
);

/** Field weights: a word in the title (handle, name) counts most, then tags and card names, then body text. */
export const Weight = { title: 4, tag: 3, product: 2, body: 1 } as const;
export type Weight = (typeof Weight)[keyof typeof Weight];

/** Accent and case folding: "Crème Brûlée" → "creme brulee". */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** The words of a text, folded, in order (duplicates kept). */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, MAX_TERM_LENGTH));
}

/**
 * An entry's match quality: the field's weight, doubled for a whole word. A title word typed in full (8)
 * beats a title prefix (4) and a tag typed in full (6); a body prefix is the least (1).
 */
export function matchOf(weight: Weight, whole: boolean): number {
  return weight * (whole ? 2 : 1);
}

/** Engagement as a small score: log2 of 1 + the count, capped, so it orders ties in match quality. */
export function engagementOf(count: number): number {
  return Math.min(MAX_ENGAGEMENT, Math.floor(Math.log2(1 + Math.max(0, count))));
}

export interface Field {
  text: string;
  weight: Weight;
}

/**
 * The terms of an entity's fields and each term's best match, at most MAX_ENTRIES, best matches first (a
 * long body cannot crowd out title words).
 */
export function termsOf(fields: Field[]): Map<string, number> {
  const best = new Map<string, number>();
  const offer = (term: string, match: number) => {
    if ((best.get(term) ?? 0) < match) best.set(term, match);
  };
  for (const field of fields) {
    for (const word of words(field.text)) {
      if (!STOP_WORDS.has(word)) offer(word, matchOf(field.weight, true));
      for (let length = MIN_PREFIX; length <= Math.min(word.length - 1, MAX_PREFIX); length++)
        offer(word.slice(0, length), matchOf(field.weight, false));
    }
  }
  const ranked = [...best].sort(([termA, a], [termB, b]) => b - a || termA.length - termB.length);
  return new Map(ranked.slice(0, MAX_ENTRIES));
}

/** At most this many words of a query are looked up (every one must match). */
export const MAX_QUERY_TERMS = 5;

/**
 * The keys a query looks up, one per word, every one required (AND). Whole words are looked up as typed;
 * the last word, still being typed unless the query ends in a space, as a prefix too (the same key: a
 * term's entries include its prefixes), cut to MAX_PREFIX. Stop-words are dropped unless being typed;
 * one-letter words are dropped. Empty when nothing is left to look up.
 */
export function queryTerms(q: string): string[] {
  const all = words(q);
  const typing = !/[^\p{L}\p{N}]$/u.test(fold(q));
  const keys = all.flatMap((word, index) => {
    const last = index === all.length - 1;
    if (word.length < MIN_PREFIX) return [];
    if (last && typing) return [word.slice(0, MAX_PREFIX)];
    if (STOP_WORDS.has(word)) return [];
    return [word];
  });
  return [...new Set(keys)].slice(0, MAX_QUERY_TERMS);
}
