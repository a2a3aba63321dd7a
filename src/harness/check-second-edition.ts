import type { EpisodeCheck } from "../dataset/generate.js";
import { secondEditionViolations, type Violation } from "../dataset/second-edition-checks.js";
import { AsyncToolError } from "../errors.js";
import { compileScenario } from "../scenarios/compile.js";
import type { Scenario } from "../scenarios/scenario.js";
import { goldRun } from "./gold-run.js";

/** Every task's violations of the second edition's rules (task id → violations), from a gold run on the engine. */
export async function episodeViolations(scenario: Scenario): Promise<Record<string, Violation[]>> {
  // A gold run that fails is the oracle check's to refuse; this one judges the results it got.
  const { results } = await goldRun(scenario);
  return Object.fromEntries(
    scenario.tasks.map((task) => [task.id, secondEditionViolations(scenario, task, results[task.id] ?? {})]),
  );
}

/**
 * The generator's v2 check: every task needs its tools (no answer in the instruction, data from a
 * tool, every write checked by state) and a dump or a hedge of its answer fails.
 */
export const secondEditionSound: EpisodeCheck = async (file) => {
  let scenario: Scenario;
  try {
    scenario = compileScenario(JSON.parse(JSON.stringify(file)), { file: `${String(file.id)}.json` });
  } catch (error) {
    return { ok: false, reason: error instanceof AsyncToolError ? error.message : String(error) };
  }
  const found = Object.entries(await episodeViolations(scenario)).flatMap(([task, vs]) =>
    vs.map((v) => `${task}: ${v.kind} (${v.detail})`),
  );
  return found.length === 0 ? { ok: true } : { ok: false, reason: `the v2 rules: ${found.join("; ")}` };
};
