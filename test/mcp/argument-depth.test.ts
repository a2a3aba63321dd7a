import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { nestedDeeperThan } from "../../src/mcp/argument-depth.js";

/** Levels of objects and arrays, by the definition the refusal states: a bare value is level 0. */
function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let deepest = 0;
  for (const item of Object.values(value)) deepest = Math.max(deepest, depthOf(item));
  return 1 + deepest;
}

const added: string[] = [];
afterEach(() => {
  for (const key of added.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
});

describe("nestedDeeperThan", () => {
  it("says whether a JSON value nests deeper than the limit, as its depth does", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
        expect(nestedDeeperThan(value, limit)).toBe(depthOf(value) > limit);
      }),
      { numRuns: 2000, seed: 20_261_207 },
    );
  });

  it("walks own keys only: an enumerable key inherited from Object.prototype is not the arguments'", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = { deeper: deep };
    Object.defineProperty(Object.prototype, "inheritedDeep", {
      value: deep,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    added.push("inheritedDeep");
    expect(nestedDeeperThan({ q: "gold" }, 3)).toBe(false);
    expect(nestedDeeperThan([{ q: "gold" }], 3)).toBe(false);
  });
});
