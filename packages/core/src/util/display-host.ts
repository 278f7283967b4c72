import { domainToASCII, domainToUnicode } from "node:url";

/**
 * How a host is shown to people: readable Unicode when that cannot be mistaken for another host, its
 * punycode (`xn--…`) otherwise. A pared-down form of Unicode's UTS #39 checks that browsers apply:
 *
 * - mixed scripts: a label mixing Latin, Cyrillic, Greek (or any two scripts other than the CJK
 *   combinations that are written together: Han with Hiragana/Katakana, Hangul or Bopomofo, plus Latin);
 * - whole-script confusables: a Cyrillic or Greek label made only of letters that look like Latin ones
 *   (`аррӏе`), unless the top-level domain is in that same script (`пример.рф` stays readable);
 * - anything that is not a letter, mark, digit or hyphen (invisible characters, symbols, other dots).
 *
 * Any host that fails one check is shown whole in punycode, so `аррӏе.com` reads `xn--80ak6aa92e.com`.
 * A host that is not a valid domain is answered as given (lower-cased).
 */
export function displayHost(host: string): string {
  const ascii = domainToASCII(host.trim().toLowerCase());
  if (!ascii) return host.trim().toLowerCase();
  const unicode = domainToUnicode(ascii);
  const labels = unicode.split(".");
  const tld = scriptsOf(labels[labels.length - 1] ?? "");
  return labels.every((label) => readable(label, tld)) ? unicode : ascii;
}

/**
 * Cyrillic and Greek letters that pass for basic Latin ones in a lower-case host (`а` a, `р` p, `ӏ` l,
 * `ο` o, `ν` v…): a label written only in these is a whole-script confusable.
 */
const LATIN_LOOKALIKES = new Set([..."аеорсухіјѕԁԛԝһӏьԍʏ", ..."αοινκτυερχ"]);

const SCRIPTS = ["Latin", "Cyrillic", "Greek", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"] as const;
type Script = (typeof SCRIPTS)[number] | "Other";
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, "u")] as const);

function scriptOf(letter: string): Script {
  return SCRIPT_TESTS.find(([, test]) => test.test(letter))?.[0] ?? "Other";
}

/** The scripts of a label's letters (digits, hyphens and marks belong to none). */
function scriptsOf(label: string): Set<Script> {
  return new Set([...label].filter((char) => /\p{L}/u.test(char)).map(scriptOf));
}

/** Scripts that may share one label: Japanese, Chinese and Korean writing each with Han and Latin. */
const ALLOWED_MIXES: Script[][] = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

function readable(label: string, tld: Set<Script>): boolean {
  if (/^[a-z0-9-]*$/.test(label)) return true;
  if (![...label].every((char) => /[\p{L}\p{M}\p{Nd}-]/u.test(char))) return false;
  const scripts = scriptsOf(label);
  if (scripts.has("Other") && scripts.size > 1) return false;
  if (scripts.size > 1 && !ALLOWED_MIXES.some((mix) => [...scripts].every((script) => mix.includes(script))))
    return false;
  const [only] = [...scripts];
  if (scripts.size === 1 && (only === "Cyrillic" || only === "Greek") && !tld.has(only)) {
    const letters = [...label].filter((char) => /\p{L}/u.test(char));
    if (letters.every((letter) => LATIN_LOOKALIKES.has(letter))) return false;
  }
  return true;
}
