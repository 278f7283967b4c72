export function formatDate(iso: string | null): string {
  return iso
    ? new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" })
    : "";
}

const rules = new Intl.PluralRules("en");

/**
 * A count with its noun in the right form: plural(1, "like") → "1 like", plural(2, "like") → "2 likes",
 * plural(3, "person", "people") → "3 people". The one helper for every count on every page.
 */
export function plural(count: number, one: string, other = `${one}s`): string {
  return `${count.toLocaleString("en")} ${rules.select(count) === "one" ? one : other}`;
}
