import { getPath, type JsonValue } from "../json.js";
import type { Metrics, StepMetrics, TaskMetrics } from "../metrics/index.js";
import { extractInputs, type Inputs, type Job } from "../metrics/inputs.js";
import type { Recording } from "../recorder/format.js";
import type { FromResolver } from "../scenarios/matchers.js";
import type { Scenario } from "../scenarios/scenario.js";

/**
 * What both exports read of one recorded episode: its calls as turns (job ids replaced by their
 * start order, so nothing random reaches an export), the job that did each gold step, and
 * whether each task succeeded with a grounded answer.
 */

/** One agent call and the answer it got, as the agent saw them. */
export interface Turn {
  /** 1-based position among the turns of the context (calls left out of it are not counted). */
  readonly n: number;
  /** The session's call number. */
  readonly call: number;
  readonly tool: string;
  /** The arguments, job ids written `job#N`. */
  readonly args: JsonValue;
  /** The structured result as recorded, job ids written `job#N`; an error's code when it failed. */
  readonly result: JsonValue | undefined;
  readonly isError: boolean;
  readonly code: string | undefined;
  /** Jobs (start order) whose final output this answer carried for the first time. */
  readonly delivered: readonly number[];
}

export interface EpisodeView {
  readonly scenario: Scenario;
  readonly recording: Recording;
  readonly metrics: Metrics;
  readonly inputs: Inputs;
  /** Calls in request order that the agent got an answer to, except its own answers and `finish`. */
  readonly turns: readonly Turn[];
  /** Every call that got an answer, in request order (`n` counts them all): the full trajectory. */
  readonly trajectory: readonly Turn[];
  /** The turn number of each session call number that is a turn. */
  readonly turnOfCall: ReadonlyMap<number, number>;
  /** The job (start order) matched to each gold step, keyed `task.step`. */
  readonly stepJob: ReadonlyMap<string, Job>;
  readonly tasks: readonly TaskView[];
  /** Every task succeeded and every answer was grounded. */
  readonly success: boolean;
}

export interface TaskView {
  readonly metrics: TaskMetrics;
  readonly steps: readonly StepMetrics[];
  /**
   * The answer is grounded: every gold step's result was seen at or before the request of the
   * task's last accepted answer (metrics.md §3). null when the task has no answer.
   */
  readonly grounded: boolean | null;
  /** Succeeded by the metrics and grounded. */
  readonly success: boolean;
}

/** Calls whose arguments are the agent's own conclusions, not observations: kept out of contexts. */
export const NOT_OBSERVATIONS: ReadonlySet<string> = new Set(["submit_answer", "finish"]);

export function viewEpisode(scenario: Scenario, recording: Recording, metrics: Metrics): EpisodeView {
  const inputs = extractInputs(scenario, recording);
  const numberOf = new Map(inputs.jobs.map((job) => [job.id, job.n]));
  const rename = jobRenamer(numberOf);
  const turns: Turn[] = [];
  const trajectory: Turn[] = [];
  const turnOfCall = new Map<number, number>();
  for (const call of inputs.calls) {
    if (call.response === null) continue;
    const response = call.response;
    const delivered = (response.delivered ?? [])
      .map((id) => numberOf.get(id))
      .filter((n): n is number => n !== undefined && inputs.jobs[n - 1]?.seenBy === call);
    const turn: Turn = {
      n: trajectory.length + 1,
      call: call.call,
      tool: call.tool,
      args: rename(call.args),
      result: response.result === undefined ? undefined : rename(response.result as JsonValue),
      isError: response.isError,
      code: response.code,
      delivered: delivered.sort((a, b) => a - b),
    };
    trajectory.push(turn);
    if (NOT_OBSERVATIONS.has(call.tool)) continue;
    turns.push({ ...turn, n: turns.length + 1 });
    turnOfCall.set(call.call, turns.length);
  }
  const stepJob = new Map<string, Job>();
  for (const step of metrics.steps) {
    const job = step.job === null ? undefined : inputs.jobs[step.job - 1];
    if (job) stepJob.set(`${step.task}.${step.step}`, job);
  }
  const tasks = metrics.tasks.map((task): TaskView => {
    const steps = metrics.steps.filter((s) => s.task === task.id);
    const grounded = groundedness(task, steps);
    return { metrics: task, steps, grounded, success: task.success && grounded === true };
  });
  return {
    scenario,
    recording,
    metrics,
    inputs,
    turns,
    trajectory,
    turnOfCall,
    stepJob,
    tasks,
    success: tasks.length > 0 && tasks.every((t) => t.success),
  };
}

/**
 * metrics.md §3: every gold step seen at or before the answer's request; a step never done counts
 * as never seen. Read from the metrics' own `grounded` when they carry it.
 */
function groundedness(task: TaskMetrics, steps: readonly StepMetrics[]): boolean | null {
  const own = (task as { grounded?: boolean | null }).grounded;
  if (own !== undefined) return own;
  if (task.answeredAt === null) return null;
  const at = task.answeredAt;
  return steps.every((s) => s.seenAt !== null && s.seenAt <= at);
}

/** `$from` as the answer check reads it: the result of the job that did the step. */
export function stepResolver(view: EpisodeView, task: string): FromResolver {
  return (step, path) => {
    const job = view.stepJob.get(`${task}.${step}`);
    if (job?.status !== "completed") return [];
    const value = getPath(job.result, path);
    return value === undefined ? [] : [value as JsonValue];
  };
}

/** Replaces every job id inside strings by `job#N` (its start order), deeply. */
function jobRenamer(numberOf: ReadonlyMap<string, number>): (value: JsonValue) => JsonValue {
  if (numberOf.size === 0) return (value) => value;
  // Longest first, so an id that prefixes another cannot cut it.
  const ids = [...numberOf.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ids.map(escapeRegExp).join("|"), "g");
  const text = (s: string) => s.replace(pattern, (id) => `job#${numberOf.get(id)}`);
  const walk = (value: JsonValue): JsonValue => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") {
      const out: Record<string, JsonValue> = {};
      for (const [key, field] of Object.entries(value)) out[text(key)] = walk(field);
      return out;
    }
    return value;
  };
  return walk;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
