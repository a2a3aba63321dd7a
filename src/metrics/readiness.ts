import type { Gold } from "./gold.js";
import type { Inputs } from "./inputs.js";
import { contains, type Interval, IntervalUnion, subtract, union } from "./intervals.js";
import type { Matching } from "./matching.js";

/**
 * When each gold step was *ready*: all its dependencies seen, not yet started, its task not yet
 * answered. Idle, busy-wait runs and switches ask "did the agent have work at that moment?".
 *
 * A step is ready from the latest `seen` of its dependencies (0 without dependencies) until the
 * request of the call that did it, or its task's first accepted answer, or the end. While an
 * attempt of it is in flight it is being worked on, not ready; after a failure it is ready again.
 * An attempt is a call of its tool whose arguments its matchers accept and that no other step
 * matched: a call that did another task's step is not an attempt at this one.
 */
export interface Readiness {
  /** Union over the steps of each task, by task id. */
  readonly byTask: ReadonlyMap<string, readonly Interval[]>;
  /** Union over every step. */
  readonly any: readonly Interval[];
}

export function computeReadiness(gold: Gold, inputs: Inputs, matching: Matching): Readiness {
  const firstAnswer = new Map<string, number>();
  for (const answer of inputs.answers)
    if (!firstAnswer.has(answer.task)) firstAnswer.set(answer.task, answer.t);
  const byTask = new Map<string, Interval[]>();
  const all: Interval[] = [];
  for (const goldTask of gold.tasks) {
    const pieces: Interval[] = [];
    const answered = firstAnswer.get(goldTask.task.id) ?? Number.POSITIVE_INFINITY;
    for (const node of goldTask.nodes) {
      let from = 0;
      for (const dep of node.deps) {
        const seen = matching.byKey.get(dep.key)?.call?.job?.seen ?? null;
        from = seen === null ? Number.POSITIVE_INFINITY : Math.max(from, seen);
      }
      const done = matching.byKey.get(node.key)?.call;
      const until = Math.min(done ? done.request : Number.POSITIVE_INFINITY, answered, inputs.end);
      // from ≥ until (a dependency never seen, or the step done before it was ready): subtract
      // below leaves nothing.
      // Merged as they come (attempts in call order): no pair per attempt on a large log.
      const inFlight = new IntervalUnion();
      for (const call of matching.attempts.get(node.key) ?? []) {
        // A call that did a step is that step's work, not an attempt: this step's own (`done`,
        // which starts when readiness ends anyway) or another task's.
        if (!call.job || matching.stepOfCall.has(call.index)) continue;
        inFlight.add(call.job.start, call.job.finish ?? inputs.end);
      }
      pieces.push(...subtract([from, until], inFlight.finish()));
    }
    const merged = union(pieces);
    byTask.set(goldTask.task.id, merged);
    all.push(...merged);
  }
  return { byTask, any: union(all) };
}

export function readyAt(intervals: readonly Interval[] | undefined, t: number): boolean {
  return intervals !== undefined && contains(intervals, t);
}
