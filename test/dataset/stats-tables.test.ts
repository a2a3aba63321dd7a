import { describe, expect, it } from "vitest";
import { statsMarkdown, suiteStats } from "../../src/dataset/stats.js";
import { loadScenarioText } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";
import { scenarioInput } from "../runner/suite-fixture.js";

/**
 * The datasheet's answer-check, S / M* and quick-step tables on three episodes made here, with
 * fixed latencies (the seed changes nothing) and every figure worked out by hand. Step clock,
 * δ = 1: a step weighs w = 1 + max(d, 1), S = Σ w + tasks.
 *
 * - alpha (realistic): chain fetch a (3) → combine b (3), and fetch c (3). S = 3 · 4 + 2 = 14;
 *   M* = 9 (fetch a @1, fetch c @2, wait a lands 4, combine @5 ends 8, wait c @6, answer @7,
 *   wait b @8, answer @9; the chain alone needs 4 + 4 + 1). S / M* = 14/9 ≈ 1.556.
 * - gamma (realistic): fetch c (1) alone. S = 2 + 1 = 3 = M* (fetch @1, wait @2, answer @3): 1.
 * - rho (one-round): alpha's tasks, every latency 1. S = 3 · 2 + 2 = 8. M* = 7: three starts,
 *   two answers, a collect of a before combine and one of b before its answer (c collected with
 *   a): seven actions, each one step. S / M* = 8/7 ≈ 1.143.
 *
 * realistic: median (1 + 14/9) / 2 = 23/18 ≈ 1.278, min 1, one of two below 1.3. Gold-step
 * latencies outside one-round: 3, 3, 3 and 1: one of four ≤ 1.
 */

function scenario(input: ScenarioFileInput): Scenario {
  return loadScenarioText(JSON.stringify(input), `${input.id}.json`);
}

function withAnswers(
  input: ScenarioFileInput,
  answers: readonly unknown[],
  profile: string,
  latency: Record<string, number>,
): ScenarioFileInput {
  const tasks = (input.tasks as { answer: unknown }[]).map((t, i) => ({ ...t, answer: answers[i] }));
  return { ...input, tasks, latency, meta: { profile } } as unknown as ScenarioFileInput;
}

const suite = [
  scenario(
    withAnswers(
      scenarioInput("alpha"),
      [{ exact: { $from: "b.joined" } }, { normalized: "v-c" }],
      "realistic",
      { fetch: 3, combine: 3 },
    ),
  ),
  scenario(withAnswers(scenarioInput("gamma", "solo"), [{ contains: "v-c" }], "realistic", { fetch: 1 })),
  scenario(
    withAnswers(
      scenarioInput("rho"),
      [{ exact: { $from: "b.joined" } }, { regex: "^v-c$", example: "v-c" }],
      "one-round",
      { fetch: 1, combine: 1 },
    ),
  ),
];

describe("the datasheet's answer-check, S / M* and quick-step tables", () => {
  const stats = suiteStats(suite, { seeds: [1, 2] });

  it("counts the tasks by answer check", () => {
    expect(stats.answerChecks).toEqual({ contains: 1, exact: 2, normalized: 1, regex: 1 });
  });

  it("gives S / M* per latency profile, one-round apart", () => {
    expect(stats.roomSeeds).toEqual([1, 2]);
    // Two seeds: each episode counts twice, with the same figures.
    expect(stats.room.realistic?.runs).toBe(4);
    expect(stats.room.realistic?.median).toBeCloseTo(23 / 18, 12);
    expect(stats.room.realistic?.min).toBe(1);
    expect(stats.room.realistic?.below13).toBe(2);
    expect(stats.room["one-round"]).toEqual({
      runs: 2,
      median: 8 / 7,
      min: 8 / 7,
      below13: 2,
      unsearched: 0,
    });
    expect(stats.roomOutsideOneRound).toEqual(stats.room.realistic);
  });

  it("gives the share of gold-step latencies ≤ 1 outside one-round", () => {
    expect(stats.quickSteps).toEqual({ steps: 8, atMostOne: 2 });
  });

  it("writes them as the datasheet's tables", () => {
    const tables = statsMarkdown(suiteStats(suite));
    expect(tables).toContain(
      ["| answer check | tasks |", "|---|---|", "| contains | 1 (20.0%) |", "| exact | 2 (40.0%) |"].join(
        "\n",
      ),
    );
    expect(tables).toContain("S / M\\* per latency profile (step clock, async mode, seed 1)");
    expect(tables).toContain("| one-round | 1 | 1.143 | 1.143 | 1 (100.0%) |");
    expect(tables).toContain("| realistic | 2 | 1.278 | 1.000 | 1 (50.0%) |");
    expect(tables).toContain("| all but one-round | 2 | 1.278 | 1.000 | 1 (50.0%) |");
    expect(tables).toContain("| gold-step latencies ≤ 1 outside one-round | 1 of 4 (25.0%) |");
  });
});
