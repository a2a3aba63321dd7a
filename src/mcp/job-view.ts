import { z } from "zod";
import type { Episode } from "../engine/episode.js";
import type { Job } from "../engine/job.js";
import { toClockUnits, typicalLatency } from "../engine/latency.js";

/**
 * What the agent sees of a job: a handle that can never be mistaken for a result. While the job
 * works, the text says so plainly and says how to get the result; once it ends, the result or
 * error is there. Results are bounded: a long one is cut into pages read with check_job's offset.
 */

export const jobHandleSchema = z.object({
  job_id: z.string().describe("The handle: pass it to check_job, wait_for_jobs or cancel_job."),
  tool: z.string(),
  status: z.enum(["working", "completed", "failed", "cancelled", "expired"]),
  unit: z.enum(["step", "ms"]).describe("The unit of every time in this handle."),
  started_at: z.number().describe("Episode time when the job started."),
  ended_at: z.number().optional().describe("Episode time when the job ended."),
  poll_after: z
    .number()
    .optional()
    .describe(
      "While working: a hint of how long to wait before looking again (the tool's typical latency left).",
    ),
  result: z.unknown().optional().describe("The job's result, once completed (absent when paged)."),
  result_page: z
    .object({ offset: z.number(), length: z.number(), total: z.number(), text: z.string() })
    .optional()
    .describe("A page of the result's JSON text, when the result is too long to return whole."),
  error: z
    .object({ code: z.string(), message: z.string(), retryable: z.boolean() })
    .optional()
    .describe("Why the job failed or expired."),
  cancelled_by: z.enum(["agent", "client", "server"]).optional(),
});

export type JobHandle = z.infer<typeof jobHandleSchema>;

export interface ViewOptions {
  /** Longest result text returned at once, in characters. */
  readonly maxResultChars: number;
  /** Start of the page of a long result. */
  readonly offset?: number;
}

export function jobHandle(episode: Episode, job: Job, options: ViewOptions): JobHandle {
  return jobView(episode, job, options).handle;
}

/**
 * The handle and the text the model reads of it, made together: the result's JSON, which the
 * handle's bound needs, is made once and serves the text too.
 */
export function jobView(
  episode: Episode,
  job: Job,
  options: ViewOptions,
): { handle: JobHandle; text: string } {
  const unit = episode.clockKind === "step" ? "step" : "ms";
  const handle: JobHandle = {
    job_id: job.id,
    tool: job.tool,
    status: job.status,
    unit,
    started_at: round(job.startedAt),
  };
  if (job.endedAt !== undefined) handle.ended_at = round(job.endedAt);
  if (job.status === "working") handle.poll_after = pollHint(episode, job);
  let resultJson: string | undefined;
  if (job.status === "completed") {
    const result = job.result ?? null;
    resultJson = JSON.stringify(result);
    const offset = Math.max(0, Math.min(options.offset ?? 0, resultJson.length));
    if (resultJson.length <= options.maxResultChars && offset === 0) handle.result = result;
    else {
      const page = resultJson.slice(offset, offset + options.maxResultChars);
      handle.result_page = { offset, length: page.length, total: resultJson.length, text: page };
    }
  }
  if (job.error) handle.error = job.error;
  if (job.cancelledBy) handle.cancelled_by = job.cancelledBy;
  return { handle, text: describe(handle, resultJson) };
}

/** The tool's typical latency minus the time already spent, at least one unit. */
function pollHint(episode: Episode, job: Job): number {
  const tool = episode.scenario.tools.get(job.tool);
  const typical =
    tool && episode.mode !== "instant"
      ? toClockUnits(typicalLatency(tool.latency), episode.clockKind, episode.scenario.unitMs)
      : 0;
  const minimum = episode.clockKind === "step" ? 1 : 100;
  return round(Math.max(minimum, typical - (episode.now() - job.startedAt)));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** One line a model reads well, then the handle's details. */
export function describeHandle(handle: JobHandle): string {
  return describe(handle, undefined);
}

/** `describeHandle`, given the JSON of the handle's whole result when it was made already. */
function describe(handle: JobHandle, resultJson: string | undefined): string {
  const id = handle.job_id;
  switch (handle.status) {
    case "working":
      return `Job ${id} (${handle.tool}) is still working: its result is NOT available yet. Call wait_for_jobs with job_ids ["${id}"] to wait for it, or check_job again in about ${inUnits(handle.poll_after ?? 1, handle.unit)}. Meanwhile you can work on your other tasks.`;
    case "completed": {
      if (handle.result_page) {
        const p = handle.result_page;
        const next = p.offset + p.length;
        const more =
          next < p.total
            ? ` The result is long: this is characters ${p.offset}–${next} of ${p.total}. Call check_job with job_id "${id}" and offset ${next} for the next part.`
            : ` This is the last part (characters ${p.offset}–${next} of ${p.total}).`;
        return `Job ${id} (${handle.tool}) completed.${more}\nResult (part):\n${p.text}`;
      }
      return `Job ${id} (${handle.tool}) completed.\nResult:\n${resultJson ?? JSON.stringify(handle.result)}`;
    }
    case "failed":
    case "expired":
      return `Job ${id} (${handle.tool}) ${handle.status}: [${handle.error?.code}] ${handle.error?.message}${handle.error?.retryable ? " (retryable: you may start the same call again)" : ""}`;
    case "cancelled":
      return `Job ${id} (${handle.tool}) was cancelled${handle.cancelled_by === "client" ? " because the client stopped waiting for it" : ""}; it has no result.`;
  }
}

/**
 * A time in the handle's unit, as the model reads it. A function of its own: as a closure in
 * `describe` it captured the handle, and V8 allocated a context and the closure on every call.
 */
function inUnits(n: number, unit: JobHandle["unit"]): string {
  return unit === "step" ? `${n} step${n === 1 ? "" : "s"}` : `${Math.round(n)} ms`;
}
