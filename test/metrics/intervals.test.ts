import { describe, expect, it } from "vitest";
import { clipTo, contains, intersect, measure, subtract, union } from "../../src/metrics/intervals.js";

/**
 * The half-open interval algebra under idle, avoidable idle, concurrency and readiness: every
 * end is exclusive, so two intervals that touch merge, an empty one vanishes, and a point at an
 * interval's end is outside it. Each expected list is worked out by hand in its comment.
 */
describe("union", () => {
  it("drops empty intervals", () => {
    expect(union([[3, 3]])).toEqual([]);
    expect(union([[4, 2]])).toEqual([]);
  });

  it("sorts by start and merges overlapping and touching intervals", () => {
    // [5, 7) after [1, 2): sorted by start. [2, 3) touches [1, 2): one [1, 3).
    expect(
      union([
        [5, 7],
        [2, 3],
        [1, 2],
      ]),
    ).toEqual([
      [1, 3],
      [5, 7],
    ]);
  });

  it("keeps the later end when a short interval lies inside a long one", () => {
    // Sorted by start: [1, 10) then [2, 3), inside it: [1, 10). Sorting by end first would
    // start the union at 2.
    expect(
      union([
        [2, 3],
        [1, 10],
      ]),
    ).toEqual([[1, 10]]);
    expect(
      union([
        [1, 10],
        [2, 3],
      ]),
    ).toEqual([[1, 10]]);
  });
});

describe("measure", () => {
  it("adds the lengths", () => {
    // (3 − 1) + (9 − 5) = 6.
    expect(
      measure([
        [1, 3],
        [5, 9],
      ]),
    ).toBe(6);
    expect(measure([])).toBe(0);
  });
});

describe("clipTo", () => {
  it("keeps the part inside [low, high) and drops what is left empty", () => {
    // To [1, 7): [0, 2) → [1, 2); [2.5, 4) whole; [6, 9) → [6, 7); [10, 12) → nothing.
    expect(
      clipTo(
        [
          [0, 2],
          [2.5, 4],
          [6, 9],
          [10, 12],
        ],
        1,
        7,
      ),
    ).toEqual([
      [1, 2],
      [2.5, 4],
      [6, 7],
    ]);
    // [1, 2) clipped to [2, 5): nothing, not the empty [2, 2).
    expect(clipTo([[1, 2]], 2, 5)).toEqual([]);
  });
});

describe("intersect", () => {
  it("walks both lists, advancing the one that ends first", () => {
    // [0, 10) meets [1, 2) and [3, 4) of the other list: both, in order.
    expect(
      intersect(
        [[0, 10]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(
      intersect(
        [
          [1, 2],
          [3, 4],
        ],
        [[0, 10]],
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("is empty for touching intervals", () => {
    expect(intersect([[1, 2]], [[2, 3]])).toEqual([]);
  });

  it("clips a pair that sticks out at one end only, from either list", () => {
    // The pair is kept as it is only when both ends survive; one end shared is not enough.
    expect(intersect([[0, 5]], [[0, 3]])).toEqual([[0, 3]]);
    expect(intersect([[0, 5]], [[3, 6]])).toEqual([[3, 5]]);
    expect(intersect([[0, 3]], [[0, 5]])).toEqual([[0, 3]]);
    expect(intersect([[3, 6]], [[0, 5]])).toEqual([[3, 5]]);
    expect(intersect([[2, 4]], [[0, 5]])).toEqual([[2, 4]]);
  });
});

describe("subtract", () => {
  it("leaves the gaps between the holes", () => {
    // [0, 10) minus [2, 3) and [5, 6): [0, 2), [3, 5), [6, 10).
    expect(
      subtract(
        [0, 10],
        [
          [2, 3],
          [5, 6],
        ],
      ),
    ).toEqual([
      [0, 2],
      [3, 5],
      [6, 10],
    ]);
  });

  it("ignores holes before the start and after the end, and leaves no empty piece", () => {
    // A hole at exactly the start leaves no [2, 2); one past the end cuts nothing.
    expect(subtract([2, 6], [[2, 3]])).toEqual([[3, 6]]);
    expect(subtract([0, 5], [[7, 9]])).toEqual([[0, 5]]);
    expect(
      subtract(
        [4, 8],
        [
          [0, 1],
          [3, 5],
        ],
      ),
    ).toEqual([[5, 8]]);
  });

  it("is empty when the holes cover it", () => {
    expect(subtract([2, 6], [[1, 7]])).toEqual([]);
    expect(subtract([5, 5], [])).toEqual([]);
  });
});

describe("contains", () => {
  const list = [
    [0, 1],
    [3, 4],
    [6, 7],
    [9, 10],
  ] as const;

  it("holds from each start up to, not including, each end", () => {
    for (const t of [0, 0.5, 3, 3.5, 6, 9, 9.5]) expect(contains(list, t), `t = ${t}`).toBe(true);
    for (const t of [-1, 1, 2, 4, 5, 7, 8, 10, 11]) expect(contains(list, t), `t = ${t}`).toBe(false);
  });

  it("finds a point in a one-interval list and nothing in an empty one", () => {
    expect(contains([[2, 5]], 2)).toBe(true);
    expect(contains([[2, 5]], 4)).toBe(true);
    expect(contains([[2, 5]], 5)).toBe(false);
    expect(contains([], 0)).toBe(false);
  });
});
