import { deepEqual, isJsonObject, type JsonValue } from "../json.js";

/**
 * Argument matchers of gold steps. In a scenario file an argument's expected value is either a
 * literal (exact match; an object literal matches key by key, ignoring keys it does not list) or
 * an object with one `$` form:
 *   { $eq: v }                    deep equality, for values that are themselves objects
 *   { $ci: "text" }               equal ignoring case and surrounding white space
 *   { $regex: "pat", $flags?, $example? }
 *   { $approx: 3.5, $tol?: 0.01 } a number within an absolute tolerance (default 1e-6)
 *   { $oneOf: [m1, m2] }          any of the matchers
 *   { $any: true, $example? }     any value, or none
 *   { $from: "step.path", $ci? }  the value at `path` in the result of an earlier step
 * `$example` is what the oracle agent passes where the matcher does not name one value.
 */
export type Matcher =
  | { readonly kind: "eq"; readonly value: JsonValue }
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, Matcher>> }
  | { readonly kind: "array"; readonly items: readonly Matcher[] }
  | { readonly kind: "ci"; readonly value: string }
  | { readonly kind: "regex"; readonly re: RegExp; readonly example?: JsonValue }
  | { readonly kind: "approx"; readonly value: number; readonly tol: number }
  | { readonly kind: "oneOf"; readonly options: readonly Matcher[] }
  | { readonly kind: "any"; readonly example?: JsonValue }
  | { readonly kind: "from"; readonly step: string; readonly path: readonly string[]; readonly ci: boolean };

export interface MatcherIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Searched in this order: `$from` first, because `$ci` is also one of its modifiers. */
const FORMS = ["$from", "$eq", "$ci", "$regex", "$approx", "$oneOf", "$any"] as const;
const MODIFIERS: Record<string, readonly string[]> = {
  $eq: [],
  $ci: [],
  $regex: ["$flags", "$example"],
  $approx: ["$tol"],
  $oneOf: [],
  $any: ["$example"],
  $from: ["$ci"],
};

/** Compiles a matcher written in a scenario; problems are collected into `issues` with their path. */
export function compileMatcher(
  value: JsonValue,
  issues: MatcherIssue[],
  path: readonly (string | number)[] = [],
): Matcher {
  if (Array.isArray(value)) {
    return { kind: "array", items: value.map((item, i) => compileMatcher(item, issues, [...path, i])) };
  }
  if (!isJsonObject(value)) return { kind: "eq", value };
  const dollarKeys = Object.keys(value).filter((k) => k.startsWith("$"));
  if (dollarKeys.length === 0) {
    const fields: Record<string, Matcher> = {};
    for (const [key, field] of Object.entries(value))
      fields[key] = compileMatcher(field, issues, [...path, key]);
    return { kind: "object", fields };
  }
  const form = FORMS.find((f) => Object.hasOwn(value, f));
  if (!form) {
    issues.push({
      path,
      message: `unknown matcher ${dollarKeys.join(", ")}; use one of ${FORMS.join(", ")}`,
    });
    return { kind: "any" };
  }
  const allowed = new Set([form, ...(MODIFIERS[form] ?? [])]);
  const extra = Object.keys(value).filter((k) => !allowed.has(k));
  if (extra.length > 0) {
    issues.push({
      path,
      message: `${form} does not take ${extra.join(", ")}${allowed.size > 1 ? ` (it takes ${[...allowed].join(", ")})` : ""}; to match an object with such keys literally, wrap it in $eq`,
    });
  }
  const arg = value[form] as JsonValue;
  const at = [...path, form];
  switch (form) {
    case "$eq":
      return { kind: "eq", value: arg };
    case "$ci":
      if (typeof arg !== "string") issues.push({ path: at, message: "$ci takes a string" });
      return { kind: "ci", value: String(arg) };
    case "$regex": {
      const flags = value.$flags ?? "";
      if (typeof arg !== "string" || typeof flags !== "string") {
        issues.push({ path: at, message: "$regex takes a pattern string (and $flags a string)" });
        return { kind: "any" };
      }
      try {
        return withExample({ kind: "regex", re: new RegExp(arg, flags) }, value.$example);
      } catch (error) {
        issues.push({ path: at, message: `not a valid regular expression: ${(error as Error).message}` });
        return { kind: "any" };
      }
    }
    case "$approx": {
      const tol = value.$tol ?? 1e-6;
      if (typeof arg !== "number" || typeof tol !== "number" || tol < 0) {
        issues.push({ path: at, message: "$approx takes a number, and $tol a non-negative number" });
        return { kind: "any" };
      }
      return { kind: "approx", value: arg, tol };
    }
    case "$oneOf":
      if (!Array.isArray(arg) || arg.length === 0) {
        issues.push({ path: at, message: "$oneOf takes a non-empty list of matchers" });
        return { kind: "any" };
      }
      return { kind: "oneOf", options: arg.map((option, i) => compileMatcher(option, issues, [...at, i])) };
    case "$any":
      if (arg !== true) issues.push({ path: at, message: "write $any: true" });
      return withExample({ kind: "any" }, value.$example);
    case "$from": {
      const ci = value.$ci ?? false;
      if (typeof arg !== "string" || !/^[^.]+(\.[^.]+)*$/.test(arg) || typeof ci !== "boolean") {
        issues.push({ path: at, message: '$from takes "stepId.path.to.field" (and $ci true or false)' });
        return { kind: "any" };
      }
      const [step, ...rest] = arg.split(".");
      return { kind: "from", step: step as string, path: rest, ci };
    }
  }
}

function withExample<M extends { kind: "regex" | "any" }>(matcher: M, example: JsonValue | undefined): M {
  return example === undefined ? matcher : { ...matcher, example };
}

/**
 * Values that `$from` may take: the candidate results of the referenced step (its field at the
 * path). Empty when the step has no result yet, in which case a `$from` matcher fails.
 */
export type FromResolver = (step: string, path: readonly string[]) => readonly JsonValue[];

export const noResults: FromResolver = () => [];

export function matches(matcher: Matcher, actual: JsonValue | undefined, resolve: FromResolver): boolean {
  switch (matcher.kind) {
    case "any":
      return true;
    case "eq":
      return actual !== undefined && deepEqual(matcher.value, actual);
    case "object":
      return isJsonObject(actual) && fieldsMatch(matcher.fields, actual, resolve);
    case "array":
      return (
        Array.isArray(actual) &&
        actual.length === matcher.items.length &&
        matcher.items.every((item, i) => matches(item, actual[i], resolve))
      );
    case "ci":
      return typeof actual === "string" && foldCase(actual) === foldCase(matcher.value);
    case "regex":
      return typeof actual === "string" && matcher.re.test(actual);
    case "approx":
      return typeof actual === "number" && Math.abs(actual - matcher.value) <= matcher.tol;
    case "oneOf":
      return matcher.options.some((option) => matches(option, actual, resolve));
    case "from":
      return (
        actual !== undefined &&
        resolve(matcher.step, matcher.path).some((candidate) =>
          matcher.ci && typeof candidate === "string" && typeof actual === "string"
            ? foldCase(candidate) === foldCase(actual)
            : deepEqual(candidate, actual),
        )
      );
  }
}

/** Matches a call's arguments against a step's argument matchers: listed keys must match, others are free. */
export function argsMatch(
  expected: Readonly<Record<string, Matcher>>,
  actual: JsonValue,
  resolve: FromResolver = noResults,
): boolean {
  return isJsonObject(actual) && fieldsMatch(expected, actual, resolve);
}

/**
 * Whether each listed field matches its value in `actual`. A loop over the keys: every call of a
 * scenario tool is matched against its gold steps and declared answers, and `Object.entries`
 * with `every` made an array of pairs and a closure each time.
 */
function fieldsMatch(
  fields: Readonly<Record<string, Matcher>>,
  actual: { readonly [key: string]: JsonValue },
  resolve: FromResolver,
): boolean {
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    if (!matches(fields[key] as Matcher, actual[key], resolve)) return false;
  }
  return true;
}

/**
 * The value the oracle agent passes for a matcher: the literal, the example, the first option,
 * or the referenced result. `undefined` means "leave the argument out".
 */
export function exampleValue(matcher: Matcher, resolve: FromResolver = noResults): JsonValue | undefined {
  switch (matcher.kind) {
    case "eq":
      return matcher.value;
    case "ci":
      return matcher.value;
    case "approx":
      return matcher.value;
    case "regex":
    case "any":
      return matcher.example;
    case "oneOf":
      return matcher.options.length > 0 ? exampleValue(matcher.options[0] as Matcher, resolve) : undefined;
    case "from":
      return resolve(matcher.step, matcher.path)[0];
    case "array": {
      const items = matcher.items.map((item) => exampleValue(item, resolve));
      return items.some((item) => item === undefined) ? undefined : (items as JsonValue[]);
    }
    case "object": {
      const out: Record<string, JsonValue> = {};
      for (const [key, field] of Object.entries(matcher.fields)) {
        const v = exampleValue(field, resolve);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
  }
}

/** Steps whose results a matcher reads through `$from`. */
export function referencedSteps(matcher: Matcher, into: Set<string> = new Set()): Set<string> {
  switch (matcher.kind) {
    case "from":
      into.add(matcher.step);
      break;
    case "object":
      for (const field of Object.values(matcher.fields)) referencedSteps(field, into);
      break;
    case "array":
      for (const item of matcher.items) referencedSteps(item, into);
      break;
    case "oneOf":
      for (const option of matcher.options) referencedSteps(option, into);
      break;
    default:
      break;
  }
  return into;
}

/** Case folding for $ci and text checks: NFKC, lower case, trimmed. */
export function foldCase(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase();
}
