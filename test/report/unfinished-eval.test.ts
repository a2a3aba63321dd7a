import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EndStatus } from "../../src/engine/types.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import type { ScoredEpisode } from "../../src/runner/suite.js";
import { buildSuiteReport, renderSuiteMarkdown } from "../../src/runner/suite-report.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "../metrics/session.js";

/** The eval report counts unfinished sessions per row, as the aggregate of `report DIR` does. */

const scenario = declaredScenario();
const outDir = "/out";

function scored(seed: number, end: EndStatus | null): ScoredEpisode {
  const s = new Session(scenario, { seed, client: { name: "toy", version: "1" } });
  const c = s.call(1, "fetch", { key: "c" });
  s.wait(2, [c]);
  s.answer(4, "solo", "v-c");
  const recording = end === null ? s.truncate() : s.end(end);
  return {
    episode: {
      key: `declared-test.s${seed}.async.step`,
      scenario,
      seed,
      mode: "async",
      clock: "step",
      parallel: null,
    },
    file: join(outDir, "recordings", `s${seed}.jsonl`),
    header: recording.header,
    metrics: computeMetrics(scenario, recording),
    scoreError: null,
    stats: {
      turns: 3,
      inputTokens: 100,
      cachedInputTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
      costUsd: null,
      nudges: 0,
      turnsWithoutUsage: 0,
      retries: 0,
      toolTimeouts: 0,
      malformedCalls: 0,
      truncations: 0,
      stop: null,
      failure: null,
    },
    endStatus: end,
    earlier: false,
  };
}

describe("the eval report's Unfinished count", () => {
  const report = buildSuiteReport([scored(1, "finished"), scored(2, "disconnected"), scored(3, "timeout")], {
    provider: "toy",
    model: "m",
    runner: { name: "asynctool-eval", version: "0" },
    outDir,
    notRun: 0,
  });

  it("counts the runs that stopped before their episode ended, in JSON and Markdown", () => {
    expect(report.overall[0]?.unfinished).toBe(1);
    expect(report.overall[0]?.runs).toBe(3);
    const md = renderSuiteMarkdown(report);
    expect(md).toMatch(/\| Mode \| Runs \| Unfinished \| Episode success \|/);
    expect(md).toMatch(/\| all \| async \| 3 \| 1 \|/);
  });

  it("labels the unfinished run in its line", () => {
    const lines = renderSuiteMarkdown(report)
      .split("\n")
      .filter((l) => l.startsWith("- recordings/"));
    expect(
      lines.filter((l) => l.includes("UNFINISHED: disconnected: the client went away at t = 4 steps")),
    ).toHaveLength(1);
    expect(lines.filter((l) => l.includes("UNFINISHED"))).toHaveLength(1);
  });
});
