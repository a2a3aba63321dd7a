import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonPieces as pieces } from "../../src/report/json-pieces.js";

const jsonPieces = (value: unknown, depth: number, pieceChars: number): string[] => [
  ...pieces(value, depth, pieceChars),
];

// `report --json` writes its JSON in pieces; joined, they must be JSON.stringify(value, null, 2).

const awkward = {
  empty: {},
  none: [],
  skipped: { a: undefined, f: () => 1, s: Symbol("x") },
  holes: [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY, -0],
  date: new Date(0),
  map: new Map([["k", 1]]),
  own: { toJSON: () => ({ replaced: [1, { deep: "x\ny" }] }) },
  bare: Object.assign(Object.create(null), { k: "v" }),
  nested: { a: { b: { c: { d: [1, [2, [3, {}]]] } } } },
  text: 'line\nbreak \u2028 "quoted" é',
};

describe("jsonPieces", () => {
  it("joins to JSON.stringify's text, at every depth, for values JSON.stringify treats specially", () => {
    for (const depth of [0, 1, 2, 3, 6]) {
      expect(jsonPieces(awkward, depth, 1).join("")).toBe(JSON.stringify(awkward, null, 2));
    }
  });

  it("joins to JSON.stringify's text for any JSON value, whatever the piece size", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 64 }),
        (v, d, n) => {
          expect(jsonPieces(v, d, n).join("")).toBe(JSON.stringify(v, null, 2));
        },
      ),
    );
  });

  it("gathers members into pieces of about the size asked for", () => {
    const value = { rows: Array.from({ length: 2000 }, (_, i) => ({ i, label: `row ${i}` })) };
    // Depth 3: each row on its own; depth 2: the rows are leaves, stringified in batches.
    for (const depth of [3, 2]) {
      const pieces = jsonPieces(value, depth, 4096);
      expect(pieces.join("")).toBe(JSON.stringify(value, null, 2));
      expect(pieces.length).toBeGreaterThan(10);
      for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(4096);
      expect(pieces.every((piece) => piece.length < 4096 + 200)).toBe(true);
    }
  });

  it("writes a leaf longer than a piece in pieces, re-indented slice by slice as it is whole", () => {
    // `report`'s busy-wait runs: one leaf of megabytes on a long session (docs/performance.md).
    const runs = Array.from({ length: 3000 }, (_, i) => [i * 10 + 5, i * 10 + 6, `r\n${i}`]);
    const value = { metrics: { polling: { runs } } };
    for (const depth of [1, 2, 3]) {
      const pieces = jsonPieces(value, depth, 4096);
      expect(pieces.join("")).toBe(JSON.stringify(value, null, 2));
      expect(pieces.length).toBeGreaterThan(10);
      expect(pieces.every((piece) => piece.length < 2 * 4096 + 200)).toBe(true);
      for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(4096);
    }
  });

  it("writes an array of leaves in batches exactly as item by item (items with a toJSON one by one)", () => {
    const rows = Array.from({ length: 1000 }, (_, i) =>
      i % 97 === 0 ? undefined : { i, nested: { list: [i, `r${i}`, null] }, text: "a\nb" },
    );
    const keyed = Array.from({ length: 300 }, (_, i) => ({ toJSON: () => `replaced ${i}` }));
    const value = { deep: { rows, keyed } };
    for (const depth of [1, 2, 3]) {
      for (const size of [1, 100, 1 << 16]) {
        expect(jsonPieces(value, depth, size).join("")).toBe(JSON.stringify(value, null, 2));
      }
    }
  });

  it('stringifies a leaf with a toJSON of its own alone, as before: its toJSON sees the key ""', () => {
    // A leaf below the top is written indented by JSON.stringify inside wrapper arrays, where a
    // toJSON would see "0" as its key; such a leaf is still stringified alone and re-indented.
    const keyed = { toJSON: (key: string) => ({ key }) };
    // Depth 2: `b` is the leaf; depth 1: `a` is, and JSON.stringify of it gives keyed its key.
    expect(jsonPieces({ a: { b: keyed } }, 2, 1).join("")).toBe(
      JSON.stringify({ a: { b: { key: "" } } }, null, 2),
    );
    expect(jsonPieces({ a: { b: keyed } }, 1, 1).join("")).toBe(JSON.stringify({ a: { b: keyed } }, null, 2));
  });
});
