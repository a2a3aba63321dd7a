import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import type { Call, CallResponse, Job } from "../../src/metrics/inputs.js";
import { isBlocking, isWastedPoll } from "../../src/metrics/time.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * The rules of time.ts that decide what counts as idle and what is in flight, one at a time:
 * which calls block the agent, which polls are wasted, and how jobs are clipped to [0, M].
 */

function response(fields: Partial<CallResponse> = {}): CallResponse {
  return { t: 5, isError: false, ...fields };
}

function call(tool: string, fields: Partial<Call> = {}): Call {
  return {
    index: 0,
    call: 1,
    tool,
    kind: tool === "fetch" ? "scenario" : "job-tool",
    args: {},
    request: 4,
    response: response(),
    job: null,
    ...fields,
  };
}

const job = { id: "j1" } as Job;

describe("isWastedPoll", () => {
  it("is a check_job answered without error and carrying no output", () => {
    expect(isWastedPoll(call("check_job"))).toBe(true);
    expect(isWastedPoll(call("check_job", { response: response({ delivered: [] }) }))).toBe(true);
  });

  it("is not a poll that carried a job's output", () => {
    expect(isWastedPoll(call("check_job", { response: response({ delivered: ["j1"] }) }))).toBe(false);
  });

  it("is not a poll answered with an error, nor one the log ends before answering", () => {
    expect(isWastedPoll(call("check_job", { response: response({ isError: true }) }))).toBe(false);
    expect(isWastedPoll(call("check_job", { response: null }))).toBe(false);
  });

  it("is not any other tool that answered with nothing", () => {
    expect(isWastedPoll(call("list_jobs"))).toBe(false);
  });
});

describe("isBlocking", () => {
  it("is every wait, answered or not", () => {
    expect(isBlocking(call("wait_for_jobs"))).toBe(true);
    expect(isBlocking(call("wait_for_jobs", { response: null }))).toBe(true);
  });

  it("is a scenario-tool call whose answer carried its own job's output", () => {
    expect(isBlocking(call("fetch", { job, response: response({ delivered: ["j1"] }) }))).toBe(true);
  });

  it("is not a scenario-tool call answered with a handle, or with another job's output", () => {
    expect(isBlocking(call("fetch", { job }))).toBe(false);
    expect(isBlocking(call("fetch", { job, response: response({ delivered: ["j2"] }) }))).toBe(false);
    expect(isBlocking(call("fetch", { job, response: null }))).toBe(false);
  });

  it("is not a call that started no job, nor a job tool that carried output", () => {
    expect(isBlocking(call("fetch", { response: response({ delivered: ["j1"] }) }))).toBe(false);
    expect(isBlocking(call("check_job", { job, response: response({ delivered: ["j1"] }) }))).toBe(false);
  });
});

/**
 * The declared scenario in the step clock: a (d=3) → b (d=2), c (d=3); `quick` takes the
 * latency given. M* = 9 (time.test.ts works it out).
 */
const scenario = declaredScenario();

/** Both tasks answered at 8 and 9 (M = 9), after j1 [1, 4), j2 [2, 5), j3 [5, 7). */
function overlappingWith(extra: (s: Session) => void) {
  const s = new Session(scenario);
  const a = s.call(1, "fetch", { key: "a" });
  const c = s.call(2, "fetch", { key: "c" });
  s.wait(3, [a]);
  const b = s.call(5, "combine", { left: "v-a", right: "b" });
  s.wait(6, [b, c]);
  extra(s);
  return s;
}

describe("jobs in flight over [0, M]", () => {
  it("cuts a job still working at M off at M", () => {
    const s = overlappingWith((s) => s.call(7, "quick", { n: 1 }, { latency: 5 })); // [7, 12)
    s.answer(8, "chain", "v-a+b");
    s.answer(9, "solo", "v-c");
    const m = computeMetrics(scenario, s.end("finished", 12));
    // 3 + 3 + 2 job-steps as before, and [7, 9) of the quick job: 10 over M = 9; at most 2 at once.
    expect(m.makespan).toBe(9);
    expect(m.meanConcurrency).toBeCloseTo(10 / 9, 12);
    expect(m.peakConcurrency).toBe(2);
  });

  it("leaves out a job started after M", () => {
    const s = overlappingWith(() => {});
    s.answer(8, "chain", "v-a+b");
    s.answer(9, "solo", "v-c");
    s.call(10, "quick", { n: 1 }, { latency: 1 }); // [10, 11): after the last answer
    const m = computeMetrics(scenario, s.end("finished", 12));
    expect(m.makespan).toBe(9);
    expect(m.meanConcurrency).toBeCloseTo(8 / 9, 12);
    expect(m.peakConcurrency).toBe(2);
  });

  it("runs a job that never finished to the end of the log", () => {
    const s = new Session(scenario);
    s.call(1, "quick", { n: 1 }, { latency: 10 }); // would end at 11
    s.other(4, "finish");
    const m = computeMetrics(scenario, s.end("finished"));
    // Unanswered: M = end = 4; the job works over [1, 4): 3 of 4.
    expect(m.makespan).toBe(4);
    expect(m.meanConcurrency).toBe(0.75);
    expect(m.peakConcurrency).toBe(1);
  });

  it("counts three jobs at once as a peak of 3, and a fourth after two ended as no more", () => {
    const s = new Session(scenario);
    s.call(1, "quick", { n: 1 }, { latency: 3 }); // [1, 4)
    s.call(2, "quick", { n: 2 }, { latency: 3 }); // [2, 5)
    s.call(3, "quick", { n: 3 }, { latency: 3 }); // [3, 6)
    s.call(5, "quick", { n: 4 }, { latency: 3 }); // [5, 8): j1 and j2 have ended by 5
    s.other(8, "finish");
    const m = computeMetrics(scenario, s.end("finished"));
    // 12 job-steps over M = 8; at 3: three; at 5: j3 and j4.
    expect(m.peakConcurrency).toBe(3);
    expect(m.meanConcurrency).toBe(1.5);
  });
});

describe("idle of a call the log ends before answering", () => {
  it("runs a wait that was never answered to the end of the log", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    s.unanswered(2, "wait_for_jobs", { job_ids: [a], mode: "all" });
    const m = computeMetrics(scenario, s.end("disconnected", 6));
    // Unanswered tasks: M = end = 6; blocked from the request at 2 to the end: 4 of 6.
    expect(m.makespan).toBe(6);
    expect(m.time.idleIntervals).toEqual([[2, 6]]);
    expect(m.idleShare).toBeCloseTo(4 / 6, 12);
  });
});

describe("pickup latency of a failed job", () => {
  it("counts completed jobs only", () => {
    const s = new Session(scenario);
    const failed = s.call(1, "quick", { n: 1 }, { latency: 2, fail: "UPSTREAM" }); // fails at 3
    s.check(5, failed); // seen 2 after its end: not a pickup
    const done = s.call(6, "quick", { n: 2 }, { latency: 1 }); // completes at 7
    s.check(7, done); // seen at once: pickup 0
    const m = computeMetrics(scenario, s.end("finished"));
    expect(m.pickupLatencyMean).toBe(0);
  });
});
