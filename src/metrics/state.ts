import { cloneJson, isJsonObject, type JsonObject } from "../json.js";
import type { EpisodeIds, Scenario } from "../scenarios/scenario.js";
import type { Job } from "./inputs.js";

export interface ReplayOutcome {
  /** Domain name → final state. */
  readonly states: Record<string, JsonObject>;
  /** Completed jobs the replay could not run again (1-based job numbers), with why. */
  readonly failures: readonly { readonly job: number; readonly message: string }[];
}

/**
 * The final domain state, rebuilt by running every completed job again, in the order the
 * recording says they completed, with the arguments of its `working` event, on a clone of each
 * domain's initial state, minting ids by the episode's rule (drawn from its seed, or the counters
 * of older recordings). The simulators are deterministic, so this is the state the episode left.
 */
export function replayFinalState(scenario: Scenario, jobs: readonly Job[], ids: EpisodeIds): ReplayOutcome {
  const states: Record<string, JsonObject> = Object.fromEntries(
    scenario.domains.map((d) => [d.name, cloneJson(d.initialState)]),
  );
  const failures: { job: number; message: string }[] = [];
  const completed = jobs
    .filter((job) => job.status === "completed" && job.finalOrder !== null)
    .sort((a, b) => (a.finalOrder as number) - (b.finalOrder as number));
  for (const job of completed) {
    const tool = scenario.tools.get(job.tool);
    if (!tool) continue;
    try {
      tool.run(states, isJsonObject(job.args) ? job.args : {}, ids);
    } catch (error) {
      failures.push({ job: job.n, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { states, failures };
}
