import { describe, expect, it } from "vitest";
import type { AGENT_NAMES } from "../../src/agents/index.js";
import { type EpisodeRunResult, runEpisodeInMemory } from "../../src/harness/run-episode.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { buildReport, reportJson } from "../../src/report/build.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";

const scenarios = (await loadScenariosAt(exampleScenariosDir)).flatMap((o) =>
  o.scenario ? [o.scenario] : [],
);
const SEEDS = [1, 2, 3];

describe.each(scenarios.map((s) => [s.id, s] as const))(
  "the reference agents on %s (step clock)",
  (_id, scenario) => {
    describe.each(SEEDS)("seed %i", (seed) => {
      const runs = new Map<string, EpisodeRunResult>();
      const run = async (agent: (typeof AGENT_NAMES)[number]) => {
        const known = runs.get(agent);
        if (known) return known;
        const result = await runEpisodeInMemory({ agent, scenario, seed, mode: "async", clock: "step" });
        runs.set(agent, result);
        return result;
      };

      it("the oracle succeeds without a dependency violation, within 0.9 of the lower bound", async () => {
        const { metrics } = await run("oracle");
        expect(metrics.episodeSuccess).toBe(true);
        expect(metrics.dependencyViolationRate).toBe(0);
        expect(metrics.optimality).toBeGreaterThanOrEqual(0.9);
      });

      it("the sequential agent succeeds in exactly the sequential bound", async () => {
        const { metrics } = await run("sequential");
        expect(metrics.episodeSuccess).toBe(true);
        expect(metrics.makespan).toBe(metrics.sequentialBound);
        expect(metrics.speedup).toBe(1);
      });

      it("orders them oracle > poller ≥ sequential on success-weighted efficiency", async () => {
        const [oracle, poller, sequential] = await Promise.all(
          (["oracle", "poller", "sequential"] as const).map(run),
        );
        const swe = (r: EpisodeRunResult | undefined) => r?.metrics.successWeightedEfficiency ?? Number.NaN;
        expect(swe(oracle)).toBeGreaterThan(swe(poller));
        expect(swe(poller)).toBeGreaterThanOrEqual(swe(sequential));
        expect(poller?.metrics.wastedPolls).toBeGreaterThan(0);
      });

      it("gives byte-identical report JSON for the same seed", async () => {
        const first = await run("oracle");
        const again = await runEpisodeInMemory({
          agent: "oracle",
          scenario,
          seed,
          mode: "async",
          clock: "step",
        });
        const json = (r: EpisodeRunResult) =>
          reportJson(buildReport(scenario, r.recording, r.metrics), { detail: true });
        expect(json(again)).toBe(json(first));
      });
    });
  },
);
