import { bestSchedule } from "../engine/best-schedule.js";
import { bestScheduleInput } from "../engine/best-schedule-input.js";
import { sampleSchedule } from "../engine/episode.js";
import { isJsonObject } from "../json.js";
import { referencedSteps } from "../scenarios/matchers.js";
import type { Scenario, Task } from "../scenarios/scenario.js";
import { taskDepth } from "../scenarios/summary.js";

/** The shape of a suite: what the datasheet's tables show. */
export interface SuiteStats {
  readonly episodes: number;
  readonly tasks: number;
  readonly steps: number;
  readonly byTaskCount: Record<string, number>;
  readonly withinDomain: number;
  readonly acrossDomains: number;
  /** Category → episodes that include it, and tasks of it. */
  readonly byCategory: Record<string, { episodes: number; tasks: number }>;
  readonly stepsPerEpisode: { min: number; mean: number; max: number };
  readonly stepsPerTask: { min: number; mean: number; max: number };
  /** Longest dependency chain of a task, in steps → tasks. */
  readonly depth: Record<string, number>;
  /** Tasks with a step whose arguments come from an earlier result. */
  readonly dataDependentTasks: number;
  /** Tasks with a step that waits on two or more others. */
  readonly fanInTasks: number;
  /** Tasks with a step that two or more others wait on. */
  readonly fanOutTasks: number;
  /** Tasks with two or more steps that need nothing (can start at once). */
  readonly parallelTasks: number;
  readonly byProfile: Record<string, number>;
  readonly templatesUsed: number;
  /** Answer check kind (exact, normalized, number, contains, choice, regex, any) → tasks. */
  readonly answerChecks: Record<string, number>;
  /** The room an agent has to overlap calls, in the step clock under `roomSeeds`, async mode. */
  readonly roomSeeds: readonly number[];
  /** S / M* per latency profile, and over every profile but one-round. */
  readonly room: Record<string, RoomFigures>;
  readonly roomOutsideOneRound: RoomFigures;
  /** Gold steps of the episodes outside the one-round profile, over the seeds, and those with latency ≤ 1. */
  readonly quickSteps: { readonly steps: number; readonly atMostOne: number };
}

/**
 * S / M* over a set of episode runs (an episode under a seed): S the sequential bound
 * Σ (δ + max(d, δ)) + tasks · δ, M* the best makespan the search finds, δ = 1 (step clock).
 * Runs without an M* (the search gave up) are left out and counted.
 */
export interface RoomFigures {
  readonly runs: number;
  readonly median: number | null;
  readonly min: number | null;
  /** Runs with S / M* < 1.3: little to gain from overlapping calls. */
  readonly below13: number;
  readonly unsearched: number;
}

export interface SuiteStatsOptions {
  /** The seeds of the latency schedules S / M* and the quick steps are read under (default: 1). */
  readonly seeds?: readonly number[];
}

/** The one-round profile: every call delayed one step (the setting kept apart in the room figures). */
export const ONE_ROUND = "one-round";

export function suiteStats(scenarios: readonly Scenario[], options: SuiteStatsOptions = {}): SuiteStats {
  const roomSeeds = options.seeds ?? [1];
  const answerChecks: Record<string, number> = {};
  const ratios: Record<string, number[]> = {};
  const unsearched: Record<string, number> = {};
  let quickSteps = 0;
  let quickOf = 0;
  const byTaskCount: Record<string, number> = {};
  const byCategory: Record<string, { episodes: number; tasks: number }> = {};
  const depth: Record<string, number> = {};
  const byProfile: Record<string, number> = {};
  const templates = new Set<string>();
  const perEpisode: number[] = [];
  const perTask: number[] = [];
  let within = 0;
  let dataDependent = 0;
  let fanIn = 0;
  let fanOut = 0;
  let parallel = 0;
  for (const scenario of scenarios) {
    byTaskCount[String(scenario.tasks.length)] = (byTaskCount[String(scenario.tasks.length)] ?? 0) + 1;
    const categories = new Set(scenario.domains.map((d) => d.domain.category));
    if (categories.size <= 1) within += 1;
    for (const category of categories) {
      const entry = byCategory[category] ?? { episodes: 0, tasks: 0 };
      entry.episodes += 1;
      byCategory[category] = entry;
    }
    const meta = scenario.spec.meta;
    const profile = isJsonObject(meta) && typeof meta.profile === "string" ? meta.profile : "unspecified";
    byProfile[profile] = (byProfile[profile] ?? 0) + 1;
    for (const seed of roomSeeds) {
      const schedule = sampleSchedule(scenario, seed, "async", "step");
      const latencies = Object.values(schedule).flatMap((row) => Object.values(row));
      if (profile !== ONE_ROUND) {
        quickOf += latencies.length;
        quickSteps += latencies.filter((d) => d <= 1).length;
      }
      const sequential = latencies.reduce((n, d) => n + 1 + Math.max(d, 1), 0) + scenario.tasks.length;
      const best = bestSchedule(bestScheduleInput(scenario, schedule, seed, "async").input);
      if (best.makespan === null || best.tooLarge) unsearched[profile] = (unsearched[profile] ?? 0) + 1;
      else ratios[profile] = [...(ratios[profile] ?? []), sequential / best.makespan];
    }
    if (isJsonObject(meta) && Array.isArray(meta.templates))
      for (const t of meta.templates) templates.add(String(t));
    perEpisode.push(scenario.tasks.reduce((n, t) => n + t.steps.length, 0));
    for (const task of scenario.tasks) {
      perTask.push(task.steps.length);
      answerChecks[task.answer.kind] = (answerChecks[task.answer.kind] ?? 0) + 1;
      const d = taskDepth(task);
      const key = d >= 4 ? "4+" : String(d);
      depth[key] = (depth[key] ?? 0) + 1;
      const category = taskCategory(scenario, task);
      const entry = byCategory[category] ?? { episodes: 0, tasks: 0 };
      entry.tasks += 1;
      byCategory[category] = entry;
      if (task.steps.some((s) => Object.values(s.args).some((m) => referencedSteps(m).size > 0)))
        dataDependent += 1;
      if (task.steps.some((s) => s.after.length >= 2)) fanIn += 1;
      if (task.steps.some((s) => task.steps.filter((o) => o.after.includes(s.id)).length >= 2)) fanOut += 1;
      if (task.steps.filter((s) => s.after.length === 0).length >= 2) parallel += 1;
    }
  }
  return {
    episodes: scenarios.length,
    tasks: perTask.length,
    steps: perTask.reduce((a, b) => a + b, 0),
    byTaskCount,
    withinDomain: within,
    acrossDomains: scenarios.length - within,
    byCategory: Object.fromEntries(Object.entries(byCategory).sort(([a], [b]) => a.localeCompare(b))),
    stepsPerEpisode: spread(perEpisode),
    stepsPerTask: spread(perTask),
    depth: Object.fromEntries(Object.entries(depth).sort(([a], [b]) => a.localeCompare(b))),
    dataDependentTasks: dataDependent,
    fanInTasks: fanIn,
    fanOutTasks: fanOut,
    parallelTasks: parallel,
    byProfile: Object.fromEntries(Object.entries(byProfile).sort(([a], [b]) => a.localeCompare(b))),
    templatesUsed: templates.size,
    answerChecks: sortedByKey(answerChecks),
    roomSeeds: [...roomSeeds],
    room: Object.fromEntries(
      [...new Set([...Object.keys(ratios), ...Object.keys(unsearched)])]
        .sort((a, b) => a.localeCompare(b))
        .map((profile) => [profile, roomOf(ratios[profile] ?? [], unsearched[profile] ?? 0)]),
    ),
    roomOutsideOneRound: roomOf(
      Object.entries(ratios).flatMap(([profile, list]) => (profile === ONE_ROUND ? [] : list)),
      Object.entries(unsearched).reduce((n, [profile, k]) => n + (profile === ONE_ROUND ? 0 : k), 0),
    ),
    quickSteps: { steps: quickOf, atMostOne: quickSteps },
  };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Median (the mean of the middle two for an even count), minimum and runs below 1.3 of S / M* values. */
export function roomOf(ratios: readonly number[], unsearched = 0): RoomFigures {
  const sorted = [...ratios].sort((a, b) => a - b);
  const n = sorted.length;
  const median =
    n === 0
      ? null
      : n % 2 === 1
        ? (sorted[(n - 1) / 2] as number)
        : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  return {
    runs: n,
    median,
    min: n === 0 ? null : (sorted[0] as number),
    below13: sorted.filter((r) => r < 1.3).length,
    unsearched,
  };
}

/** A task's category: that of the domain of its first step's tool. */
function taskCategory(scenario: Scenario, task: Task): string {
  const tool = scenario.tools.get(task.steps[0]?.tool ?? "");
  return scenario.domains.find((d) => d.name === tool?.domain)?.domain.category ?? "Declared tools";
}

function spread(values: readonly number[]): { min: number; mean: number; max: number } {
  if (values.length === 0) return { min: 0, mean: 0, max: 0 };
  return {
    min: Math.min(...values),
    mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100,
    max: Math.max(...values),
  };
}

const pct = (n: number, of: number) => (of === 0 ? "—" : `${((100 * n) / of).toFixed(1)}%`);

/** The datasheet's tables. */
export function statsMarkdown(stats: SuiteStats): string {
  const lines = [
    "| figure | value |",
    "|---|---|",
    `| episodes | ${stats.episodes} |`,
    `| tasks | ${stats.tasks} |`,
    `| gold steps | ${stats.steps} |`,
    ...Object.entries(stats.byTaskCount).map(
      ([k, n]) => `| episodes with ${k} tasks | ${n} (${pct(n, stats.episodes)}) |`,
    ),
    `| episodes within one domain | ${stats.withinDomain} (${pct(stats.withinDomain, stats.episodes)}) |`,
    `| episodes across domains | ${stats.acrossDomains} (${pct(stats.acrossDomains, stats.episodes)}) |`,
    `| steps per episode (min / mean / max) | ${stats.stepsPerEpisode.min} / ${stats.stepsPerEpisode.mean} / ${stats.stepsPerEpisode.max} |`,
    `| steps per task (min / mean / max) | ${stats.stepsPerTask.min} / ${stats.stepsPerTask.mean} / ${stats.stepsPerTask.max} |`,
    `| tasks whose later arguments come from an earlier result | ${stats.dataDependentTasks} (${pct(stats.dataDependentTasks, stats.tasks)}) |`,
    `| tasks with a fan-in (a step waiting on two or more) | ${stats.fanInTasks} (${pct(stats.fanInTasks, stats.tasks)}) |`,
    `| tasks with a fan-out (a step two or more wait on) | ${stats.fanOutTasks} (${pct(stats.fanOutTasks, stats.tasks)}) |`,
    `| tasks with independent steps that can start at once | ${stats.parallelTasks} (${pct(stats.parallelTasks, stats.tasks)}) |`,
    `| distinct templates used | ${stats.templatesUsed} |`,
    "",
    "| category | episodes | tasks |",
    "|---|---|---|",
    ...Object.entries(stats.byCategory).map(([c, v]) => `| ${c} | ${v.episodes} | ${v.tasks} |`),
    "",
    "| dependency depth (longest chain, steps) | tasks |",
    "|---|---|",
    ...Object.entries(stats.depth).map(([d, n]) => `| ${d} | ${n} (${pct(n, stats.tasks)}) |`),
    "",
    "| latency profile | episodes |",
    "|---|---|",
    ...Object.entries(stats.byProfile).map(([p, n]) => `| ${p} | ${n} (${pct(n, stats.episodes)}) |`),
    "",
    "| answer check | tasks |",
    "|---|---|",
    ...Object.entries(stats.answerChecks).map(([k, n]) => `| ${k} | ${n} (${pct(n, stats.tasks)}) |`),
    "",
    `S / M\\* per latency profile (step clock, async mode, seed${stats.roomSeeds.length === 1 ? "" : "s"} ${stats.roomSeeds.join(", ")}): the sequential bound over the best makespan, how much overlapping calls can gain; one-round apart.`,
    "",
    "| latency profile | runs | median S / M\\* | min S / M\\* | S / M\\* below 1.3 |",
    "|---|---|---|---|---|",
    ...Object.entries(stats.room).map(([p, r]) => roomRow(p, r)),
    roomRow("all but one-round", stats.roomOutsideOneRound),
    "",
    "| figure | value |",
    "|---|---|",
    `| gold-step latencies ≤ 1 outside one-round | ${stats.quickSteps.atMostOne} of ${stats.quickSteps.steps} (${pct(stats.quickSteps.atMostOne, stats.quickSteps.steps)}) |`,
  ];
  return lines.join("\n");
}

function roomRow(profile: string, r: RoomFigures): string {
  const ratio = (x: number | null) => (x === null ? "—" : x.toFixed(3));
  const runs = r.unsearched > 0 ? `${r.runs} (${r.unsearched} not searched)` : String(r.runs);
  return `| ${profile} | ${runs} | ${ratio(r.median)} | ${ratio(r.min)} | ${r.below13} (${pct(r.below13, r.runs)}) |`;
}
