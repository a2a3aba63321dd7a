import type { BalanceBar } from "../dataset/editions.js";
import type { EpisodeCheck } from "../dataset/generate.js";
import { bestSchedule } from "../engine/best-schedule.js";
import { bestScheduleInput } from "../engine/best-schedule-input.js";
import { sampleSchedule } from "../engine/episode.js";
import { toClockUnits, typicalLatency } from "../engine/latency.js";
import { AsyncToolError } from "../errors.js";
import { buildGold } from "../metrics/gold.js";
import { compileScenario } from "../scenarios/compile.js";
import type { Scenario } from "../scenarios/scenario.js";

/** S / M* of one episode and seed, in async mode and the step clock (δ = 1), as the metrics define them. */
export interface Speedup {
  /** S: every step started, waited for and collected one after another, plus one answer per task. */
  readonly sequentialBound: number;
  /** M*, by the exact search; null when some step can never complete. */
  readonly bestMakespan: number | null;
  /** S / M*; null without M*. */
  readonly ratio: number | null;
}

export function speedup(scenario: Scenario, seed: number): Speedup {
  return speedupOf(scenario, sampleSchedule(scenario, seed, "async", "step"), seed);
}

/**
 * S / M* when every step takes its tool's typical (median) latency: a property of the
 * composition, not of one seed's luck, so a bar on it holds in expectation for any seed.
 */
export function typicalSpeedup(scenario: Scenario): Speedup {
  const schedule: Record<string, Record<string, number>> = {};
  for (const task of scenario.tasks) {
    const row: Record<string, number> = {};
    for (const step of task.steps) {
      const tool = scenario.tools.get(step.tool);
      row[step.id] = tool ? toClockUnits(typicalLatency(tool.latency), "step", scenario.unitMs) : 0;
    }
    schedule[task.id] = row;
  }
  return speedupOf(scenario, schedule, 1);
}

function speedupOf(
  scenario: Scenario,
  schedule: Readonly<Record<string, Readonly<Record<string, number>>>>,
  seed: number,
): Speedup {
  const sequentialBound = buildGold(scenario, schedule, 1).sequentialBound;
  const best = bestSchedule(bestScheduleInput(scenario, schedule, seed, "async").input);
  const bestMakespan = best.tooLarge ? null : best.makespan;
  return {
    sequentialBound,
    bestMakespan,
    ratio: bestMakespan ? sequentialBound / bestMakespan : null,
  };
}

/**
 * The generator's bar on delays that matter: a draw is kept only if its tasks are balanced at
 * typical latencies (`typicalPerTask`), and, for every seed of the bar, the best schedule is at
 * least `minRatio` times faster than doing everything in turn. Episodes of an exempt profile
 * (the one-round profile) pass as they are.
 */
export function balanced(bar: BalanceBar): EpisodeCheck {
  return async (file) => {
    const profile = typeof file.meta?.profile === "string" ? file.meta.profile : undefined;
    if (profile && (bar.exempt as readonly string[]).includes(profile)) return { ok: true };
    let scenario: Scenario;
    try {
      scenario = compileScenario(JSON.parse(JSON.stringify(file)), { file: `${String(file.id)}.json` });
    } catch (error) {
      return { ok: false, reason: error instanceof AsyncToolError ? error.message : String(error) };
    }
    if (bar.typicalPerTask !== undefined) {
      const { ratio } = typicalSpeedup(scenario);
      const least = bar.typicalPerTask * scenario.tasks.length;
      if (ratio === null || ratio < least)
        return {
          ok: false,
          reason: `S / M* is ${ratio === null ? "undefined" : ratio.toFixed(2)} at typical latencies, below ${least.toFixed(2)} for ${scenario.tasks.length} tasks: the tasks are too unequal to overlap well`,
        };
    }
    for (const seed of bar.seeds) {
      const { ratio } = speedup(scenario, seed);
      if (ratio === null || ratio < bar.minRatio)
        return {
          ok: false,
          reason: `S / M* is ${ratio === null ? "undefined" : ratio.toFixed(2)} with seed ${seed}, below ${bar.minRatio}: too little to gain from overlapping calls`,
        };
    }
    return { ok: true };
  };
}
