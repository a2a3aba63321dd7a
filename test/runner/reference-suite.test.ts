import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentName } from "../../src/agents/index.js";
import { connectInMemoryStarted } from "../../src/client/connect.js";
import { AsyncToolError } from "../../src/errors.js";
import { serverInfo } from "../../src/paths.js";
import { planEpisodes, refOf } from "../../src/runner/episodes.js";
import { InProcessTarget } from "../../src/runner/in-process-target.js";
import { parseSeedList, referenceAgentNamed, runReferenceSuite } from "../../src/runner/reference-suite.js";
import type { ScoredEpisode } from "../../src/runner/suite.js";
import { buildSuiteReport, renderSuiteMarkdown, type SuiteReport } from "../../src/runner/suite-report.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";
import { scenarioInput, writeSuite } from "./suite-fixture.js";

/**
 * A suite of two scenarios made here (suite-fixture.ts): alpha, a chain fetch a (3) → combine b
 * (3) beside a task fetch c (3); gamma, the task fetch c alone. In the step clock (δ = 1, every
 * step weighs w = δ + d = 4):
 *
 * - alpha: S = 3 · 4 + 2 tasks · δ = 14. M* = 9: fetch a @1 (ends 4), fetch c @2 (ends 5),
 *   wait a lands 4, combine b @5 (ends 8), wait c @6, answer solo @7, wait b @8, answer chain @9
 *   — and no schedule does better, the chain alone needs w(a) + w(b) + δ = 9. The sequential
 *   agent blocks on every step: M = S = 14, SWE = 9/14.
 * - gamma: S = 4 + 1 = 5 = M* (start @1, wait lands 4, answer @5): SWE 1 whatever the agent.
 *
 * Latencies are fixed numbers, so seeds 1 and 2 give the same figures: the sequential agent's
 * mean SWE over the four episodes is (9/14 + 1) / 2 = 23/28 ≈ 0.821, sample sd
 * √(4 · (5/28)² / 3) ≈ 0.206; the oracle's is 1.
 */
let dir: string;

const SUITE: readonly ScenarioFileInput[] = [scenarioInput("alpha"), scenarioInput("gamma", "solo")];

async function runAgentOver(
  agent: AgentName,
  scenarios: readonly ScenarioFileInput[],
  seeds: readonly number[],
  name: string,
): Promise<{ scored: ScoredEpisode[]; report: SuiteReport; out: string }> {
  const out = join(dir, name);
  await writeSuite(join(out, "suite"), scenarios);
  const loaded = (await loadScenariosAt(join(out, "suite"))).map((o) => {
    if (!o.scenario) throw o.error ?? new Error(`${o.file} did not load`);
    return o.scenario;
  });
  const episodes = planEpisodes(loaded.map(refOf), { seeds, modes: undefined, clock: "step" });
  const recordings = join(out, "recordings");
  const target = new InProcessTarget(recordings, join(out, "set-aside"), (episode) =>
    connectInMemoryStarted(
      {
        scenario: episode.scenario,
        seed: episode.seed,
        mode: episode.mode,
        clock: episode.clock,
        recordingsDir: recordings,
        server: serverInfo,
        sessionId: episode.key,
      },
      { name: `test-${agent}`, version: "0" },
    ),
  );
  const events: string[] = [];
  const scored = await runReferenceSuite({
    agent,
    episodes,
    target,
    onEvent: (event) => events.push(event.type),
  });
  expect(events).toEqual(episodes.flatMap(() => ["started", "done"]));
  const report = buildSuiteReport(scored, {
    provider: "reference",
    model: agent,
    runner: { name: "test", version: "0" },
    outDir: out,
    notRun: 0,
  });
  return { scored, report, out };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-reference-suite-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a reference agent over a suite", () => {
  it("the oracle solves every episode with full efficiency", async () => {
    const { scored, report } = await runAgentOver("oracle", SUITE, [1, 2], "oracle");
    expect(scored.map((s) => s.episode.key)).toEqual([
      "alpha.s1.async.step",
      "gamma.s1.async.step",
      "alpha.s2.async.step",
      "gamma.s2.async.step",
    ]);
    for (const s of scored) {
      expect(s.metrics?.episodeSuccess).toBe(true);
      expect(s.metrics?.successWeightedEfficiency).toBe(1);
      expect(s.stats.stop).toBeNull();
    }
    const all = report.overall[0];
    expect(all?.runs).toBe(4);
    expect(all?.episodeSuccess).toBe(1);
    expect(all?.successWeightedEfficiency.mean).toBe(1);
  });

  it("the sequential agent's table has the figures worked out by hand", async () => {
    const { scored, report } = await runAgentOver("sequential", SUITE, [1, 2], "sequential");
    const alpha = scored.find((s) => s.episode.key === "alpha.s1.async.step")?.metrics;
    expect(alpha?.sequentialBound).toBe(14);
    expect(alpha?.bestMakespan).toBe(9);
    expect(alpha?.makespan).toBe(14);
    expect(alpha?.successWeightedEfficiency).toBeCloseTo(9 / 14, 12);
    const gamma = scored.find((s) => s.episode.key === "gamma.s2.async.step")?.metrics;
    expect([gamma?.sequentialBound, gamma?.bestMakespan, gamma?.makespan]).toEqual([5, 5, 5]);
    const all = report.overall[0];
    expect(all?.runs).toBe(4);
    expect(all?.seeds).toBe(2);
    expect(all?.episodeSuccess).toBe(1);
    expect(all?.successWeightedEfficiency.mean).toBeCloseTo(23 / 28, 12);
    expect(all?.successWeightedEfficiency.sd).toBeCloseTo(Math.sqrt((4 * (5 / 28) ** 2) / 3), 12);
    const markdown = renderSuiteMarkdown(report);
    expect(markdown).toContain("# AsyncTool: reference/sequential");
    expect(markdown).toMatch(/\| all \| async \| 4 \| 0 \| 1 \| 0 \| \[1, 1\] \|.*\| 0\.821 ± 0\.206 \|/);
    expect(markdown).toContain("| 2 tasks | async | 2 |");
    expect(markdown).toContain("| 1 task | async | 2 |");
  });

  it("records an agent that stops before the end with stop reason agent_stopped, not as a crash", async () => {
    const capped = { ...scenarioInput("capped", "solo"), limits: { maxCalls: 2 } } as ScenarioFileInput;
    const { scored, report } = await runAgentOver("sequential", [capped], [1], "capped");
    expect(scored).toHaveLength(1);
    const [one] = scored;
    expect(one?.stats.stop).toBe("agent_stopped");
    expect(one?.stats.failure).toBeNull();
    expect(one?.metrics?.episodeSuccess).toBe(false);
    expect(report.infrastructureFailures).toBe(0);
    expect(report.overall[0]?.episodeSuccess).toBe(0);
    expect(renderSuiteMarkdown(report)).toContain("stop: agent_stopped");
  });
});

describe("the reference run's arguments", () => {
  it("names the known agents when --agent is none of them", () => {
    expect(referenceAgentNamed("poller")).toBe("poller");
    const error = catchError(() => referenceAgentNamed("genius"));
    expect(error.code).toBe("AGENT_UNKNOWN");
    expect(error.message).toContain("oracle, sequential, poller");
  });

  it("reads --seeds as integers separated by commas, and says the format otherwise", () => {
    expect(parseSeedList("1,2")).toEqual([1, 2]);
    expect(parseSeedList(" 7 , 0,3")).toEqual([7, 0, 3]);
    for (const bad of ["", "1,,2", "1;2", "a", "-1", "1.5", "2,2", "1-3"]) {
      const error = catchError(() => parseSeedList(bad));
      expect(error.code, bad).toBe("SEEDS_INVALID");
      expect(error.message, bad).toContain("e.g. --seeds 1,2,3");
    }
  });
});

function catchError(f: () => unknown): AsyncToolError {
  try {
    f();
  } catch (error) {
    if (error instanceof AsyncToolError) return error;
    throw error;
  }
  throw new Error("expected an error");
}
