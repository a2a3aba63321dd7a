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
