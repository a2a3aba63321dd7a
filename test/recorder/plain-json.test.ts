import { describe, expect, it } from "vitest";
import { isPlainJson } from "../../src/recorder/lean-schemas.js";

/** `depth` arrays and objects nested in turn around `leaf`. */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

describe("isPlainJson", () => {
  it("vouches for strings, finite numbers, booleans, null, dense arrays and plain objects", () => {
    expect(isPlainJson({ q: "k1", n: 2, ok: true, none: null, list: [1, "a", { b: [] }] })).toBe(true);
    expect(isPlainJson(Object.assign(Object.create(null), { a: 1 }))).toBe(true);
    expect(isPlainJson("x")).toBe(true);
  });

  it("refuses what z.json() might not take or JSON.stringify would write otherwise", () => {
    expect(isPlainJson({ a: [1, Number.NaN] })).toBe(false);
    expect(isPlainJson({ a: Number.POSITIVE_INFINITY })).toBe(false);
    expect(isPlainJson(new Array(3))).toBe(false);
    expect(isPlainJson({ when: new Date(0) })).toBe(false);
    expect(isPlainJson(JSON.parse('{"__proto__": {"x": 1}}'))).toBe(false);
    expect(isPlainJson({ [Symbol("s")]: 1 })).toBe(false);
    expect(isPlainJson({ f: () => 1 })).toBe(false);
    expect(isPlainJson({ u: undefined })).toBe(false);
  });

  it("gives the same verdict past its recursion depth, where the iterative walk takes over", () => {
    expect(isPlainJson(nested(10, Number.NaN))).toBe(false);
    expect(isPlainJson(nested(500, "leaf"))).toBe(true);
    expect(isPlainJson(nested(500, Number.NaN))).toBe(false);
    expect(isPlainJson(nested(100_000, 1))).toBe(true);
  });
});
