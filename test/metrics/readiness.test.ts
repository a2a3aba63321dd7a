import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEpisodeInMemory } from "../../src/harness/run-episode.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";

/**
 * Avoidable idle (metrics.md §15): a step is not ready while an attempt at it is in flight, an
 * attempt being a call that fits it and that no other step matched. test/fixtures/scenarios/shared-first-call.json
 * (episode 96 of the first edition, asynctool-v1) has two
 * tasks whose first step is the same call (list, no arguments): the sequential agent's list for
 * task 2 is not an attempt at task 3's list, so task 3's list stays ready (and the agent's wait
 * on task 2's job is avoidable) while it runs. Seed 7: M = 24 and 6 steps of avoidable idle,
 * where counting the other task's call as an attempt gave 5/24.
 */
describe("avoidable idle", () => {
  it("does not take a call matched to another task's step for an attempt at this one", async () => {
    const scenario = await loadScenarioFile(join("test", "fixtures", "scenarios", "shared-first-call.json"));
    const { metrics } = await runEpisodeInMemory({
      agent: "sequential",
      scenario,
      seed: 7,
      mode: "async",
      clock: "step",
    });
    expect(metrics.makespan).toBe(24);
    expect(metrics.time.avoidableIdle).toBe(6);
    expect(metrics.avoidableIdleShare).toBe(6 / 24);
  });
});
