import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import type { ScoredEpisode } from "../../src/runner/suite.js";
import { categoriesOf, type SuiteReport } from "../../src/runner/suite-report.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import { type FakeModel, type FakeRequest, startFakeModel } from "./fake-model.js";
import { evalArgsFor, reportIn, runEval } from "./run-eval.js";
import { scenarioInput, solveBoth, solveSolo, writeSuite } from "./suite-fixture.js";

/**
 * Three scenarios (two of two tasks, one of one) × seeds 1, 2 × modes async, instant. The model
 * gets every episode right except beta in async mode on its second seed, so the table's figures
 * can be worked out by hand.
 */
let dir: string;
let fake: FakeModel;
let report: SuiteReport;
let markdown: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-report-"));
  await writeSuite(join(dir, "suite"), [
    scenarioInput("alpha"),
    scenarioInput("beta"),
    scenarioInput("gamma", "solo"),
  ]);
  // Conversations of one scenario and mode come seed by seed (concurrency 1): count their starts.
  const starts = new Map<string, number>();
  const modeOf = (r: FakeRequest) => (r.brief.includes("answer at once") ? "instant" : "async");
  fake = await startFakeModel((request) => {
    const key = `${request.scenario}/${modeOf(request)}`;
    if (request.turn === 1) starts.set(key, (starts.get(key) ?? 0) + 1);
    const seed = starts.get(key) ?? 0;
    const turns =
      request.scenario === "gamma"
        ? solveSolo()
        : solveBoth(key === "beta/async" && seed === 2 ? "wrong" : "v-a+b");
    return turns[request.turn - 1] ?? { calls: [], text: "done" };
  });
  const out = join(dir, "out");
  const run = await runEval([
    ...evalArgsFor(fake, join(dir, "suite"), out),
    "--seeds",
    "2",
    "--mode",
    "async",
    "instant",
  ]);
  expect(run.error).toBeUndefined();
  report = await reportIn(out);
  markdown = await readFile(join(out, "report.md"), "utf8");
  expect(run.io.stdout()).toBe(markdown);
});

afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the run's report", () => {
  it("has each mode's success, its spread over seeds, and pass^k over a scenario's seeds", () => {
    const [async, instant] = report.overall;
    expect(async).toMatchObject({ group: "all", mode: "async", runs: 6, seeds: 2 });
    expect(async?.episodeSuccess).toBeCloseTo(5 / 6);
    // Seed 1: 3/3; seed 2: 2/3.
    expect(async?.episodeSuccessOverSeeds?.mean).toBeCloseTo(5 / 6);
    expect(async?.episodeSuccessOverSeeds?.sd).toBeCloseTo(Math.SQRT2 / 6);
    // pass^1 = 5/6; pass^2: alpha 1, beta 0, gamma 1.
    expect(async?.passK.map((p) => p.k)).toEqual([1, 2]);
    expect(async?.passK[0]?.value).toBeCloseTo(5 / 6);
    expect(async?.passK[1]?.value).toBeCloseTo(2 / 3);
    expect(async?.taskSuccess).toBeCloseTo((4 * 1 + 0.5 + 1) / 6);
    expect(instant).toMatchObject({
      mode: "instant",
      runs: 6,
      episodeSuccess: 1,
      episodeSuccessOverSeeds: { mean: 1, sd: 0 },
    });
    expect(instant?.passK.map((p) => p.value)).toEqual([1, 1]);
  });

  it("groups by number of tasks and by category", () => {
    expect(report.byTaskCount.map((r) => [r.group, r.mode, r.runs, r.episodeSuccess])).toEqual([
      ["1 task", "async", 2, 1],
      ["1 task", "instant", 2, 1],
      ["2 tasks", "async", 4, 0.75],
      ["2 tasks", "instant", 4, 1],
    ]);
    expect(report.byCategory.map((r) => [r.group, r.mode, r.runs])).toEqual([
      ["(declared tools)", "async", 6],
      ["(declared tools)", "instant", 6],
    ]);
  });

  it("compares each mode with async on the same scenarios and seeds (the ablation)", () => {
    expect(report.ablation).toHaveLength(1);
    const [row] = report.ablation;
    expect(row).toMatchObject({
      dimension: "mode",
      baseline: "async",
      variant: "instant",
      pairs: 6,
      variantSuccess: 1,
    });
    expect(row?.baselineSuccess).toBeCloseTo(5 / 6);
    expect(row?.delta).toBeCloseTo(1 / 6);
    // Paired differences: five 0s and one 1; sd = √((5·(1/6)² + (5/6)²)/5) = √(1/6), SE = √(1/6)/√6 = 1/6.
    expect(row?.deltaSe).toBeCloseTo(1 / 6);
  });

  it("lists every episode with its runner figures, in plan order", () => {
    expect(report.episodes.map((e) => e.key)).toEqual([
      "alpha.s1.async.step",
      "alpha.s1.instant.step",
      "beta.s1.async.step",
      "beta.s1.instant.step",
      "gamma.s1.async.step",
      "gamma.s1.instant.step",
      "alpha.s2.async.step",
      "alpha.s2.instant.step",
      "beta.s2.async.step",
      "beta.s2.instant.step",
      "gamma.s2.async.step",
      "gamma.s2.instant.step",
    ]);
    expect(report.episodes.find((e) => e.key === "beta.s2.async.step")).toMatchObject({
      success: false,
      tasksSucceeded: 1,
    });
    expect(report.episodes.every((e) => e.file.startsWith("recordings/"))).toBe(true);
  });

  it("renders the same in Markdown", () => {
    expect(markdown).toContain("# AsyncTool: openai/m");
    // No run stopped before its episode ended: Unfinished 0.
    expect(markdown).toContain("| Group | Mode | Runs | Unfinished | Episode success |");
    // Five successes in six: SE = √(1/6)/√6 = 1/6; the interval is the bootstrap's (seeded), within [0, 1].
    expect(markdown).toMatch(
      /\| all \| async \| 6 \| 0 \| 0\.833 \| 0\.167 \| \[0\.[0-9]+, 1\] \| 0\.833 ± 0\.236 \|/,
    );
    expect(markdown).toContain("pass^2");
    expect(markdown).toMatch(
      /\| async \| instant \| 6 \| 0\.833 \| 1 \| \+0\.167 \| 0\.167 \| \[0, 0\.[0-9]+\] \|/,
    );
  });
});

describe("categories", () => {
  it("are the AsyncTool categories of an episode's domains, each counted", async () => {
    const scenarios = (await loadScenariosAt(exampleScenariosDir)).flatMap((o) =>
      o.scenario ? [o.scenario] : [],
    );
    const travel = scenarios.find((s) => s.id === "travel-and-files");
    expect(travel).toBeDefined();
    const scored = { episode: { scenario: travel } } as unknown as ScoredEpisode;
    expect(categoriesOf(scored)).toEqual(["Filesystem", "TravelPlanning"]);
  });
});
