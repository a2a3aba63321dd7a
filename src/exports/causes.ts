import type { EpisodeView, TaskView } from "./episode.js";

/**
 * Why a task failed, read from the metrics (docs/exports.md, "Cause classes"). A task that failed
 * in several ways gets the first class of this list that applies: the list runs from the earliest
 * decision to the last (how the work was started, whether it was finished, whether its results
 * were taken in, what was answered), so the class names the first mistake.
 */
export const CAUSE_CLASSES = [
  "dependency violation",
  "gave up",
  "wrong or missing step",
  "orphaned result",
  "ungrounded answer",
  "wrong answer",
] as const;
export type CauseClass = (typeof CAUSE_CLASSES)[number];

export interface TaskCause {
  readonly task: string;
  readonly cause: CauseClass;
}

export function taskCause(view: EpisodeView, task: TaskView): CauseClass | null {
  if (task.success) return null;
  const m = task.metrics;
  if (m.violations > 0) return "dependency violation";
  if (m.answer === null) return "gave up";
  if (task.steps.some((s) => s.job === null)) return "wrong or missing step";
  const orphan = task.steps.some((s) => {
    const job = s.job === null ? undefined : view.inputs.jobs[s.job - 1];
    return job?.status === "completed" && job.seen === null;
  });
  if (orphan) return "orphaned result";
  if (task.grounded === false) return "ungrounded answer";
  return "wrong answer";
}

/** Every failed task's class, in the scenario's task order. */
export function taskCauses(view: EpisodeView): TaskCause[] {
  const out: TaskCause[] = [];
  for (const task of view.tasks) {
    const cause = taskCause(view, task);
    if (cause) out.push({ task: task.metrics.id, cause });
  }
  return out;
}

/** The run's class: the first in CAUSE_CLASSES order among its failed tasks. */
export function runCause(causes: readonly TaskCause[]): CauseClass | null {
  for (const cls of CAUSE_CLASSES) if (causes.some((c) => c.cause === cls)) return cls;
  return null;
}
