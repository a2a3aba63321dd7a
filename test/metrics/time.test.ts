import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * Time and efficiency on the declared scenario in the step clock (δ = 1):
 * chain = a (d=3) → b (d=2), solo = c (d=3).
 *   w(g) = δ + max(d(g), δ) = 1 + d here (every d ≥ 1)
 *   S = 4 + 3 + 4 + 2·1 = 13;  CP(chain) = 4 + 3 + 1 = 8;  CP(solo) = 4 + 1 = 5;  LB = 8;  N = 5
 *   M* = 9 (by search; by hand: start a at 1 (ends 4) and c at 2 (ends 5), a wait at 3 lands at 4,
 *   start b at 5 (ends 7), a wait at 6 lands at 7 with b and c, answers at 8 and 9. The two
 *   answers and the chain's 8 cannot both fit before 9: CP(chain) = 8 is its own task's answer,
 *   and the other answer needs a call of its own after c is seen at 5 or later.)
 *   Changed from LB = 8: M* is the exact best makespan (metrics.md §11).
 */
const scenario = declaredScenario();

/** Starts both tasks, waits for a, starts b, waits for b and c together, answers both. */
function overlapping() {
  const s = new Session(scenario);
  const a = s.call(1, "fetch", { key: "a" }); // j1 [1, 4)
  const c = s.call(2, "fetch", { key: "c" }); // j2 [2, 5)
  s.wait(3, [a]); // blocked [3, 4]
  const b = s.call(5, "combine", { left: "v-a", right: "b" }); // j3 [5, 7)
  s.wait(6, [b, c]); // blocked [6, 7]; c finished at 5, seen at 7
  s.answer(8, "chain", "v-a+b");
  s.answer(9, "solo", "v-c");
  return s.end();
}

/** One job at a time, waiting for each. */
function blocking() {
  const s = new Session(scenario);
  const a = s.call(1, "fetch", { key: "a" });
  s.wait(2, [a]); // blocked [2, 4]
  const b = s.call(5, "combine", { left: "v-a", right: "b" });
  s.wait(6, [b]); // blocked [6, 7]
  s.answer(8, "chain", "v-a+b");
  const c = s.call(9, "fetch", { key: "c" });
  s.wait(10, [c]); // blocked [10, 12]
  s.answer(13, "solo", "v-c");
  return s.end();
}

describe("makespan and bounds", () => {
  it("computes S, CP(T), LB and M from the final answers", () => {
    const m = computeMetrics(scenario, overlapping());
    expect(m.sequentialBound).toBe(13);
    expect(m.bestMakespan).toBe(9);
    expect(m.time.criticalPathBound).toBe(8);
    expect(m.time.bestMakespanSource).toBe("search");
    expect(m.tasks.map((t) => t.criticalPath)).toEqual([8, 5]);
    expect(m.time.minimumActions).toBe(5);
    // The last final answer is solo's at 9.
    expect(m.makespan).toBe(9);
    expect(m.delta).toBe(1);
    expect(m.deltaSource).toBe("step");
    expect(m.unit).toBe("steps");
  });

  it("uses the end when a task is unanswered", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" });
    s.wait(2, [c]); // → 4
    s.answer(5, "solo", "v-c");
    s.other(6, "finish");
    const m = computeMetrics(scenario, s.end("finished"));
    expect(m.makespan).toBe(6);
    expect(m.time.makespanAtEnd).toBe(true);
  });

  it("takes the later of two answers of a task as its final answer", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" });
    const a = s.call(2, "fetch", { key: "a" });
    s.wait(3, [a, c]); // → 5
    const b = s.call(6, "combine", { left: "v-a", right: "b" });
    s.answer(7, "solo", "v-c");
    s.wait(8, [b]); // → 8
    s.answer(9, "chain", "v-a+b");
    s.answer(10, "solo", "v-c"); // replaces the answer at 7
    const m = computeMetrics(scenario, s.end());
    expect(m.makespan).toBe(10);
  });
});

describe("speedup, optimality and efficiency", () => {
  it("scores a successful overlapping run", () => {
    const m = computeMetrics(scenario, overlapping());
    // speedup = S / M = 13 / 9; optimality = min(1, 8 / 9); E = (13 − 9) / (13 − 8) = 0.8
    expect(m.speedup).toBeCloseTo(13 / 9, 12);
    // M = M* = 9: optimality 1, E = (13 − 9) / (13 − 9) = 1 (with LB = 8 these were 8/9 and 0.8).
    expect(m.optimality).toBe(1);
    expect(m.normalizedEfficiency).toBe(1);
    expect(m.successWeightedEfficiency).toBe(1);
  });

  it("clips E at 0 for a success slower than the sequential bound", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" });
    s.wait(2, [a]); // → 4
    s.other(5, "list_tasks");
    s.other(6, "list_tasks");
    const b = s.call(7, "combine", { left: "v-a", right: "b" });
    s.wait(8, [b]); // → 9
    const c = s.call(10, "fetch", { key: "c" });
    s.wait(11, [c]); // → 13
    s.answer(14, "chain", "v-a+b");
    s.answer(15, "solo", "v-c");
    const m = computeMetrics(scenario, s.end());
    // M = 15 > S = 13: (13 − 15) / (13 − 9) < 0 → 0; speedup 13/15; optimality M*/M = 9/15.
    expect(m.normalizedEfficiency).toBe(0);
    expect(m.speedup).toBeCloseTo(13 / 15, 12);
    expect(m.optimality).toBeCloseTo(9 / 15, 12);
  });

  it("has no E when S = M* (nothing to gain by overlapping)", () => {
    const single = declaredScenario({
      tasks: [
        {
          id: "solo",
          instruction: "Fetch c.",
          steps: [{ id: "c", tool: "fetch", args: { key: "c" } }],
          answer: { exact: "v-c" },
        },
      ],
    });
    const s = new Session(single);
    const c = s.call(1, "fetch", { key: "c" });
    s.wait(2, [c]); // → 4
    s.answer(5, "solo", "v-c");
    const m = computeMetrics(single, s.end());
    // S = (3+1) + 1 = 5 = CP = M* = M.
    expect(m.sequentialBound).toBe(5);
    expect(m.bestMakespan).toBe(5);
    expect(m.normalizedEfficiency).toBeNull();
    expect(m.speedup).toBe(1);
    expect(m.optimality).toBe(1);
  });

  it("gives no efficiency to a failed episode, and success-weighted efficiency 0", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" });
    s.wait(2, [c]);
    s.answer(5, "solo", "v-c");
    s.answer(6, "chain", "no idea");
    const m = computeMetrics(scenario, s.end());
    expect(m.episodeSuccess).toBe(false);
    expect([m.speedup, m.optimality, m.normalizedEfficiency]).toEqual([null, null, null]);
    expect(m.successWeightedEfficiency).toBe(0);
  });
});

describe("concurrency", () => {
  it("averages jobs in flight over [0, M] and finds the peak", () => {
    const m = computeMetrics(scenario, overlapping());
    // j1 [1,4) 3 + j2 [2,5) 3 + j3 [5,7) 2 = 8 job-steps over M = 9; at most 2 at once.
    expect(m.meanConcurrency).toBeCloseTo(8 / 9, 12);
    expect(m.peakConcurrency).toBe(2);
  });

  it("does not count a job that ends as another starts as overlapping it", () => {
    const s = new Session(scenario);
    s.call(1, "quick", { n: 1 }, { latency: 2 }); // [1, 3)
    s.call(3, "quick", { n: 2 }, { latency: 2 }); // [3, 5)
    s.other(5, "finish");
    const m = computeMetrics(scenario, s.end("finished"));
    // M = end = 5; 4 job-steps / 5; peak 1.
    expect(m.peakConcurrency).toBe(1);
    expect(m.meanConcurrency).toBeCloseTo(0.8, 12);
  });
});

describe("idle and avoidable idle", () => {
  it("counts blocked time, and none of it avoidable when nothing else was ready", () => {
    const m = computeMetrics(scenario, overlapping());
    // Blocked [3,4] and [6,7]: idle 2 of M = 9. Ready: a [0,1), c [0,2), b [4,5): no overlap.
    expect(m.time.idleIntervals).toEqual([
      [3, 4],
      [6, 7],
    ]);
    expect(m.idleShare).toBeCloseTo(2 / 9, 12);
    expect(m.avoidableIdleShare).toBe(0);
  });

  it("counts waiting while another task's step was ready as avoidable", () => {
    const m = computeMetrics(scenario, blocking());
    // Blocked [2,4], [6,7], [10,12]: idle 5 of M = 13.
    // solo/c was ready [0,9) (started at 9): [2,4] and [6,7] are avoidable (3); at [10,12] nothing was ready.
    expect(m.idleShare).toBeCloseTo(5 / 13, 12);
    expect(m.time.avoidableIdleIntervals).toEqual([
      [2, 4],
      [6, 7],
    ]);
    expect(m.avoidableIdleShare).toBeCloseTo(3 / 13, 12);
  });

  it("counts the action spent on a wasted poll (the δ before it) as idle", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    s.check(2, a); // working: idle [1, 2], and c was ready → avoidable
    s.check(3, a); // working: idle [2, 3], avoidable
    s.other(4, "finish");
    const m = computeMetrics(scenario, s.end("finished"));
    // M = end = 4 (unanswered); idle [1,3] = 2 → 1/2; all of it avoidable.
    expect(m.idleShare).toBe(0.5);
    expect(m.avoidableIdleShare).toBe(0.5);
  });
});

describe("pickup latency", () => {
  it("measures seen − finish per completed job, end − finish when never seen", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // finishes 4
    const c = s.call(2, "fetch", { key: "c" }); // finishes 5
    s.wait(3, [a]); // a seen at 4: 0
    s.call(5, "quick", { n: 1 }); // finishes 6, never seen
    s.check(9, c); // c seen at 9: 4
    s.other(10, "finish");
    const m = computeMetrics(scenario, s.end("finished"));
    // Pickups 0 (a), 4 (c), 10 − 6 = 4 (quick): mean 8/3; p95 = ⌈0.95·3⌉ = 3rd smallest = 4.
    expect(m.pickupLatencyMean).toBeCloseTo(8 / 3, 12);
    expect(m.pickupLatencyP95).toBe(4);
  });

  it("takes the p95 by nearest rank", () => {
    const s = new Session(scenario);
    // 20 quick jobs of latency 1, each seen k steps late: pickups 0..19.
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(s.call(i + 1, "quick", { n: 100 + i })); // (n = 13 would fail)
    for (let i = 0; i < 20; i++) s.check(21 + 2 * i, ids[i] as string); // job i finished at i + 2, seen at 21 + 2i
    const m = computeMetrics(scenario, s.end("finished"));
    // pickup_i = 21 + 2i − (i + 2) = 19 + i → 19..38; rank ⌈0.95·20⌉ = 19 → 37. Mean = 28.5.
    expect(m.pickupLatencyP95).toBe(37);
    expect(m.pickupLatencyMean).toBe(28.5);
  });
});

describe("per-task stretch", () => {
  it("divides each final-answer time by CP(T) and reports the worst over answered tasks", () => {
    const m = computeMetrics(scenario, overlapping());
    // chain 8 / 8 = 1; solo 9 / 5 = 1.8.
    expect(m.tasks.map((t) => t.stretch)).toEqual([1, 1.8]);
    expect(m.worstTaskStretch).toBe(1.8);
  });

  it("leaves an unanswered task out", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" });
    s.wait(2, [c]);
    s.answer(5, "solo", "v-c");
    const m = computeMetrics(scenario, s.end("finished"));
    expect(m.tasks.map((t) => t.stretch)).toEqual([null, 1]);
    expect(m.worstTaskStretch).toBe(1);
  });
});

describe("the wall clock", () => {
  it("takes δ as the median thinking gap between turns, parallel calls forming one turn", () => {
    const schedule = { chain: { a: 300, b: 200 }, solo: { c: 300 } };
    const s = new Session(scenario, { clock: "wall", schedule });
    s.other(100, "list_tasks", {}, 110); // turn 1: no response before it, no gap
    const a = s.call(150, "fetch", { key: "a" }, { respondAt: 152 }); // turn 2: gap 150 − 110 = 40
    const c = s.call(151, "fetch", { key: "c" }, { respondAt: 153 }); // issued before 152: same turn
    s.wait(200, [a]); // turn 3: gap 200 − 153 = 47; answered at 450
    const b = s.call(510, "combine", { left: "v-a", right: "b" }, { respondAt: 512 }); // turn 4: gap 60
    s.wait(600, [b, c]); // turn 5: gap 88; answered at 710
    s.answer(900, "chain", "v-a+b", { respondAt: 901 }); // turn 6: gap 190
    s.answer(950, "solo", "v-c", { respondAt: 951 }); // turn 7: gap 49
    const m = computeMetrics(scenario, s.end());
    // Gaps 40, 47, 60, 88, 190, 49 → sorted 40, 47, 49, 60, 88, 190 → median (49 + 60) / 2 = 54.5.
    expect(m.deltaSource).toBe("turns");
    expect(m.deltaGaps).toBe(6);
    expect(m.delta).toBe(54.5);
    expect(m.unit).toBe("ms");
    // S = (300 + 200 + 300) + 3δ + 2δ = 800 + 272.5 = 1072.5
    expect(m.sequentialBound).toBeCloseTo(1072.5, 9);
    // w = δ + max(d, δ): CP(chain) = 354.5 + 254.5 + 54.5 = 663.5 > CP(solo) = 409; in the wall
    // clock M* = LB = max CP(T) (no N·δ term any more: it was 272.5, below anyway).
    expect(m.bestMakespan).toBeCloseTo(663.5, 9);
    expect(m.time.bestMakespanSource).toBe("bound");
    expect(m.makespan).toBe(950);
    expect(m.optimality).toBeCloseTo(663.5 / 950, 12);
  });

  it("falls back to δ = 0, and says so, when no gap can be measured", () => {
    const s = new Session(scenario, {
      clock: "wall",
      schedule: { chain: { a: 300, b: 200 }, solo: { c: 300 } },
    });
    s.call(10, "fetch", { key: "c" }, { respondAt: 12 });
    const m = computeMetrics(scenario, s.end("disconnected"));
    expect(m.delta).toBe(0);
    expect(m.deltaSource).toBe("none");
    expect(m.notes.join(" ")).toMatch(/δ = 0/);
  });
});

describe("a truncated log", () => {
  it("is scored as ended at its last event, and says so", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    s.call(2, "fetch", { key: "c" }); // ends 5
    s.wait(3, [a]); // → 4
    s.unanswered(5, "combine", { left: "v-a", right: "b" }); // the server died before answering
    const recording = s.truncate();
    expect(recording.truncated).toBe(true);
    const m = computeMetrics(scenario, recording);
    expect(m.truncated).toBe(true);
    expect(m.endStatus).toBeNull();
    // The last event is the request at 5 (j2 completed at 5 before it): end = M = 5.
    expect(m.end).toBe(5);
    expect(m.makespan).toBe(5);
    // The unanswered combine started no job in the log: it cannot match. a and c matched.
    expect(m.stepRecall).toBeCloseTo(2 / 3, 12);
    expect(m.correctness.orphanJobs).toEqual([2]);
    expect(m.notes[0]).toMatch(/no end line/);
  });
});
