import { describe, expect, it } from "vitest";
import { composeEpisode } from "../../src/dataset/compose.js";
import { allTemplates } from "../../src/domains/index.js";
import { runEpisodeInMemory } from "../../src/harness/run-episode.js";
import { compileScenario } from "../../src/scenarios/compile.js";

/**
 * Every template, alone in an episode, for a few seeds: it compiles, and the oracle agent solves
 * it with full marks in the step clock (the condition the generator keeps an episode on).
 */
describe.each(allTemplates.map((t) => [t.id, t] as const))("template %s", (id, template) => {
  it.each([1, 2, 3])("seed %i: compiles and the oracle solves it", async (seed) => {
    const file = composeEpisode({
      id: `check-${id.replace("/", "-")}`,
      templates: [template],
      profile: "realistic",
      seed,
      attempt: 0,
    });
    const scenario = compileScenario(JSON.parse(JSON.stringify(file)), { file: `${id}#${seed}` });
    const { metrics, stopped } = await runEpisodeInMemory({ agent: "oracle", scenario, seed });
    expect(stopped).toBeUndefined();
    const failures = metrics.tasks
      .filter((t) => !t.success)
      .map((t) => ({ task: t.id, answer: t.answer, check: t.answerCheck, state: t.stateChecks }));
    expect(failures).toEqual([]);
    expect(metrics.episodeSuccess).toBe(true);
    expect(metrics.dependencyViolationRate ?? 0).toBe(0);
  });
});
