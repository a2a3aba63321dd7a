import type { JobStatus } from "../engine/types.js";
import type { Metrics } from "../metrics/compute.js";
import {
  type Call,
  extractInputs,
  type Job,
  type ScoredRecording,
  targetedJobIds,
} from "../metrics/inputs.js";
import type { Interval } from "../metrics/intervals.js";
import { isWastedPoll } from "../metrics/time.js";
import type { Scenario } from "../scenarios/scenario.js";

/**
 * What the timeline draws, as data: one lane per task plus one for what belongs to no task, a
 * bar per job, a mark per agent call, idle and avoidable-idle shading, dependency violations.
 * Jobs are named by their 1-based start order, calls by their call number: never by random ids.
 */

export interface TimelineLane {
  readonly index: number;
  /** The task id, or null for the lane of calls and jobs attributed to no task. */
  readonly task: string | null;
  readonly label: string;
}

export interface TimelineJob {
  readonly job: number;
  readonly tool: string;
  readonly lane: number;
  readonly start: number;
  /** The final transition, or null when still working at the end (drawn to the end). */
  readonly finish: number | null;
  readonly outcome: JobStatus;
  readonly cancelledBy: string | null;
  /** The call that started it. */
  readonly call: number | null;
  /** The gold step it did ("task/step"), if its call matched one. */
  readonly step: string | null;
  readonly seen: number | null;
}

export type CallMarkKind = "start" | "refused" | "poll" | "wasted-poll" | "wait" | "answer" | "other";

export interface TimelineCall {
  readonly call: number;
  readonly tool: string;
  readonly lane: number;
  readonly request: number;
  /** null when the log ends before the response. */
  readonly response: number | null;
  readonly kind: CallMarkKind;
  readonly isError: boolean;
}

export interface TimelineViolation {
  readonly task: string;
  readonly step: string;
  readonly call: number;
  readonly lane: number;
  readonly at: number;
  readonly unseenDeps: readonly string[];
  readonly guessed: boolean;
}

/** A task's final answer given before some of its steps' results were seen (metrics.md §3). */
export interface TimelineUngrounded {
  readonly task: string;
  readonly call: number;
  readonly lane: number;
  readonly at: number;
  /** The task's steps whose result was not seen by the answer's request. */
  readonly unseenSteps: readonly string[];
}

export interface Timeline {
  readonly unit: Metrics["unit"];
  /** The drawn window is [0, end]. */
  readonly end: number;
  readonly makespan: number;
  readonly lanes: readonly TimelineLane[];
  readonly jobs: readonly TimelineJob[];
  readonly calls: readonly TimelineCall[];
  readonly idle: readonly Interval[];
  readonly avoidableIdle: readonly Interval[];
  readonly violations: readonly TimelineViolation[];
  readonly ungrounded: readonly TimelineUngrounded[];
}

export function buildTimeline(scenario: Scenario, recording: ScoredRecording, metrics: Metrics): Timeline {
  const inputs = extractInputs(scenario, recording);
  const lanes: TimelineLane[] = scenario.tasks.map((t, index) => ({ index, task: t.id, label: t.id }));
  const none = lanes.length;
  lanes.push({ index: none, task: null, label: "(no task)" });
  const laneOfTask = new Map(scenario.tasks.map((t, i) => [t.id, i]));

  // The matched step of each call, from the metrics (by call number).
  const stepOfCall = new Map<number, { task: string; step: string }>();
  for (const s of metrics.steps) if (s.call !== null) stepOfCall.set(s.call, { task: s.task, step: s.step });
  const jobs: TimelineJob[] = inputs.jobs.map((job) => {
    const step = job.call ? stepOfCall.get(job.call.call) : undefined;
    const lane = step ? (laneOfTask.get(step.task) ?? none) : none;
    return {
      job: job.n,
      tool: job.tool,
      lane,
      start: job.start,
      finish: job.finish,
      outcome: job.status,
      cancelledBy: job.cancelledBy ?? null,
      call: job.call?.call ?? null,
      step: step ? `${step.task}/${step.step}` : null,
      seen: job.seen,
    };
  });

  // The jobs' lanes by id, made with the marks, which alone read them: a Map of 124,000 ids was
  // most of building a default report (no marks) on 10⁶ events (docs/performance.md).
  const callMarks = (): TimelineCall[] => {
    const laneById = new Map<string, number>();
    for (let i = 0; i < jobs.length; i++)
      laneById.set((inputs.jobs[i] as Job).id, (jobs[i] as TimelineJob).lane);
    return inputs.calls.map((call) => ({
      call: call.call,
      tool: call.tool,
      lane: laneOfCall(call, stepOfCall, laneOfTask, (id) => laneById.get(id) ?? none, none),
      request: call.request,
      response: call.response?.t ?? null,
      kind: markKind(call),
      isError: call.response?.isError ?? false,
    }));
  };

  const violations: TimelineViolation[] = metrics.steps.flatMap((s) =>
    s.violation && s.call !== null && s.requestAt !== null
      ? [
          {
            task: s.task,
            step: s.step,
            call: s.call,
            lane: laneOfTask.get(s.task) ?? none,
            at: s.requestAt,
            unseenDeps: s.unseenDeps,
            guessed: s.guessed,
          },
        ]
      : [],
  );

  const finalAnswer = new Map(inputs.answers.map((a) => [a.task, a]));
  const ungrounded: TimelineUngrounded[] = metrics.tasks.flatMap((t) => {
    const answer = finalAnswer.get(t.id);
    if (t.grounded !== false || !answer) return [];
    const unseenSteps = metrics.steps
      .filter((s) => s.task === t.id && (s.seenAt === null || s.seenAt > answer.t))
      .map((s) => s.step);
    return [
      { task: t.id, call: answer.call.call, lane: laneOfTask.get(t.id) ?? none, at: answer.t, unseenSteps },
    ];
  });

  let end = Math.max(metrics.end, metrics.makespan);
  for (const job of inputs.jobs) if (job.finish !== null && job.finish > end) end = job.finish;
  const timeline = {
    unit: metrics.unit,
    end,
    makespan: metrics.makespan,
    lanes,
    jobs,
    calls: [] as readonly TimelineCall[],
    idle: metrics.time.idleIntervals,
    avoidableIdle: metrics.time.avoidableIdleIntervals,
    violations,
    ungrounded,
  };
  // A mark per call is drawn, or listed by `report --json --detail`, but left out of the JSON by
  // default: made when first read, so that a long session's default report does not build (and
  // keep) hundreds of thousands of marks it never shows (docs/performance.md, figure 6).
  let marks: readonly TimelineCall[] | undefined;
  Object.defineProperty(timeline, "calls", {
    enumerable: true,
    get: () => {
      marks ??= callMarks();
      return marks;
    },
  });
  return timeline;
}

/**
 * A call's lane: a scenario-tool call by the step it matched; a check, cancel or wait by the task
 * of the jobs it names (when they all belong to one); an answer by its task; the rest to no task.
 */
function laneOfCall(
  call: Call,
  stepOfCall: ReadonlyMap<number, { task: string }>,
  laneOfTask: ReadonlyMap<string, number>,
  laneOfJob: (id: string) => number,
  none: number,
): number {
  if (call.kind === "scenario") {
    const task = stepOfCall.get(call.call)?.task;
    return task === undefined ? none : (laneOfTask.get(task) ?? none);
  }
  if (call.tool === "submit_answer") {
    const args = call.args;
    const task = typeof args === "object" && args !== null && !Array.isArray(args) ? args.task_id : undefined;
    return typeof task === "string" ? (laneOfTask.get(task) ?? none) : none;
  }
  // A wait for "every working job" names none: the jobs it delivered say what it was for.
  const named = targetedJobIds(call.args);
  const ids = named.length > 0 ? named : (call.response?.delivered ?? []);
  if (ids.length === 0) return none;
  const lanes = new Set(ids.map(laneOfJob));
  return lanes.size === 1 ? ([...lanes][0] as number) : none;
}

function markKind(call: Call): CallMarkKind {
  if (call.kind === "scenario") return call.job ? "start" : "refused";
  switch (call.tool) {
    case "check_job":
      return isWastedPoll(call) ? "wasted-poll" : "poll";
    case "wait_for_jobs":
      return "wait";
    case "submit_answer":
      return "answer";
    default:
      return "other";
  }
}
