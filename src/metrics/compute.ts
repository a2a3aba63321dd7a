import type { ClockKind, EndStatus } from "../engine/types.js";
import { truncationNote } from "../recorder/field-caps.js";
import type { CheckOutcome } from "../scenarios/answer-checks.js";
import type { Scenario } from "../scenarios/scenario.js";
import { type BestMakespan, computeBestMakespan } from "./best-makespan.js";
import {
  CATALOGUE,
  type ClockUnit,
  type HeadlineMetrics,
  type HeadlineName,
  type MetricCatalogue,
  readFigures,
} from "./catalog.js";
import type { Confusion } from "./confusion.js";
import { type Correctness, computeCorrectness } from "./correctness.js";
import { type CostMetrics, computeCost } from "./cost.js";
import { computeDelta, type Delta } from "./delta.js";
import { buildGold } from "./gold.js";
import { eventsWithCutFields, extractInputs, type ScoredRecording } from "./inputs.js";
import type { Interval } from "./intervals.js";
import { matchSteps } from "./matching.js";
import { computePolling, type PollingMetrics } from "./polling.js";
import { computeReadiness } from "./readiness.js";
import { computeSwitching, type Switch, type TaskSwitches } from "./switching.js";
import { computeTime, type TaskTime } from "./time.js";

export type { HeadlineMetrics } from "./catalog.js";

/**
 * The order the JSON report has always listed the headline figures in (it predates the
 * catalogue, whose order is the report's): kept so that reports stay byte-identical. A figure
 * added to the catalogue needs nothing here: it follows these, in catalogue order.
 */
const JSON_ORDER: readonly HeadlineName[] = [
  "stepPrecision",
  "stepRecall",
  "stepF1",
  "taskSuccessRate",
  "episodeSuccess",
  "dependencyViolationRate",
  "ungroundedAnswers",
  "makespan",
  "sequentialBound",
  "bestMakespan",
  "speedup",
  "optimality",
  "normalizedEfficiency",
  "successWeightedEfficiency",
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
];

export interface TaskMetrics {
  readonly id: string;
  readonly steps: number;
  readonly matchedSteps: number;
  readonly violations: number;
  readonly neglected: boolean;
  /** Every step's result seen by the final answer's request; null when unanswered. */
  readonly grounded: boolean | null;
  /** The final (last accepted) answer and its request time. */
  readonly answer: string | null;
  readonly answeredAt: number | null;
  readonly answers: number;
  readonly answerCheck: CheckOutcome | null;
  readonly stateChecks: readonly CheckOutcome[];
  readonly success: boolean;
  /** CP(T). */
  readonly criticalPath: number;
  readonly stretch: number | null;
  readonly switchesAway: number;
  readonly unproductiveSwitchesAway: number;
  readonly switchesInto: number;
}

export interface StepMetrics {
  readonly task: string;
  readonly step: string;
  readonly tool: string;
  readonly after: readonly string[];
  /** d(g) from the recording's schedule. */
  readonly d: number;
  /** The call number that did the step, its request time, and its job (1-based start order). */
  readonly call: number | null;
  readonly requestAt: number | null;
  readonly job: number | null;
  readonly seenAt: number | null;
  /** Calls whose arguments fit the step and that started a job. */
  readonly attempts: number;
  readonly violation: boolean;
  /** Dependencies not seen by the request. */
  readonly unseenDeps: readonly string[];
  readonly guessed: boolean;
}

export interface Metrics extends HeadlineMetrics {
  readonly clock: ClockKind;
  readonly unit: ClockUnit;
  /** δ used, and how it was found. */
  readonly delta: number;
  readonly deltaSource: Delta["source"];
  readonly deltaGaps: number;
  /** The end event's time, or the last stamp of a truncated log. */
  readonly end: number;
  readonly endStatus: EndStatus | null;
  readonly truncated: boolean;
  readonly tasks: readonly TaskMetrics[];
  readonly steps: readonly StepMetrics[];
  readonly correctness: {
    readonly scenarioToolCalls: number;
    readonly matchedCalls: number;
    readonly goldSteps: number;
    readonly stepsWithDependencies: number;
    readonly violations: number;
    readonly guessedViolations: number;
    readonly neglectedTasks: readonly string[];
    readonly unansweredTasks: readonly string[];
    readonly ungroundedTasks: readonly string[];
    readonly orphanJobs: readonly number[];
    readonly duplicateCalls: readonly number[];
    readonly crossTaskConfusions: number;
    readonly confusions: readonly Confusion[];
  };
  readonly time: {
    readonly makespanAtEnd: boolean;
    readonly idle: number;
    readonly avoidableIdle: number;
    readonly idleIntervals: readonly Interval[];
    readonly avoidableIdleIntervals: readonly Interval[];
    readonly minimumActions: number;
    /** How M* was found: by search (step clock) or as the bound LB (wall clock). */
    readonly bestMakespanSource: BestMakespan["source"];
    /** LB = max over tasks of CP(T). */
    readonly criticalPathBound: number;
  };
  readonly polling: Pick<PollingMetrics, "jobsFirstSeenByCheck" | "runs">;
  readonly switching: {
    readonly productiveSwitches: number;
    readonly switchesPerTask: number | null;
    readonly list: readonly Switch[];
  };
  readonly cost: CostMetrics;
  /** Things the reader should know about how the figures were obtained. */
  readonly notes: readonly string[];
}

export interface MetricsOptions {
  /** Override δ (clock units): for a wall-clock log whose turns say little. */
  readonly delta?: number;
  /**
   * The figures to compute: the shipped catalogue (the default), or one that extends it (a
   * test's toy metric). The result is typed by the shipped catalogue.
   */
  readonly catalogue?: MetricCatalogue;
}

/** Every AsyncTool metric of one recording against its scenario: a pure function, no I/O, no clock. */
export function computeMetrics(
  scenario: Scenario,
  recording: ScoredRecording,
  options: MetricsOptions = {},
): Metrics {
  const inputs = extractInputs(scenario, recording);
  const measured = computeDelta(inputs);
  const delta: Delta =
    options.delta === undefined
      ? measured
      : { value: options.delta, source: measured.source, gaps: measured.gaps };
  const gold = buildGold(scenario, recording.header.schedule, delta.value);
  const matching = matchSteps(gold, inputs);
  const readiness = computeReadiness(gold, inputs, matching);
  const correctness: Correctness = computeCorrectness(scenario, gold, inputs, matching);
  const best = computeBestMakespan(scenario, recording.header, gold);
  const time = computeTime(gold, inputs, readiness, correctness.episodeSuccess, best.value);
  const polling = computePolling(inputs, readiness);
  const switching = computeSwitching(gold, inputs, matching, readiness);
  const cost = computeCost(gold, inputs);

  const notes: string[] = [];
  if (recording.truncated) {
    notes.push(
      `The log has no end line (the server stopped mid-session): scored as ended at its last event, t = ${inputs.end}.`,
    );
  }
  const cut = truncationNote(eventsWithCutFields(recording));
  if (cut !== undefined) notes.push(cut);
  if (options.delta !== undefined) notes.push(`δ was set to ${options.delta} by the caller.`);
  else if (delta.source === "none")
    notes.push("No turn gap could be measured in this wall-clock log, so δ = 0.");
  if (gold.unscheduled.length > 0) {
    notes.push(`The recording's schedule has no latency for ${gold.unscheduled.join(", ")}; read as 0.`);
  }
  if (best.source === "bound" && best.reason !== undefined) {
    notes.push(`M* is the bound LB = max CP(T): the episode is too large to search (${best.reason}).`);
  }
  if (best.value === null) {
    notes.push(
      `No schedule can answer every task (${best.reason ?? "a step can never complete"}): M* and the figures that use it are null.`,
    );
  }
  for (const failure of correctness.replayFailures) {
    notes.push(
      `Job #${failure.job} completed in the session but failed when replayed for the state check: ${failure.message}`,
    );
  }

  const figures = readFigures(options.catalogue ?? CATALOGUE, {
    inputs,
    gold,
    matching,
    readiness,
    correctness,
    time,
    polling,
    switching,
    cost,
  });
  const order = [
    ...JSON_ORDER,
    ...Object.keys(figures).filter((name) => !JSON_ORDER.includes(name as HeadlineName)),
  ];
  // Every shipped figure is read by the catalogue: the cast only restores the names' types.
  const headline = Object.fromEntries(
    order.filter((name) => name in figures).map((name) => [name, figures[name]]),
  ) as unknown as HeadlineMetrics;

  const timeByTask = new Map(time.tasks.map((t) => [t.id, t]));
  const switchesByTask = new Map(switching.tasks.map((t) => [t.id, t]));
  const tasks: TaskMetrics[] = correctness.tasks.map((t) => {
    // computeTime and computeSwitching give a row for every gold task, as correctness does.
    const tt = timeByTask.get(t.id) as TaskTime;
    const sw = switchesByTask.get(t.id) as TaskSwitches;
    return {
      id: t.id,
      steps: t.steps,
      matchedSteps: t.matchedSteps,
      violations: t.violations,
      neglected: t.neglected,
      grounded: t.grounded,
      answer: t.answer?.answer ?? null,
      answeredAt: tt.answeredAt,
      answers: t.answers,
      answerCheck: t.answerCheck,
      stateChecks: t.stateChecks,
      success: t.success,
      criticalPath: tt.criticalPath,
      stretch: tt.stretch,
      switchesAway: sw.away,
      unproductiveSwitchesAway: sw.unproductiveAway,
      switchesInto: sw.into,
    };
  });

  const steps: StepMetrics[] = matching.steps.map((m) => ({
    task: m.node.task.id,
    step: m.node.step.id,
    tool: m.node.step.tool,
    after: m.node.step.after,
    d: m.node.d,
    call: m.call?.call ?? null,
    requestAt: m.call?.request ?? null,
    job: m.call?.job?.n ?? null,
    seenAt: m.call?.job?.seen ?? null,
    attempts: matching.attempts.get(m.node.key)?.length ?? 0,
    violation: m.violation,
    unseenDeps: m.unseenDeps.map((d) => d.step.id),
    guessed: m.guessed,
  }));

  return {
    ...headline,

    clock: inputs.clock,
    unit: inputs.clock === "step" ? "steps" : "ms",
    delta: delta.value,
    deltaSource: delta.source,
    deltaGaps: delta.gaps,
    end: inputs.end,
    endStatus: inputs.endStatus,
    truncated: inputs.truncated,
    tasks,
    steps,
    correctness: {
      scenarioToolCalls: correctness.scenarioToolCalls,
      matchedCalls: correctness.matchedCalls,
      goldSteps: correctness.goldSteps,
      stepsWithDependencies: correctness.stepsWithDependencies,
      violations: correctness.violations,
      guessedViolations: correctness.guessedViolations,
      neglectedTasks: correctness.neglectedTasks,
      unansweredTasks: correctness.unansweredTasks,
      ungroundedTasks: correctness.ungroundedTasks,
      orphanJobs: correctness.orphans,
      duplicateCalls: correctness.duplicates,
      crossTaskConfusions: correctness.confusions.length,
      confusions: correctness.confusions,
    },
    time: {
      makespanAtEnd: time.makespanAtEnd,
      idle: time.idle,
      avoidableIdle: time.avoidableIdle,
      idleIntervals: time.idleIntervals,
      avoidableIdleIntervals: time.avoidableIdleIntervals,
      minimumActions: gold.minimumActions,
      bestMakespanSource: best.source,
      criticalPathBound: gold.lowerBound,
    },
    polling: { jobsFirstSeenByCheck: polling.jobsFirstSeenByCheck, runs: polling.runs },
    switching: {
      productiveSwitches: switching.productiveSwitches,
      switchesPerTask: switching.switchesPerTask,
      list: switching.list,
    },
    cost,
    notes,
  };
}
