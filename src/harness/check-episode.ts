import type { EpisodeCheck } from "../dataset/generate.js";
import { AsyncToolError } from "../errors.js";
import { compileScenario } from "../scenarios/compile.js";
import { runEpisodeInMemory } from "./run-episode.js";

/**
 * The dataset's bar for keeping an episode: it compiles, and the oracle agent solves it in the
 * step clock with full marks (every task succeeds, no dependency violation).
 */
export const oracleSolves: EpisodeCheck = async (file) => {
  let scenario: ReturnType<typeof compileScenario>;
  try {
    scenario = compileScenario(JSON.parse(JSON.stringify(file)), { file: `${String(file.id)}.json` });
  } catch (error) {
    return { ok: false, reason: error instanceof AsyncToolError ? error.message : String(error) };
  }
  const { metrics, stopped } = await runEpisodeInMemory({
    agent: "oracle",
    scenario,
    seed: 1,
    mode: "async",
    clock: "step",
  });
  if (stopped) return { ok: false, reason: `the oracle stopped: ${stopped}` };
  const failed = metrics.tasks.filter((t) => !t.success);
  if (failed.length > 0) {
    const why = failed.map(
      (t) =>
        `${t.id}: ${t.answerCheck?.detail ?? t.stateChecks.find((c) => !c.pass)?.detail ?? "steps not matched"}`,
    );
    return { ok: false, reason: `the oracle failed ${why.join("; ")}` };
  }
  if ((metrics.dependencyViolationRate ?? 0) > 0)
    return { ok: false, reason: "the oracle's run has dependency violations" };
  return { ok: true };
};
