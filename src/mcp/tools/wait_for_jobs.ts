import { z } from "zod";
import { isFinal } from "../../engine/job.js";
import { jobHandleSchema, jobView } from "../job-view.js";
import { defineJobTool } from "../tool-definition.js";

export const waitForJobsInput = z.strictObject({
  job_ids: z
    .array(z.string().min(1))
    .min(1)
    .max(100)
    .optional()
    .describe(
      "The jobs to wait for. Default: every job still working, and every job that has ended without its result reaching you yet.",
    ),
  mode: z
    .enum(["any", "all"])
    .default("any")
    .describe('"any": return as soon as one of them has finished (default); "all": when all have.'),
  timeout_seconds: z
    .number()
    .positive()
    .optional()
    .describe("Longest wait, in seconds of episode time; capped by the server. Ignored in the step clock."),
});

export const waitForJobs = defineJobTool({
  name: "wait_for_jobs",
  title: "Wait for jobs",
  description:
    "Blocks until one (mode any) or all (mode all) of the given jobs have finished, or until the timeout, then " +
    "returns every given job's status and, for those that ended, the result or error. The wait is capped below " +
    "common client timeouts; if it times out, the jobs go on working: call it again. Use this rather than " +
    "polling check_job in a loop.",
  input: waitForJobsInput,
  output: z.object({
    jobs: z.array(jobHandleSchema),
    timed_out: z.boolean().describe("The wait ended at its timeout, before the condition held."),
    still_working: z.array(z.string()).describe("Ids of the given jobs that are still working."),
  }),
  seesJobs: true,
  annotations: { title: "Wait for jobs", readOnlyHint: true, idempotentHint: false, openWorldHint: false },
  async run(args, { episode, settings, signal, progress, every, delivered }) {
    const jobs = args.job_ids
      ? args.job_ids.map((id) => episode.job(id))
      : // A cancelled job has no output to report; one that ended otherwise is owed to the agent.
        episode
          .jobs()
          .filter((job) => job.status === "working" || (job.status !== "cancelled" && !delivered(job.id)));
    let timedOut = false;
    if (jobs.length > 0) {
      const capMs = settings.waitCapMs / episode.timeScale;
      const asked = args.timeout_seconds === undefined ? capMs : Math.min(args.timeout_seconds * 1000, capMs);
      // Progress keeps clients that reset their timeout on progress from giving up on a long wait.
      const stopTicker =
        episode.clockKind === "wall"
          ? every(settings.progressEveryMs, () => progress(episode.now()))
          : undefined;
      try {
        const outcome = await episode.wait(
          jobs.map((j) => j.id),
          { all: args.mode === "all", ...(episode.clockKind === "wall" ? { timeout: asked } : {}), signal },
        );
        timedOut = outcome.timedOut;
      } finally {
        stopTicker?.();
      }
    }
    const views = jobs.map((job) => jobView(episode, job, { maxResultChars: settings.maxResultChars }));
    const handles = views.map((view) => view.handle);
    const stillWorking = jobs.filter((j) => j.status === "working").map((j) => j.id);
    const head =
      jobs.length === 0
        ? "No job is working, so there is nothing to wait for."
        : timedOut
          ? `The wait timed out; ${stillWorking.length} job${stillWorking.length === 1 ? " is" : "s are"} still working (call wait_for_jobs again to keep waiting).`
          : `${jobs.length - stillWorking.length} of ${jobs.length} job${jobs.length === 1 ? " has" : "s have"} finished.`;
    return {
      structured: { jobs: handles, timed_out: timedOut, still_working: stillWorking },
      text: [head, ...views.map((view) => view.text)].join("\n\n"),
      delivered: jobs.filter((j) => isFinal(j.status)).map((j) => j.id),
    };
  },
});
