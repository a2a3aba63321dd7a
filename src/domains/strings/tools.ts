import { z } from "zod";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";

/**
 * Text operations. Characters are Unicode code points (an emoji is one, a flag two), so a
 * position is the same whatever the encoding; letter case uses Unicode's default mapping
 * (toUpperCase, never the locale-dependent toLocaleUpperCase).
 */

const MAX_INPUT = 100_000;
const MAX_RESULT = 1_000_000;

// Stateless: every tool is a pure function of its arguments.
export const stringsStateSchema = z.strictObject({});
export type StringsState = z.infer<typeof stringsStateSchema>;

const textArg = (what: string) =>
  z.string().max(MAX_INPUT).describe(`${what} (up to ${MAX_INPUT} characters).`);
const ignoreCaseArg = z.boolean().default(false).describe("Match regardless of letter case. Default false.");
const count = z.number().int().nonnegative();

const chars = (text: string): string[] => Array.from(text);

/** Lower-cases one code point at a time, keeping any whose lower case is longer, so positions stay put. */
function foldCase(cps: readonly string[]): string[] {
  return cps.map((ch) => {
    const lower = ch.toLowerCase();
    return Array.from(lower).length === 1 ? lower : ch;
  });
}

/** Start positions of the non-overlapping occurrences of `needle`, left to right. */
function occurrences(haystack: readonly string[], needle: readonly string[], limit = Infinity): number[] {
  const found: number[] = [];
  for (let i = 0; i + needle.length <= haystack.length && found.length < limit; ) {
    if (needle.every((ch, j) => haystack[i + j] === ch)) {
      found.push(i);
      i += needle.length;
    } else i++;
  }
  return found;
}

function matchesOf(text: string, find: string, ignoreCase: boolean, limit = Infinity): number[] {
  const fold = ignoreCase ? foldCase : (cps: string[]) => cps;
  return occurrences(fold(chars(text)), fold(chars(find)), limit);
}

/** Checked before building a result, so an oversized one is never allocated. */
function requireResultLength(length: number): void {
  if (length > MAX_RESULT) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `the result would be ${length} characters, over the limit of ${MAX_RESULT}; work on a shorter text`,
    );
  }
}

/** Words for the programming cases: split at non-alphanumerics and at lower→Upper and ACRONYMWord boundaries. */
function identifierWords(text: string): string[] {
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
}

const capitalize = (word: string): string => {
  const [first = "", ...rest] = chars(word);
  return first.toUpperCase() + rest.join("").toLowerCase();
};

const CASES = ["upper", "lower", "title", "sentence", "snake", "kebab", "camel", "pascal"] as const;

function changeCase(text: string, to: (typeof CASES)[number]): string {
  switch (to) {
    case "upper":
      return text.toUpperCase();
    case "lower":
      return text.toLowerCase();
    case "title":
      return text.replace(/\S+/gu, capitalize);
    case "sentence":
      return capitalize(text);
    case "snake":
      return identifierWords(text).join("_").toLowerCase();
    case "kebab":
      return identifierWords(text).join("-").toLowerCase();
    case "camel":
      return identifierWords(text)
        .map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w)))
        .join("");
    case "pascal":
      return identifierWords(text).map(capitalize).join("");
  }
}

function tool<A extends z.ZodObject>(spec: DomainTool<StringsState, A>): DomainTool<StringsState> {
  return defineTool(spec);
}

const reverseString = tool({
  name: "reverse_string",
  description:
    'Reverses a text, by characters (default: "abc" → "cba") or by words ("one two  three" → "three two one"; ' +
    "words are separated by whitespace and rejoined with single spaces). Returns { result, length } with length " +
    "in characters.",
  input: z.strictObject({
    text: textArg("The text to reverse"),
    unit: z
      .enum(["characters", "words"])
      .default("characters")
      .describe('Reverse the order of "characters" (default) or of "words".'),
  }),
  output: z.strictObject({ result: z.string(), length: count }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const result =
      args.unit === "characters"
        ? chars(args.text).reverse().join("")
        : args.text
            .split(/\s+/u)
            .filter((w) => w !== "")
            .reverse()
            .join(" ");
    return { result, length: chars(result).length };
  },
});

const changeCaseTool = tool({
  name: "change_case",
  description:
    "Changes the letter case of a text. upper and lower change every letter; title capitalizes each " +
    "whitespace-separated word and lowers the rest; sentence capitalizes the first letter and lowers the rest; " +
    "snake (user_id), kebab (user-id), camel (userId) and pascal (UserId) split the text into words at spaces, " +
    "punctuation and case changes (userID, XMLParser) and drop the other characters. Returns { result }.",
  input: z.strictObject({
    text: textArg("The text to change, e.g. hello world"),
    case: z.enum(CASES).describe(`The case wanted: ${CASES.join(", ")}.`),
  }),
  output: z.strictObject({ result: z.string() }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    return { result: changeCase(args.text, args.case) };
  },
});

const analyzeText = tool({
  name: "analyze_text",
  description:
    "Counts what a text is made of. Returns { characters, letters, digits, whitespace, words, unique_words, " +
    "lines, is_palindrome }: words are runs of non-whitespace, unique_words counts them ignoring case and " +
    "surrounding punctuation, lines counts a last line without its newline (an empty text has 0), and " +
    "is_palindrome says whether the letters and digits read the same backwards ignoring case (false when " +
    "there are none).",
  input: z.strictObject({ text: textArg("The text to analyze") }),
  output: z.strictObject({
    characters: count,
    letters: count,
    digits: count,
    whitespace: count,
    words: count,
    unique_words: count,
    lines: count,
    is_palindrome: z.boolean(),
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    const cps = chars(args.text);
    const tally = (pattern: RegExp): number => cps.filter((ch) => pattern.test(ch)).length;
    const words = args.text.split(/\s+/u).filter((w) => w !== "");
    const unique = new Set(
      words.map((w) => foldCase(chars(w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))).join("")),
    );
    unique.delete("");
    const alnum = foldCase(cps.filter((ch) => /[\p{L}\p{N}]/u.test(ch)));
    const text = args.text;
    return {
      characters: cps.length,
      letters: tally(/\p{L}/u),
      digits: tally(/\p{Nd}/u),
      whitespace: tally(/\s/u),
      words: words.length,
      unique_words: unique.size,
      lines: text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
      is_palindrome: alnum.length > 0 && alnum.join("") === [...alnum].reverse().join(""),
    };
  },
});

const findOccurrences = tool({
  name: "find_occurrences",
  description:
    'Finds a substring in a text, matched literally, left to right without overlaps ("aa" occurs twice in ' +
    '"aaaa"). Returns { count, positions }: the 0-based character positions where each occurrence starts. No ' +
    "occurrence is not an error (count 0).",
  input: z.strictObject({
    text: textArg("The text to search"),
    substring: z.string().min(1).max(MAX_INPUT).describe("The text to look for, matched literally, e.g. an."),
    ignore_case: ignoreCaseArg,
  }),
  output: z.strictObject({ count, positions: z.array(count) }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const positions = matchesOf(args.text, args.substring, args.ignore_case);
    return { count: positions.length, positions };
  },
});

const replaceSubstring = tool({
  name: "replace_substring",
  description:
    "Replaces occurrences of a substring (matched literally, left to right, without overlaps) with another " +
    "text, all of them or the first max_replacements. Returns { result, replacements } with the number made " +
    "(0 leaves the text unchanged, which is not an error). Errors: INVALID_ARGUMENT if the result would be " +
    `longer than ${MAX_RESULT} characters.`,
  input: z.strictObject({
    text: textArg("The text to change"),
    find: z.string().min(1).max(MAX_INPUT).describe("The text to replace, matched literally, e.g. colour."),
    replace: z.string().max(MAX_INPUT).describe('The replacement, e.g. color; "" deletes the matches.'),
    ignore_case: ignoreCaseArg,
    max_replacements: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Replace only the first this many occurrences. Default: all."),
  }),
  output: z.strictObject({ result: z.string(), replacements: count }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const cps = chars(args.text);
    const width = chars(args.find).length;
    const positions = matchesOf(args.text, args.find, args.ignore_case, args.max_replacements);
    const pieces: string[] = [];
    let from = 0;
    for (const at of positions) {
      pieces.push(cps.slice(from, at).join(""), args.replace);
      from = at + width;
    }
    pieces.push(cps.slice(from).join(""));
    requireResultLength(pieces.reduce((sum, p) => sum + p.length, 0));
    return { result: pieces.join(""), replacements: positions.length };
  },
});

const splitString = tool({
  name: "split_string",
  description:
    'Splits a text at a separator, matched literally (an empty separator splits into characters: "abc" → ' +
    '["a", "b", "c"]). With max_parts n, splits at the first n - 1 separators only, the last part keeping the ' +
    "rest. trim removes whitespace around each part; remove_empty drops empty parts (after trimming). Returns " +
    "{ parts, count }.",
  input: z.strictObject({
    text: textArg("The text to split, e.g. a, b,,c"),
    separator: z.string().max(100).default(",").describe('The separator, e.g. ", " or "\\n". Default ",".'),
    max_parts: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Split into at most this many parts. Default: no limit."),
    trim: z.boolean().default(false).describe("Remove whitespace around each part. Default false."),
    remove_empty: z.boolean().default(false).describe("Drop parts that are empty. Default false."),
  }),
  output: z.strictObject({ parts: z.array(z.string()), count }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const limit = args.max_parts ?? Infinity;
    let parts: string[];
    if (args.separator === "") {
      const cps = chars(args.text);
      parts = cps.length > limit ? [...cps.slice(0, limit - 1), cps.slice(limit - 1).join("")] : cps;
    } else {
      const all = args.text.split(args.separator);
      parts =
        all.length > limit ? [...all.slice(0, limit - 1), all.slice(limit - 1).join(args.separator)] : all;
    }
    if (args.trim) parts = parts.map((p) => p.trim());
    if (args.remove_empty) parts = parts.filter((p) => p !== "");
    return { parts, count: parts.length };
  },
});

const joinStrings = tool({
  name: "join_strings",
  description:
    'Joins texts into one, with a separator between them (["a", "b"] with "-" → "a-b"). Returns { result, ' +
    `length } with length in characters. Errors: INVALID_ARGUMENT if the result would be longer than ${MAX_RESULT} ` +
    "characters.",
  input: z.strictObject({
    parts: z
      .array(z.string().max(MAX_INPUT))
      .min(1)
      .max(10_000)
      .describe('The texts to join, in order, e.g. ["2026", "12", "03"].'),
    separator: z
      .string()
      .max(100)
      .default("")
      .describe('Put between consecutive parts, e.g. "-". Default "".'),
  }),
  output: z.strictObject({ result: z.string(), length: count }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    requireResultLength(
      args.parts.reduce((sum, p) => sum + p.length, 0) + args.separator.length * (args.parts.length - 1),
    );
    const result = args.parts.join(args.separator);
    return { result, length: chars(result).length };
  },
});

const extractSubstring = tool({
  name: "extract_substring",
  description:
    "Extracts the characters from position start (0-based) up to but not including end; end defaults to, and " +
    'is capped at, the end of the text ("hello", 1, 3 → "el"). Returns { result, start, end, length } with the ' +
    "end actually used. Errors: INVALID_ARGUMENT if start is past the end of the text or end is before start " +
    "(the message gives the text's length).",
  input: z.strictObject({
    text: textArg("The text to extract from"),
    start: z.number().int().nonnegative().describe("Position of the first character wanted, 0-based."),
    end: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe("Position just after the last character wanted. Default: the end of the text."),
  }),
  output: z.strictObject({ result: z.string(), start: count, end: count, length: count }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const cps = chars(args.text);
    if (args.start > cps.length) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `start ${args.start} is past the end of the text, which has ${cps.length} characters; give start ≤ ${cps.length}`,
      );
    }
    const end = Math.min(args.end ?? cps.length, cps.length);
    if (end < args.start) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `end ${args.end} is before start ${args.start}; give an end at or after start`,
      );
    }
    const result = cps.slice(args.start, end).join("");
    return { result, start: args.start, end, length: end - args.start };
  },
});

export const strings = defineDomain({
  name: "strings",
  category: "String Manipulation",
  description:
    "Text utilities: reverse, change case, analyze, find, replace, split, join and extract. Stateless; " +
    "characters are Unicode code points.",
  state: stringsStateSchema,
  tools: [
    reverseString,
    changeCaseTool,
    analyzeText,
    findOccurrences,
    replaceSubstring,
    splitString,
    joinStrings,
    extractSubstring,
  ],
});
