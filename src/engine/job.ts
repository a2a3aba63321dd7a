import { AsyncToolError } from "../errors.js";
import type { JsonObject, JsonValue } from "../json.js";
import type { Canceller, JobStatus } from "./types.js";

export interface StepRef {
  readonly task: string;
  readonly step: string;
}

export interface JobError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

/** How the engine decided, at start, that the job will end. */
export type PlannedOutcome = "run" | "fail" | "expire";

/** One execution of a delayed tool. Mutable only through `transition`. */
export interface Job {
  readonly id: string;
  /** 1-based order of start in the episode: stable across runs, unlike the id. */
  readonly seq: number;
  readonly tool: string;
  readonly args: JsonObject;
  /** The agent call that started it. */
  readonly call: number | undefined;
  readonly startedAt: number;
  /** Scheduled duration in clock units. */
  readonly latency: number;
  /** When it will leave `working` if nobody cancels it: startedAt + latency, or earlier if it expires. */
  readonly endsAt: number;
  readonly planned: PlannedOutcome;
  /** The gold step the engine attributed it to when it started, if any. */
  readonly step: StepRef | undefined;
  status: JobStatus;
  endedAt: number | undefined;
  result: JsonValue | undefined;
  error: JobError | undefined;
  cancelledBy: Canceller | undefined;
}

export const FINAL_STATUSES: readonly JobStatus[] = ["completed", "failed", "cancelled", "expired"];

export function isFinal(status: JobStatus): boolean {
  return status !== "working";
}

/** working → completed | failed | cancelled | expired; nothing else. */
export function transition(
  job: Job,
  to: Exclude<JobStatus, "working">,
  at: number,
  outcome: { result?: JsonValue; error?: JobError; by?: Canceller } = {},
): void {
  if (job.status !== "working") {
    throw new AsyncToolError(
      "JOB_INVALID_TRANSITION",
      `job ${job.id} is ${job.status}; a job moves only from working to a final status, so it cannot become ${to}`,
    );
  }
  job.status = to;
  job.endedAt = at;
  if (to === "completed") job.result = outcome.result ?? null;
  if (outcome.error) job.error = outcome.error;
  if (to === "cancelled") job.cancelledBy = outcome.by ?? "agent";
}
