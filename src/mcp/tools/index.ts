import type { ToolDefinition } from "../tool-definition.js";
import { cancelJob } from "./cancel_job.js";
import { checkJob } from "./check_job.js";
import { finish } from "./finish.js";
import { listJobs } from "./list_jobs.js";
import { listTasks } from "./list_tasks.js";
import { submitAnswer } from "./submit_answer.js";
import { waitForJobs } from "./wait_for_jobs.js";

/** The server's own tools, in the order tools/list shows them (after the scenario's tools). */
export const jobTools: readonly ToolDefinition[] = [
  listTasks,
  checkJob,
  waitForJobs,
  listJobs,
  cancelJob,
  submitAnswer,
  finish,
];
