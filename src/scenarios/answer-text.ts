import { foldCase } from "./matchers.js";

/**
 * How the answer checks read an answer: the wrapping a person or a model puts around a value
 * (a code fence, quotes, "The answer is", a final period), the words it is made of, the numbers
 * it states, and whether it pastes a tool result. docs/scenario-format.md states the rules.
 */

const FENCE = /^```[^\n`]*\n([\s\S]*?)\n?```$/;
const LEAD_IN = /^(?:the\s+(?:final\s+)?answer\s+is\b|(?:final\s+)?answer\s*:)\s*:?\s*/i;
const TRAILING_PUNCTUATION = /[\s.,;:!?]+$/u;
/** Quote marks and emphasis a value may be wrapped in; the pair is removed when it wraps the whole text. */
const WRAPPERS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ["'", "'"],
  ["\u201c", "\u201d"],
  ["\u2018", "\u2019"],
  ["\u00ab", "\u00bb"],
  ["`", "`"],
  ["**", "**"],
  ["*", "*"],
];

/** The value inside its wrapping: "The answer is `2027-01-15`." → "2027-01-15". */
export function unwrapAnswer(text: string): string {
  let out = text.trim();
  for (;;) {
    const before = out;
    const fence = FENCE.exec(out);
    if (fence) out = (fence[1] ?? "").trim();
    out = out.replace(LEAD_IN, "").replace(TRAILING_PUNCTUATION, "");
    for (const [open, close] of WRAPPERS) {
      if (out.length >= open.length + close.length && out.startsWith(open) && out.endsWith(close)) {
        out = out.slice(open.length, out.length - close.length).trim();
      }
    }
    if (out === before) return out;
  }
}

/**
 * The words of a text, compared by the text checks: case and compatibility forms folded,
 * punctuation dropped, but a sign kept as the word "minus" ("-8" is not "8"), thousands
 * separators dropped ("5,300" is "5300") and a decimal point kept ("11.8" is one word, not "11").
 */
export function textWords(text: string): string[] {
  const folded = foldCase(text)
    .replace(/[-\u2212](?=\d)/g, " minus ")
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
    .replace(/(\d)\.(?=\d)/g, "$1\u0000")
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replaceAll("\u0000", ".");
  return folded.split(/\s+/).filter((w) => w !== "");
}

/** Where `needle` occurs in `words` as a run of whole words: start indexes. */
export function wordRuns(words: readonly string[], needle: readonly string[]): number[] {
  const starts: number[] = [];
  if (needle.length === 0) return starts;
  for (let i = 0; i + needle.length <= words.length; i++) {
    if (needle.every((w, k) => words[i + k] === w)) starts.push(i);
  }
  return starts;
}

/**
 * The most words an answer may have before it is a dump rather than a statement of the value:
 * the value's words and 24 more (room for "The cheapest ticket for the show on Friday is …").
 */
export function wordLimit(expectedWords: number): number {
  return expectedWords + 24;
}

/** A number an answer states, with what marks its kind: a currency sign, a percent sign or a unit word. */
export interface NumberMention {
  readonly value: number;
  /** "$", "€", "£", "¥", "%" or "" (a plain number). */
  readonly marker: string;
  /**
   * The word right after the number (and its mark): "units", "°c"; for money only a rate word
   * ("each", "per"); "" when none, or a connective ("or", "to"), follows.
   */
  readonly unit: string;
  readonly start: number;
  readonly end: number;
}

const NUMBER =
  /([-\u2212+]?)([$€£¥]?)([-\u2212]?)(?:(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?|(\.\d+))(?:[eE]([-+]?\d+))?/gu;
const RATES = new Set(["each", "per", "apiece", "a", "an", "every", "average"]);
const CONNECTIVES = new Set(["or", "to", "and", "vs", "versus", "nor", "maybe", "perhaps"]);

/**
 * Every number written in a text as a whole token: "$7,338.24", "−38.59", "12.5%", "46." count;
 * the digits of "ORD6434", "P5702", "v1.5", "2026-12-15" or "10:30" do not (they are part of a
 * name, a date or a time).
 */
export function numberMentions(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 2), start);
    if (/[\p{L}\p{N}_]$/u.test(before) || /[\p{L}\p{N}][-\u2212./:#]$/u.test(before)) continue;
    const after = text.slice(end, end + 2);
    if (/^[-\u2212./:]\p{N}/u.test(after)) continue;
    const negative = m[1] === "-" || m[1] === "\u2212" || m[3] === "-" || m[3] === "\u2212";
    const digits = (m[4] ?? "").replaceAll(",", "") + (m[5] ?? m[6] ?? "") + (m[7] ? `e${m[7]}` : "");
    const magnitude = Number(digits.startsWith(".") ? `0${digits}` : digits);
    if (!Number.isFinite(magnitude)) continue;
    const suffix = /^\s?([%€£¥$])/u.exec(text.slice(end));
    const marker = m[2] || (suffix?.[1] ?? "");
    const rest = text.slice(end + (suffix?.[0].length ?? 0));
    const word = /^\s?([\p{L}°µ][\p{L}\p{N}°µ/]*)/u.exec(rest)?.[1]?.toLowerCase() ?? "";
    // Money is one quantity unless a word makes it a rate ("$80.64 each"): "$46 then $52" conflict.
    const currency = marker !== "" && marker !== "%";
    const unit = CONNECTIVES.has(word) || (currency && !RATES.has(word)) ? "" : word;
    out.push({ value: negative ? -magnitude : magnitude, marker, unit, start, end });
  }
  return out;
}

/**
 * Whether two numbers of one answer are stated as values of the same quantity: the same mark
 * (currency sign, percent sign or none) and the same unit word after them ("$46 … $52",
 * "320 units … 330 units", two bare numbers), or joined by "or", "to", "-", "/", "~" or a comma
 * (a hedge or a range). "$7,338.24 (91 shares at $80.64 each)" states three quantities.
 */
export function sameQuantity(text: string, a: NumberMention, b: NumberMention): boolean {
  if (a.marker === b.marker && a.unit === b.unit) return true;
  const [first, second] = a.start < b.start ? [a, b] : [b, a];
  const between = text.slice(first.end, second.start).replace(/^\s*%/, "").trim().toLowerCase();
  return /^(?:,|;|\/|~|-|\u2013|\u2014|or|to|and|or maybe|or perhaps|or about|, or|and about)?$/u.test(
    between,
  );
}

/**
 * Whether a value's words stand in a hedge: right after "or" or "either", or right before "or"
 * ("Sophie Wilson or Fran Bilas", "either finance or support").
 */
export function hedged(said: readonly string[], value: readonly string[]): boolean {
  return wordRuns(said, value).some((start) => {
    const before = said[start - 1];
    const after = said[start + value.length];
    return before === "or" || before === "either" || after === "or";
  });
}

/**
 * Whether a text holds JSON data (an object with a key, or a list of two or more values): what an
 * agent pasting a tool result answers. A value that is itself such JSON is exempt (see callers).
 */
export function holdsJsonData(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const open = text[i];
    if (open !== "{" && open !== "[") continue;
    const end = matchingClose(text, i);
    if (end < 0) continue;
    try {
      const value: unknown = JSON.parse(text.slice(i, end + 1));
      if (
        Array.isArray(value) ? value.length >= 2 : value !== null && Object.keys(value as object).length > 0
      )
        return true;
    } catch {
      // Not JSON: brackets in prose.
    }
  }
  return false;
}

/** The index of the bracket closing the one at `start`, skipping strings; -1 when unclosed. */
function matchingClose(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
