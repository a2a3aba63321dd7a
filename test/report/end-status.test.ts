import { describe, expect, it } from "vitest";
import type { EndStatus } from "../../src/engine/types.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { buildReport, reportJson } from "../../src/report/build.js";
import { describeEnd, isUnfinished } from "../../src/report/end-status.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "../metrics/session.js";

describe("describeEnd", () => {
  it("reads a log without an end line as in progress, with its last event's time", () => {
    expect(describeEnd({ status: null, t: 1 }, "steps")).toEqual({
      kind: "in-progress",
      unfinished: true,
      short: "in progress",
      label: "in progress (no end recorded; last event at t = 1 steps)",
    });
  });

  it.each<[EndStatus, boolean, string, string]>([
    [
      "interrupted",
      true,
      "interrupted",
      "interrupted: the server shut down at t = 2.5 ms, before the episode ended",
    ],
    [
      "disconnected",
      true,
      "disconnected",
      "disconnected: the client went away at t = 2.5 ms, before the episode ended",
    ],
    ["error", true, "server error", "stopped by a server error at t = 2.5 ms, before the episode ended"],
    ["timeout", false, "timed out", "timed out: the episode's time limit, at t = 2.5 ms"],
    ["finished", false, "finished", "finished: the agent called finish at t = 2.5 ms"],
    ["completed", false, "completed", "completed: every task answered by t = 2.5 ms"],
  ])("labels %s (unfinished: %s)", (status, unfinished, short, label) => {
    expect(describeEnd({ status, t: 2.5 }, "ms")).toEqual({ kind: status, unfinished, short, label });
    expect(isUnfinished({ status })).toBe(unfinished);
  });

  it("labels a probe as unfinished whatever its end line says", () => {
    const end = describeEnd({ status: "completed", t: 0, probe: true }, "steps");
    expect(end).toMatchObject({ kind: "probe", unfinished: true, short: "probe" });
    expect(end.label).toBe("probe: the session made no tool call (completed at t = 0 steps)");
    expect(isUnfinished({ status: "disconnected", probe: true })).toBe(true);
  });
});

describe("the report's end", () => {
  const scenario = declaredScenario();

  it("carries kind, unfinished and label in the JSON report", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "a" });
    const recording = s.truncate();
    const report = JSON.parse(
      reportJson(buildReport(scenario, recording, computeMetrics(scenario, recording))),
    );
    expect(report.end).toEqual({
      status: null,
      t: 1,
      truncated: true,
      probe: false,
      kind: "in-progress",
      unfinished: true,
      label: "in progress (no end recorded; last event at t = 1 steps)",
    });
  });

  it("is finished for an episode that ended with every task answered", () => {
    const s = new Session(scenario);
    s.answer(1, "solo", "v-c");
    s.answer(2, "chain", "x");
    const recording = s.end();
    const report = buildReport(scenario, recording, computeMetrics(scenario, recording));
    expect(report.end).toMatchObject({ kind: "completed", unfinished: false, probe: false });
  });
});
