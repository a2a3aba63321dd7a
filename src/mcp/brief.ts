import type { ClockKind, DeliveryMode } from "../engine/types.js";
import type { Scenario } from "../scenarios/scenario.js";

/**
 * The protocol revision a client speaks with the server. Only the Tasks wording depends on it:
 * 2025-11-25 Tasks have tasks/result and tasks/list, the 2026-07-28 Tasks extension (SEP-2663)
 * has neither (tasks/get carries the result, and there is tasks/update).
 */
export type ProtocolEra = "2025-11-25" | "2026-07-28";

/** What the brief needs: an Episode has it, and so does a scenario before its episode starts. */
export interface BriefSource {
  readonly scenario: Scenario;
  readonly mode: DeliveryMode;
  readonly clockKind: ClockKind;
}

/**
 * The episode brief: the tasks and how delayed tools work here. It is the server's instructions,
 * a prompt, a resource and the answer of list_tasks, since many clients use only tools.
 */
export function episodeBrief(episode: BriefSource, era: ProtocolEra = "2025-11-25"): string {
  const { scenario } = episode;
  const unit = episode.clockKind === "step" ? "steps (every tool call you make is one step)" : "milliseconds";
  const delivery =
    episode.mode === "async"
      ? [
          "Tools of this episode are slow. Calling one starts a job and returns at once with a job handle",
          '(status "working"), NOT with the result. Get the result with check_job (look now) or',
          "wait_for_jobs (block until one or all of some jobs finish). While a job works you can start",
          "others and work on your other tasks: jobs run in parallel.",
        ].join(" ")
      : episode.mode === "tasks"
        ? [
            "Tools of this episode are slow. Calling one starts a job and returns at once with a job handle",
            '(status "working"), NOT with the result: get it with check_job or wait_for_jobs. A client that',
            era === "2026-07-28"
              ? "declares the MCP Tasks extension gets a task instead: tasks/get on it carries the result once the task has ended, tasks/cancel cancels it (no tool here asks for input, so tasks/update is never needed)."
              : "speaks MCP Tasks may call them as tasks instead (tasks/get, tasks/result, tasks/cancel, tasks/list on the same jobs).",
            "While a job works you can start others: jobs run in parallel.",
          ].join(" ")
        : episode.mode === "sync"
          ? "Tools of this episode are slow: each call blocks until its result is ready."
          : "Tools of this episode answer at once.";
  const tasks = scenario.tasks
    .map((task, i) => `${i + 1}. [${task.id}] ${task.instruction.trim()}`)
    .join("\n");
  return [
    `Episode "${scenario.title}" (${scenario.id}): ${scenario.tasks.length} task${scenario.tasks.length === 1 ? "" : "s"} to do at once.`,
    "",
    tasks,
    "",
    delivery,
    `Times are in ${unit}. A result you have not received yet is unknown: never guess it.`,
    "When a task is done, answer it with submit_answer(task_id, answer); you may answer tasks in any order.",
    "The episode ends when every task is answered, or when you call finish.",
  ].join("\n");
}
