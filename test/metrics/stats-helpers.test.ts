import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minRunsPerEpisode } from "../../src/metrics/pass-k.js";
import { median, nearestRank, sampleSd } from "../../src/metrics/stats.js";

describe("stats helpers", () => {
  it("sampleSd divides by n − 1 and needs two values", () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, over 7.
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    // [1, 3]: mean 2, squared deviations 1 + 1 = 2, over 1.
    expect(sampleSd([1, 3])).toBeCloseTo(Math.SQRT2, 12);
    expect(sampleSd([3])).toBeNull();
    expect(sampleSd([])).toBeNull();
  });

  it("nearestRank takes the ⌈p·n⌉-th smallest of values in any order, numerically", () => {
    const values = [5, 1, 4, 2, 3];
    // p = 0.4 of 5 values: rank 2, the second smallest.
    expect(nearestRank(values, 0.4)).toBe(2);
    // p = 0.9: ⌈4.5⌉ = 5, the largest.
    expect(nearestRank(values, 0.9)).toBe(5);
    // A numeric order, not a text one ("100" < "9" as text): rank 2 of 3 is 10.
    expect(nearestRank([100, 9, 10], 0.5)).toBe(10);
    // The caller's list is left as it was.
    expect(values).toEqual([5, 1, 4, 2, 3]);
    expect(nearestRank([], 0.5)).toBeNull();
  });

  it("nearestRank gives the value a stable sort by a − b puts at the rank, −0, 0 and NaN included", () => {
    // The general path it must equal: a copy sorted with a comparator (stable, −0 and 0 equal).
    const byComparator = (values: readonly number[], p: number): number =>
      [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1] as number;
    const value = fc.oneof(
      fc.constantFrom(0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      fc.double(),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1 }),
        (values, p) => {
          expect(Object.is(nearestRank(values, p), byComparator(values, p))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    // The zero at the rank is the one the stable sort keeps there: input order among zeros.
    expect(Object.is(nearestRank([0, -0, -1], 2 / 3), 0)).toBe(true);
    expect(Object.is(nearestRank([-0, 0, -1], 2 / 3), -0)).toBe(true);
    expect(Object.is(nearestRank([-1, 0, -0], 1), -0)).toBe(true);
  });

  it("median is the middle value of an odd count and the mean of the two middle ones of an even count", () => {
    // Sorted [1, 2, 3]: the middle value, 2.
    expect(median([3, 1, 2])).toBe(2);
    // Sorted [1, 2, 3, 4]: (2 + 3) / 2.
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("minRunsPerEpisode is 0 without runs (pass^k is defined for no k)", () => {
    expect(minRunsPerEpisode([])).toBe(0);
  });
});
