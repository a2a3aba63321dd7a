import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { V2_LEFT_OUT } from "../../src/dataset/editions.js";
import { INSTRUCTION_FRAMES } from "../../src/dataset/phrasings.js";
import {
  instructionKey,
  secondEditionViolations,
  type Violation,
} from "../../src/dataset/second-edition-checks.js";
import { allTemplates } from "../../src/domains/index.js";
import { runEpisodeInMemory } from "../../src/harness/run-episode.js";
import { shippedScenariosDir } from "../../src/paths.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { captureOutput } from "../helpers/capture-output.js";
import { goldRun } from "../helpers/gold-run.js";

/**
 * Over every task of scenarios/asynctool-v2, the second edition's promises
 * (docs/scenario-format.md, "Edition v2"): the gold steps are run on the engine, and no task
 * breaks a rule of src/dataset/second-edition-checks.ts: no answer in its instruction, no
 * tool-free task, no write without a state check, and neither the dump of all
 * its gold results nor every option named passes its answer check. No exceptions.
 */
const v2Dir = join(shippedScenariosDir, "asynctool-v2");
const outcomes = await loadScenariosAt(v2Dir);
const scenarios: Scenario[] = outcomes.flatMap((o) => (o.scenario ? [o.scenario] : []));
const oracleFailures: string[] = [];
const violations: { key: string; violation: Violation }[] = [];
for (const scenario of scenarios) {
  const { failures, results } = await goldRun(scenario);
  oracleFailures.push(...failures.map((f) => `${scenario.id}: ${f}`));
  for (const task of scenario.tasks) {
    const stepResults = results[task.id] ?? {};
    for (const violation of secondEditionViolations(scenario, task, stepResults))
      violations.push({ key: `${scenario.id}/${task.id}`, violation });
  }
}
const tasks = scenarios.flatMap((s) =>
  s.tasks.map((t, i) => ({
    key: `${s.id}/${t.id}`,
    instruction: t.instruction,
    template: (s.spec.meta?.templates as string[] | undefined)?.[i] ?? "?",
    frame: (s.spec.meta?.phrasings as number[] | undefined)?.[i],
    answer: t.answer,
  })),
);

describe("asynctool-v2, every task", () => {
  it("loads 712 episodes, and the oracle's answers built from gold results pass", () => {
    expect(outcomes.filter((o) => o.error).map((o) => o.error?.message)).toEqual([]);
    expect(scenarios.length).toBe(712);
    expect(tasks.length).toBeGreaterThan(1900);
    expect(oracleFailures).toEqual([]);
  });

  it("breaks no rule of the second edition: the dump and every option fail, and the task needs its tools", () => {
    expect(violations.map((v) => `${v.key}: ${v.violation.kind} (${v.violation.detail})`)).toEqual([]);
    expect(tasks.filter((t) => t.answer.kind === "any").map((t) => t.key)).toEqual([]);
  });

  it("has no two tasks with the same instruction, even with case, numbers, identifiers and spaces folded", () => {
    const repeated = (keys: string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(repeated(tasks.map((t) => t.instruction))).toEqual([]);
    expect(repeated(tasks.map((t) => instructionKey(t.instruction)))).toEqual([]);
  });

  it("reads every template drawn more than twice in at least min(5, its draws) phrasings", () => {
    expect(INSTRUCTION_FRAMES.length).toBeGreaterThanOrEqual(5);
    const frames = new Map<string, number[]>();
    for (const t of tasks) {
      expect(t.frame, t.key).toBeTypeOf("number");
      frames.set(t.template, [...(frames.get(t.template) ?? []), t.frame as number]);
    }
    const few = [...frames].filter(([, fs]) => fs.length > 2 && new Set(fs).size < Math.min(5, fs.length));
    expect(few).toEqual([]);
  });

  it("draws from every template but those V2_LEFT_OUT names, each with its reason", () => {
    const ids = new Set(allTemplates.map((t) => t.id));
    expect(Object.keys(V2_LEFT_OUT).filter((id) => !ids.has(id))).toEqual([]);
    for (const reason of Object.values(V2_LEFT_OUT)) expect(reason).toMatch(/^[a-z`].{20,}/);
    const used = new Set(tasks.map((t) => t.template));
    expect([...used].filter((id) => id in V2_LEFT_OUT)).toEqual([]);
    expect(used.size + Object.keys(V2_LEFT_OUT).length).toBe(allTemplates.length);
  });
});

describe("asynctool-v2, generated again", () => {
  it("the first episodes come out byte for byte as committed (seed 1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-v2-"));
    const io = captureOutput();
    expect(await main(["generate", "--edition", "v2", "--count", "4", "--seed", "1", "--out", dir], io)).toBe(
      0,
    );
    const written = readdirSync(dir).sort();
    expect(written).toEqual(readdirSync(v2Dir).sort().slice(0, 4));
    for (const name of written)
      expect(readFileSync(join(dir, name), "utf8")).toBe(readFileSync(join(v2Dir, name), "utf8"));
  });

  it("the oracle scores 1 on a sample of episodes for seeds 1, 2 and 3 (scripts/oracle-seeds.mjs runs them all)", async () => {
    const sample = scenarios.filter((_, i) => i % 60 === 0);
    for (const scenario of sample)
      for (const seed of [1, 2, 3]) {
        const { metrics, stopped } = await runEpisodeInMemory({
          agent: "oracle",
          scenario,
          seed,
          mode: "async",
          clock: "step",
        });
        expect(stopped, `${scenario.id} seed ${seed}`).toBeUndefined();
        expect(
          metrics.tasks.filter((t) => !t.success).map((t) => `${scenario.id} seed ${seed}: ${t.id}`),
        ).toEqual([]);
      }
  });
});
