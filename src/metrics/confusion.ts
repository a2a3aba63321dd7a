import { foldCase } from "../scenarios/matchers.js";
import type { Scenario } from "../scenarios/scenario.js";
import type { Call, Inputs, Job } from "./inputs.js";
import type { Matching } from "./matching.js";

/**
 * Cross-task confusion (metrics.md §8): a call whose arguments hold a value that only a job of
 * another task returned. A job belongs to the task of the step its call matched. A call belongs
 * to its matched step's task; an unmatched call to every task with a gold step of its tool (it
 * may have been meant for any of them); a call of a tool no task uses is not judged.
 *
 * A value counts (a string of two characters or more, or a number) when a job of another task
 * returned it and the agent had seen that job by the call's request, while no job of the call's
 * own tasks and no unattributed job ever returned it, and the own tasks' instructions do not
 * contain it (the agent could have read it there).
 */
export interface Confusion {
  /** The call's number. */
  readonly call: number;
  readonly tool: string;
  /** The argument values that came from another task, with that task. */
  readonly values: readonly { readonly value: string | number; readonly from: string }[];
}

interface Source {
  /** Earliest time a job of this task returning the value was seen (Infinity: never seen). */
  readonly seen: number;
}

export function findConfusions(scenario: Scenario, inputs: Inputs, matching: Matching): Confusion[] {
  // The same few values come back in job after job on a long recording: each string is folded
  // (an NFKC normalisation) and keyed once.
  const foldedText = new Map<string, string>();
  const fold = (text: string): string => {
    let folded = foldedText.get(text);
    if (folded === undefined) {
      folded = foldCase(text);
      foldedText.set(text, folded);
    }
    return folded;
  };
  const textKeys = new Map<string, string>();
  const textKey = (trimmed: string): string => {
    let key = textKeys.get(trimmed);
    if (key === undefined) {
      key = `s:${fold(trimmed)}`;
      textKeys.set(trimmed, key);
    }
    return key;
  };
  // One list for the leaves of every job and call in turn (key, value, key, value…), emptied
  // before each: no list or pair per job or call.
  const found: (string | number)[] = [];
  // value key → task id (or "" for a job of no task) → earliest seen
  const sources = new Map<string, Map<string, Source>>();
  for (let i = 0; i < inputs.jobs.length; i++) {
    const job = inputs.jobs[i] as Job;
    if (job.status !== "completed") continue;
    const task = job.call ? (matching.stepOfCall.get(job.call.index)?.task.id ?? "") : "";
    const seen = job.seen ?? Number.POSITIVE_INFINITY;
    found.length = 0;
    leaves(job.result, textKey, found);
    for (let i = 0; i < found.length; i += 2) {
      const key = found[i] as string;
      let byTask = sources.get(key);
      if (!byTask) {
        byTask = new Map();
        sources.set(key, byTask);
      }
      const known = byTask.get(task);
      if (!known || seen < known.seen) byTask.set(task, { seen });
    }
  }
  if (sources.size === 0) return [];

  const tasksOfTool = new Map<string, string[]>();
  for (const task of scenario.tasks) {
    for (const step of task.steps) {
      const list = tasksOfTool.get(step.tool) ?? [];
      if (!list.includes(task.id)) list.push(task.id);
      tasksOfTool.set(step.tool, list);
    }
  }
  const instructions = new Map(scenario.tasks.map((t) => [t.id, foldCase(t.instruction)]));

  const out: Confusion[] = [];
  const done = new Set<string>();
  for (let i = 0; i < inputs.calls.length; i++) {
    const call = inputs.calls[i] as Call;
    if (call.kind !== "scenario") continue;
    const own = ownTasks(call, matching, tasksOfTool);
    if (own.length === 0) continue;
    const values: { value: string | number; from: string }[] = [];
    done.clear();
    found.length = 0;
    leaves(call.args, textKey, found);
    for (let i = 0; i < found.length; i += 2) {
      const key = found[i] as string;
      const value = found[i + 1] as string | number;
      if (done.has(key)) continue;
      done.add(key);
      const byTask = sources.get(key);
      if (!byTask || byTask.has("") || own.some((t) => byTask.has(t))) continue;
      const text = fold(String(value));
      if (own.some((t) => instructions.get(t)?.includes(text))) continue;
      const from = [...byTask].find(([, s]) => s.seen <= call.request)?.[0];
      if (from !== undefined) values.push({ value, from });
    }
    if (values.length > 0) out.push({ call: call.call, tool: call.tool, values });
  }
  return out;
}

function ownTasks(
  call: Call,
  matching: Matching,
  tasksOfTool: ReadonlyMap<string, string[]>,
): readonly string[] {
  const step = matching.stepOfCall.get(call.index);
  return step ? [step.task.id] : (tasksOfTool.get(call.tool) ?? []);
}

/**
 * The strings (two characters or more, trimmed) and finite numbers inside a JSON value, each
 * pushed onto `out` as its key then itself (no pair per value). A string's key is `keyOf` its
 * trimmed text ("s:" and its foldCase, or a memo of that), a number's "n:" and the number.
 */
function leaves(value: unknown, keyOf: (trimmed: string) => string, out: (string | number)[]): void {
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed.length >= 2) out.push(keyOf(trimmed), trimmed);
  } else if (typeof value === "number") {
    if (Number.isFinite(value)) out.push(`n:${value}`, value);
  } else if (Array.isArray(value)) {
    for (const item of value) leaves(item, keyOf, out);
  } else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) leaves(item, keyOf, out);
  }
}
