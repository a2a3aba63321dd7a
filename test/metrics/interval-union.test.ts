import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Interval, IntervalUnion, union } from "../../src/metrics/intervals.js";

/**
 * The union built one interval at a time (idle time merges a long recording's blocked intervals
 * as the calls come) gives the list `union` gives for them all, whatever their order.
 */
function unionOneByOne(intervals: readonly Interval[]): Interval[] {
  const built = new IntervalUnion();
  for (const [start, end] of intervals) built.add(start, end);
  return built.finish();
}

describe("IntervalUnion", () => {
  it("merges sorted intervals that overlap or touch as they come, and drops empty ones", () => {
    // [1, 3) and [2, 4) overlap: [1, 4); [4, 5) touches it: [1, 5); [5, 5) and [7, 6) are empty;
    // [6, 8) starts past 5: a new run, which [6, 7) lies inside.
    expect(
      unionOneByOne([
        [1, 3],
        [2, 4],
        [4, 5],
        [5, 5],
        [7, 6],
        [6, 8],
        [6, 7],
      ]),
    ).toEqual([
      [1, 5],
      [6, 8],
    ]);
  });

  it("merges again what came out of order", () => {
    // [0, 2) starts before the run [5, 6): the runs [5, 6), [0, 2) and [1, 5) merge at the end
    // into [0, 6).
    expect(
      unionOneByOne([
        [5, 6],
        [0, 2],
        [1, 5],
      ]),
    ).toEqual([[0, 6]]);
  });

  it("gives nothing for nothing, and the same list when finished twice", () => {
    expect(unionOneByOne([])).toEqual([]);
    const built = new IntervalUnion();
    built.add(1, 2);
    expect(built.finish()).toEqual([[1, 2]]);
    expect(built.finish()).toEqual([[1, 2]]);
  });

  it("equals union of the whole list, sorted or not", () => {
    const interval = fc.tuple(fc.integer({ min: -5, max: 30 }), fc.integer({ min: -5, max: 30 }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), fc.boolean(), (list, sort) => {
        const intervals = sort ? [...list].sort((a, b) => a[0] - b[0]) : list;
        expect(unionOneByOne(intervals)).toEqual(union(intervals));
      }),
      { numRuns: 300 },
    );
  });
});
