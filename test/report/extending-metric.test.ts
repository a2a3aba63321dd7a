import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CATALOGUE,
  type EpisodeParts,
  type MetricCatalogue,
  type MetricEntry,
} from "../../src/metrics/catalog.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { type AggregateEntry, aggregate, renderAggregateMarkdown } from "../../src/report/aggregate.js";
import { buildReport } from "../../src/report/build.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { ScoredEpisode } from "../../src/runner/suite.js";
import { buildSuiteReport, renderSuiteMarkdown } from "../../src/runner/suite-report.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "../metrics/session.js";

/**
 * The recipe of docs/extending.md ("A metric") followed with two toy metrics: a function, a
 * catalogue entry, and this test. Each must appear in the per-episode report, the aggregate of
 * `report DIR` and the `eval` tables, aggregated as its entry says.
 */

// 1. The metric's function: of the families computeMetrics has already built.
function answeredTasks(parts: EpisodeParts): number {
  return parts.correctness.tasks.filter((t) => t.answer !== null).length;
}

// 2. Its catalogue entry (here added to a copy of the catalogue; a real one goes in catalog.ts).
const ANSWERED: MetricEntry = {
  name: "answeredTasks",
  label: "Answered tasks",
  unit: "answers",
  direction: "higher",
  description: "Tasks with a final answer.",
  over: { kind: "sum", head: "Answered" },
  shown: ["episode", "aggregate", "eval"],
  value: answeredTasks,
};
const ALL_ANSWERED: MetricEntry = {
  name: "allAnswered",
  label: "All answered",
  unit: "yes/no",
  direction: "higher",
  description: "Every task has a final answer.",
  over: { kind: "rate", head: "All answered" },
  shown: ["episode", "eval"],
  value: (parts) => answeredTasks(parts) === parts.correctness.tasks.length,
};
const catalogue: MetricCatalogue = [...CATALOGUE, ANSWERED, ALL_ANSWERED];

const scenario = declaredScenario();

/** One run of the declared scenario's two tasks; `answers` of them answered. */
function run(seed: number, answers: 1 | 2) {
  const s = new Session(scenario, { seed, client: { name: "toy", version: "1" } });
  const a = s.call(1, "fetch", { key: "a" });
  const c = s.call(2, "fetch", { key: "c" });
  s.wait(3, [a]);
  const b = s.call(5, "combine", { left: "v-a", right: "b" });
  s.wait(6, [b, c]);
  s.answer(8, "chain", "v-a+b");
  if (answers === 2) s.answer(9, "solo", "v-c");
  const recording = s.end();
  return { recording, metrics: computeMetrics(scenario, recording, { catalogue }) };
}

// Seed 1 answers both tasks, seed 2 one, seed 3 both: 5 answers, all answered in 2 of 3.
const runs = [run(1, 2), run(2, 1), run(3, 2)];

describe("a metric added by the recipe", () => {
  it("is computed with the others and shown in the per-episode report", () => {
    const { recording, metrics } = runs[1] as (typeof runs)[number];
    const report = buildReport(scenario, recording, metrics, catalogue);
    expect(report.headline.at(-2)).toMatchObject({ name: "answeredTasks", value: 1, unit: "answers" });
    expect(report.headline.at(-1)).toMatchObject({ name: "allAnswered", value: false });
    const md = renderMarkdown(report);
    expect(md).toContain("| Answered tasks | 1 | answers | higher |");
    expect(md).toContain("| All answered | no | yes/no | higher |");
  });

  it("is summed in the aggregate of report DIR, and left out where it is not shown", () => {
    const entries: AggregateEntry[] = runs.map((r, i) => ({
      name: `r${i + 1}.jsonl`,
      header: r.recording.header,
      metrics: r.metrics,
    }));
    const table = aggregate(entries, catalogue);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]).toMatchObject({ answeredTasks: 5 });
    expect(table.rows[0]).not.toHaveProperty("allAnswered");
    const md = renderAggregateMarkdown(table, catalogue);
    const [head, , row] = md.split("\n").filter((line) => line.startsWith("|"));
    expect(head?.endsWith("| SWE (mean ± sd) | SWE 95% CI | Answered |")).toBe(true);
    expect(row?.endsWith("| 5 |")).toBe(true);
    expect(md).not.toContain("All answered");
  });

  it("is in the eval tables: the sum, and the rate with its SE, interval and spread over seeds", () => {
    const outDir = "/out";
    const scored: ScoredEpisode[] = runs.map((r) => ({
      episode: {
        key: `declared-test.s${r.recording.header.seed}.async.step`,
        scenario,
        seed: r.recording.header.seed,
        mode: "async",
        clock: "step",
        parallel: null,
      },
      file: join(outDir, "recordings", `s${r.recording.header.seed}.jsonl`),
      header: r.recording.header,
      metrics: r.metrics,
      scoreError: null,
      stats: {
        turns: 4,
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
      endStatus: "completed",
      earlier: false,
    }));
    const report = buildSuiteReport(scored, {
      provider: "toy",
      model: "m",
      runner: { name: "asynctool-eval", version: "0" },
      outDir,
      notRun: 0,
      catalogue,
    });
    const all = report.overall[0] as unknown as Record<string, unknown>;
    expect(all.answeredTasks).toBe(5);
    // 1, 0, 1: the share 2/3, sd = √(1/3), SE = √(1/3)/√3 = 1/3; one run per seed, so the
    // spread over seeds is the same values' mean ± sd.
    expect(all.allAnswered).toBeCloseTo(2 / 3, 12);
    expect(all.allAnsweredSe).toBeCloseTo(1 / 3, 12);
    expect(all.allAnsweredOverSeeds).toMatchObject({ mean: 2 / 3 });
    expect(all.allAnsweredCi).toMatchObject({ upper: 1 });
    const md = renderSuiteMarkdown(report, catalogue);
    expect(md).toContain("| Answered | All answered | SE | 95% CI | Over seeds (mean ± sd) | pass^1 |");
    // pass^k (of episode success, 1, 0, 1 over three seeds) follows every figure's columns.
    expect(md).toMatch(
      /\| 5 \| 0\.667 \| 0\.333 \| \[0(\.[0-9]+)?, 1\] \| 0\.667 ± 0\.577 \| 0\.667 \| 0\.333 \| 0 \| 4 \| 110 \|/,
    );
  });
});
