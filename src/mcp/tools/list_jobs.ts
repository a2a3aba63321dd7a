import { z } from "zod";
import { jobStatusSchema } from "../../engine/types.js";
import { defineJobTool } from "../tool-definition.js";

export const listJobsInput = z.strictObject({
  status: jobStatusSchema.optional().describe("Only jobs with this status. Default: all."),
});

export const listJobs = defineJobTool({
  name: "list_jobs",
  title: "List jobs",
  description:
    "Lists this session's jobs, oldest first, with their status, but not their results: read a result with " +
    "check_job or wait_for_jobs.",
  input: listJobsInput,
  output: z.object({
    jobs: z.array(
      z.object({
        job_id: z.string(),
        tool: z.string(),
        status: jobStatusSchema,
        started_at: z.number(),
        ended_at: z.number().optional(),
      }),
    ),
  }),
  seesJobs: true,
  annotations: { title: "List jobs", readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  run(args, { episode }) {
    const jobs = episode
      .jobs()
      .filter((job) => args.status === undefined || job.status === args.status)
      .map((job) => ({
        job_id: job.id,
        tool: job.tool,
        status: job.status,
        started_at: job.startedAt,
        ...(job.endedAt !== undefined ? { ended_at: job.endedAt } : {}),
      }));
    const text =
      jobs.length === 0 ? "No jobs yet." : jobs.map((j) => `${j.job_id}  ${j.tool}  ${j.status}`).join("\n");
    return { structured: { jobs }, text };
  },
});
