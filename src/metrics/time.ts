import type { Gold } from "./gold.js";
import type { Call, Inputs, Job } from "./inputs.js";
import { clipTo, type Interval, IntervalUnion, intersect, measure } from "./intervals.js";
import type { Readiness } from "./readiness.js";
import { clip, mean, nearestRank, ratio } from "./stats.js";

/** Time and efficiency (metrics.md §9–16, §19). Times in clock units from t0 = 0. */

export interface TaskTime {
  readonly id: string;
  readonly criticalPath: number;
  /** Request time of its final answer, or null when unanswered. */
  readonly answeredAt: number | null;
  /** answeredAt / CP(T); null when unanswered. */
  readonly stretch: number | null;
}

export interface TimeMetrics {
  readonly makespan: number;
  /** Whether M was cut at the end because a task was unanswered. */
  readonly makespanAtEnd: boolean;
  readonly sequentialBound: number;
  /** M*: exact in the step clock, LB in the wall clock; null when no schedule completes. */
  readonly bestMakespan: number | null;
  readonly speedup: number | null;
  readonly optimality: number | null;
  readonly normalizedEfficiency: number | null;
  readonly successWeightedEfficiency: number | null;
  readonly meanConcurrency: number | null;
  readonly peakConcurrency: number;
  readonly idle: number;
  readonly idleShare: number | null;
  readonly avoidableIdle: number;
  readonly avoidableIdleShare: number | null;
  /** The shaded intervals of the timeline, within [0, M]. */
  readonly idleIntervals: readonly Interval[];
  readonly avoidableIdleIntervals: readonly Interval[];
  readonly pickupLatencyMean: number | null;
  readonly pickupLatencyP95: number | null;
  readonly tasks: readonly TaskTime[];
  readonly worstTaskStretch: number | null;
}

/** A poll that answered `working`: not an error, and it carried no job's output. */
export function isWastedPoll(call: Call): boolean {
  return (
    call.tool === "check_job" &&
    call.response !== null &&
    !call.response.isError &&
    (call.response.delivered?.length ?? 0) === 0
  );
}

/**
 * A call during which the agent was blocked: a wait, or a scenario-tool call that answered with
 * its own job's output (sync mode, or an async call held for the inline grace period).
 */
export function isBlocking(call: Call): boolean {
  if (call.tool === "wait_for_jobs") return true;
  return (
    call.kind === "scenario" &&
    call.job !== null &&
    (call.response?.delivered?.includes(call.job.id) ?? false)
  );
}

export function computeTime(
  gold: Gold,
  inputs: Inputs,
  readiness: Readiness,
  episodeSuccess: boolean,
  bestMakespan: number | null,
): TimeMetrics {
  const finalAnswer = new Map<string, number>();
  for (const answer of inputs.answers) finalAnswer.set(answer.task, answer.t);
  const allAnswered = gold.tasks.every((t) => finalAnswer.has(t.task.id));
  const makespan =
    allAnswered && gold.tasks.length > 0
      ? Math.max(...gold.tasks.map((t) => finalAnswer.get(t.task.id) as number))
      : inputs.end;
  const S = gold.sequentialBound;
  const best = bestMakespan;

  const speedup = episodeSuccess ? ratio(S, makespan) : null;
  const bestOverM = best === null ? null : ratio(best, makespan);
  const optimality = episodeSuccess && bestOverM !== null ? Math.min(1, bestOverM) : null;
  const gain = best === null ? null : ratio(S - makespan, S - best);
  const normalizedEfficiency = episodeSuccess && gain !== null ? clip(gain, 0, 1) : null;
  const successWeightedEfficiency = episodeSuccess ? (bestOverM === null ? null : Math.min(1, bestOverM)) : 0;

  const { meanConcurrency, peakConcurrency } = concurrency(inputs, makespan);

  // Merged as the calls come: no pair per call on a log of a million events.
  const blocked = new IntervalUnion();
  for (let i = 0; i < inputs.calls.length; i++) {
    const call = inputs.calls[i] as Call;
    if (isBlocking(call)) blocked.add(call.request, call.response?.t ?? inputs.end);
    else if (isWastedPoll(call)) blocked.add(call.request - gold.delta, call.request);
  }
  const idleIntervals = clipTo(blocked.finish(), 0, makespan);
  const avoidableIdleIntervals = intersect(idleIntervals, readiness.any);
  const idle = measure(idleIntervals);
  const avoidableIdle = measure(avoidableIdleIntervals);

  const pickups: number[] = [];
  for (let i = 0; i < inputs.jobs.length; i++) {
    const job = inputs.jobs[i] as Job;
    if (job.status !== "completed" || job.finish === null) continue;
    pickups.push((job.seen ?? inputs.end) - job.finish);
  }

  const tasks: TaskTime[] = gold.tasks.map((t) => {
    const answeredAt = finalAnswer.get(t.task.id) ?? null;
    return {
      id: t.task.id,
      criticalPath: t.criticalPath,
      answeredAt,
      stretch: answeredAt === null ? null : ratio(answeredAt, t.criticalPath),
    };
  });
  const stretches = tasks.flatMap((t) => (t.stretch === null ? [] : [t.stretch]));

  return {
    makespan,
    makespanAtEnd: !allAnswered,
    sequentialBound: S,
    bestMakespan: best,
    speedup,
    optimality,
    normalizedEfficiency,
    successWeightedEfficiency,
    meanConcurrency,
    peakConcurrency,
    idle,
    idleShare: ratio(idle, makespan),
    avoidableIdle,
    avoidableIdleShare: ratio(avoidableIdle, makespan),
    idleIntervals,
    avoidableIdleIntervals,
    pickupLatencyMean: mean(pickups),
    pickupLatencyP95: nearestRank(pickups, 0.95),
    tasks,
    worstTaskStretch: stretches.length === 0 ? null : Math.max(...stretches),
  };
}

/** Jobs in flight over [0, M]: each job works over [start, finish), or to the end when it never finished. */
function concurrency(
  inputs: Inputs,
  makespan: number,
): { meanConcurrency: number | null; peakConcurrency: number } {
  // Sorted starts and ends in typed arrays: no tuple per job on a log of a million events.
  const starts = new Float64Array(inputs.jobs.length);
  const ends = new Float64Array(inputs.jobs.length);
  let n = 0;
  let area = 0;
  for (let i = 0; i < inputs.jobs.length; i++) {
    const job = inputs.jobs[i] as Job;
    const start = Math.max(0, job.start);
    const finish = Math.min(makespan, job.finish ?? inputs.end);
    if (!(finish > start)) continue;
    area += finish - start;
    starts[n] = start;
    ends[n] = finish;
    n++;
  }
  const s = starts.subarray(0, n).sort();
  const e = ends.subarray(0, n).sort();
  let current = 0;
  let peak = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    // Ends before starts at the same instant: a job that finishes as another starts does not overlap it.
    while (j < n && (e[j] as number) <= (s[i] as number)) {
      current--;
      j++;
    }
    current++;
    if (current > peak) peak = current;
  }
  return { meanConcurrency: ratio(area, makespan), peakConcurrency: peak };
}
