import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/json.js";
import {
  argsMatch,
  compileMatcher,
  exampleValue,
  type FromResolver,
  type MatcherIssue,
  matches,
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
