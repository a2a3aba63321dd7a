import type { Gold } from "./gold.js";
import type { Call, Inputs } from "./inputs.js";
import type { Matching } from "./matching.js";
import { type Readiness, readyAt } from "./readiness.js";
import { ratio } from "./stats.js";

/** Task switching (metrics.md §18). */
export interface Switch {
  /** The call numbers of the two consecutive matched calls. */
  readonly fromCall: number;
  readonly toCall: number;
  readonly from: string;
  readonly to: string;
  readonly at: number;
  /** The task left had no ready step at that moment. */
  readonly productive: boolean;
}

export interface TaskSwitches {
  readonly id: string;
  /** Switches that left this task. */
  readonly away: number;
  /** Of those, the ones that abandoned ready work. */
  readonly unproductiveAway: number;
  /** Switches that came into this task. */
  readonly into: number;
}

export interface SwitchingMetrics {
  readonly switches: number;
  readonly productiveSwitches: number;
  readonly productiveSwitchShare: number | null;
  /** switches / tasks. */
  readonly switchesPerTask: number | null;
  readonly tasks: readonly TaskSwitches[];
  readonly list: readonly Switch[];
}

export function computeSwitching(
  gold: Gold,
  inputs: Inputs,
  matching: Matching,
  readiness: Readiness,
): SwitchingMetrics {
  const list: Switch[] = [];
  let previous: { call: number; task: string } | null = null;
  for (let i = 0; i < inputs.calls.length; i++) {
    const call = inputs.calls[i] as Call;
    const node = matching.stepOfCall.get(call.index);
    if (!node) continue;
    const task = node.task.id;
    if (previous && previous.task !== task) {
      list.push({
        fromCall: previous.call,
        toCall: call.call,
        from: previous.task,
        to: task,
        at: call.request,
        productive: !readyAt(readiness.byTask.get(previous.task), call.request),
      });
    }
    previous = { call: call.call, task };
  }
  const productiveSwitches = list.filter((s) => s.productive).length;
  const tasks = gold.tasks.map(({ task }) => ({
    id: task.id,
    away: list.filter((s) => s.from === task.id).length,
    unproductiveAway: list.filter((s) => s.from === task.id && !s.productive).length,
    into: list.filter((s) => s.to === task.id).length,
  }));
  return {
    switches: list.length,
    productiveSwitches,
    productiveSwitchShare: ratio(productiveSwitches, list.length),
    switchesPerTask: ratio(list.length, gold.tasks.length),
    tasks,
    list,
  };
}
