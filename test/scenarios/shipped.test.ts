import { describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import { goldRun } from "../helpers/gold-run.js";

const outcomes = await loadScenariosAt(exampleScenariosDir);

describe("shipped scenarios", () => {
  it("are all valid, and cover one-domain, cross-domain and declared-tools episodes", () => {
    expect(outcomes.filter((o) => o.error).map((o) => o.error?.message)).toEqual([]);
    const scenarios = outcomes.flatMap((o) => (o.scenario ? [o.scenario] : []));
    expect(scenarios.some((s) => s.domains.length === 1 && s.tasks.length >= 2)).toBe(true);
    expect(scenarios.some((s) => s.domains.length >= 2 && s.tasks.length >= 3)).toBe(true);
    expect(scenarios.some((s) => s.domains.length === 0 && s.spec.tools.length > 0)).toBe(true);
  });

  it.each(outcomes.map((o) => [o.file, o] as const))(
    "%s is solved by its own gold steps",
    async (_file, outcome) => {
      const scenario = outcome.scenario;
      expect(scenario).toBeDefined();
      if (!scenario) return;
      for (const seed of [1, 2, 3]) {
        const { failures } = await goldRun(scenario, seed);
        expect(failures).toEqual([]);
      }
    },
  );
});
