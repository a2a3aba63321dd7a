import { expect } from "vitest";
import type { AgentName } from "../../src/agents/index.js";
import { runEpisodeInMemory } from "../../src/harness/run-episode.js";
import type { Scenario } from "../../src/scenarios/scenario.js";

/** Per agent, the figures the suite summary reports (scripts/suite-figures.ts prints them). */
export interface SuiteFigures {
  readonly optimality: Record<AgentName, number[]>;
  readonly successWeighted: Record<AgentName, number[]>;
  /** S / M* per episode and seed. */
  readonly sOverBest: number[];
}

/**
 * The default suite's promise, checked episode by episode in the step clock for seeds 1 and 2:
 * it validates (it loaded); the oracle solves it with full marks and reaches the best makespan
 * M* exactly (it plays the search's schedule on the real server, so this checks the search's
 * model of the server); the sequential agent solves it in exactly S; and no agent's recording
 * (oracle, sequential, poller) has M < M*.
 */
export async function checkSuiteEpisodes(scenarios: readonly Scenario[]): Promise<SuiteFigures> {
  const failures: string[] = [];
  const figures: SuiteFigures = {
    optimality: { oracle: [], sequential: [], poller: [] },
    successWeighted: { oracle: [], sequential: [], poller: [] },
    sOverBest: [],
  };
  for (const scenario of scenarios) {
    for (const seed of [1, 2]) {
      const at = `${scenario.id} seed ${seed}`;
      const run = async (agent: AgentName) =>
        (await runEpisodeInMemory({ agent, scenario, seed, mode: "async", clock: "step" })).metrics;
      const o = await run("oracle");
      const s = await run("sequential");
      const p = await run("poller");
      const best = o.bestMakespan;
      if (best === null) {
        failures.push(`${at}: no best makespan`);
        continue;
      }
      if (!o.episodeSuccess || (o.dependencyViolationRate ?? 0) > 0)
        failures.push(`${at}: the oracle did not get full marks`);
      if (o.makespan !== best) failures.push(`${at}: oracle makespan ${o.makespan} ≠ M* ${best}`);
      if (!s.episodeSuccess) failures.push(`${at}: the sequential agent failed`);
      if (s.makespan !== s.sequentialBound)
        failures.push(`${at}: sequential makespan ${s.makespan} ≠ S ${s.sequentialBound}`);
      for (const [name, m] of [
        ["oracle", o],
        ["sequential", s],
        ["poller", p],
      ] as const) {
        if (m.makespan < best) failures.push(`${at}: ${name} makespan ${m.makespan} < M* ${best}`);
        figures.optimality[name].push(m.optimality ?? 0);
        figures.successWeighted[name].push(m.successWeightedEfficiency ?? 0);
      }
      figures.sOverBest.push(o.sequentialBound / best);
    }
  }
  expect(failures).toEqual([]);
  return figures;
}
