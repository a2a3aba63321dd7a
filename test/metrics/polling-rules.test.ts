import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/** Busy-wait runs on the declared scenario: chain = a (fetch) → b (combine, reads a); solo = c (fetch). */
const scenario = declaredScenario();

describe("busy-wait runs: what ends a run", () => {
  it("an answer ends a run like a scenario-tool call, and a run of exactly two counts", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }, { latency: 10 }); // ends 11
    s.check(2, a); // wasted; solo/c is ready (never started)
    s.check(3, a); // wasted, c ready: a run of two
    s.answer(4, "chain", "too early"); // an answer: ends the run
    s.check(5, a); // wasted, c still ready (solo is unanswered)
    s.check(6, a); // wasted, c ready: a second run of two
    const c = s.call(7, "fetch", { key: "c" }, { latency: 2 }); // ends the second run; ends 9
    s.wait(8, [c]); // c seen at 9
    s.answer(10, "solo", "v-c"); // the last answer: M = 10, so every poll above is inside [0, M]
    const m = computeMetrics(scenario, s.end());
    // Two runs of two, not one of four: the answer between them ends the first.
    expect(m.polling.runs).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(m.busyWaitRuns).toBe(2);
    expect(m.wastedPolls).toBe(4);
    expect(m.polls).toBe(4);
  });

  it("no check at all: no polls, and poll efficiency has no value", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    s.wait(2, [a]); // seen by a wait
    const m = computeMetrics(scenario, s.truncate());
    expect(m.polls).toBe(0);
    expect(m.polling.jobsFirstSeenByCheck).toBe(0);
    expect(m.pollEfficiency).toBeNull();
  });
});
