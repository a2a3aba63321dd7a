import type { Gold } from "./gold.js";
import type { Call, Inputs } from "./inputs.js";
import { ratio } from "./stats.js";

/** Cost (metrics.md §20): what the agent spent, against the gold minimum N = gold steps + tasks. */
export interface CostMetrics {
  readonly agentCalls: number;
  readonly scenarioToolCalls: number;
  /** Calls of the server's job tools (check_job, wait_for_jobs, cancel_job, list_jobs, list_tasks, submit_answer, finish). */
  readonly jobToolCalls: number;
  /** Calls of tools the episode does not have. */
  readonly unknownToolCalls: number;
  readonly polls: number;
  readonly goldMinimum: number;
  readonly agentCallsPerMinimum: number | null;
  readonly scenarioToolCallsPerMinimum: number | null;
  readonly pollsPerMinimum: number | null;
}

export function computeCost(gold: Gold, inputs: Inputs): CostMetrics {
  let scenarioToolCalls = 0;
  let jobToolCalls = 0;
  let unknownToolCalls = 0;
  let polls = 0;
  for (let i = 0; i < inputs.calls.length; i++) {
    const call = inputs.calls[i] as Call;
    if (call.kind === "scenario") scenarioToolCalls += 1;
    else if (call.kind === "job-tool") jobToolCalls += 1;
    else unknownToolCalls += 1;
    if (call.tool === "check_job") polls += 1;
  }
  const agentCalls = inputs.calls.length;
  const N = gold.minimumActions;
  return {
    agentCalls,
    scenarioToolCalls,
    jobToolCalls,
    unknownToolCalls,
    polls,
    goldMinimum: N,
    agentCallsPerMinimum: ratio(agentCalls, N),
    scenarioToolCallsPerMinimum: ratio(scenarioToolCalls, N),
    pollsPerMinimum: ratio(polls, N),
  };
}
