import { relative } from "node:path";
import { CATALOGUE, type MetricCatalogue, type MetricEntry } from "../metrics/catalog.js";
import { mean } from "../metrics/stats.js";
import { summarizeRecording, summaryLine } from "../report/aggregate.js";
import {
  type BootstrapOptions,
  type Interval,
  pairedDifference,
  reportBootstrap,
} from "../report/confidence.js";
import { isUnfinished } from "../report/end-status.js";
import { markdownCell as cell, formatValue, NONE } from "../report/format.js";
import {
  interval,
  OVER_EPISODES_NOTE,
  type OverEpisodeFields,
  overEpisodeColumns,
  overEpisodes,
} from "../report/over-episodes.js";
import { type Column, column, renderTable } from "../report/table.js";
import { isInfrastructureStop } from "./notes.js";
import { usd } from "./progress.js";
import type { ScoredEpisode } from "./suite.js";

/**
 * The table of a model's run: overall, per category and per number of tasks, each per mode;
 * with several seeds, the spread of the suite's score over seeds and pass^k; with several
 * modes, the ablation (what delayed feedback costs this model).
 *
 * The report layer's `aggregate` groups by client, scenario, mode and clock; a model run needs
 * the paper's groupings instead, so the rows are grouped here; their figures and columns come
 * from the catalogue through the report layer's over-episodes renderer, as the aggregate's do,
 * and its per-recording summary lines are reused.
 *
 * Episodes the runner could not finish (the endpoint or the connection failed: infrastructure,
 * not the model) are left out of every rate and counted in their own column. Each success rate
 * and efficiency has its standard error and a 95% percentile bootstrap interval over episodes,
 * and each ablation the same for its difference, over the pairs (seeded: a report is reproducible).
 */

export { REPORT_BOOTSTRAP } from "../report/confidence.js";

function bootstrapFor(...key: string[]): BootstrapOptions {
  return reportBootstrap("eval-report", ...key);
}

/**
 * The streams the report's intervals have always been drawn from (kept, so published intervals
 * stay as they are); a figure added to the catalogue draws from a stream named after it.
 */
const STREAM: Readonly<Record<string, string>> = {
  episodeSuccess: "success",
  successWeightedEfficiency: "swe",
};

/**
 * A row: its group and counts, the catalogue's figures shown in `eval` (episode success with its
 * SE, 95% CI and spread over seeds, task success, step F1, success-weighted efficiency, pass^k
 * over a scenario's seeds with ≥ 2 seeds), then the runner's own figures.
 */
export interface ReportRow extends OverEpisodeFields<"eval"> {
  /** "all", a category, or "2 tasks". */
  readonly group: string;
  readonly mode: string;
  /** The tool-call setting: "default", "parallel" or "sequential" (one call per turn asked for). */
  readonly calls: string;
  /** Episodes run (scored or not). */
  readonly runs: number;
  /** Runs whose recording could be scored here. */
  readonly scored: number;
  readonly seeds: number;
  /**
   * Scored runs whose session stopped before its episode ended (interrupted, disconnected, a
   * server error, no end line: report/end-status.ts); in the figures as scored so far.
   */
  readonly unfinished: number;
  readonly meanTurns: number | null;
  readonly meanTokens: number | null;
  /** USD of the row's episodes at the run's prices; null when a turn had no price. */
  readonly costUsd: number | null;
  /** Episodes the runner could not finish (endpoint or connection failures): left out of the rates. */
  readonly infrastructureFailures: number;
}

/**
 * One variant against its baseline on the units run in both: a mode against async (same
 * scenario, seed and tool-call setting), or one call per turn against the default (same
 * scenario, seed and mode). Δ = variant − baseline, paired.
 */
export interface AblationRow {
  /** "mode" or "calls". */
  readonly dimension: string;
  readonly baseline: string;
  readonly variant: string;
  /** Units run (and not failed by the infrastructure) in both. */
  readonly pairs: number;
  readonly baselineSuccess: number | null;
  readonly variantSuccess: number | null;
  /** variantSuccess − baselineSuccess (positive: the model did better in the variant). */
  readonly delta: number | null;
  readonly deltaSe: number | null;
  readonly deltaCi: Interval | null;
  readonly baselineTaskSuccess: number | null;
  readonly variantTaskSuccess: number | null;
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
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  readonly costUsd: number | null;
  readonly nudges: number;
  readonly calls: string;
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
  /** Planned episodes that did not run (the run stopped early or was interrupted). */
  readonly notRun: number;
  readonly infrastructureFailures: number;
  /** USD of the run at its prices (null when a turn had no price), and where the prices come from. */
  readonly costUsd: number | null;
  readonly prices: string | null;
  /** Set when a reference agent (`run --suite`), not a model, played: no turns or tokens to show. */
  readonly reference?: true;
}

export interface ReportFacts {
  readonly provider: string;
  readonly model: string;
  readonly runner: { readonly name: string; readonly version: string };
  /** Files are named relative to this directory. */
  readonly outDir: string;
  readonly notRun: number;
  /** Where the prices come from (e.g. "list prices of 2025-10-01"), or null when the model has none. */
  readonly prices?: string | null;
  /** A reference agent played (`run --suite`): the table leaves out the model's turns and tokens. */
  readonly reference?: boolean;
  /** Default: the shipped catalogue. */
  readonly catalogue?: MetricCatalogue;
}

/** The categories (of this suite's domains) an episode covers; an episode across domains counts in each. */
export function categoriesOf(scored: ScoredEpisode): string[] {
  const names = [...new Set(scored.episode.scenario.domains.map((d) => d.domain.category))].sort();
  return names.length > 0 ? names : ["(declared tools)"];
}

const callsOf = (s: ScoredEpisode) =>
  s.episode.parallel === null ? "default" : s.episode.parallel ? "parallel" : "sequential";

export function buildSuiteReport(scored: readonly ScoredEpisode[], facts: ReportFacts): SuiteReport {
  const rowsBy = (label: (s: ScoredEpisode) => string[]): ReportRow[] => {
    const groups = new Map<string, ScoredEpisode[]>();
    for (const s of scored) {
      for (const group of label(s)) {
        const key = JSON.stringify([group, s.episode.mode, callsOf(s)]);
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
    }
    return [...groups.entries()]
      .map(([key, list]) => {
        const [group, mode, calls] = JSON.parse(key) as [string, string, string];
        return buildRow(group, mode, calls, list, facts.catalogue ?? CATALOGUE);
      })
      .sort(
        (a, b) =>
          compare(a.group, b.group) ||
          modeOrder(a.mode, b.mode) ||
          CALLS.indexOf(a.calls) - CALLS.indexOf(b.calls),
      );
  };
  const taskCount = (s: ScoredEpisode) => s.episode.scenario.tasks.length;
  return {
    provider: facts.provider,
    model: facts.model,
    runner: facts.runner,
    overall: rowsBy(() => ["all"]),
    byCategory: rowsBy(categoriesOf),
    byTaskCount: rowsBy((s) => [`${taskCount(s)} task${taskCount(s) === 1 ? "" : "s"}`]),
    ablation: ablations(scored),
    episodes: scored.map((s) => episodeLine(s, facts.outDir)),
    notRun: facts.notRun,
    infrastructureFailures: scored.filter((s) => isInfrastructureStop(s.stats.stop)).length,
    costUsd: sumCost(scored),
    prices: facts.prices ?? null,
    ...(facts.reference ? { reference: true as const } : {}),
  };
}

function sumCost(list: readonly ScoredEpisode[]): number | null {
  let total = 0;
  for (const s of list) {
    if (s.stats.costUsd === null) return null;
    total += s.stats.costUsd;
  }
  return list.length === 0 ? null : total;
}

function buildRow(
  group: string,
  mode: string,
  calls: string,
  list: readonly ScoredEpisode[],
  catalogue: MetricCatalogue,
): ReportRow {
  // The infrastructure's failures say nothing of the model: out of every rate.
  const counted = list.filter((s) => !isInfrastructureStop(s.stats.stop));
  const withMetrics = counted.filter((s) => s.metrics !== null);
  const seeds = new Set(list.map((s) => s.episode.seed));
  return {
    group,
    mode,
    calls,
    runs: list.length,
    scored: withMetrics.length,
    seeds: seeds.size,
    unfinished: withMetrics.filter((s) => isUnfinished({ status: s.metrics?.endStatus ?? null })).length,
    // Over the scored episodes the infrastructure did not fail; pass^k over a scenario's seeds.
    ...overEpisodes(
      withMetrics.map((s) => ({
        metrics: s.metrics as NonNullable<ScoredEpisode["metrics"]>,
        seed: s.episode.seed,
        episode: JSON.stringify([s.episode.scenario.id, s.episode.scenario.hash]),
      })),
      {
        where: "eval",
        repeats: seeds.size >= 2,
        bootstrap: (entry: MetricEntry) => bootstrapFor(group, mode, calls, STREAM[entry.name] ?? entry.name),
        catalogue,
      },
    ),
    meanTurns: mean(list.map((s) => s.stats.turns)),
    meanTokens: mean(list.map((s) => s.stats.inputTokens + s.stats.outputTokens)),
    costUsd: sumCost(list),
    infrastructureFailures: list.length - counted.length,
  };
}

/** Every ablation the run allows: each mode against async, and one call per turn against the default. */
function ablations(scored: readonly ScoredEpisode[]): AblationRow[] {
  const rows: AblationRow[] = [];
  const modes = [...new Set(scored.map((s) => s.episode.mode))].sort(modeOrder);
  if (modes.includes("async")) {
    for (const mode of modes.filter((m) => m !== "async")) {
      rows.push(
        ablationRow(
          scored,
          "mode",
          "async",
          mode,
          (s) => s.episode.mode,
          (s) => JSON.stringify([s.episode.scenario.id, s.episode.seed, callsOf(s)]),
        ),
      );
    }
  }
  const calls = [...new Set(scored.map(callsOf))];
  if (calls.includes("sequential")) {
    for (const baseline of calls.filter((c) => c !== "sequential")) {
      rows.push(
        ablationRow(scored, "calls", baseline, "sequential", callsOf, (s) =>
          JSON.stringify([s.episode.scenario.id, s.episode.seed, s.episode.mode]),
        ),
      );
    }
  }
  return rows;
}

/** A variant against its baseline on the units (pairKey) run in both, paired. */
function ablationRow(
  scored: readonly ScoredEpisode[],
  dimension: string,
  baseline: string,
  variant: string,
  settingOf: (s: ScoredEpisode) => string,
  pairKey: (s: ScoredEpisode) => string,
): AblationRow {
  const usable = (v: string) =>
    new Map(
      scored
        .filter((s) => settingOf(s) === v && s.metrics !== null && !isInfrastructureStop(s.stats.stop))
        .map((s) => [pairKey(s), s]),
    );
  const base = usable(baseline);
  const other = usable(variant);
  const pairs = [...other.keys()].filter((k) => base.has(k));
  const won = (map: Map<string, ScoredEpisode>, k: string) => (map.get(k)?.metrics?.episodeSuccess ? 1 : 0);
  const success = (map: Map<string, ScoredEpisode>) => mean(pairs.map((k) => won(map, k)));
  const tasks = (map: Map<string, ScoredEpisode>) =>
    mean(
      pairs.flatMap((k) => {
        const rate = map.get(k)?.metrics?.taskSuccessRate;
        return rate === null || rate === undefined ? [] : [rate];
      }),
    );
  const difference = pairedDifference(
    pairs.map((k) => [won(base, k), won(other, k)] as const),
    bootstrapFor(dimension, baseline, variant),
  );
  return {
    dimension,
    baseline,
    variant,
    pairs: pairs.length,
    baselineSuccess: success(base),
    variantSuccess: success(other),
    delta: difference.mean,
    deltaSe: difference.se,
    deltaCi: difference.ci,
    baselineTaskSuccess: tasks(base),
    variantTaskSuccess: tasks(other),
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
    cachedInputTokens: s.stats.cachedInputTokens,
    outputTokens: s.stats.outputTokens,
    reasoningTokens: s.stats.reasoningTokens,
    costUsd: s.stats.costUsd,
    nudges: s.stats.nudges,
    calls: callsOf(s),
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

/** The Markdown report; `catalogue` must be the one the report was built with (default: the shipped one). */
export function renderSuiteMarkdown(report: SuiteReport, catalogue: MetricCatalogue = CATALOGUE): string {
  const runs = report.episodes.length;
  const failures = report.infrastructureFailures;
  const out: string[] = [
    `# AsyncTool: ${cell(report.provider)}/${cell(report.model)}`,
    "",
    `${runs} episode${runs === 1 ? "" : "s"}, run by ${report.runner.name} ${report.runner.version}.` +
      (failures > 0
        ? ` ${failures} could not be finished by the runner (endpoint or connection failures): they are left out of the rates and counted under Infra failures.`
        : "") +
      (report.notRun > 0
        ? ` ${report.notRun} planned episode${report.notRun === 1 ? " was" : "s were"} not run: the run stopped early.`
        : "") +
      (report.costUsd !== null
        ? ` Cost: ${usd(report.costUsd)}${report.prices ? ` (${report.prices})` : ""}.`
        : ""),
    "",
    OVER_EPISODES_NOTE,
    "",
    "## Overall",
    "",
    ...renderTable(rowColumns("Group", report, catalogue), [...report.overall]),
    "",
    "## By category",
    "",
    "An episode across domains counts in each of its categories.",
    "",
    ...renderTable(rowColumns("Category", report, catalogue), [...report.byCategory]),
    "",
    "## By number of tasks",
    "",
    ...renderTable(rowColumns("Tasks", report, catalogue), [...report.byTaskCount]),
  ];
  for (const dimension of ["mode", "calls"]) {
    const rows = report.ablation.filter((a) => a.dimension === dimension);
    if (rows.length === 0) continue;
    out.push(
      "",
      dimension === "mode"
        ? "## What delayed feedback costs (ablation)"
        : "## One tool call per turn (ablation)",
      "",
      dimension === "mode"
        ? "The same scenarios and seeds in each mode against async: Δ > 0 means the model does better without delays."
        : "The same scenarios, seeds and modes with parallel tool calls switched off (--parallel-tool-calls false) against the default: Δ < 0 is what overlapping calls was worth.",
      "",
      ...renderTable(ABLATION_COLUMNS, rows),
    );
  }
  out.push("", "## Episodes", "");
  for (const e of report.episodes) {
    const runner = [
      ...(report.reference ? [] : [count(e.turns, "turn"), count(e.inputTokens + e.outputTokens, "token")]),
      ...(e.cachedInputTokens > 0 ? [`${e.cachedInputTokens} cached`] : []),
      ...(e.reasoningTokens > 0 ? [`${e.reasoningTokens} reasoning`] : []),
      ...(e.costUsd !== null ? [usd(e.costUsd)] : []),
      ...(e.calls !== "default" ? [`${e.calls} calls`] : []),
      ...(e.nudges > 0 ? [count(e.nudges, "nudge")] : []),
      ...(e.retries > 0 ? [count(e.retries, "retry", "retries")] : []),
      ...(e.toolTimeouts > 0 ? [count(e.toolTimeouts, "tool timeout")] : []),
      ...(e.malformedCalls > 0 ? [count(e.malformedCalls, "malformed call")] : []),
      ...(e.truncations > 0 ? [count(e.truncations, "truncation")] : []),
      ...(e.failure ? [`failed: ${cell(e.failure)}`] : e.stop ? [`stop: ${e.stop}`] : []),
    ].join(" · ");
    const unscored = `${e.file}: ${e.scenario} seed ${e.seed}, ${e.mode}/${e.clock}, ${e.scoreError ? `not scored (${cell(e.scoreError)})` : "not scored here"}`;
    out.push(`- ${e.summary ?? unscored}${runner ? ` · ${runner}` : ""}`);
  }
  return `${out.join("\n")}\n`;
}

function rowColumns(label: string, report: SuiteReport, catalogue: MetricCatalogue): Column<ReportRow>[] {
  const rows = [...report.overall, ...report.byCategory, ...report.byTaskCount];
  const variants = rows.some((r) => r.calls !== "default");
  const priced = report.costUsd !== null;
  return [
    column(label, (r) => cell(r.group), false),
    column("Mode", (r) => r.mode, false),
    ...(variants ? [column<ReportRow>("Tool calls", (r) => r.calls, false)] : []),
    column("Runs", (r) =>
      r.scored < r.runs - r.infrastructureFailures ? `${r.runs} (${r.scored} scored)` : String(r.runs),
    ),
    column("Unfinished", (r) => String(r.unfinished)),
    ...overEpisodeColumns(rows, "eval", catalogue),
    ...(report.reference
      ? []
      : [
          column<ReportRow>("Turns", (r) => formatValue(r.meanTurns)),
          column<ReportRow>("Tokens", (r) =>
            formatValue(r.meanTokens === null ? null : Math.round(r.meanTokens)),
          ),
        ]),
    ...(priced ? [column<ReportRow>("Cost", (r) => (r.costUsd === null ? NONE : usd(r.costUsd)))] : []),
    column("Infra failures", (r) => String(r.infrastructureFailures)),
  ];
}

const ABLATION_COLUMNS: readonly Column<AblationRow>[] = [
  { head: "Baseline", numeric: false, cell: (a) => a.baseline },
  { head: "Variant", numeric: false, cell: (a) => a.variant },
  { head: "Pairs", numeric: true, cell: (a) => String(a.pairs) },
  { head: "Episode success (baseline)", numeric: true, cell: (a) => formatValue(a.baselineSuccess) },
  { head: "Episode success (variant)", numeric: true, cell: (a) => formatValue(a.variantSuccess) },
  { head: "Δ", numeric: true, cell: (a) => signed(a.delta) },
  { head: "SE", numeric: true, cell: (a) => formatValue(a.deltaSe) },
  { head: "95% CI", numeric: true, cell: (a) => interval(a.deltaCi) },
  { head: "Task success (baseline)", numeric: true, cell: (a) => formatValue(a.baselineTaskSuccess) },
  { head: "Task success (variant)", numeric: true, cell: (a) => formatValue(a.variantTaskSuccess) },
];

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function signed(value: number | null): string {
  if (value === null) return NONE;
  return value > 0 ? `+${formatValue(value)}` : formatValue(value);
}

const MODE_ORDER = ["async", "sync", "instant", "tasks"];
const CALLS = ["default", "parallel", "sequential"];

function modeOrder(a: string, b: string): number {
  return MODE_ORDER.indexOf(a) - MODE_ORDER.indexOf(b) || compare(a, b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
