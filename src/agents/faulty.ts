import { getPath, type JsonValue } from "../json.js";
import { exampleAnswer } from "../scenarios/answer-checks.js";
import { exampleValue, type FromResolver, type Matcher } from "../scenarios/matchers.js";
import type { Scenario } from "../scenarios/scenario.js";
import type { AgentTools, Handle } from "./agent-tools.js";

/**
 * A scripted agent that goes like the sequential one (each task in turn, each step started and
 * then waited for, the answer when the task is done) except for exactly one mistake: the failed
 * runs that MEL pairs are made of, each with a known cause.
 */
export type Fault =
  | { readonly kind: "none" }
  /** Starts `step` right after its first dependency started, before any result: a guess. */
  | { readonly kind: "start-early"; readonly task: string; readonly step: string }
  /** Calls the step's tool with these arguments in place of the right ones. */
  | {
      readonly kind: "wrong-argument";
      readonly task: string;
      readonly step: string;
      readonly args: Record<string, JsonValue>;
    }
  | { readonly kind: "skip-step"; readonly task: string; readonly step: string }
  /** Starts the step and never waits for it or checks it. */
  | { readonly kind: "never-collect"; readonly task: string; readonly step: string }
  /** Answers right after starting the task's last step, then waits for it. */
  | { readonly kind: "answer-early"; readonly task: string }
  | { readonly kind: "wrong-answer"; readonly task: string; readonly answer: string }
  /** Calls finish after answering this task. */
  | { readonly kind: "give-up"; readonly after: string };

export const FAULT_KINDS = [
  "start-early",
  "wrong-argument",
  "skip-step",
  "never-collect",
  "answer-early",
  "wrong-answer",
  "give-up",
] as const;

/**
 * `known` is what the agent "knows" without looking: the results a previous run of the same
 * episode saw, by task and step. A guess (start-early, answer-early, and going on after a wrong
 * or skipped step) reads it; everything else reads the results this run received.
 */
export async function runFaulty(
  tools: AgentTools,
  scenario: Scenario,
  fault: Fault,
  known: (task: string) => FromResolver = () => () => [],
): Promise<void> {
  const results = new Map<string, JsonValue>();
  const seenOrKnown =
    (task: string): FromResolver =>
    (step, path) => {
      const key = `${task}.${step}`;
      if (!results.has(key)) return known(task)(step, path);
      const value = getPath(results.get(key), path);
      return value === undefined ? [] : [value as JsonValue];
    };
  const argsOf = (task: string, args: Readonly<Record<string, Matcher>>) => {
    const out: Record<string, JsonValue> = {};
    for (const [name, matcher] of Object.entries(args)) {
      const value = exampleValue(matcher, seenOrKnown(task));
      if (value !== undefined) out[name] = value;
    }
    return out;
  };
  const start = async (tool: string, args: Record<string, JsonValue>): Promise<string | null> => {
    const reply = await tools.call(tool, args);
    return reply.isError ? null : ((reply.structured as unknown as Handle).job_id ?? null);
  };
  const waitFor = async (job: string): Promise<Handle> => {
    for (;;) {
      const reply = await tools.call("wait_for_jobs", { job_ids: [job], mode: "all" });
      const handle = (reply.structured?.jobs as Handle[] | undefined)?.[0];
      if (!handle) throw new Error(`wait_for_jobs said nothing of ${job}`);
      if (handle.status !== "working") return handle;
    }
  };
  const on = (task: string, step?: string) =>
    "task" in fault &&
    fault.task === task &&
    (step === undefined || ("step" in fault && fault.step === step));

  for (const task of scenario.tasks) {
    const early = new Map<string, string | null>();
    for (const step of task.steps) {
      if (fault.kind === "skip-step" && on(task.id, step.id)) continue;
      let job = early.has(step.id) ? (early.get(step.id) ?? null) : undefined;
      if (job === undefined) {
        const wrong = fault.kind === "wrong-argument" && on(task.id, step.id);
        const args = argsOf(task.id, step.args);
        job = await start(step.tool, wrong ? { ...args, ...fault.args } : args);
      }
      if (fault.kind === "start-early" && fault.task === task.id) {
        const dependent = task.steps.find((s) => s.id === fault.step && s.after[0] === step.id);
        if (dependent) early.set(dependent.id, await start(dependent.tool, argsOf(task.id, dependent.args)));
      }
      if (job === null) continue;
      if (fault.kind === "never-collect" && on(task.id, step.id)) continue;
      const last = step === task.steps[task.steps.length - 1];
      if (fault.kind === "answer-early" && on(task.id) && last) {
        await tools.call("submit_answer", {
          task_id: task.id,
          answer: answerOf(scenario, task.id, seenOrKnown),
        });
      }
      const handle = await waitFor(job);
      if (handle.status === "completed") results.set(`${task.id}.${step.id}`, handle.result ?? null);
    }
    if (!(fault.kind === "answer-early" && on(task.id))) {
      const answer =
        fault.kind === "wrong-answer" && on(task.id)
          ? fault.answer
          : answerOf(scenario, task.id, seenOrKnown);
      await tools.call("submit_answer", { task_id: task.id, answer });
    }
    if (fault.kind === "give-up" && fault.after === task.id) {
      await tools.call("finish", {});
      return;
    }
  }
}

function answerOf(scenario: Scenario, task: string, resolve: (task: string) => FromResolver): string {
  const spec = scenario.tasks.find((t) => t.id === task);
  return (spec ? exampleAnswer(spec.answer, resolve(task)) : undefined) ?? "";
}

/**
 * One fault for an episode, chosen by `kind` on the first task where it applies (a step with a
 * dependency for start-early, a literal string argument for wrong-argument, a task of two steps
 * or more for skip-step); null when none applies.
 */
export function faultFor(scenario: Scenario, kind: (typeof FAULT_KINDS)[number]): Fault | null {
  for (const task of scenario.tasks) {
    const last = task.steps[task.steps.length - 1];
    switch (kind) {
      case "start-early": {
        const step = task.steps.find((s) => s.after.length > 0);
        if (step) return { kind, task: task.id, step: step.id };
        break;
      }
      case "wrong-argument": {
        for (const step of task.steps) {
          const arg = Object.entries(step.args).find(
            ([, m]) => m.kind === "eq" && typeof m.value === "string",
          );
          if (arg) return { kind, task: task.id, step: step.id, args: { [arg[0]]: "no-such-value" } };
        }
        break;
      }
      case "skip-step":
        if (task.steps.length >= 2 && last) return { kind, task: task.id, step: last.id };
        break;
      case "never-collect":
        if (last && scenario.tasks.length >= 2 && task !== scenario.tasks[scenario.tasks.length - 1])
          return { kind, task: task.id, step: last.id };
        break;
      case "answer-early":
        return { kind, task: task.id };
      case "wrong-answer":
        if (task.answer.kind !== "any" && task.answer.kind !== "regex")
          return { kind, task: task.id, answer: "no idea" };
        break;
      case "give-up":
        if (scenario.tasks.length >= 2) return { kind, after: task.id };
        break;
    }
  }
  return null;
}
