import { deepEqual, getPath, type JsonPrimitive, type JsonValue } from "../json.js";
import { offeredAlternatives } from "./alternatives.js";
import {
  hedged,
  holdsJsonData,
  type NumberMention,
  numberMentions,
  sameQuantity,
  textWords,
  unwrapAnswer,
  wordLimit,
  wordRuns,
} from "./answer-text.js";
import { type FromResolver, foldCase } from "./matchers.js";
import type { AnswerCheckSpec, ExpectedSpec, StateCheckSpec } from "./schema.js";

/**
 * Judging a task's final answer and the final domain state. Expected values may be literals or
 * `{ $from: "step.path" }`, read from the result of the job that did that step. An answer check
 * accepts the ways a value is stated (wrapped in a sentence, quotes or a code fence, with a
 * currency sign or thousands separators) and rejects hedges and dumps; the rules are in
 * docs/scenario-format.md, "Answer checks".
 */

export type Expected =
  | { readonly kind: "literal"; readonly value: JsonPrimitive }
  | { readonly kind: "from"; readonly step: string; readonly path: readonly string[] };

export type AnswerCheck =
  | { readonly kind: "exact"; readonly expected: Expected }
  | {
      readonly kind: "normalized";
      readonly expected: Expected;
      /** Other values the instruction offers in place of the expected one: naming one is a hedge. */
      readonly offered: readonly string[];
    }
  | { readonly kind: "number"; readonly expected: Expected; readonly tolerance: number }
  | { readonly kind: "contains"; readonly expected: readonly Expected[]; readonly offered: readonly string[] }
  | { readonly kind: "choice"; readonly expected: Expected; readonly options: readonly string[] }
  | { readonly kind: "regex"; readonly re: RegExp; readonly example: string }
  | { readonly kind: "any" };

export type StateCheck =
  | {
      readonly kind: "equals";
      readonly path: readonly (string | number)[];
      /** A state value may be any JSON (a list, an object), not only a primitive. */
      readonly expected: Expected | { readonly kind: "json"; readonly value: JsonValue };
    }
  | { readonly kind: "exists"; readonly path: readonly (string | number)[]; readonly exists: boolean }
  | { readonly kind: "count"; readonly path: readonly (string | number)[]; readonly count: number };

export function compileExpected(spec: ExpectedSpec): Expected {
  if (spec !== null && typeof spec === "object") {
    const [step, ...path] = spec.$from.split(".");
    return { kind: "from", step: step ?? "", path };
  }
  return { kind: "literal", value: spec };
}

/**
 * Compiles an answer check. With the task's instruction, a `normalized` or `contains` check also
 * learns the alternatives the instruction offers for its literal values ("finance or support"),
 * so that an answer naming them as well fails as a hedge.
 */
export function compileAnswerCheck(spec: AnswerCheckSpec, instruction = ""): AnswerCheck {
  const offered = (expected: readonly Expected[]): string[] =>
    offeredAlternatives(
      instruction,
      expected.flatMap((e) => (e.kind === "literal" ? [asText(e.value)] : [])),
    );
  if ("exact" in spec) return { kind: "exact", expected: compileExpected(spec.exact) };
  if ("normalized" in spec) {
    const expected = compileExpected(spec.normalized);
    return { kind: "normalized", expected, offered: offered([expected]) };
  }
  if ("choice" in spec) {
    return { kind: "choice", expected: compileExpected(spec.choice), options: spec.options.map(String) };
  }
  if ("number" in spec) {
    return { kind: "number", expected: compileExpected(spec.number), tolerance: spec.tolerance ?? 1e-6 };
  }
  if ("contains" in spec) {
    const list = (Array.isArray(spec.contains) ? spec.contains : [spec.contains]).map(compileExpected);
    return { kind: "contains", expected: list, offered: offered(list) };
  }
  if ("regex" in spec)
    return { kind: "regex", re: new RegExp(spec.regex, spec.flags ?? ""), example: spec.example };
  return { kind: "any" };
}

export function compileStateCheck(spec: StateCheckSpec): StateCheck {
  const path = typeof spec.path === "string" ? spec.path.split(".") : spec.path;
  if ("exists" in spec) return { kind: "exists", path, exists: spec.exists };
  if ("count" in spec) return { kind: "count", path, count: spec.count };
  const value = spec.equals;
  const expected =
    value !== null && typeof value === "object" && !Array.isArray(value) && typeof value.$from === "string"
      ? compileExpected({ $from: value.$from })
      : { kind: "json" as const, value: value as JsonValue };
  return { kind: "equals", path, expected };
}

/**
 * An answer that passes the check, given the results of the steps: what the oracle agent
 * answers. Undefined when a value it needs has no result.
 */
export function exampleAnswer(check: AnswerCheck, resolve: FromResolver): string | undefined {
  const first = (expected: Expected): string | undefined => {
    const value = resolveExpected(expected, resolve)[0];
    return value === undefined ? undefined : asText(value);
  };
  switch (check.kind) {
    case "exact":
    case "normalized":
    case "number":
    case "choice":
      return first(check.expected);
    case "contains": {
      const parts = check.expected.map(first);
      return parts.some((p) => p === undefined) ? undefined : parts.join(", ");
    }
    case "regex":
      return check.example;
    case "any":
      return "done";
  }
}

/** Folds case, punctuation and white space, so "Ada  Lovelace." equals "ada lovelace". */
export function normalizeText(text: string): string {
  return (
    foldCase(text)
      // A sign is not punctuation: "-8" must not equal "8" (ASCII hyphen-minus or U+2212 before a digit).
      .replace(/[-\u2212](?=\d)/g, " minus ")
      // Thousands separators are not punctuation either: "5,300" is "5300".
      .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
      .replace(/[\p{P}\p{S}]+/gu, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** The first number written in a text ("1,024 bytes" → 1024, "-3.5e2" → -350), or null. */
export function firstNumber(text: string): number | null {
  const match = /-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?|-?\.\d+/.exec(text);
  if (!match) return null;
  const value = Number(match[0].replaceAll(",", ""));
  return Number.isFinite(value) ? value : null;
}

export interface CheckOutcome {
  readonly pass: boolean;
  /** Why it failed, for the report: "expected BK1001, got BK1002". */
  readonly detail?: string;
}

function resolveExpected(expected: Expected, resolve: FromResolver): JsonValue[] {
  return expected.kind === "literal" ? [expected.value] : [...resolve(expected.step, expected.path)];
}

function asText(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function checkAnswer(check: AnswerCheck, answer: string, resolve: FromResolver): CheckOutcome {
  const fail = (detail: string): CheckOutcome => ({ pass: false, detail });
  switch (check.kind) {
    case "any":
      return { pass: true };
    case "regex":
      return check.re.test(answer) ? { pass: true } : fail(`answer does not match /${check.re.source}/`);
    case "exact": {
      const wanted = resolveExpected(check.expected, resolve);
      const said = unwrapAnswer(answer);
      return wanted.some((w) => unwrapAnswer(asText(w)) === said)
        ? { pass: true }
        : fail(describeMiss(wanted, answer));
    }
    case "normalized":
      return checkNormalized(check, answer, resolve);
    case "number":
      return checkNumber(check, answer, resolve);
    case "contains": {
      const wantedAll = check.expected.map((e) => resolveExpected(e, resolve));
      const dump = pastedResult(answer, wantedAll.flat());
      if (dump) return fail(dump);
      const said = textWords(answer);
      const expectedWords = wantedAll.reduce(
        (n, wanted) => n + Math.max(0, ...wanted.map((w) => textWords(asText(w)).length)),
        0,
      );
      if (said.length > wordLimit(expectedWords))
        return fail(
          `the answer has ${said.length} words for ${expectedWords} expected: a dump, not an answer`,
        );
      for (const wanted of wantedAll) {
        if (!wanted.some((w) => wordRuns(said, textWords(asText(w))).length > 0)) {
          return fail(
            `answer does not contain ${wanted.length ? asText(wanted[0] as JsonValue) : "(no result)"}`,
          );
        }
      }
      const values = wantedAll.flat().map((w) => textWords(asText(w)));
      const rival = check.offered.find((o) => values.every((v) => namesOther(said, textWords(o), v)));
      if (rival !== undefined)
        return fail(`the answer also names ${rival}, another option the instruction offers: a hedge`);
      return values.some((v) => hedged(said, v))
        ? fail("the answer offers a value as one of alternatives: a hedge")
        : { pass: true };
    }
    case "choice":
      return checkChoice(check, answer, resolve);
  }
}

/** Why an answer is a pasted tool result (JSON data), or undefined; JSON is fine when the value is JSON. */
function pastedResult(answer: string, wanted: readonly JsonValue[]): string | undefined {
  if (!holdsJsonData(answer) || wanted.some((w) => holdsJsonData(asText(w)))) return undefined;
  return "the answer pastes JSON data (a tool result): state the value instead";
}

/** Whether `said` names `other` somewhere outside the places it states `value`. */
function namesOther(said: readonly string[], other: readonly string[], value: readonly string[]): boolean {
  if (other.length === 0) return false;
  const covered = new Set<number>();
  for (const start of wordRuns(said, value)) for (let k = 0; k < value.length; k++) covered.add(start + k);
  return wordRuns(said, other).some((start) => other.some((_, k) => !covered.has(start + k)));
}

function checkNormalized(
  check: Extract<AnswerCheck, { kind: "normalized" }>,
  answer: string,
  resolve: FromResolver,
): CheckOutcome {
  const fail = (detail: string): CheckOutcome => ({ pass: false, detail });
  const wanted = resolveExpected(check.expected, resolve);
  const dump = pastedResult(answer, wanted);
  if (dump) return fail(dump);
  const said = textWords(unwrapAnswer(answer));
  let miss: string | undefined;
  for (const w of wanted) {
    const value = textWords(unwrapAnswer(asText(w)));
    if (value.length === said.length && value.every((word, i) => said[i] === word)) return { pass: true };
    if (value.length === 0 || wordRuns(said, value).length === 0) continue;
    // The value stated in a sentence: short, and naming no alternative the instruction offers.
    const rival = check.offered.find((o) => namesOther(said, textWords(o), value));
    if (said.length > wordLimit(value.length))
      miss = `the answer has ${said.length} words for ${value.length} expected: a dump, not an answer`;
    else if (rival !== undefined)
      miss = `the answer also names ${rival}, another option the instruction offers: a hedge`;
    else if (hedged(said, value)) miss = "the answer offers the value as one of alternatives: a hedge";
    else return { pass: true };
  }
  return fail(miss ?? describeMiss(wanted, answer));
}

function checkNumber(
  check: Extract<AnswerCheck, { kind: "number" }>,
  answer: string,
  resolve: FromResolver,
): CheckOutcome {
  const fail = (detail: string): CheckOutcome => ({ pass: false, detail });
  const wanted = resolveExpected(check.expected, resolve);
  const dump = pastedResult(answer, wanted);
  if (dump) return fail(dump);
  const mentions = numberMentions(answer);
  if (mentions.length === 0) return fail(`no number in the answer ${JSON.stringify(answer)}`);
  const words = textWords(answer).length;
  if (words > wordLimit(1))
    return fail(`the answer has ${words} words for one number: a dump, not an answer`);
  let conflict: NumberMention | undefined;
  for (const w of wanted) {
    const n = typeof w === "number" ? w : typeof w === "string" ? firstNumber(w) : null;
    if (n === null) continue;
    const near = (m: NumberMention) => Math.abs(m.value - n) <= check.tolerance;
    const right = mentions.filter(near);
    if (right.length === 0) continue;
    const others = mentions.filter((m) => !near(m));
    conflict = others.find((o) => right.some((r) => sameQuantity(answer, r, o)));
    if (conflict === undefined) return { pass: true };
  }
  if (conflict !== undefined) {
    return fail(
      `the answer also states ${answer.slice(conflict.start, conflict.end)}, a conflicting value of the same quantity`,
    );
  }
  return fail(describeMiss(wanted, answer));
}

function checkChoice(
  check: Extract<AnswerCheck, { kind: "choice" }>,
  answer: string,
  resolve: FromResolver,
): CheckOutcome {
  const fail = (detail: string): CheckOutcome => ({ pass: false, detail });
  const wanted = resolveExpected(check.expected, resolve);
  const dump = pastedResult(answer, wanted);
  if (dump) return fail(dump);
  const said = textWords(unwrapAnswer(answer));
  const longest = Math.max(...check.options.map((o) => textWords(o).length));
  if (said.length > wordLimit(longest))
    return fail(`the answer has ${said.length} words to name one option: a dump, not an answer`);
  const named = namedOptions(said, check.options);
  if (named.length === 0) return fail(`the answer names none of the options (${check.options.join(", ")})`);
  if (named.length > 1) return fail(`the answer names ${named.join(" and ")}: name exactly one option`);
  const choice = textWords(named[0] as string).join(" ");
  return wanted.some((w) => textWords(asText(w)).join(" ") === choice)
    ? { pass: true }
    : fail(describeMiss(wanted, answer));
}

/** The options an answer names, each once; a longer option's words are not read again as a shorter one. */
export function namedOptions(said: readonly string[], options: readonly string[]): string[] {
  const taken = new Set<number>();
  const named: string[] = [];
  const byLength = [...options].sort((a, b) => textWords(b).length - textWords(a).length);
  for (const option of byLength) {
    const words = textWords(option);
    for (const start of wordRuns(said, words)) {
      const span = words.map((_, k) => start + k);
      if (span.some((i) => taken.has(i))) continue;
      for (const i of span) taken.add(i);
      if (!named.includes(option)) named.push(option);
    }
  }
  return named;
}

function describeMiss(wanted: readonly JsonValue[], answer: string): string {
  if (wanted.length === 0) return "the expected value comes from a step that has no result";
  return `expected ${asText(wanted[0] as JsonValue)}, got ${JSON.stringify(answer)}`;
}

/** Checks the final domain state, a map of domain name → state. */
export function checkState(
  check: StateCheck,
  states: Readonly<Record<string, JsonValue>>,
  resolve: FromResolver,
): CheckOutcome {
  const value = getPath(states, check.path);
  const where = check.path.join(".");
  switch (check.kind) {
    case "exists":
      return (value !== undefined) === check.exists
        ? { pass: true }
        : { pass: false, detail: `${where} ${check.exists ? "does not exist" : "still exists"}` };
    case "count": {
      const size = Array.isArray(value)
        ? value.length
        : value && typeof value === "object"
          ? Object.keys(value).length
          : -1;
      return size === check.count
        ? { pass: true }
        : { pass: false, detail: `${where} has ${size < 0 ? "no" : size} items, expected ${check.count}` };
    }
    case "equals": {
      const wanted =
        check.expected.kind === "from" ? resolveExpected(check.expected, resolve) : [check.expected.value];
      return wanted.some((w) => deepEqual(w, value))
        ? { pass: true }
        : {
            pass: false,
            detail: `${where} is ${JSON.stringify(value)}, expected ${JSON.stringify(wanted[0])}`,
          };
    }
  }
}
