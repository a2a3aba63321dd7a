import type { Call, Inputs } from "./inputs.js";
import { type Readiness, readyAt } from "./readiness.js";
import { ratio } from "./stats.js";
import { isWastedPoll } from "./time.js";

/** Polling (metrics.md §17). */
export interface PollingMetrics {
  /** check_job calls. */
  readonly polls: number;
  /** Polls that answered `working`. */
  readonly wastedPolls: number;
  /** Jobs whose output a check_job carried first. */
  readonly jobsFirstSeenByCheck: number;
  readonly pollEfficiency: number | null;
  readonly busyWaitRuns: number;
  /** The call numbers of each busy-wait run. */
  readonly runs: readonly (readonly number[])[];
}

/**
 * A busy-wait run is a maximal run of two or more wasted polls, with no scenario-tool call or
 * answer between them, at each of which some step of an unanswered task was ready. A wasted poll
 * with nothing ready ends the run; other calls (a wait, list_jobs, a poll that got a result)
 * neither end nor extend it.
 */
export function computePolling(inputs: Inputs, readiness: Readiness): PollingMetrics {
  let polls = 0;
  let wastedPolls = 0;
  const runs: number[][] = [];
  // The call numbers of the run so far.
  let run: number[] = [];
  const close = () => {
    if (run.length >= 2) runs.push(run);
    run = [];
  };
  for (let i = 0; i < inputs.calls.length; i++) {
    const call = inputs.calls[i] as Call;
    if (call.kind === "scenario" || call.tool === "submit_answer") {
      close();
      continue;
    }
    if (call.tool !== "check_job") continue;
    polls += 1;
    if (!isWastedPoll(call)) continue;
    wastedPolls += 1;
    if (readyAt(readiness.any, call.request)) run.push(call.call);
    else close();
  }
  close();
  const jobsFirstSeenByCheck = inputs.jobs.filter((j) => j.seenBy?.tool === "check_job").length;
  return {
    polls,
    wastedPolls,
    jobsFirstSeenByCheck,
    pollEfficiency: ratio(jobsFirstSeenByCheck, polls),
    busyWaitRuns: runs.length,
    runs,
  };
}
