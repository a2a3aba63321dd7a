import { z } from "zod";
import { isFinal } from "../../engine/job.js";
import { jobHandleSchema, jobView } from "../job-view.js";
import { defineJobTool, type ToolOutcome } from "../tool-definition.js";

export const checkJobInput = z.strictObject({
  job_id: z.string().min(1).describe("The job_id a tool call returned."),
  offset: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("For a long result: the character offset of the part to return (the previous answer says it)."),
});

export const checkJob = defineJobTool({
  name: "check_job",
  title: "Check a job",
  description:
    "Looks at one job without waiting: its status (working, completed, failed, cancelled, expired) and, once it " +
    "has ended, its result or error. While it is working, the answer says when to look again; to block until it " +
    "finishes, use wait_for_jobs instead of calling check_job in a loop.",
  input: checkJobInput,
  output: z.object({ job: jobHandleSchema }),
  seesJobs: true,
  annotations: { title: "Check a job", readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  run(args, { episode, settings }) {
    const job = episode.job(args.job_id);
    // The settings are the view's options when no page is asked for: no object per call.
    const { handle, text } = jobView(
      episode,
      job,
      args.offset !== undefined ? { maxResultChars: settings.maxResultChars, offset: args.offset } : settings,
    );
    // Built in place: no spread of a small object per call.
    const outcome: { -readonly [K in keyof ToolOutcome]: ToolOutcome[K] } = {
      structured: { job: handle },
      text,
    };
    if (isFinal(job.status)) outcome.delivered = [job.id];
    return outcome;
  },
});
