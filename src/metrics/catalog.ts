import type { Correctness } from "./correctness.js";
import type { CostMetrics } from "./cost.js";
import type { Gold } from "./gold.js";
import type { Inputs } from "./inputs.js";
import type { Matching } from "./matching.js";
import type { PollingMetrics } from "./polling.js";
import type { Readiness } from "./readiness.js";
import type { SwitchingMetrics } from "./switching.js";
import type { TimeMetrics } from "./time.js";

/**
 * The metric catalogue: every headline figure, in report order, with what a reader needs to
 * read it (unit and direction: metrics.md says every metric states both), how it aggregates
 * over episodes, where it is shown, and how its value is read from an episode's computed
 * families. Everything that shows a metric (the per-episode report, the aggregate of
 * `report DIR`, the `eval` tables) and the `Metrics` type itself are driven by this list, so
 * adding a metric is its function, its entry here and its test (docs/extending.md).
 */

export type Direction = "higher" | "lower" | "neither";
export type UnitKind = "ratio" | "time" | "×" | "jobs" | "calls" | "runs" | "switches" | "answers" | "yes/no";
/** `time` is the episode clock's unit: steps, or ms. */
export type ClockUnit = "steps" | "ms";
/** One episode's value of a figure. null: a ratio with nothing to divide by, or a figure that does not exist. */
export type Figure = number | boolean | null;

/**
 * How a figure aggregates over the episodes of a table row (metrics.md, "Aggregates over
 * episodes"). `head` is its column heading (default: the label); `key` its field in the rows'
 * JSON (default: the name).
 *   rate       a yes/no figure: the share of episodes with "yes", its standard error, 95%
 *              bootstrap interval and spread over seeds; `passK` adds pass^k columns.
 *   mean       the mean over the episodes that have a value.
 *   mean ± sd  the mean, sample sd, standard error and 95% bootstrap interval.
 *   sum        the total over the episodes that have a value.
 */
export type Over =
  | { readonly kind: "rate"; readonly head?: string; readonly key?: string; readonly passK?: boolean }
  | { readonly kind: "mean" | "mean ± sd" | "sum"; readonly head?: string; readonly key?: string };

/** Where a figure is shown: the per-episode report, the aggregate of `report DIR`, the `eval` report's tables. */
export type Shown = "episode" | "aggregate" | "eval";

/** What a figure's value is read from: the metric families' results for one episode (built by computeMetrics). */
export interface EpisodeParts {
  readonly inputs: Inputs;
  readonly gold: Gold;
  readonly matching: Matching;
  readonly readiness: Readiness;
  readonly correctness: Correctness;
  readonly time: TimeMetrics;
  readonly polling: PollingMetrics;
  readonly switching: SwitchingMetrics;
  readonly cost: CostMetrics;
}

export interface MetricEntry<
  N extends string = string,
  V extends Figure = Figure,
  O extends Over = Over,
  S extends readonly Shown[] = readonly Shown[],
> {
  readonly name: N;
  readonly label: string;
  readonly unit: UnitKind;
  /** Which way is better; `neither` for the episode's reference bounds and for raw switch counts. */
  readonly direction: Direction;
  readonly description: string;
  readonly over: O;
  readonly shown: S;
  readonly value: (parts: EpisodeParts) => V;
  /**
   * The figure is defined by the tasks' gold (steps, answers, d(g)): a session without tasks
   * (a proxy with no tasks in its config) has none, and reports show "no gold".
   */
  readonly needsGold?: true;
}

/** The catalogue's type: the shipped one, or (in a test) the shipped one with a toy metric added. */
export type MetricCatalogue = readonly MetricEntry[];

/**
 * An entry with its name, value type, aggregation and places kept as literal types, so that
 * `HeadlineMetrics` and the tables' row types can be read off the list.
 */
function metric<
  const N extends string,
  V extends Figure,
  const O extends Over,
  const S extends readonly Shown[],
>(entry: MetricEntry<N, V, O, S>): MetricEntry<N, V, O, S> {
  return entry;
}

const EVERYWHERE = ["episode", "aggregate", "eval"] as const;
const EPISODE_ONLY = ["episode"] as const;

export const CATALOGUE = [
  metric({
    name: "episodeSuccess",
    needsGold: true,
    label: "Episode success",
    unit: "yes/no",
    direction: "higher",
    description: "Every task succeeded (the paper's Overall).",
    over: { kind: "rate", head: "Episode success", passK: true },
    shown: EVERYWHERE,
    value: (p) => p.correctness.episodeSuccess,
  }),
  metric({
    name: "taskSuccessRate",
    needsGold: true,
    label: "Task success rate",
    unit: "ratio",
    direction: "higher",
    description:
      "Tasks with every step matched, no dependency violation and a passing answer (and state) check.",
    over: { kind: "mean", head: "Task success", key: "taskSuccess" },
    shown: EVERYWHERE,
    value: (p) => p.correctness.taskSuccessRate,
  }),
  metric({
    name: "stepPrecision",
    needsGold: true,
    label: "Step precision",
    unit: "ratio",
    direction: "higher",
    description: "Matched calls / scenario-tool calls.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.correctness.stepPrecision,
  }),
  metric({
    name: "stepRecall",
    needsGold: true,
    label: "Step recall",
    unit: "ratio",
    direction: "higher",
    description: "Matched gold steps / gold steps.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.correctness.stepRecall,
  }),
  metric({
    name: "stepF1",
    needsGold: true,
    label: "Step F1",
    unit: "ratio",
    direction: "higher",
    description: "The paper's function-call F1.",
    over: { kind: "mean", head: "Step F1" },
    shown: EVERYWHERE,
    value: (p) => p.correctness.stepF1,
  }),
  metric({
    name: "dependencyViolationRate",
    needsGold: true,
    label: "Dependency violation rate",
    unit: "ratio",
    direction: "lower",
    description:
      "Matched steps started before a dependency's result was seen / matched steps with dependencies.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.correctness.dependencyViolationRate,
  }),
  metric({
    name: "ungroundedAnswers",
    needsGold: true,
    label: "Ungrounded answers",
    unit: "answers",
    direction: "lower",
    description:
      "Answered tasks whose last answer came before the result of one of their steps was seen (the task fails).",
    over: { kind: "sum" },
    shown: EPISODE_ONLY,
    value: (p) => p.correctness.ungroundedTasks.length,
  }),
  metric({
    name: "successWeightedEfficiency",
    needsGold: true,
    label: "Success-weighted efficiency",
    unit: "ratio",
    direction: "higher",
    description: "success · min(1, M* / M): covers failures too.",
    over: { kind: "mean ± sd", head: "SWE" },
    shown: EVERYWHERE,
    value: (p) => p.time.successWeightedEfficiency,
  }),
  metric({
    name: "makespan",
    label: "Makespan M",
    unit: "time",
    direction: "lower",
    description: "Time of the last task's final answer (the end if a task is unanswered).",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.makespan,
  }),
  metric({
    name: "sequentialBound",
    needsGold: true,
    label: "Sequential bound S",
    unit: "time",
    direction: "neither",
    description:
      "What a blocking agent needs: Σ w(g) + |T|·δ, w(g) = δ + max(d(g), δ). A property of the episode.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.sequentialBound,
  }),
  metric({
    name: "bestMakespan",
    needsGold: true,
    label: "Best makespan M*",
    unit: "time",
    direction: "neither",
    description:
      "The least makespan any agent can reach: exact, by search, in the step clock; in the wall clock the bound LB = max CP(T). A property of the episode.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.bestMakespan,
  }),
  metric({
    name: "speedup",
    needsGold: true,
    label: "Speedup S / M",
    unit: "×",
    direction: "higher",
    description: "Successful episodes only.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.speedup,
  }),
  metric({
    name: "optimality",
    needsGold: true,
    label: "Optimality",
    unit: "ratio",
    direction: "higher",
    description: "min(1, M* / M); successful episodes only.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.optimality,
  }),
  metric({
    name: "normalizedEfficiency",
    needsGold: true,
    label: "Normalised efficiency",
    unit: "ratio",
    direction: "higher",
    description: "clip((S − M) / (S − M*), 0, 1); successful episodes only; null when S = M*.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.normalizedEfficiency,
  }),
  metric({
    name: "meanConcurrency",
    label: "Mean concurrency",
    unit: "jobs",
    direction: "higher",
    description: "Jobs in flight, averaged over [0, M].",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.meanConcurrency,
  }),
  metric({
    name: "peakConcurrency",
    label: "Peak concurrency",
    unit: "jobs",
    direction: "higher",
    description: "Most jobs in flight at once within [0, M].",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.peakConcurrency,
  }),
  metric({
    name: "idleShare",
    label: "Idle share",
    unit: "ratio",
    direction: "lower",
    description: "Time blocked or spent on wasted polls, as a share of M.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.idleShare,
  }),
  metric({
    name: "avoidableIdleShare",
    needsGold: true,
    label: "Avoidable idle share",
    unit: "ratio",
    direction: "lower",
    description: "Idle time while a step of an unanswered task was ready, as a share of M.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.avoidableIdleShare,
  }),
  metric({
    name: "pickupLatencyMean",
    label: "Pickup latency (mean)",
    unit: "time",
    direction: "lower",
    description: "seen − finish per completed job (end − finish if never seen).",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.pickupLatencyMean,
  }),
  metric({
    name: "pickupLatencyP95",
    label: "Pickup latency (p95)",
    unit: "time",
    direction: "lower",
    description: "Nearest-rank 95th percentile of the pickup latency.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.pickupLatencyP95,
  }),
  metric({
    name: "polls",
    label: "Polls",
    unit: "calls",
    direction: "lower",
    description: "check_job calls.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.polling.polls,
  }),
  metric({
    name: "wastedPolls",
    label: "Wasted polls",
    unit: "calls",
    direction: "lower",
    description: "Polls that answered `working`.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.polling.wastedPolls,
  }),
  metric({
    name: "pollEfficiency",
    label: "Poll efficiency",
    unit: "ratio",
    direction: "higher",
    description: "Jobs first seen by a check / polls.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.polling.pollEfficiency,
  }),
  metric({
    name: "busyWaitRuns",
    label: "Busy-wait runs",
    unit: "runs",
    direction: "lower",
    description: "Runs of 2+ wasted polls while other work was ready.",
    over: { kind: "sum" },
    shown: EPISODE_ONLY,
    value: (p) => p.polling.busyWaitRuns,
  }),
  metric({
    name: "switches",
    needsGold: true,
    label: "Task switches",
    unit: "switches",
    direction: "neither",
    description: "Consecutive matched calls of different tasks.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.switching.switches,
  }),
  metric({
    name: "productiveSwitchShare",
    needsGold: true,
    label: "Productive switch share",
    unit: "ratio",
    direction: "higher",
    description: "Switches that left a task with no ready step / switches.",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.switching.productiveSwitchShare,
  }),
  metric({
    name: "worstTaskStretch",
    needsGold: true,
    label: "Worst task stretch",
    unit: "×",
    direction: "lower",
    description: "max over answered tasks of final-answer time / CP(T).",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.time.worstTaskStretch,
  }),
  metric({
    name: "orphans",
    label: "Orphan jobs",
    unit: "jobs",
    direction: "lower",
    description: "Jobs that completed and were never seen.",
    over: { kind: "sum" },
    shown: EPISODE_ONLY,
    value: (p) => p.correctness.orphans.length,
  }),
  metric({
    name: "duplicates",
    label: "Duplicate calls",
    unit: "calls",
    direction: "lower",
    description: "Unmatched repeats of a call whose job was working or done.",
    over: { kind: "sum" },
    shown: EPISODE_ONLY,
    value: (p) => p.correctness.duplicates.length,
  }),
  metric({
    name: "agentCalls",
    label: "Agent calls",
    unit: "calls",
    direction: "lower",
    description: "Every tool call of the agent (the gold minimum is N).",
    over: { kind: "mean" },
    shown: EPISODE_ONLY,
    value: (p) => p.cost.agentCalls,
  }),
] as const;

/** The shipped catalogue's entries, as a union of their literal types. */
export type CatalogueEntry = (typeof CATALOGUE)[number];
type Entry = CatalogueEntry;
export type HeadlineName = Entry["name"];
/** The headline figures of one episode, named and typed as the catalogue reads them. */
export type HeadlineMetrics = { readonly [E in Entry as E["name"]]: ReturnType<E["value"]> };

export const HEADLINE_NAMES: readonly HeadlineName[] = CATALOGUE.map((entry) => entry.name);

/** The catalogue without the readers: what the report states about each figure. */
export type MetricInfo = Omit<MetricEntry<HeadlineName>, "value">;
export const HEADLINE_METRICS: readonly MetricEntry<HeadlineName>[] = CATALOGUE;

/** The figures of one episode, read with the catalogue: the headline part of `Metrics`. */
export function readFigures(catalogue: MetricCatalogue, parts: EpisodeParts): Record<string, Figure> {
  return Object.fromEntries(catalogue.map((entry) => [entry.name, entry.value(parts)]));
}

/** A figure of an episode's metrics, by its catalogue entry (also for a figure the static type does not name). */
export function figureOf(metrics: object, entry: Pick<MetricEntry, "name">): Figure {
  return (metrics as Readonly<Record<string, Figure | undefined>>)[entry.name] ?? null;
}

/** The entries shown in one place, in catalogue order. */
export function shownIn(catalogue: MetricCatalogue, where: Shown): MetricEntry[] {
  return catalogue.filter((entry) => entry.shown.includes(where));
}

export function unitLabel(unit: UnitKind, clockUnit: ClockUnit): string {
  return unit === "time" ? clockUnit : unit;
}

/**
 * The words the reports use that are not headline figures: what a reader hovering a column
 * heading, the δ line or a timeline mark is told. Said here, next to the figures, so every
 * report explains them in the same words (metrics.md has the definitions).
 */
export interface TermEntry {
  readonly name: string;
  readonly label: string;
  readonly description: string;
}

export const TERMS = [
  {
    name: "delta",
    label: "δ (action time)",
    description:
      "The cost of one agent action: 1 in the step clock; in the wall clock the median thinking time between a response and the agent's next turn.",
  },
  {
    name: "criticalPath",
    label: "CP(T)",
    description:
      "A task's critical path: the longest chain of its steps, each weighted δ + max(d(g), δ), plus δ for the answer. No agent can answer the task sooner.",
  },
  {
    name: "stretch",
    label: "Stretch",
    description: "A task's final-answer time / CP(T): 1 is as fast as the task allows; higher is slower.",
  },
  {
    name: "stepsMatched",
    label: "Steps matched",
    description: "Gold steps of the task done by one of the agent's calls / the task's gold steps.",
  },
  {
    name: "violation",
    label: "Dependency violation",
    description:
      "A step started before the result of a step it depends on was seen by the agent (guessed when its arguments hold that unseen value).",
  },
  {
    name: "grounded",
    label: "Grounded",
    description:
      "The result of every step of the task was seen before its final answer; an ungrounded answer fails the task.",
  },
  {
    name: "idle",
    label: "Idle",
    description: "Time the agent was blocked (a wait, a blocking call) or spent on a wasted poll.",
  },
  {
    name: "avoidableIdle",
    label: "Avoidable idle",
    description:
      "Idle time while a step of a task not yet answered was ready to start: work the agent could have done.",
  },
  {
    name: "pickupLatency",
    label: "Pickup latency",
    description: "How long a completed job's result waited before the agent saw it: seen − finish.",
  },
  {
    name: "wastedPoll",
    label: "Wasted poll",
    description: 'A check_job answered "working": the job was not done yet, so the call bought nothing.',
  },
] as const satisfies readonly TermEntry[];

export type TermName = (typeof TERMS)[number]["name"];

/** A term's text, for a tooltip or a legend. */
export function termText(name: TermName): string {
  return (TERMS.find((term) => term.name === name) as TermEntry).description;
}

/** Where the definitions are, relative to the repository root (the HTML report links it). */
export const DEFINITIONS_LINK = "docs/metrics.md#headline-figures";
