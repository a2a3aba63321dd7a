import { textWords, wordRuns } from "./answer-text.js";

/**
 * The alternatives an instruction offers for an expected value, for the hedge rule of the
 * `normalized` and `contains` checks: a choice question written in prose ("finance or
 * support", "Which of PRS-23 and PRT-17…") is answered by naming one, and an answer that names
 * another as well hedges. Found three ways:
 * - the words joined to the value by "or", as many as the value has ("Kestrel Telecom or
 *   Corvina Aerospace");
 * - for a value shaped like an identifier (one word with letters and a digit, or in capitals, or
 *   a date: ORD6434, CNC-10, BRWE, 2027-01-12), every other word of the instruction with the
 *   same shape (letters by case, a run of digits as one digit, other characters as they are);
 * - for yes/no and true/false, the opposite word.
 * An alternative that is one of the expected values, or part of one, is dropped.
 */
export function offeredAlternatives(instruction: string, values: readonly string[]): string[] {
  const found = new Set<string>();
  const valueWords = values.map(textWords);
  for (const words of valueWords) {
    const opposite = words.length === 1 ? OPPOSITES[words[0] as string] : undefined;
    if (opposite) found.add(opposite);
  }
  const bare = instruction.split(/\s+/).map(stripEnds);
  for (const value of values) {
    const shape = identifierShape(value.trim());
    if (shape === undefined) continue;
    // The value itself is found too, and dropped with the other expected values below.
    for (const word of bare) if (identifierShape(word) === shape) found.add(word);
  }
  const said = textWords(instruction);
  for (const words of valueWords) {
    for (const start of wordRuns(said, words)) {
      // "in Atlanta or in Amsterdam": a preposition or article between the value and "or" is skipped.
      let after = start + words.length;
      while (LINKS.has(said[after] ?? "")) after++;
      if (said[after] === "or") {
        let from = after + 1;
        while (LINKS.has(said[from] ?? "")) from++;
        found.add(said.slice(from, from + words.length).join(" "));
      }
      let before = start - 1;
      while (before >= 0 && LINKS.has(said[before] ?? "")) before--;
      if (before >= 0 && said[before] === "or") {
        let to = before;
        while (to > 0 && LINKS.has(said[to - 1] ?? "")) to--;
        found.add(said.slice(Math.max(0, to - words.length), to).join(" "));
      }
    }
  }
  const keys = new Set<string>();
  return [...found].filter((alternative) => {
    const words = textWords(alternative);
    const key = words.join(" ");
    if (keys.has(key)) return false;
    keys.add(key);
    return (
      words.length > 0 &&
      !words.every((w) => LINKS.has(w) || w === "or") &&
      !valueWords.some((v) => wordRuns(v, words).length > 0)
    );
  });
}

/** Words that link a value to "or" without being an option: "in Atlanta or in Amsterdam". */
const LINKS: ReadonlySet<string> = new Set([
  "in",
  "on",
  "at",
  "the",
  "a",
  "an",
  "to",
  "for",
  "from",
  "with",
  "by",
  "of",
]);

const OPPOSITES: Readonly<Record<string, string>> = { yes: "no", no: "yes", true: "false", false: "true" };

/** A word without the punctuation around it: `(BRWE),` → `BRWE`. */
function stripEnds(word: string): string {
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

/** The shape of an identifier-like word ("CNC-10" → "AAA-9"), or undefined for other words and numbers. */
function identifierShape(word: string): string | undefined {
  // "" has no shape; a value with a space keeps it in its shape, which no word of the instruction has.
  const identifier = /\p{N}/u.test(word) || (/\p{Lu}.*\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word));
  if (!identifier) return undefined;
  const shape = word
    .replace(/\p{Lu}/gu, "A")
    .replace(/\p{Ll}/gu, "a")
    .replace(/\p{N}+/gu, "9");
  // A number, a fraction or a version is no option ("429/660 reduces to 13/20"); a date is.
  return /\p{L}/u.test(shape) || shape === "9-9-9" ? shape : undefined;
}
