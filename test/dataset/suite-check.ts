import { expect } from "vitest";
import { runEpisodeInMemory } from "../../src/harness/run-episode.js";
import type { Scenario } from "../../src/scenarios/scenario.js";

/**
 * The default suite's promise, checked episode by episode: it validates (it loaded), the oracle
 * solves it with full marks in the step clock, and the sequential agent solves it too, taking
 * exactly the sequential bound, and so no more efficiently than the oracle.
 */
export async function checkSuiteEpisodes(scenarios: readonly Scenario[]): Promise<void> {
  const failures: string[] = [];
  for (const scenario of scenarios) {
    const oracle = await runEpisodeInMemory({
      agent: "oracle",
      scenario,
      seed: 1,
      mode: "async",
      clock: "step",
    });
    const sequential = await runEpisodeInMemory({
      agent: "sequential",
      scenario,
      seed: 1,
      mode: "async",
      clock: "step",
    });
    const o = oracle.metrics;
    const s = sequential.metrics;
    if (!o.episodeSuccess || (o.dependencyViolationRate ?? 0) > 0)
      failures.push(`${scenario.id}: the oracle did not get full marks`);
    if (!s.episodeSuccess) failures.push(`${scenario.id}: the sequential agent failed`);
    if (s.makespan !== s.sequentialBound)
      failures.push(`${scenario.id}: sequential makespan ${s.makespan} ≠ S ${s.sequentialBound}`);
    if ((s.successWeightedEfficiency ?? 0) > (o.successWeightedEfficiency ?? 0)) {
      failures.push(`${scenario.id}: the sequential agent was more efficient than the oracle`);
    }
  }
  expect(failures).toEqual([]);
}
