import { describe, expect, it } from "vitest";
import { cloneJson, getPath } from "../src/json.js";

// cloneJson copies an object of primitives without the record of objects seen, and getPath reads
// a one-key path without splitting it: these pin that the shortcuts give what the general paths
// give.

describe("cloneJson of flat values", () => {
  it("copies an array of primitives as an array", () => {
    const copy = cloneJson([1, "a", null, true]);
    expect(Array.isArray(copy)).toBe(true);
    expect(copy).toEqual([1, "a", null, true]);
  });

  it("keeps an own __proto__ key as the key it is, as structuredClone does", () => {
    const value = JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>;
    const copy = cloneJson(value);
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy).toEqual(structuredClone(value));
  });

  it("refuses a function or a symbol among the values, as structuredClone does", () => {
    expect(() => cloneJson({ a: 1, f: () => 1 })).toThrow();
    expect(() => cloneJson({ a: 1, s: Symbol("x") })).toThrow();
  });

  it("makes a copy, not the same object, and copies an object with no prototype", () => {
    const value = { a: 1, b: "x" };
    const copy = cloneJson(value);
    expect(copy).not.toBe(value);
    expect(copy).toEqual(value);
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(cloneJson(bare)).toEqual(structuredClone(bare));
  });
});

describe("getPath", () => {
  const doc = { a: { b: 1 }, items: [10, 20, 30], s: "abc", n: null };

  it("reads the whole value for an empty path", () => {
    expect(getPath(doc, "")).toBe(doc);
  });

  it("reads one key, a dotted path and a path of keys alike", () => {
    expect(getPath(doc, "a")).toEqual({ b: 1 });
    expect(getPath(doc, "a.b")).toBe(1);
    expect(getPath(doc, ["a", "b"])).toBe(1);
  });

  it("indexes arrays, negative indexes from the end", () => {
    expect(getPath(doc, "items.1")).toBe(20);
    expect(getPath(doc, "items.-1")).toBe(30);
    expect(getPath(doc, ["items", -2])).toBe(20);
    expect(getPath(doc, "items.x")).toBeUndefined();
  });

  it("finds nothing inside a string, a null, or through an inherited key", () => {
    expect(getPath(doc, "s.length")).toBeUndefined();
    expect(getPath(doc, "n.b.c")).toBeUndefined();
    expect(getPath(doc, "toString")).toBeUndefined();
    expect(getPath(doc, "missing.b")).toBeUndefined();
  });
});
