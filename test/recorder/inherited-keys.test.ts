import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson, cloneJson } from "../../src/json.js";
import { headerFits, isPlainJson, parsedEventFits, plainEventFits } from "../../src/recorder/lean-schemas.js";
import { testHeader } from "./helpers.js";

// The hand checks and the per-call copies walk objects with `for…in`, which also lists an
// enumerable key inherited from Object.prototype (a polluted prototype); each must tell such a
// key from an own one, as JSON.stringify and the schemas do. (The header's records, `recordOf`,
// are not reached under a polluted prototype: the header itself is refused first.)

const added: string[] = [];
/** Gives Object.prototype an enumerable key until the test ends. */
function pollute(key: string, value: unknown): void {
  Object.defineProperty(Object.prototype, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  added.push(key);
}
afterEach(() => {
  for (const key of added.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
});

const request = { type: "request", seq: 0, wall: 1.5, t: 0, call: 1, tool: "lookup", args: { q: "gold" } };
const header = testHeader({ options: { ids: "seeded" } });

describe("an enumerable key inherited from Object.prototype", () => {
  it("is not an event's own field: the hand checks leave the event to the schemas", () => {
    expect(plainEventFits("request", request)).toBe(true);
    expect(parsedEventFits("request", request)).toBe(true);
    expect(headerFits(header)).toBe(true);
    pollute("via", "tasks");
    expect(plainEventFits("request", request)).toBe(false);
    expect(parsedEventFits("request", request)).toBe(false);
    expect(headerFits(header)).toBe(false);
  });

  it("is not part of a JSON value: not checked, not copied, not in its canonical text", () => {
    const value = { b: 1, a: "x" };
    const sorted = { a: "x", b: 1 };
    pollute("z", Number.NaN);
    // JSON.stringify writes own keys only: an inherited NaN does not make the value unplain.
    expect(isPlainJson(value)).toBe(true);
    expect(isPlainJson({ nested: [value] })).toBe(true);
    // Nested past the recursion's depth, where the iterative walk decides.
    let deep: unknown = value;
    for (let i = 0; i < 100; i++) deep = { deeper: deep };
    expect(isPlainJson(deep)).toBe(true);
    const copy = cloneJson(value);
    expect(Object.keys(copy)).toEqual(["b", "a"]);
    expect(Object.hasOwn(copy, "z")).toBe(false);
    expect(canonicalJson(value)).toBe('{"a":"x","b":1}');
    expect(canonicalJson(sorted)).toBe('{"a":"x","b":1}');
  });
});
