import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cloneJson } from "../src/json.js";

/** What structuredClone makes of a value, compared structurally and by prototype. */
function expectSameAsStructuredClone(value: unknown): void {
  const copy = cloneJson(value);
  expect(copy).toStrictEqual(structuredClone(value));
  if (typeof value === "object" && value !== null) expect(copy).not.toBe(value);
}

describe("cloneJson", () => {
  it("copies plain JSON as structuredClone does, sharing nothing with the original", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectSameAsStructuredClone(value);
      }),
    );
  });

  it("keeps the sharing, cycles, holes and prototypes that structuredClone keeps", () => {
    const shared = { a: 1 };
    const twice = { left: shared, right: shared };
    const copy = cloneJson(twice);
    expect(copy.left).toBe(copy.right);
    expect(copy.left).not.toBe(shared);

    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const cycleCopy = cloneJson(cyclic);
    expect(cycleCopy.self).toBe(cycleCopy);

    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const holes = [1, , 3];
    expect(1 in cloneJson(holes)).toBe(false);

    const date = { when: new Date(0) };
    expect(cloneJson(date).when).toBeInstanceOf(Date);

    const proto = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    const protoCopy = cloneJson(proto);
    expect(Object.hasOwn(protoCopy, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(protoCopy)).toBe(Object.prototype);
  });

  it("refuses what structuredClone refuses", () => {
    expect(() => cloneJson({ run: () => 1 })).toThrow();
  });
});
