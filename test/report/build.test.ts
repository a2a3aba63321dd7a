import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { parseRecording } from "../../src/recorder/reader.js";
import { buildReport, PER_CALL_FIELDS, reportJson } from "../../src/report/build.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "../metrics/session.js";

const scenario = declaredScenario();

/** A run with a violation, an orphan, a failed job and a cancelled one: every kind of timeline element. */
function eventful() {
  const s = new Session(scenario);
  const a = s.call(1, "fetch", { key: "a" }); // j1 → 4
  s.call(2, "combine", { left: "v-a", right: "b" }); // j2 → 4: before a is seen (violation, guessed)
  const f = s.call(3, "quick", { n: 13 }); // j3 fails at 4 (thirteen is unlucky)
  s.wait(4, [a, f]);
  const q = s.call(5, "quick", { n: 2 }, { latency: 9 }); // j4, cancelled
  s.cancel(6, q);
  s.call(7, "fetch", { key: "c" }); // j5 → 10, never seen: an orphan
  s.check(8, "j2");
  s.answer(9, "chain", "v-a+b");
  s.other(11, "finish");
  return s.end("finished");
}

describe("buildReport", () => {
  it("is deterministic: the same recording gives byte-identical JSON", () => {
    const first = eventful();
    const second = eventful();
    const a = reportJson(buildReport(scenario, first, computeMetrics(scenario, first)), { detail: true });
    const b = reportJson(buildReport(scenario, second, computeMetrics(scenario, second)), { detail: true });
    expect(a).toBe(b);
  });

  it("does not depend on random job ids, the session id, the start date or real-time stamps", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" });
    s.wait(2, [a]);
    s.answer(5, "chain", "v-a");
    const original = s.writer.text();
    const noisy = original
      .replaceAll('"j1"', '"job_V1StGXR8Z5jdHi6BmyT0a"')
      .replace('"s_test"', '"s_other"')
      .replace("2026-06-02T09:14:03.512Z", "2031-01-01T00:00:00.000Z")
      .replace(/"wall":(\d+)/g, (_, n: string) => `"wall":${Number(n) * 7 + 0.123}`);
    expect(noisy).not.toBe(original);
    const r1 = parseRecording(original, "one");
    const r2 = parseRecording(noisy, "two");
    const j1 = reportJson(buildReport(scenario, r1, computeMetrics(scenario, r1)), { detail: true });
    const j2 = reportJson(buildReport(scenario, r2, computeMetrics(scenario, r2)), { detail: true });
    expect(j2).toBe(j1);
    expect(j1).not.toMatch(/job_V1St|s_test|2026-06-02|"wall"/);
  });

  it("leaves the per-call fields out of the JSON unless asked for their detail, and says so", () => {
    const recording = eventful();
    const report = buildReport(scenario, recording, computeMetrics(scenario, recording));
    const summary = JSON.parse(reportJson(report));
    const detail = JSON.parse(reportJson(report, { detail: true }));
    expect(summary.detail).toBe(false);
    expect(summary.omitted).toEqual([...PER_CALL_FIELDS]);
    expect(detail.detail).toBe(true);
    expect(detail.omitted).toBeUndefined();
    const at = (value: Record<string, unknown>, path: string) =>
      path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
    for (const path of PER_CALL_FIELDS) {
      expect(at(summary, path), path).toBeUndefined();
      expect(at(detail, path), path).toEqual(at(report as unknown as Record<string, unknown>, path));
    }
    // The rest is the same, and the report itself was not changed.
    expect(summary.timeline.jobs).toEqual(detail.timeline.jobs);
    expect(summary.metrics.episodeSuccess).toBe(detail.metrics.episodeSuccess);
    expect(report.timeline.calls.length).toBeGreaterThan(0);
    const { detail: _d, omitted: _o, ...restOfSummary } = summary;
    expect(JSON.parse(reportJson(report, { detail: true }))).toMatchObject(restOfSummary);
  });

  it("never reads the fields it leaves out: the timeline makes its call marks only when they are read", () => {
    const recording = eventful();
    const report = buildReport(scenario, recording, computeMetrics(scenario, recording));
    // A timeline whose call marks cannot be read: the JSON without detail must not need them.
    const timeline = { ...report.timeline };
    Object.defineProperty(timeline, "calls", {
      enumerable: true,
      get: () => {
        throw new Error("the call marks were read");
      },
    });
    const guarded = { ...report, timeline };
    expect(JSON.parse(reportJson(guarded)).timeline.jobs).toEqual(
      JSON.parse(reportJson(report)).timeline.jobs,
    );
    expect(() => reportJson(guarded, { detail: true })).toThrow("the call marks were read");
    // Made once, then the same marks each time they are read.
    expect(report.timeline.calls).toBe(report.timeline.calls);
    expect(Object.keys(report.timeline)).toContain("calls");
  });

  it("lists every headline figure with its unit and direction", () => {
    const recording = eventful();
    const report = buildReport(scenario, recording, computeMetrics(scenario, recording));
    const byName = new Map(report.headline.map((h) => [h.name, h]));
    expect(report.headline).toHaveLength(30);
    expect(byName.get("makespan")).toMatchObject({ unit: "steps", direction: "lower", value: 11 });
    expect(byName.get("stepF1")).toMatchObject({ unit: "ratio", direction: "higher" });
    expect(byName.get("sequentialBound")).toMatchObject({ direction: "neither" });
    expect(report.delta).toEqual({ value: 1, source: "step", gaps: 0 });
  });

  it("gives each bar and each mark its fields, a poll the lane of the job it names", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" }); // j1: the solo task's step
    s.check(2, "j1"); // working: a wasted poll, in the solo lane (1, not the first)
    s.check(3, "j9"); // no such job: an error, in no task's lane
    s.unanswered(4, "list_jobs");
    const recording = s.end("finished");
    const t = buildReport(scenario, recording, computeMetrics(scenario, recording)).timeline;
    // Never seen: no answer carried its output.
    expect(t.jobs).toEqual([
      {
        job: 1,
        tool: "fetch",
        lane: 1,
        start: 1,
        finish: 4,
        outcome: "completed",
        cancelledBy: null,
        call: 1,
        step: "solo/c",
        seen: null,
      },
    ]);
    expect(t.calls).toEqual([
      { call: 1, tool: "fetch", lane: 1, request: 1, response: 1, kind: "start", isError: false },
      { call: 2, tool: "check_job", lane: 1, request: 2, response: 2, kind: "wasted-poll", isError: false },
      { call: 3, tool: "check_job", lane: 2, request: 3, response: 3, kind: "poll", isError: true },
      { call: 4, tool: "list_jobs", lane: 2, request: 4, response: null, kind: "other", isError: false },
    ]);
  });

  it("draws a job that no call started (its working event names none) with no call and no step", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" });
    const recording = s.end("finished");
    // The call's number taken off the job's events and its job off the response.
    const events = recording.events.map((event) => {
      const copy: Record<string, unknown> = { ...event };
      if (event.type === "job") delete copy.call;
      if (event.type === "response") delete copy.job;
      return copy;
    }) as unknown as typeof recording.events;
    const unstarted = { ...recording, events };
    const t = buildReport(scenario, unstarted, computeMetrics(scenario, unstarted)).timeline;
    expect(t.jobs.map((j) => [j.job, j.call, j.step, j.lane])).toEqual([[1, null, null, 2]]);
  });

  it("builds a timeline: a lane per task and one for no task, jobs by start order with their outcome", () => {
    const recording = eventful();
    const report = buildReport(scenario, recording, computeMetrics(scenario, recording));
    const t = report.timeline;
    expect(t.lanes.map((l) => l.task)).toEqual(["chain", "solo", null]);
    expect(t.jobs.map((j) => [j.job, j.tool, j.lane, j.outcome])).toEqual([
      [1, "fetch", 0, "completed"],
      [2, "combine", 0, "completed"],
      [3, "quick", 2, "failed"],
      [4, "quick", 2, "cancelled"],
      [5, "fetch", 1, "completed"],
    ]);
    expect(t.jobs.map((j) => j.cancelledBy)).toEqual([null, null, null, "agent", null]);
    // Calls: the wait names j1 (chain) and j3 (no task) → no task; cancel_job of j4 → no task;
    // check_job of j2 → chain; the answer → chain; finish → no task.
    expect(t.calls.map((c) => [c.call, c.kind, c.lane])).toEqual([
      [1, "start", 0],
      [2, "start", 0],
      [3, "start", 2],
      [4, "wait", 2],
      [5, "start", 2],
      [6, "other", 2],
      [7, "start", 1],
      [8, "poll", 0],
      [9, "answer", 0],
      [10, "other", 2],
    ]);
    expect(t.violations).toEqual([
      { task: "chain", step: "b", call: 2, lane: 0, at: 2, unseenDeps: ["a"], guessed: true },
    ]);
    expect(report.metrics.correctness.orphanJobs).toEqual([5]);
  });
});
