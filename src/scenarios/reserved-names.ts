/** Tools the server itself publishes in every episode; scenario tools may not take these names. */
export const RESERVED_TOOL_NAMES: readonly string[] = [
  "check_job",
  "wait_for_jobs",
  "cancel_job",
  "list_jobs",
  "list_tasks",
  "submit_answer",
  "finish",
];
