import { canonicalJson } from "../json.js";
import { type CheckOutcome, checkAnswer, checkState } from "../scenarios/answer-checks.js";
import type { Scenario } from "../scenarios/scenario.js";
import { type Confusion, findConfusions } from "./confusion.js";
import type { Gold } from "./gold.js";
import type { AnswerRecord, Call, Inputs, Job } from "./inputs.js";
import { type Matching, matchedResults } from "./matching.js";
import { replayFinalState } from "./state.js";
import { ratio } from "./stats.js";

/** Correctness (metrics.md §1–8). */

export interface TaskOutcome {
  readonly id: string;
  readonly steps: number;
  readonly matchedSteps: number;
  readonly violations: number;
  /** The last accepted answer, or null. */
  readonly answer: AnswerRecord | null;
  /** How many answers were accepted for it (a later one replaces an earlier one). */
  readonly answers: number;
  readonly answerCheck: CheckOutcome | null;
  /** One outcome per state check of the task (empty when it has none). */
  readonly stateChecks: readonly CheckOutcome[];
  readonly neglected: boolean;
  /**
   * Whether the result of every gold step of the task was seen at or before the request of its
   * last accepted answer (§3); null when the task has no answer.
   */
  readonly grounded: boolean | null;
  readonly success: boolean;
}

export interface Correctness {
  readonly scenarioToolCalls: number;
  readonly matchedCalls: number;
  readonly goldSteps: number;
  readonly stepPrecision: number | null;
  readonly stepRecall: number | null;
  readonly stepF1: number | null;
  /** Matched steps that have dependencies, and those of them that violate one. */
  readonly stepsWithDependencies: number;
  readonly violations: number;
  readonly guessedViolations: number;
  readonly dependencyViolationRate: number | null;
  readonly tasks: readonly TaskOutcome[];
  readonly taskSuccessRate: number | null;
  readonly episodeSuccess: boolean;
  readonly neglectedTasks: readonly string[];
  readonly unansweredTasks: readonly string[];
  /** Answered tasks whose last accepted answer came before a result it rests on was seen. */
  readonly ungroundedTasks: readonly string[];
  /** Jobs (1-based start order) that completed and were never seen. */
  readonly orphans: readonly number[];
  /** Call numbers of the duplicate calls. */
  readonly duplicates: readonly number[];
  readonly confusions: readonly Confusion[];
  /** Completed jobs the state replay could not run again. */
  readonly replayFailures: readonly { readonly job: number; readonly message: string }[];
}

export function computeCorrectness(
  scenario: Scenario,
  gold: Gold,
  inputs: Inputs,
  matching: Matching,
): Correctness {
  // Counted and collected by indexed loops: a large log's calls and jobs are hundreds of
  // thousands, and a filtered copy of them, or an iterator's result per item in a loop run once,
  // is work for the collector.
  let scenarioToolCalls = 0;
  for (let i = 0; i < inputs.calls.length; i++)
    if ((inputs.calls[i] as Call).kind === "scenario") scenarioToolCalls += 1;
  const matchedCalls = matching.stepOfCall.size;
  const goldSteps = gold.nodes.length;
  const stepPrecision = ratio(matchedCalls, scenarioToolCalls);
  const stepRecall = ratio(matchedCalls, goldSteps);
  // 2PR/(P+R) written as 2·TP/(predicted + gold): defined whenever either side has a call.
  const stepF1 = ratio(2 * matchedCalls, scenarioToolCalls + goldSteps);

  const withDeps = matching.steps.filter((s) => s.call && s.node.deps.length > 0);
  const violating = withDeps.filter((s) => s.violation);

  const lastAnswer = new Map<string, AnswerRecord>();
  const answerCount = new Map<string, number>();
  for (const answer of inputs.answers) {
    lastAnswer.set(answer.task, answer);
    answerCount.set(answer.task, (answerCount.get(answer.task) ?? 0) + 1);
  }
  const needsState = scenario.tasks.some((t) => t.state.length > 0);
  const replay = needsState ? replayFinalState(scenario, inputs.jobs, inputs.ids) : null;

  const tasks: TaskOutcome[] = gold.tasks.map(({ task, nodes }) => {
    const matches = nodes.map((n) => matching.byKey.get(n.key));
    const matchedSteps = matches.filter((m) => m?.call).length;
    const violations = matches.filter((m) => m?.violation).length;
    const answer = lastAnswer.get(task.id) ?? null;
    const resolve = matchedResults(matching, task.id);
    const answerCheck = answer ? checkAnswer(task.answer, answer.answer, resolve) : null;
    // The answer's own dependency rule, on the same boundary as §2: seen(g) ≤ request(answer).
    const grounded =
      answer === null
        ? null
        : matches.every((m) => {
            const seen = m?.call?.job?.seen ?? null;
            return seen !== null && seen <= answer.t;
          });
    const stateChecks = replay ? task.state.map((check) => checkState(check, replay.states, resolve)) : [];
    const success =
      matchedSteps === nodes.length &&
      violations === 0 &&
      grounded === true &&
      answerCheck?.pass === true &&
      stateChecks.every((c) => c.pass);
    return {
      id: task.id,
      steps: nodes.length,
      matchedSteps,
      violations,
      answer,
      answers: answerCount.get(task.id) ?? 0,
      answerCheck,
      stateChecks,
      neglected: matchedSteps === 0,
      grounded,
      success,
    };
  });

  const orphans: number[] = [];
  for (let i = 0; i < inputs.jobs.length; i++) {
    const job = inputs.jobs[i] as Job;
    if (job.status === "completed" && job.seen === null) orphans.push(job.n);
  }

  return {
    scenarioToolCalls,
    matchedCalls,
    goldSteps,
    stepPrecision,
    stepRecall,
    stepF1,
    stepsWithDependencies: withDeps.length,
    violations: violating.length,
    guessedViolations: violating.filter((s) => s.guessed).length,
    dependencyViolationRate: ratio(violating.length, withDeps.length),
    tasks,
    taskSuccessRate: ratio(tasks.filter((t) => t.success).length, tasks.length),
    episodeSuccess: tasks.length > 0 && tasks.every((t) => t.success),
    neglectedTasks: tasks.filter((t) => t.neglected).map((t) => t.id),
    unansweredTasks: tasks.filter((t) => t.answer === null).map((t) => t.id),
    ungroundedTasks: tasks.filter((t) => t.grounded === false).map((t) => t.id),
    orphans,
    duplicates: findDuplicates(inputs.calls, matching).map((c) => c.call),
    confusions: findConfusions(scenario, inputs, matching),
    replayFailures: replay?.failures ?? [],
  };
}

/**
 * Unmatched scenario-tool calls equal (tool and deep-equal arguments) to an earlier call whose job
 * was still working or had completed at the later call's request. An earlier job qualifies at
 * time t unless it had failed, expired or been cancelled by t, so per key it is enough to know
 * whether one earlier job never ended that way, and else the latest such end.
 */
export function findDuplicates(calls: readonly Call[], matching: Matching): Call[] {
  const byKey = new Map<string, { lasting: boolean; latestBadEnd: number }>();
  const keys = new CallKeys();
  const out: Call[] = [];
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as Call;
    if (call.kind !== "scenario") continue;
    const key = keys.of(call);
    const earlier = byKey.get(key);
    if (earlier && !matching.stepOfCall.has(call.index)) {
      if (earlier.lasting || earlier.latestBadEnd > call.request) out.push(call);
    }
    const job = call.job;
    if (!job) continue;
    const entry = earlier ?? { lasting: false, latestBadEnd: Number.NEGATIVE_INFINITY };
    if (job.status === "completed" || job.status === "working") entry.lasting = true;
    else entry.latestBadEnd = Math.max(entry.latestBadEnd, job.finish ?? Number.POSITIVE_INFINITY);
    byKey.set(key, entry);
  }
  return out;
}

/**
 * A call's tool and canonical arguments as one string, made once per arguments object of a tool:
 * the fold `report` reads with gives the calls that repeat a tool's arguments the same object,
 * so a large recording's hundred thousand calls of a few distinct arguments cost a few texts,
 * not one each (and a map lookup by a string already hashed).
 */
class CallKeys {
  readonly #byTool = new Map<string, Map<unknown, string>>();

  of(call: Call): string {
    let byArgs = this.#byTool.get(call.tool);
    if (byArgs === undefined) {
      byArgs = new Map();
      this.#byTool.set(call.tool, byArgs);
    }
    let key = byArgs.get(call.args);
    if (key === undefined) {
      key = `${call.tool}\u0000${canonicalJson(call.args)}`;
      byArgs.set(call.args, key);
    }
    return key;
  }
}
