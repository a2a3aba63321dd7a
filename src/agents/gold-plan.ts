import { getPath, type JsonValue } from "../json.js";
import { exampleAnswer } from "../scenarios/answer-checks.js";
import { exampleValue, type FromResolver } from "../scenarios/matchers.js";
import type { GoldStep, Scenario, Task } from "../scenarios/scenario.js";
import type { Handle } from "./agent-tools.js";

export type StepState = "waiting" | "running" | "done";

interface StepProgress {
  readonly task: Task;
  readonly step: GoldStep;
  state: StepState;
  job: string | undefined;
  /** When its job should end: start + d(g). Exact in the step clock, an estimate in the wall clock. */
  endsAt: number | undefined;
  readonly latency: number;
  result: JsonValue | undefined;
  /** Longest path from this step to its task's answer, in latency + one action per step. */
  readonly rank: number;
}

/**
 * What a scripted agent knows of the gold DAG while it works: which steps are done (their
 * results seen), running, or ready to start; the arguments of a ready step (with `$from`
 * values taken from results seen); and the answer of a finished task.
 */
export class GoldPlan {
  private readonly steps: StepProgress[] = [];
  private readonly byJob = new Map<string, StepProgress>();
  private readonly answered = new Set<string>();

  constructor(
    readonly scenario: Scenario,
    latencyOf: (task: string, step: string) => number = () => 1,
  ) {
    for (const task of scenario.tasks) {
      const ranks = rankSteps(task, latencyOf);
      for (const step of task.steps) {
        this.steps.push({
          task,
          step,
          state: "waiting",
          job: undefined,
          endsAt: undefined,
          latency: latencyOf(task.id, step.id),
          result: undefined,
          rank: ranks.get(step.id) ?? 0,
        });
      }
    }
  }

  /** Steps whose dependencies are all done and that have not started, most urgent (longest tail) first. */
  readySteps(): GoldStep[] {
    return this.steps
      .filter(
        (s) =>
          s.state === "waiting" &&
          s.step.after.every((dep) => this.progress(s.task.id, dep)?.state === "done"),
      )
      .sort((a, b) => b.rank - a.rank)
      .map((s) => s.step);
  }

  /** Ready steps in task order, then step order: how a sequential agent goes. */
  readyInOrder(): GoldStep[] {
    return this.steps
      .filter(
        (s) =>
          s.state === "waiting" &&
          s.step.after.every((dep) => this.progress(s.task.id, dep)?.state === "done"),
      )
      .map((s) => s.step);
  }

  /** Jobs still running, oldest first. */
  runningJobs(): string[] {
    return this.steps
      .filter((s) => s.state === "running" && s.job)
      .sort((a, b) => (a.endsAt ?? 0) - a.latency - ((b.endsAt ?? 0) - b.latency))
      .map((s) => s.job as string);
  }

  argsFor(step: GoldStep): Record<string, JsonValue> {
    const resolve = this.resolver(step.task);
    const args: Record<string, JsonValue> = {};
    for (const [name, matcher] of Object.entries(step.args)) {
      const value = exampleValue(matcher, resolve);
      if (value !== undefined) args[name] = value;
    }
    return args;
  }

  started(step: GoldStep, jobId: string, at: number): void {
    const progress = this.progress(step.task, step.id);
    if (!progress) return;
    progress.state = "running";
    progress.job = jobId;
    progress.endsAt = at + progress.latency;
    this.byJob.set(jobId, progress);
  }

  /**
   * Running jobs that should have ended by `time` and whose result is worth having now: it
   * unlocks a step not started yet, or the last piece of a task's answer.
   */
  dueAndUseful(time: number): string[] {
    return this.steps
      .filter((s) => s.state === "running" && s.job && (s.endsAt ?? Number.POSITIVE_INFINITY) <= time)
      .filter(
        (s) =>
          s.task.steps.some((o) => o.after.includes(s.step.id)) ||
          s.task.steps.every((o) => o.id === s.step.id || this.progress(s.task.id, o.id)?.state === "done"),
      )
      .map((s) => s.job as string);
  }

  /** Takes a handle the server returned. A failed or expired job's step becomes ready again (retry). */
  saw(handle: Handle): void {
    const progress = this.byJob.get(handle.job_id);
    if (!progress || progress.job !== handle.job_id || progress.state !== "running") return;
    if (handle.status === "completed") {
      progress.state = "done";
      progress.result = handle.result ?? null;
    } else if (handle.status !== "working") {
      progress.state = "waiting";
      progress.job = undefined;
    }
  }

  /** Tasks whose every step is done and that have no answer yet. */
  answerableTasks(): Task[] {
    return this.scenario.tasks.filter(
      (task) =>
        !this.answered.has(task.id) &&
        task.steps.every((s) => this.progress(task.id, s.id)?.state === "done"),
    );
  }

  answerFor(task: Task): string {
    return exampleAnswer(task.answer, this.resolver(task.id)) ?? "";
  }

  markAnswered(task: string): void {
    this.answered.add(task);
  }

  get finished(): boolean {
    return this.answered.size === this.scenario.tasks.length;
  }

  private progress(task: string, step: string): StepProgress | undefined {
    return this.steps.find((s) => s.task.id === task && s.step.id === step);
  }

  private resolver(task: string): FromResolver {
    return (stepId, path) => {
      const progress = this.progress(task, stepId);
      if (progress?.state !== "done") return [];
      const value = getPath(progress.result, path);
      return value === undefined ? [] : [value as JsonValue];
    };
  }
}

/** For each step: the longest path from it to the task's answer (latency + 1 action per step). */
function rankSteps(task: Task, latencyOf: (task: string, step: string) => number): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const step of task.steps)
    for (const dep of step.after) dependents.set(dep, [...(dependents.get(dep) ?? []), step.id]);
  const memo = new Map<string, number>();
  const rank = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const value = latencyOf(task.id, id) + 1 + Math.max(0, ...(dependents.get(id) ?? []).map(rank));
    memo.set(id, value);
    return value;
  };
  for (const step of task.steps) rank(step.id);
  return memo;
}
