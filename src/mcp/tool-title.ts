/** Words that read as initials in a title. */
const INITIALISMS = new Set(["csv", "json", "yaml", "id", "url", "uuid"]);
/** Short words a title keeps in lower case unless they open it. */
const MINOR_WORDS = new Set(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"]);

/** A tool's display title from its snake_case name, in title case: `csv_to_json` → "CSV to JSON". */
export function toolTitle(name: string): string {
  return name
    .split("_")
    .filter((word) => word !== "")
    .map((word, i) => {
      const lower = word.toLowerCase();
      if (INITIALISMS.has(lower)) return lower.toUpperCase();
      if (i > 0 && MINOR_WORDS.has(lower)) return lower;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(" ");
}
