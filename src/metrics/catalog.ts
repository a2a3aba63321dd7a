/**
 * The headline figures, in report order, each with its unit and direction (metrics.md: every
 * metric states both). `time` is the episode clock's unit: steps, or ms.
 */

export type Direction = "higher" | "lower" | "neither";
export type UnitKind = "ratio" | "time" | "×" | "jobs" | "calls" | "runs" | "switches" | "answers" | "yes/no";
export type ClockUnit = "steps" | "ms";

export const HEADLINE_NAMES = [
  "episodeSuccess",
  "taskSuccessRate",
  "stepPrecision",
  "stepRecall",
  "stepF1",
  "dependencyViolationRate",
  "ungroundedAnswers",
  "successWeightedEfficiency",
  "makespan",
  "sequentialBound",
  "bestMakespan",
  "speedup",
  "optimality",
  "normalizedEfficiency",
  "meanConcurrency",
  "peakConcurrency",
  "idleShare",
  "avoidableIdleShare",
  "pickupLatencyMean",
  "pickupLatencyP95",
  "polls",
  "wastedPolls",
  "pollEfficiency",
  "busyWaitRuns",
  "switches",
  "productiveSwitchShare",
  "worstTaskStretch",
  "orphans",
  "duplicates",
  "agentCalls",
] as const;

export type HeadlineName = (typeof HEADLINE_NAMES)[number];

export interface MetricInfo {
  readonly name: HeadlineName;
  readonly label: string;
  readonly unit: UnitKind;
  /** Which way is better; `neither` for the episode's reference bounds and for raw switch counts. */
  readonly direction: Direction;
  readonly description: string;
}

const INFO: Record<HeadlineName, Omit<MetricInfo, "name">> = {
  episodeSuccess: {
    label: "Episode success",
    unit: "yes/no",
    direction: "higher",
    description: "Every task succeeded (the paper's Overall).",
  },
  taskSuccessRate: {
    label: "Task success rate",
    unit: "ratio",
    direction: "higher",
    description:
      "Tasks with every step matched, no dependency violation and a passing answer (and state) check.",
  },
  stepPrecision: {
    label: "Step precision",
    unit: "ratio",
    direction: "higher",
    description: "Matched calls / scenario-tool calls.",
  },
  stepRecall: {
    label: "Step recall",
    unit: "ratio",
    direction: "higher",
    description: "Matched gold steps / gold steps.",
  },
  stepF1: {
    label: "Step F1",
    unit: "ratio",
    direction: "higher",
    description: "The paper's function-call F1.",
  },
  dependencyViolationRate: {
    label: "Dependency violation rate",
    unit: "ratio",
    direction: "lower",
    description:
      "Matched steps started before a dependency's result was seen / matched steps with dependencies.",
  },
  ungroundedAnswers: {
    label: "Ungrounded answers",
    unit: "answers",
    direction: "lower",
    description:
      "Answered tasks whose last answer came before the result of one of their steps was seen (the task fails).",
  },
  successWeightedEfficiency: {
    label: "Success-weighted efficiency",
    unit: "ratio",
    direction: "higher",
    description: "success · min(1, M* / M): covers failures too.",
  },
  makespan: {
    label: "Makespan M",
    unit: "time",
    direction: "lower",
    description: "Time of the last task's final answer (the end if a task is unanswered).",
  },
  sequentialBound: {
    label: "Sequential bound S",
    unit: "time",
    direction: "neither",
    description:
      "What a blocking agent needs: Σ w(g) + |T|·δ, w(g) = δ + max(d(g), δ). A property of the episode.",
  },
  bestMakespan: {
    label: "Best makespan M*",
    unit: "time",
    direction: "neither",
    description:
      "The least makespan any agent can reach: exact, by search, in the step clock; in the wall clock the bound LB = max CP(T). A property of the episode.",
  },
  speedup: {
    label: "Speedup S / M",
    unit: "×",
    direction: "higher",
    description: "Successful episodes only.",
  },
  optimality: {
    label: "Optimality",
    unit: "ratio",
    direction: "higher",
    description: "min(1, M* / M); successful episodes only.",
  },
  normalizedEfficiency: {
    label: "Normalised efficiency",
    unit: "ratio",
    direction: "higher",
    description: "clip((S − M) / (S − M*), 0, 1); successful episodes only; null when S = M*.",
  },
  meanConcurrency: {
    label: "Mean concurrency",
    unit: "jobs",
    direction: "higher",
    description: "Jobs in flight, averaged over [0, M].",
  },
  peakConcurrency: {
    label: "Peak concurrency",
    unit: "jobs",
    direction: "higher",
    description: "Most jobs in flight at once within [0, M].",
  },
  idleShare: {
    label: "Idle share",
    unit: "ratio",
    direction: "lower",
    description: "Time blocked or spent on wasted polls, as a share of M.",
  },
  avoidableIdleShare: {
    label: "Avoidable idle share",
    unit: "ratio",
    direction: "lower",
    description: "Idle time while a step of an unanswered task was ready, as a share of M.",
  },
  pickupLatencyMean: {
    label: "Pickup latency (mean)",
    unit: "time",
    direction: "lower",
    description: "seen − finish per completed job (end − finish if never seen).",
  },
  pickupLatencyP95: {
    label: "Pickup latency (p95)",
    unit: "time",
    direction: "lower",
    description: "Nearest-rank 95th percentile of the pickup latency.",
  },
  polls: { label: "Polls", unit: "calls", direction: "lower", description: "check_job calls." },
  wastedPolls: {
    label: "Wasted polls",
    unit: "calls",
    direction: "lower",
    description: "Polls that answered `working`.",
  },
  pollEfficiency: {
    label: "Poll efficiency",
    unit: "ratio",
    direction: "higher",
    description: "Jobs first seen by a check / polls.",
  },
  busyWaitRuns: {
    label: "Busy-wait runs",
    unit: "runs",
    direction: "lower",
    description: "Runs of 2+ wasted polls while other work was ready.",
  },
  switches: {
    label: "Task switches",
    unit: "switches",
    direction: "neither",
    description: "Consecutive matched calls of different tasks.",
  },
  productiveSwitchShare: {
    label: "Productive switch share",
    unit: "ratio",
    direction: "higher",
    description: "Switches that left a task with no ready step / switches.",
  },
  worstTaskStretch: {
    label: "Worst task stretch",
    unit: "×",
    direction: "lower",
    description: "max over answered tasks of final-answer time / CP(T).",
  },
  orphans: {
    label: "Orphan jobs",
    unit: "jobs",
    direction: "lower",
    description: "Jobs that completed and were never seen.",
  },
  duplicates: {
    label: "Duplicate calls",
    unit: "calls",
    direction: "lower",
    description: "Unmatched repeats of a call whose job was working or done.",
  },
  agentCalls: {
    label: "Agent calls",
    unit: "calls",
    direction: "lower",
    description: "Every tool call of the agent (the gold minimum is N).",
  },
};

export const HEADLINE_METRICS: readonly MetricInfo[] = HEADLINE_NAMES.map((name) => ({
  name,
  ...INFO[name],
}));

export function unitLabel(unit: UnitKind, clockUnit: ClockUnit): string {
  return unit === "time" ? clockUnit : unit;
}
