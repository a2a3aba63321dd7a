import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RoundingMode, roundTo } from "../../../src/domains/numbers/rounding.js";

const MODES: RoundingMode[] = ["half_up", "half_even", "floor", "ceil", "truncate"];

/** Decimal places in a number's shortest text. */
function places(x: number): number {
  const [mantissa = "", exponent = "0"] = String(x).split("e");
  return Math.max(0, (mantissa.split(".")[1] ?? "").length - Number(exponent));
}

describe("roundTo", () => {
  it("keeps at most the places asked for, and moves the value by at most one unit of the last place", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(...MODES),
        (x, decimals, mode) => {
          const r = roundTo(x, decimals, mode);
          expect(places(r)).toBeLessThanOrEqual(decimals);
          expect(Math.abs(r - x)).toBeLessThanOrEqual(10 ** -decimals * (1 + 1e-9) + Math.abs(x) * 1e-14);
          expect(Object.is(r, -0)).toBe(false);
        },
      ),
    );
  });

  it("rounds in the direction each mode says", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const clean = Number(x.toPrecision(15));
        expect(roundTo(x, d, "floor")).toBeLessThanOrEqual(clean);
        expect(roundTo(x, d, "ceil")).toBeGreaterThanOrEqual(clean);
        expect(Math.abs(roundTo(x, d, "truncate"))).toBeLessThanOrEqual(Math.abs(clean));
      }),
    );
  });

  it("leaves integers alone at zero or more places, and non-finite values as they are", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(...MODES), (n, mode) => {
        expect(roundTo(n, 0, mode)).toBe(n + 0);
      }),
    );
    expect(roundTo(Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
  });
});
