import { deepEqual, getPath, type JsonPrimitive, type JsonValue } from "../json.js";
import { type FromResolver, foldCase } from "./matchers.js";
import type { AnswerCheckSpec, ExpectedSpec, StateCheckSpec } from "./schema.js";

/**
 * Judging a task's final answer and the final domain state. Expected values may be literals or
 * `{ $from: "step.path" }`, read from the result of the job that did that step.
 */

export type Expected =
  | { readonly kind: "literal"; readonly value: JsonPrimitive }
  | { readonly kind: "from"; readonly step: string; readonly path: readonly string[] };

export type AnswerCheck =
  | { readonly kind: "exact"; readonly expected: Expected }
  | { readonly kind: "normalized"; readonly expected: Expected }
  | { readonly kind: "number"; readonly expected: Expected; readonly tolerance: number }
  | { readonly kind: "contains"; readonly expected: readonly Expected[] }
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

export function compileAnswerCheck(spec: AnswerCheckSpec): AnswerCheck {
  if ("exact" in spec) return { kind: "exact", expected: compileExpected(spec.exact) };
  if ("normalized" in spec) return { kind: "normalized", expected: compileExpected(spec.normalized) };
  if ("number" in spec) {
    return { kind: "number", expected: compileExpected(spec.number), tolerance: spec.tolerance ?? 1e-6 };
  }
  if ("contains" in spec) {
    const list = Array.isArray(spec.contains) ? spec.contains : [spec.contains];
    return { kind: "contains", expected: list.map(compileExpected) };
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
      return wanted.some((w) => asText(w).trim() === answer.trim())
        ? { pass: true }
        : fail(describeMiss(wanted, answer));
    }
    case "normalized": {
      const wanted = resolveExpected(check.expected, resolve);
      return wanted.some((w) => normalizeText(asText(w)) === normalizeText(answer))
        ? { pass: true }
        : fail(describeMiss(wanted, answer));
    }
    case "number": {
      const wanted = resolveExpected(check.expected, resolve);
      const got = firstNumber(answer);
      if (got === null) return fail(`no number in the answer ${JSON.stringify(answer)}`);
      return wanted.some((w) => {
        const n = typeof w === "number" ? w : typeof w === "string" ? firstNumber(w) : null;
        return n !== null && Math.abs(n - got) <= check.tolerance;
      })
        ? { pass: true }
        : fail(describeMiss(wanted, answer));
    }
    case "contains": {
      const text = normalizeText(answer);
      for (const expected of check.expected) {
        const wanted = resolveExpected(expected, resolve);
        if (!wanted.some((w) => text.includes(normalizeText(asText(w))))) {
          return fail(
            `answer does not contain ${wanted.length ? asText(wanted[0] as JsonValue) : "(no result)"}`,
          );
        }
      }
      return { pass: true };
    }
  }
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
