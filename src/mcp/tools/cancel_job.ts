import { z } from "zod";
import { jobHandleSchema, jobView } from "../job-view.js";
import { defineJobTool } from "../tool-definition.js";

export const cancelJobInput = z.strictObject({
  job_id: z.string().min(1).describe("The job_id of a job that is still working."),
});

export const cancelJob = defineJobTool({
  name: "cancel_job",
  title: "Cancel a job",
  description:
    "Cancels a job that is still working: it stops, has no result and changes nothing. A job that has already " +
    "finished cannot be cancelled (JOB_ALREADY_FINISHED).",
  input: cancelJobInput,
  output: z.object({ job: jobHandleSchema }),
  seesJobs: true,
  annotations: {
    title: "Cancel a job",
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  run(args, { episode, settings }) {
    const job = episode.cancelJob(args.job_id, "agent");
    const { handle, text } = jobView(episode, job, { maxResultChars: settings.maxResultChars });
    return { structured: { job: handle }, text };
  },
});
