import { describe, expect, it } from "vitest";
import { composeEpisode } from "../../src/dataset/compose.js";
import { EDITION_SETTINGS } from "../../src/dataset/editions.js";
import { planEpisode } from "../../src/dataset/plan.js";
import { builtInDomains } from "../../src/domains/all-built-in-domains.js";
import { builtInPackages, TEMPLATE_ORDER, templatesInOrder } from "../../src/domains/index.js";
import { runEpisodeInMemory } from "../../src/harness/run-episode.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";
import { shelfPackage } from "./toy-domain/index.js";
import { shelf } from "./toy-domain/tools.js";

/**
 * The recipe of docs/extending.md ("A domain", "A tool", "A template"), followed on a toy: the
 * shelf domain of test/extending/toy-domain/ (tools.ts, kit.ts, templates/, index.ts), registered
 * as the recipe says (its simulator after builtInDomains, its package after builtInPackages, its
 * name at the end of TEMPLATE_ORDER), here on copies of the registries so the built-in suite is
 * untouched. Its template must generate episodes that compile and that the oracle solves.
 */
const domains = [...builtInDomains, shelf];
const packages = [...builtInPackages, shelfPackage];
const templates = templatesInOrder(packages, [...TEMPLATE_ORDER, shelf.name]);

async function oracleSolves(file: ScenarioFileInput, seed: number): Promise<void> {
  const scenario = compileScenario(JSON.parse(JSON.stringify(file)), { file: `${file.id}.json`, domains });
  const { metrics, stopped } = await runEpisodeInMemory({ agent: "oracle", scenario, seed });
  expect(stopped).toBeUndefined();
  expect(metrics.tasks.filter((t) => !t.success).map((t) => ({ task: t.id, answer: t.answer }))).toEqual([]);
  expect(metrics.episodeSuccess).toBe(true);
}

describe("a toy domain added by the recipe", () => {
  it("is listed with its template after the built-in ones", () => {
    expect(templates.slice(0, -1)).toEqual(templatesInOrder(builtInPackages));
    expect(templates.at(-1)?.id).toBe("toy_shelf/count-by-author");
  });

  it.each([1, 2, 3])("seed %i: its template alone compiles and the oracle solves it", async (seed) => {
    const [template] = shelfPackage.templates;
    if (!template) throw new Error("the toy package has a template");
    const file = composeEpisode(
      { id: "toy-shelf-alone", templates: [template], profile: "realistic", seed, attempt: 0 },
      domains,
    );
    expect(file.tasks?.[0]?.steps?.map((s) => s.tool)).toEqual(["toy_count_books"]);
    await oracleSolves(file, seed);
  });

  it("is drawn by the generator's planner, and the episode compiles and is solved", async () => {
    const plans = Array.from({ length: 2 * packages.length }, (_, i) =>
      planEpisode({
        seed: 1,
        index: i + 1,
        attempt: 0,
        prefix: "toy",
        templates,
        mix: EDITION_SETTINGS.v1.mix,
      }),
    );
    const plan = plans.find((p) => p.templates.some((t) => t.domains[0] === shelf.name));
    if (!plan) throw new Error("no episode drew the toy template");
    const file = composeEpisode(plan, domains);
    expect(Object.keys(file.domains ?? {})).toContain(shelf.name);
    await oracleSolves(file, plan.seed);
  });

  it("is unknown to a compile that was not given it", () => {
    const [template] = shelfPackage.templates;
    if (!template) throw new Error("the toy package has a template");
    const file = composeEpisode(
      { id: "toy-shelf-unregistered", templates: [template], profile: "realistic", seed: 1, attempt: 0 },
      domains,
    );
    expect(() => compileScenario(JSON.parse(JSON.stringify(file)))).toThrow(/unknown domain/);
  });
});
