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
}

export function suiteStats(scenarios: readonly Scenario[]): SuiteStats {
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
    if (isJsonObject(meta) && Array.isArray(meta.templates))
      for (const t of meta.templates) templates.add(String(t));
    perEpisode.push(scenario.tasks.reduce((n, t) => n + t.steps.length, 0));
    for (const task of scenario.tasks) {
      perTask.push(task.steps.length);
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
  ];
  return lines.join("\n");
}
