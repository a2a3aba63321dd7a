import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/json.js";
import {
  argsMatch,
  compileMatcher,
  exampleValue,
  type FromResolver,
  type MatcherIssue,
  matches,
  referencedSteps,
} from "../../src/scenarios/matchers.js";

function compile(value: JsonValue) {
  const issues: MatcherIssue[] = [];
  const matcher = compileMatcher(value, issues);
  return { matcher, issues };
}

const resolve: FromResolver = (step, path) =>
  step === "search" && path.join(".") === "flights.0.id" ? ["UA100"] : [];
const ok = (spec: JsonValue, actual: JsonValue | undefined) =>
  matches(compile(spec).matcher, actual, resolve);

describe("argument matchers", () => {
  it("literals match exactly; objects key by key, ignoring keys they do not list", () => {
    expect(ok("SFO", "SFO")).toBe(true);
    expect(ok("SFO", "sfo")).toBe(false);
    expect(ok(3, 3)).toBe(true);
    expect(ok({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(ok({ a: 1 }, { b: 2 })).toBe(false);
    expect(ok([1, 2], [1, 2])).toBe(true);
    expect(ok([1, 2], [1, 2, 3])).toBe(false);
    expect(ok({ $eq: { a: 1 } }, { a: 1, b: 2 })).toBe(false);
  });

  it("$ci, $regex, $approx, $oneOf and $any", () => {
    expect(ok({ $ci: "Ada Lovelace" }, " ada lovelace ")).toBe(true);
    expect(ok({ $regex: "^UA\\d+$" }, "UA100")).toBe(true);
    expect(ok({ $regex: "^UA\\d+$" }, "DL1")).toBe(false);
    expect(ok({ $approx: 2.5, $tol: 0.01 }, 2.505)).toBe(true);
    expect(ok({ $approx: 2.5, $tol: 0.01 }, 2.6)).toBe(false);
    expect(ok({ $oneOf: ["a", { $ci: "B" }] }, "b")).toBe(true);
    expect(ok({ $any: true }, undefined)).toBe(true);
  });

  it("$from matches the value an earlier step returned, and nothing while it has none", () => {
    expect(ok({ $from: "search.flights.0.id" }, "UA100")).toBe(true);
    expect(ok({ $from: "search.flights.0.id" }, "DL210")).toBe(false);
    expect(ok({ $from: "search.flights.0.id", $ci: true }, "ua100")).toBe(true);
    expect(ok({ $from: "other.x" }, "UA100")).toBe(false);
  });

  it("matches a call's arguments: listed ones must match, others are free", () => {
    const { matcher } = compile({ from: "SFO", to: { $ci: "jfk" } });
    expect(matcher.kind).toBe("object");
    if (matcher.kind !== "object") return;
    expect(argsMatch(matcher.fields, { from: "SFO", to: "JFK", max_price: 400 })).toBe(true);
    expect(argsMatch(matcher.fields, { from: "SFO" })).toBe(false);
  });

  it("names the value the oracle passes", () => {
    expect(exampleValue(compile({ $ci: "Ada" }).matcher)).toBe("Ada");
    expect(exampleValue(compile({ $regex: "^x", $example: "xy" }).matcher)).toBe("xy");
    expect(exampleValue(compile({ $any: true }).matcher)).toBeUndefined();
    expect(exampleValue(compile({ $from: "search.flights.0.id" }).matcher, resolve)).toBe("UA100");
    expect(exampleValue(compile({ a: { $oneOf: [1, 2] }, b: { $any: true } }).matcher)).toEqual({ a: 1 });
  });

  it("reports what is wrong with a matcher, where", () => {
    expect(compile({ $like: "x" }).issues[0]?.message).toMatch(
      /unknown matcher \$like; use one of \$from, \$eq/,
    );
    expect(compile({ $regex: "(" }).issues[0]).toMatchObject({
      path: ["$regex"],
      message: expect.stringMatching(/not a valid regular expression/),
    });
    expect(compile({ $approx: "x" }).issues[0]?.message).toMatch(/\$approx takes a number/);
    expect(compile({ $ci: "a", extra: 1 }).issues[0]?.message).toMatch(/\$ci does not take extra/);
    expect(compile({ $oneOf: [] }).issues[0]?.message).toMatch(/non-empty list/);
    expect(compile({ $from: "" }).issues[0]?.message).toMatch(/\$from takes "stepId\.path/);
  });
});

/**
 * Semantics that decide whether a call matches a gold step, pinned at their edges: `$from`
 * with `$ci`, case folding with NFKC, where a regex may match, and the exact tolerance.
 */
describe("matcher semantics", () => {
  it("$from compiles the whole path, and honours $ci only when it is set", () => {
    expect(compile({ $from: "search.flights.0.id", $ci: true }).matcher).toEqual({
      kind: "from",
      step: "search",
      path: ["flights", "0", "id"],
      ci: true,
    });
    expect(compile({ $from: "search.flights.0.id" }).matcher).toMatchObject({ ci: false });
    expect(ok({ $from: "search.flights.0.id" }, "ua100")).toBe(false);
    expect(ok({ $from: "search.flights.0.id", $ci: false }, "ua100")).toBe(false);
    expect(ok({ $from: "search.flights.0.id", $ci: true }, " UA100 ")).toBe(true);
    expect(ok({ $from: "search.flights.0.id", $ci: true }, "UA101")).toBe(false);
    expect(ok({ $from: "search.flights.0.id", $ci: true }, undefined)).toBe(false);
    // $ci folds strings only: a number result still needs deep equality.
    const numbers: FromResolver = () => [3];
    const ci = compile({ $from: "n.value", $ci: true }).matcher;
    expect(matches(ci, 3, numbers)).toBe(true);
    expect(matches(ci, "3", numbers)).toBe(false);
  });

  it("$ci folds case, surrounding spaces and compatibility forms (NFKC), and only strings", () => {
    // U+FB01 is the "fi" ligature; U+FF21.. are full-width letters: NFKC maps them to ASCII.
    expect(ok({ $ci: "File AB" }, "\uFB01le \uFF21\uFF22")).toBe(true);
    expect(ok({ $ci: "\uFB01le" }, "FILE")).toBe(true);
    expect(ok({ $ci: "file" }, "fi le")).toBe(false);
    expect(ok({ $ci: "3" }, 3)).toBe(false);
  });

  it("$regex searches the value unless the pattern is anchored, and takes $flags", () => {
    expect(ok({ $regex: "UA\\d+" }, "flight UA100 today")).toBe(true);
    expect(ok({ $regex: "^UA\\d+$" }, "flight UA100 today")).toBe(false);
    expect(ok({ $regex: "^UA\\d+$" }, "UA100x")).toBe(false);
    expect(ok({ $regex: "^ua\\d+$" }, "UA100")).toBe(false);
    expect(ok({ $regex: "^ua\\d+$", $flags: "i" }, "UA100")).toBe(true);
    expect(ok({ $regex: "\\d" }, 5)).toBe(false); // a number is not text
  });

  it("$approx passes at exactly the tolerance, fails just past it, and matches numbers only", () => {
    // 3.5 ± 0.25: both ends are exact in binary, so |actual − 3.5| is exactly 0.25 there.
    expect(ok({ $approx: 3.5, $tol: 0.25 }, 3.75)).toBe(true);
    expect(ok({ $approx: 3.5, $tol: 0.25 }, 3.25)).toBe(true);
    expect(ok({ $approx: 3.5, $tol: 0.25 }, 3.7501)).toBe(false);
    expect(ok({ $approx: 3.5, $tol: 0.25 }, 3.2499)).toBe(false);
    // Default tolerance 1e-6; $tol 0 is exact.
    expect(ok({ $approx: 2 }, 2.0000005)).toBe(true);
    expect(ok({ $approx: 2 }, 2.000002)).toBe(false);
    expect(ok({ $approx: 2, $tol: 0 }, 2)).toBe(true);
    expect(ok({ $approx: 2, $tol: 0 }, 2.0000005)).toBe(false);
    expect(ok({ $approx: 2 }, "2")).toBe(false);
  });

  it("a literal or $eq needs the value present; lists and objects need their own kind", () => {
    expect(ok(null, undefined)).toBe(false);
    expect(ok({ $eq: null }, null)).toBe(true);
    expect(ok({ $eq: null }, undefined)).toBe(false);
    expect(ok([1, 2], [2, 1])).toBe(false);
    expect(ok([1], { 0: 1 })).toBe(false);
    expect(ok({ a: 1 }, [1])).toBe(false);
    expect(ok({ a: 1 }, "a")).toBe(false);
    expect(ok({ $oneOf: [1, 2] }, 3)).toBe(false);
  });

  it("refuses malformed forms, naming the fix", () => {
    const message = (value: JsonValue) => compile(value).issues.map((i) => i.message);
    expect(message({ $approx: 1, $tol: -0.1 })).toEqual([
      "$approx takes a number, and $tol a non-negative number",
    ]);
    expect(message({ $approx: 1, $tol: 0 })).toEqual([]);
    expect(message({ $ci: 3 })).toEqual(["$ci takes a string"]);
    expect(message({ $regex: 3 })).toEqual(["$regex takes a pattern string (and $flags a string)"]);
    expect(message({ $regex: "x", $flags: 1 })).toEqual([
      "$regex takes a pattern string (and $flags a string)",
    ]);
    expect(message({ $any: false })).toEqual(["write $any: true"]);
    expect(message({ $oneOf: "a" })).toEqual(["$oneOf takes a non-empty list of matchers"]);
    for (const bad of ["a.", ".a", "a..b"])
      expect(message({ $from: bad })).toEqual(['$from takes "stepId.path.to.field" (and $ci true or false)']);
    expect(message({ $from: "a.b", $ci: "yes" })).toEqual([
      '$from takes "stepId.path.to.field" (and $ci true or false)',
    ]);
    expect(message({ $from: "a.b.c", $ci: true })).toEqual([]);
    expect(message({ $eq: 1, $tol: 1 })).toEqual([
      "$eq does not take $tol; to match an object with such keys literally, wrap it in $eq",
    ]);
    expect(message({ $approx: 1, $flags: "i" })).toEqual([
      "$approx does not take $flags (it takes $approx, $tol); to match an object with such keys literally, wrap it in $eq",
    ]);
    expect(compile({ list: [{ $like: 1 }] }).issues[0]?.path).toEqual(["list", 0]);
    expect(compile({ $oneOf: [{ $ci: 1 }] }).issues[0]?.path).toEqual(["$oneOf", 0, "$ci"]);
  });

  it("names the oracle's value for every form, leaving out what it cannot name", () => {
    expect(exampleValue(compile({ $approx: 2.5 }).matcher)).toBe(2.5);
    expect(exampleValue(compile({ $eq: { a: 1 } }).matcher)).toEqual({ a: 1 });
    expect(exampleValue(compile({ $any: true, $example: 4 }).matcher)).toBe(4);
    expect(exampleValue(compile({ $oneOf: [{ $ci: "X" }, "y"] }).matcher)).toBe("X");
    expect(exampleValue(compile([1, { $from: "search.flights.0.id" }]).matcher, resolve)).toEqual([
      1,
      "UA100",
    ]);
    expect(exampleValue(compile([1, { $from: "other.x" }]).matcher, resolve)).toBeUndefined();
    expect(exampleValue(compile({ $from: "other.x" }).matcher, resolve)).toBeUndefined();
    expect(exampleValue(compile({ $regex: "x" }).matcher)).toBeUndefined();
  });

  it("lists the steps a matcher reads, however deep", () => {
    const { matcher } = compile({
      a: { $from: "s1.x" },
      b: [{ $from: "s2.y" }, 1],
      c: { $oneOf: [{ $from: "s3.z" }, "lit"] },
      d: { $ci: "s4" },
    });
    expect([...referencedSteps(matcher)].sort()).toEqual(["s1", "s2", "s3"]);
  });
});

describe("matcher defaults", () => {
  it("reads no results when no resolver is given: a $from argument then matches nothing", () => {
    const { matcher } = compile({ id: { $from: "search.flights.0.id" } });
    if (matcher.kind !== "object") throw new Error("expected an object matcher");
    expect(argsMatch(matcher.fields, { id: "UA100" })).toBe(false);
    expect(argsMatch(matcher.fields, { id: "UA100" }, resolve)).toBe(true);
    expect(exampleValue(matcher)).toEqual({});
  });

  it("leaves an argument it cannot name out of the object, rather than passing it as undefined", () => {
    const value = exampleValue(compile({ a: { $oneOf: [1, 2] }, b: { $any: true } }).matcher);
    // toEqual ignores undefined keys: the key list shows that b is absent, not present and undefined.
    expect(Object.keys(value as object)).toEqual(["a"]);
  });

  it("names every unknown key and every key a form does not take, comma-separated", () => {
    const message = (value: JsonValue) => compile(value).issues.map((i) => i.message);
    expect(message({ $like: 1, $near: 2 })).toEqual([
      "unknown matcher $like, $near; use one of $from, $eq, $ci, $regex, $approx, $oneOf, $any",
    ]);
    expect(message({ $eq: 1, $tol: 1, $flags: "i" })).toEqual([
      "$eq does not take $tol, $flags; to match an object with such keys literally, wrap it in $eq",
    ]);
  });

  it("compiles a malformed matcher to $any next to its issue, so compiling goes on", () => {
    const malformed: JsonValue[] = [
      { $like: 1 },
      { $regex: 3 },
      { $regex: "(" },
      { $approx: "x" },
      { $oneOf: [] },
      { $from: "a..b" },
    ];
    for (const value of malformed) {
      const { matcher, issues } = compile(value);
      expect(issues).toHaveLength(1);
      expect(matcher).toStrictEqual({ kind: "any" });
      expect(matches(matcher, "anything", resolve)).toBe(true);
    }
    // No $example: the matcher has no example key at all (not one set to undefined).
    expect(compile({ $any: true }).matcher).toStrictEqual({ kind: "any" });
    expect(compile({ $regex: "x" }).matcher).toStrictEqual({ kind: "regex", re: /x/ });
  });

  it("refuses a $tol that is not a number and a $from that is not a string", () => {
    const message = (value: JsonValue) => compile(value).issues.map((i) => i.message);
    expect(message({ $approx: 1, $tol: "0.1" })).toEqual([
      "$approx takes a number, and $tol a non-negative number",
    ]);
    expect(message({ $from: 5 })).toEqual(['$from takes "stepId.path.to.field" (and $ci true or false)']);
  });

  it("a list matches item by item: every item must match, not one of them", () => {
    expect(ok([1, 2], [1, 3])).toBe(false);
    expect(ok([1, 2], [3, 2])).toBe(false);
    expect(ok([1, { $ci: "x" }], [1, "X"])).toBe(true);
  });

  it("$from with $ci folds only when both the result and the argument are text", () => {
    const ci = compile({ $from: "n.value", $ci: true }).matcher;
    // A text result "3" and a number argument 3: not equal, and no case folding of a number.
    expect(matches(ci, 3, () => ["3"])).toBe(false);
    expect(matches(ci, "3", () => ["3"])).toBe(true);
  });

  it("names no value for a $oneOf with no options", () => {
    expect(exampleValue({ kind: "oneOf", options: [] })).toBeUndefined();
  });
});
