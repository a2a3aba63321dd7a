import { bestSchedule } from "../engine/best-schedule.js";
import { bestScheduleInput } from "../engine/best-schedule-input.js";
import type { RecordingHeader } from "../recorder/format.js";
import type { Scenario } from "../scenarios/scenario.js";
import type { Gold } from "./gold.js";

/** M* (metrics.md §11): exact by search in the step clock, the bound LB in the wall clock. */
export interface BestMakespan {
  /** null when some step can never complete (a time-to-live shorter than its latency). */
  readonly value: number | null;
  readonly source: "search" | "bound";
  /** Why there is no value. */
  readonly reason: string | undefined;
}

// The search depends only on the scenario, seed, mode and schedule: the recordings of one episode
// by several agents share one search. Bounded, so a long scoring run does not grow without end.
const cache = new Map<string, BestMakespan>();
const CACHE_SIZE = 512;

export function computeBestMakespan(scenario: Scenario, header: RecordingHeader, gold: Gold): BestMakespan {
  if (header.clock === "wall") return { value: gold.lowerBound, source: "bound", reason: undefined };
  const key = `${scenario.hash}\u0000${header.seed}\u0000${header.mode}\u0000${JSON.stringify(header.schedule)}`;
  const known = cache.get(key);
  if (known) return known;
  const { input } = bestScheduleInput(scenario, header.schedule, header.seed, header.mode);
  const best = bestSchedule(input);
  // An episode too large to search falls back to the bound LB, and says so.
  const value: BestMakespan = best.tooLarge
    ? { value: gold.lowerBound, source: "bound", reason: best.reason }
    : { value: best.makespan, source: "search", reason: best.reason };
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, value);
  return value;
}
