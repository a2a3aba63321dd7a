import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wallJson } from "../../src/recorder/wall-json.js";

// A line's wall is printed from its microseconds, not by V8's shortest-digits search: the text
// must be what JSON.stringify writes for the same double, whatever the double.

describe("a line's wall", () => {
  it("is JSON's text for every microsecond of the first half hour", () => {
    for (let micros = 0; micros < 2_000_000; micros++) {
      const wall = micros / 1000;
      if (wallJson(wall) !== JSON.stringify(wall)) expect(wallJson(wall)).toBe(JSON.stringify(wall));
    }
  });

  it("is JSON's text for a microsecond count up to and past 2^40 ms", () => {
    const micros = fc.oneof(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 2 ** 40 * 1000 - 5_000_000, max: 2 ** 40 * 1000 + 5_000_000 }),
      fc.integer({ min: 0, max: 10 ** 12 }),
    );
    fc.assert(
      fc.property(micros, (n) => {
        const wall = n / 1000;
        expect(wallJson(wall)).toBe(JSON.stringify(wall));
      }),
      { seed: 20_261_207, numRuns: 50_000 },
    );
  });

  it("is JSON's text for any other number the format takes", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (wall) => {
        expect(wallJson(wall)).toBe(JSON.stringify(wall));
      }),
      { seed: 20_261_207, numRuns: 50_000 },
    );
    for (const wall of [0, -0, 0.001, 0.5, 1, 1e21, 2 ** 40, 2 ** 40 - 0.001, 5e-7, 123.45, 0.1 + 0.2])
      expect(wallJson(wall)).toBe(JSON.stringify(wall));
  });
});
