import type { Call, Inputs } from "./inputs.js";
import { median } from "./stats.js";

/** δ, the cost of one agent action (metrics.md, "Gold"). */
export interface Delta {
  readonly value: number;
  /** `step`: 1 by definition; `turns`: the median thinking gap; `none`: a wall-clock log with no gap to measure (δ = 0). */
  readonly source: "step" | "turns" | "none";
  /** How many turn gaps the median was taken over. */
  readonly gaps: number;
}

export function computeDelta(inputs: Inputs): Delta {
  if (inputs.clock === "step") return { value: 1, source: "step", gaps: 0 };
  const gaps = turnGaps(inputs.calls);
  const value = median(gaps);
  return value === null
    ? { value: 0, source: "none", gaps: 0 }
    : { value, source: "turns", gaps: gaps.length };
}

/**
 * The agent's thinking time before each turn: from the latest response before the turn to the
 * turn's first request. A call issued before the previous call's response joins that call's turn
 * (parallel calls of one model message). The first turn has no response before it and gives no gap.
 */
export function turnGaps(calls: readonly Call[]): number[] {
  const responses = calls.flatMap((c) => (c.response ? [c.response.t] : [])).sort((a, b) => a - b);
  const gaps: number[] = [];
  let previous: Call | null = null;
  for (const call of calls) {
    const sameTurn = previous !== null && (previous.response === null || call.request < previous.response.t);
    previous = call;
    if (sameTurn) continue;
    const before = latestAtOrBefore(responses, call.request);
    if (before !== null) gaps.push(call.request - before);
  }
  return gaps;
}

function latestAtOrBefore(sorted: readonly number[], t: number): number | null {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v <= t) {
      found = v;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
