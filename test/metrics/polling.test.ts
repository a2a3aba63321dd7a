import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/** Polling on the declared scenario: chain = a (fetch, d=3) → b (combine, d=2); solo = c (fetch, d=3). */
const scenario = declaredScenario();

describe("polls, wasted polls and poll efficiency", () => {
  it("counts check_job calls, those that answered working, and jobs first seen by a check", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    const c = s.call(2, "fetch", { key: "c" }); // ends 5
    s.check(3, a); // working: wasted
    s.check(4, a); // carries a (first seen by a check)
    const b = s.call(5, "combine", { left: "v-a", right: "b" }); // ends 7
    s.check(6, c); // carries c
    s.wait(7, [b]); // carries b: seen by a wait, not a check
    s.check(8, c); // carries c again: not a first sighting
    const m = computeMetrics(scenario, s.end());
    // 4 polls, 1 wasted; first seen by a check: a and c → 2 / 4.
    expect(m.polls).toBe(4);
    expect(m.wastedPolls).toBe(1);
    expect(m.polling.jobsFirstSeenByCheck).toBe(2);
    expect(m.pollEfficiency).toBe(0.5);
  });
});

describe("busy-wait runs", () => {
  it("finds a run of wasted polls while another task had a ready step", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    s.check(2, a); // wasted; solo/c ready (never started)
    s.other(3, "list_jobs"); // neither ends nor extends the run
    s.check(4, a); // carries a: not wasted, does not end the run either
    s.check(5, a); // a is done: carries it again
    const m = computeMetrics(scenario, s.end());
    // Only one wasted poll: no run.
    expect(m.busyWaitRuns).toBe(0);

    const t = new Session(scenario);
    const j = t.call(1, "fetch", { key: "a" }); // ends 4
    t.check(2, j); // wasted, c ready
    t.other(3, "list_jobs");
    t.check(4, j, 4); // job finishes at 4 before the request: carries it
    const k = t.call(5, "combine", { left: "v-a", right: "b" }); // ends 7
    t.check(6, k); // wasted, c ready
    t.check(7, k); // carries b (due at 7)
    const m2 = computeMetrics(scenario, t.end());
    // Wasted polls at 2 and 6 have a scenario-tool call (5) between them: no run.
    expect(m2.wastedPolls).toBe(2);
    expect(m2.busyWaitRuns).toBe(0);
  });

  it("counts two wasted polls in a row with ready work as a run", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }, { latency: 6 }); // ends 7
    s.check(2, a); // wasted, solo/c ready
    s.check(3, a); // wasted, solo/c ready
    s.check(4, a); // wasted, solo/c ready
    s.call(5, "fetch", { key: "c" }); // a scenario-tool call ends the run
    s.check(6, a); // wasted, but nothing is ready (c started, b waits on a)
    s.check(7, a); // carries a
    const m = computeMetrics(scenario, s.end());
    // One run: calls 2, 3, 4. The poll at 6 had nothing better to do.
    expect(m.busyWaitRuns).toBe(1);
    expect(m.polling.runs).toEqual([[2, 3, 4]]);
    expect(m.wastedPolls).toBe(4);
  });

  it("does not count wasted polls when nothing else was ready", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    s.call(2, "fetch", { key: "c" }); // ends 5: every step is started or waits on a
    s.check(3, a); // wasted, nothing ready
    s.check(4, a); // carries a
    s.check(5, a);
    const m = computeMetrics(scenario, s.end());
    expect(m.wastedPolls).toBe(1);
    expect(m.busyWaitRuns).toBe(0);
  });
});
