import { relative } from "node:path";
import { minRunsPerEpisode, passAtK } from "../metrics/pass-k.js";
import { mean, sampleSd } from "../metrics/stats.js";
import { summarizeRecording, summaryLine } from "../report/aggregate.js";
import { markdownCell as cell, formatValue, NONE } from "../report/format.js";
import type { ScoredEpisode } from "./suite.js";

/**
 * The table of a model's run: overall, per category and per number of tasks, each per mode;
 * with several seeds, the spread of the suite's score over seeds and pass^k; with several
 * modes, the ablation (what delayed feedback costs this model).
 *
 * The report layer's `aggregate` groups by client, scenario, mode and clock; a model run needs
 * the paper's groupings instead, so they are built here from the same metrics, with its
 * per-recording summary lines reused.
 */

export interface MeanSd {
  readonly mean: number | null;
  readonly sd: number | null;
}

export interface ReportRow {
  /** "all", a category, or "2 tasks". */
  readonly group: string;
  readonly mode: string;
  /** Episodes run (scored or not). */
  readonly runs: number;
  /** Runs whose recording could be scored here. */
  readonly scored: number;
  readonly seeds: number;
  readonly episodeSuccess: number | null;
  /** The row's success rate seed by seed: mean ± sd over seeds (present with ≥ 2 seeds). */
  readonly episodeSuccessOverSeeds: MeanSd | null;
  readonly taskSuccess: number | null;
  readonly stepF1: number | null;
  readonly successWeightedEfficiency: MeanSd;
  /** pass^k over a scenario's seeds, k = 1..the fewest seeds any scenario of the row has (with ≥ 2 seeds). */
  readonly passK: readonly { readonly k: number; readonly value: number | null }[];
  readonly meanTurns: number | null;
  readonly meanTokens: number | null;
  /** Episodes the runner could not finish (endpoint or connection failures): scored as failures. */
  readonly runnerFailures: number;
}

export interface AblationRow {
  readonly mode: string;
  /** Scenario-and-seed pairs run in both this mode and async. */
  readonly pairs: number;
  readonly asyncSuccess: number | null;
  readonly modeSuccess: number | null;
  /** modeSuccess − asyncSuccess: what the delays cost (positive: the model did better without them). */
  readonly delta: number | null;
  readonly asyncTaskSuccess: number | null;
  readonly modeTaskSuccess: number | null;
}

export interface EpisodeLine {
  readonly key: string;
  readonly file: string;
  readonly scenario: string;
  readonly seed: number;
  readonly mode: string;
  readonly clock: string;
  readonly categories: readonly string[];
  readonly tasks: number;
  readonly success: boolean | null;
  readonly tasksSucceeded: number | null;
  readonly endStatus: string | null;
  readonly stop: string | null;
  readonly failure: string | null;
  readonly turns: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly retries: number;
  readonly toolTimeouts: number;
  readonly malformedCalls: number;
  readonly truncations: number;
  /** Why the recording could not be scored, if it could not. */
  readonly scoreError: string | null;
  /** The summary line of the report layer, when scored. */
  readonly summary: string | null;
}

export interface SuiteReport {
  readonly provider: string;
  readonly model: string;
  readonly runner: { readonly name: string; readonly version: string };
  readonly overall: readonly ReportRow[];
  readonly byCategory: readonly ReportRow[];
  readonly byTaskCount: readonly ReportRow[];
  readonly ablation: readonly AblationRow[];
  readonly episodes: readonly EpisodeLine[];
  /** Planned episodes that did not run (the run stopped early). */
  readonly notRun: number;
}

export interface ReportFacts {
  readonly provider: string;
  readonly model: string;
  readonly runner: { readonly name: string; readonly version: string };
  /** Files are named relative to this directory. */
  readonly outDir: string;
  readonly notRun: number;
}

/** The AsyncTool categories an episode covers; an episode across domains counts in each. */
export function categoriesOf(scored: ScoredEpisode): string[] {
  const names = [...new Set(scored.episode.scenario.domains.map((d) => d.domain.category))].sort();
  return names.length > 0 ? names : ["(declared tools)"];
}

export function buildSuiteReport(scored: readonly ScoredEpisode[], facts: ReportFacts): SuiteReport {
  const modes = [...new Set(scored.map((s) => s.episode.mode))].sort(modeOrder);
  const rowsBy = (label: (s: ScoredEpisode) => string[]): ReportRow[] => {
    const groups = new Map<string, ScoredEpisode[]>();
    for (const s of scored) {
      for (const group of label(s)) {
        const key = JSON.stringify([group, s.episode.mode]);
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
    }
    return [...groups.entries()]
      .map(([key, list]) => {
        const [group, mode] = JSON.parse(key) as [string, string];
        return buildRow(group, mode, list);
      })
      .sort((a, b) => compare(a.group, b.group) || modeOrder(a.mode, b.mode));
  };
  const taskCount = (s: ScoredEpisode) => s.episode.scenario.tasks.length;
  return {
    provider: facts.provider,
    model: facts.model,
    runner: facts.runner,
    overall: rowsBy(() => ["all"]),
    byCategory: rowsBy(categoriesOf),
    byTaskCount: rowsBy((s) => [`${taskCount(s)} task${taskCount(s) === 1 ? "" : "s"}`]),
    ablation: modes.includes("async")
      ? modes.filter((m) => m !== "async").map((m) => ablationRow(scored, m))
      : [],
    episodes: scored.map((s) => episodeLine(s, facts.outDir)),
    notRun: facts.notRun,
  };
}

function buildRow(group: string, mode: string, list: readonly ScoredEpisode[]): ReportRow {
  const withMetrics = list.filter((s) => s.metrics !== null);
  const metrics = withMetrics.map((s) => s.metrics as NonNullable<ScoredEpisode["metrics"]>);
  const seeds = [...new Set(list.map((s) => s.episode.seed))].sort((a, b) => a - b);
  const perSeed = seeds.flatMap((seed) => {
    const m = withMetrics.filter((s) => s.episode.seed === seed);
    return m.length === 0 ? [] : [m.filter((s) => s.metrics?.episodeSuccess).length / m.length];
  });
  const runs = withMetrics.map((s) => ({
    episode: JSON.stringify([s.episode.scenario.id, s.episode.scenario.hash]),
    success: s.metrics?.episodeSuccess === true,
  }));
  const maxK = seeds.length >= 2 ? minRunsPerEpisode(runs) : 0;
  const swe = metrics.flatMap((m) =>
    m.successWeightedEfficiency === null ? [] : [m.successWeightedEfficiency],
  );
  return {
    group,
    mode,
    runs: list.length,
    scored: withMetrics.length,
    seeds: seeds.length,
    episodeSuccess:
      metrics.length === 0 ? null : metrics.filter((m) => m.episodeSuccess).length / metrics.length,
    episodeSuccessOverSeeds: perSeed.length >= 2 ? { mean: mean(perSeed), sd: sampleSd(perSeed) } : null,
    taskSuccess: mean(metrics.flatMap((m) => (m.taskSuccessRate === null ? [] : [m.taskSuccessRate]))),
    stepF1: mean(metrics.flatMap((m) => (m.stepF1 === null ? [] : [m.stepF1]))),
    successWeightedEfficiency: { mean: mean(swe), sd: sampleSd(swe) },
    passK: Array.from({ length: maxK }, (_, i) => ({ k: i + 1, value: passAtK(runs, i + 1) })),
    meanTurns: mean(list.map((s) => s.stats.turns)),
    meanTokens: mean(list.map((s) => s.stats.inputTokens + s.stats.outputTokens)),
    runnerFailures: list.filter((s) => s.stats.stop === "model_error" || s.stats.stop === "runner_error")
      .length,
  };
}

/** Compares a mode with async on the scenario-and-seed pairs run in both. */
function ablationRow(scored: readonly ScoredEpisode[], mode: string): AblationRow {
  const pairKey = (s: ScoredEpisode) => JSON.stringify([s.episode.scenario.id, s.episode.seed]);
  const inMode = (m: string) =>
    new Map(scored.filter((s) => s.episode.mode === m && s.metrics !== null).map((s) => [pairKey(s), s]));
  const base = inMode("async");
  const other = inMode(mode);
  const pairs = [...other.keys()].filter((k) => base.has(k));
  const success = (map: Map<string, ScoredEpisode>) =>
    pairs.length === 0
      ? null
      : pairs.filter((k) => map.get(k)?.metrics?.episodeSuccess).length / pairs.length;
  const tasks = (map: Map<string, ScoredEpisode>) =>
    mean(
      pairs.flatMap((k) => {
        const rate = map.get(k)?.metrics?.taskSuccessRate;
        return rate === null || rate === undefined ? [] : [rate];
      }),
    );
  const asyncSuccess = success(base);
  const modeSuccess = success(other);
  return {
    mode,
    pairs: pairs.length,
    asyncSuccess,
    modeSuccess,
    delta: asyncSuccess === null || modeSuccess === null ? null : modeSuccess - asyncSuccess,
    asyncTaskSuccess: tasks(base),
    modeTaskSuccess: tasks(other),
  };
}

function episodeLine(s: ScoredEpisode, outDir: string): EpisodeLine {
  const e = s.episode;
  return {
    key: e.key,
    file: relative(outDir, s.file).replaceAll("\\", "/"),
    scenario: e.scenario.id,
    seed: e.seed,
    mode: e.mode,
    clock: e.clock,
    categories: categoriesOf(s),
    tasks: e.scenario.tasks.length,
    success: s.metrics?.episodeSuccess ?? null,
    tasksSucceeded: s.metrics ? s.metrics.tasks.filter((t) => t.success).length : null,
    endStatus: s.endStatus,
    stop: s.stats.stop,
    failure: s.stats.failure,
    turns: s.stats.turns,
    inputTokens: s.stats.inputTokens,
    outputTokens: s.stats.outputTokens,
    retries: s.stats.retries,
    toolTimeouts: s.stats.toolTimeouts,
    malformedCalls: s.stats.malformedCalls,
    truncations: s.stats.truncations,
    scoreError: s.scoreError,
    summary:
      s.metrics && s.header
        ? summaryLine(
            summarizeRecording({
              name: relative(outDir, s.file).replaceAll("\\", "/"),
              header: s.header,
              metrics: s.metrics,
            }),
          )
        : null,
  };
}

export function suiteReportJson(report: SuiteReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderSuiteMarkdown(report: SuiteReport): string {
  const runs = report.episodes.length;
  const failures = report.episodes.filter(
    (e) => e.stop === "model_error" || e.stop === "runner_error",
  ).length;
  const out: string[] = [
    `# AsyncTool: ${cell(report.provider)}/${cell(report.model)}`,
    "",
    `${runs} episode${runs === 1 ? "" : "s"}, run by ${report.runner.name} ${report.runner.version}.` +
      (failures > 0
        ? ` ${failures} could not be finished by the runner (endpoint or connection failures) and count as failures.`
        : "") +
      (report.notRun > 0
        ? ` ${report.notRun} planned episode${report.notRun === 1 ? " was" : "s were"} not run: the run stopped early.`
        : ""),
    "",
    "## Overall",
    "",
    ...table("Group", report.overall),
    "",
    "## By category",
    "",
    "An episode across domains counts in each of its categories.",
    "",
    ...table("Category", report.byCategory),
    "",
    "## By number of tasks",
    "",
    ...table("Tasks", report.byTaskCount),
  ];
  if (report.ablation.length > 0) {
    out.push(
      "",
      "## What delayed feedback costs (ablation)",
      "",
      "The same scenarios and seeds in each mode against async: Δ > 0 means the model does better without delays.",
      "",
      "| Mode | Pairs | Episode success (async) | Episode success (mode) | Δ | Task success (async) | Task success (mode) |",
      "|---|---:|---:|---:|---:|---:|---:|",
      ...report.ablation.map(
        (a) =>
          `| ${a.mode} | ${a.pairs} | ${formatValue(a.asyncSuccess)} | ${formatValue(a.modeSuccess)} | ${signed(a.delta)} | ${formatValue(a.asyncTaskSuccess)} | ${formatValue(a.modeTaskSuccess)} |`,
      ),
    );
  }
  out.push("", "## Episodes", "");
  for (const e of report.episodes) {
    const runner = [
      count(e.turns, "turn"),
      count(e.inputTokens + e.outputTokens, "token"),
      ...(e.retries > 0 ? [count(e.retries, "retry", "retries")] : []),
      ...(e.toolTimeouts > 0 ? [count(e.toolTimeouts, "tool timeout")] : []),
      ...(e.malformedCalls > 0 ? [count(e.malformedCalls, "malformed call")] : []),
      ...(e.truncations > 0 ? [count(e.truncations, "truncation")] : []),
      ...(e.failure ? [`failed: ${cell(e.failure)}`] : e.stop ? [`stop: ${e.stop}`] : []),
    ].join(" · ");
    const unscored = `${e.file}: ${e.scenario} seed ${e.seed}, ${e.mode}/${e.clock}, ${e.scoreError ? `not scored (${cell(e.scoreError)})` : "not scored here"}`;
    out.push(`- ${e.summary ?? unscored} · ${runner}`);
  }
  return `${out.join("\n")}\n`;
}

function table(label: string, rows: readonly ReportRow[]): string[] {
  const maxK = Math.max(0, ...rows.map((r) => r.passK.length));
  const spread = rows.some((r) => r.episodeSuccessOverSeeds !== null);
  const heads = [
    label,
    "Mode",
    "Runs",
    "Episode success",
    ...(spread ? ["Over seeds (mean ± sd)"] : []),
    "Task success",
    "Step F1",
    "SWE (mean ± sd)",
    ...Array.from({ length: maxK }, (_, i) => `pass^${i + 1}`),
    "Turns",
    "Tokens",
    "Runner failures",
  ];
  const lines = [
    `| ${heads.join(" | ")} |`,
    `|---|---|${heads
      .slice(2)
      .map(() => "---:|")
      .join("")}`,
  ];
  for (const r of rows) {
    const cells = [
      cell(r.group),
      r.mode,
      r.scored < r.runs ? `${r.runs} (${r.scored} scored)` : String(r.runs),
      formatValue(r.episodeSuccess),
      ...(spread ? [meanSd(r.episodeSuccessOverSeeds)] : []),
      formatValue(r.taskSuccess),
      formatValue(r.stepF1),
      meanSd(r.successWeightedEfficiency),
      ...Array.from({ length: maxK }, (_, i) => formatValue(r.passK[i]?.value ?? null)),
      formatValue(r.meanTurns),
      formatValue(r.meanTokens === null ? null : Math.round(r.meanTokens)),
      String(r.runnerFailures),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function meanSd(value: MeanSd | null): string {
  if (value === null || value.mean === null) return NONE;
  return value.sd === null
    ? formatValue(value.mean)
    : `${formatValue(value.mean)} ± ${formatValue(value.sd)}`;
}

function signed(value: number | null): string {
  if (value === null) return NONE;
  return value > 0 ? `+${formatValue(value)}` : formatValue(value);
}

const MODE_ORDER = ["async", "sync", "instant"];

function modeOrder(a: string, b: string): number {
  return MODE_ORDER.indexOf(a) - MODE_ORDER.indexOf(b) || compare(a, b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
