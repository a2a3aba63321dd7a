import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../src/json.js";

/** The canonical text by its definition: every object's keys sorted, through a copy. */
function sortedCopyJson(value: unknown): string {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (typeof item !== "object" || item === null) return item;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) out[key] = sort((item as Record<string, unknown>)[key]);
    return out;
  };
  return JSON.stringify(sort(value));
}

describe("canonicalJson", () => {
  it("writes what the sorted copy writes, for any JSON and for flat objects in any key order", () => {
    const flat = fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom("a", "b", "10", "9", "__proto__", "toJSON")),
      fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)),
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), flat), (value) => {
        expect(canonicalJson(value)).toBe(sortedCopyJson(value));
      }),
    );
  });

  it("leaves out a __proto__ key as the copy does, and sorts keys given out of order", () => {
    const withProto = JSON.parse('{"__proto__": "x", "a": 1}') as unknown;
    expect(canonicalJson(withProto)).toBe('{"a":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ a: 2, b: 1 })).toBe('{"a":2,"b":1}');
    // Equal keys never come twice; integer-like keys come first in an object whatever the order.
    expect(canonicalJson({ 9: "n", 10: "t", a: true })).toBe('{"9":"n","10":"t","a":true}');
    expect(canonicalJson(Object.assign(Object.create(null), { b: null, a: 1 }))).toBe('{"a":1,"b":null}');
    expect(canonicalJson({ when: new Date(0) })).toBe('{"when":{}}');
    // The already-sorted shortcut takes only a flat plain object: a nested one and another
    // prototype still go through the sorted copy.
    expect(canonicalJson({ a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1}}');
    expect(canonicalJson(new Date(0))).toBe("{}");
  });
});
