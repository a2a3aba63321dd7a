import { describe, expect, it } from "vitest";
import type { Gold } from "../../src/metrics/gold.js";
import type { Inputs, Job } from "../../src/metrics/inputs.js";
import type { Readiness } from "../../src/metrics/readiness.js";
import { computeTime } from "../../src/metrics/time.js";

/**
 * computeTime on inputs built by hand, for the cases no recorded scenario reaches easily: no
 * best makespan (no schedule completes), no tasks at all (a proxy session without gold), and
 * jobs left out of the concurrency count beside ones that overlap.
 */

function gold(tasks: { id: string; criticalPath: number }[], sequentialBound: number): Gold {
  return {
    tasks: tasks.map((t) => ({ task: { id: t.id }, criticalPath: t.criticalPath })),
    sequentialBound,
    delta: 1,
  } as unknown as Gold;
}

function inputs(
  fields: Partial<{ answers: { task: string; t: number }[]; end: number; jobs: Partial<Job>[] }>,
): Inputs {
  return {
    answers: fields.answers ?? [],
    end: fields.end ?? 10,
    calls: [],
    jobs: (fields.jobs ?? []).map((j, i) => ({
      n: i + 1,
      id: `j${i + 1}`,
      status: "completed",
      finish: null,
      seen: null,
      start: 0,
      ...j,
    })),
  } as unknown as Inputs;
}

const noReadiness = { any: [] } as unknown as Readiness;

/** One task answered at 10 (so M = 10), S = 20, M* = 5, the log ending at 15, with these jobs. */
const concurrencyOf = (jobs: Partial<Job>[]) =>
  computeTime(
    gold([{ id: "t", criticalPath: 2 }], 20),
    inputs({ end: 15, answers: [{ task: "t", t: 10 }], jobs }),
    noReadiness,
    true,
    5,
  );

describe("computeTime without a best makespan (no schedule completes)", () => {
  it("gives speedup, and null for every figure measured against M*", () => {
    // One task answered at 4; S = 8. Speedup S/M = 2; optimality, E and SWE need M*: null.
    const time = computeTime(
      gold([{ id: "t", criticalPath: 2 }], 8),
      inputs({ answers: [{ task: "t", t: 4 }] }),
      noReadiness,
      true,
      null,
    );
    expect(time.makespan).toBe(4);
    expect(time.speedup).toBe(2);
    expect(time.bestMakespan).toBeNull();
    expect(time.optimality).toBeNull();
    expect(time.normalizedEfficiency).toBeNull();
    expect(time.successWeightedEfficiency).toBeNull();
  });

  it("a failed episode scores 0 success-weighted efficiency, M* or not", () => {
    const time = computeTime(
      gold([{ id: "t", criticalPath: 2 }], 8),
      inputs({ answers: [{ task: "t", t: 4 }] }),
      noReadiness,
      false,
      null,
    );
    expect(time.successWeightedEfficiency).toBe(0);
    expect(time.speedup).toBeNull();
  });

  it("with M* = 3 and M = 4: optimality 3/4, E = (8 − 4)/(8 − 3) = 0.8, SWE 3/4", () => {
    const time = computeTime(
      gold([{ id: "t", criticalPath: 2 }], 8),
      inputs({ answers: [{ task: "t", t: 4 }] }),
      noReadiness,
      true,
      3,
    );
    expect(time.optimality).toBe(0.75);
    expect(time.normalizedEfficiency).toBeCloseTo(0.8, 12);
    expect(time.successWeightedEfficiency).toBe(0.75);
  });
});

describe("computeTime of a session without tasks (nothing to answer)", () => {
  it("runs the makespan to the end of the log, not to the latest of no answers", () => {
    // Every task of none is answered, yet there is no answer time: M is the log's end, 10.
    const time = computeTime(gold([], 0), inputs({ end: 10 }), noReadiness, false, null);
    expect(time.makespan).toBe(10);
    expect(time.makespanAtEnd).toBe(false);
    expect(time.idle).toBe(0);
    expect(time.idleIntervals).toEqual([]);
    expect(time.worstTaskStretch).toBeNull();
  });
});

describe("concurrency beside jobs that do not count", () => {
  it("a job that starts after M is left out without disturbing the overlap of the others", () => {
    // M = 10 (the answer). Jobs [3, 6) and [4, 7) overlap: peak 2, area 6, mean 0.6. The third
    // starts at 12, after M: clipped to nothing and left out of both.
    const time = concurrencyOf([
      { start: 3, finish: 6 },
      { start: 4, finish: 7 },
      { start: 12, finish: 14 },
    ]);
    expect(time.peakConcurrency).toBe(2);
    expect(time.meanConcurrency).toBeCloseTo(0.6, 12);
  });

  it("a job left out first in start order leaves the later overlap counted", () => {
    // The left-out job comes first in the list (finish ≤ start after clipping): [5, 5).
    const time = concurrencyOf([
      { start: 5, finish: 5 },
      { start: 6, finish: 9 },
      { start: 7, finish: 8 },
    ]);
    expect(time.peakConcurrency).toBe(2);
    expect(time.meanConcurrency).toBeCloseTo(0.4, 12);
  });

  it("counts by end time, not by job order: a long job first does not hide that a short one ended", () => {
    // [0, 10), [1, 3), [4, 6): at 4 the second has ended, so at most two run at once (peak 2,
    // area 10 + 2 + 2 = 14, mean 1.4 over M = 10). Taking the ends in job order would see three.
    const time = concurrencyOf([
      { start: 0, finish: 10 },
      { start: 1, finish: 3 },
      { start: 4, finish: 6 },
    ]);
    expect(time.peakConcurrency).toBe(2);
    expect(time.meanConcurrency).toBeCloseTo(1.4, 12);
  });
});
