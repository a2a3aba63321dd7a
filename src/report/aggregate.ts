import type { Metrics } from "../metrics/compute.js";
import { type EpisodeRun, minRunsPerEpisode, passAtK } from "../metrics/pass-k.js";
import { mean, ratio, sampleSd } from "../metrics/stats.js";
import type { RecordingHeader } from "../recorder/format.js";
import { markdownCell as cell, formatValue, NONE } from "./format.js";

/**
 * Many recordings in one table: one row per client, scenario, mode and clock. Repeated runs of
 * an episode (same scenario, content hash and seed) give pass^k for k = 1..the fewest runs any
 * episode of the row has.
 */

export interface AggregateEntry {
  /** How the recording is named in the table (its file name): never a machine-specific path. */
  readonly name: string;
  readonly header: RecordingHeader;
  readonly metrics: Metrics;
}

export interface RecordingSummary {
  readonly name: string;
  readonly client: string;
  readonly scenario: string;
  readonly seed: number;
  readonly mode: string;
  readonly clock: string;
  readonly unit: Metrics["unit"];
  readonly episodeSuccess: boolean;
  readonly tasksSucceeded: number;
  readonly tasks: number;
  readonly stepF1: number | null;
  readonly successWeightedEfficiency: number | null;
  readonly makespan: number;
  readonly truncated: boolean;
}

export interface AggregateRow {
  readonly client: string;
  readonly scenario: string;
  readonly mode: string;
  readonly clock: string;
  /** Recordings in the row. */
  readonly episodes: number;
  /** Distinct episodes (seeds) among them. */
  readonly distinctEpisodes: number;
  /** Share of recordings whose episode succeeded. */
  readonly episodeSuccess: number | null;
  readonly taskSuccessRate: number | null;
  readonly stepF1: number | null;
  readonly successWeightedEfficiency: { readonly mean: number | null; readonly sd: number | null };
  /** pass^k for k = 1..n, present when some seed repeats. */
  readonly passK: readonly { readonly k: number; readonly value: number | null }[];
}

export interface AggregateTable {
  readonly rows: readonly AggregateRow[];
  readonly recordings: readonly RecordingSummary[];
}

export function summarizeRecording(entry: AggregateEntry): RecordingSummary {
  const { header, metrics } = entry;
  return {
    name: entry.name,
    client: clientName(header),
    scenario: header.scenario.id,
    seed: header.seed,
    mode: header.mode,
    clock: header.clock,
    unit: metrics.unit,
    episodeSuccess: metrics.episodeSuccess,
    tasksSucceeded: metrics.tasks.filter((t) => t.success).length,
    tasks: metrics.tasks.length,
    stepF1: metrics.stepF1,
    successWeightedEfficiency: metrics.successWeightedEfficiency,
    makespan: metrics.makespan,
    truncated: metrics.truncated,
  };
}

export function aggregate(entries: readonly AggregateEntry[]): AggregateTable {
  // Sorted first, so sums (and so every figure) come out the same whatever the input order.
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const groups = new Map<string, AggregateEntry[]>();
  for (const entry of sorted) {
    const h = entry.header;
    const key = JSON.stringify([clientName(h), h.scenario.id, h.mode, h.clock]);
    const list = groups.get(key);
    if (list) list.push(entry);
    else groups.set(key, [entry]);
  }
  const rows: AggregateRow[] = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => row(group));
  const recordings = sorted.map(summarizeRecording);
  return { rows, recordings };
}

function row(group: readonly AggregateEntry[]): AggregateRow {
  const first = (group[0] as AggregateEntry).header;
  const runs: EpisodeRun[] = group.map((e) => ({
    episode: JSON.stringify([e.header.scenario.id, e.header.scenario.hash, e.header.seed]),
    success: e.metrics.episodeSuccess,
  }));
  const distinctEpisodes = new Set(runs.map((r) => r.episode)).size;
  const repeats = distinctEpisodes < runs.length;
  const maxK = repeats ? minRunsPerEpisode(runs) : 0;
  const passK: { k: number; value: number | null }[] = [];
  for (let k = 1; k <= maxK; k++) passK.push({ k, value: passAtK(runs, k) });
  const swe = group.flatMap((e) =>
    e.metrics.successWeightedEfficiency === null ? [] : [e.metrics.successWeightedEfficiency],
  );
  const taskRates = group.flatMap((e) =>
    e.metrics.taskSuccessRate === null ? [] : [e.metrics.taskSuccessRate],
  );
  const f1 = group.flatMap((e) => (e.metrics.stepF1 === null ? [] : [e.metrics.stepF1]));
  return {
    client: clientName(first),
    scenario: first.scenario.id,
    mode: first.mode,
    clock: first.clock,
    episodes: group.length,
    distinctEpisodes,
    episodeSuccess: ratio(group.filter((e) => e.metrics.episodeSuccess).length, group.length),
    taskSuccessRate: mean(taskRates),
    stepF1: mean(f1),
    successWeightedEfficiency: { mean: mean(swe), sd: sampleSd(swe) },
    passK,
  };
}

function clientName(header: RecordingHeader): string {
  return header.client?.name ?? "(unknown client)";
}

export function renderAggregateMarkdown(table: AggregateTable): string {
  const maxK = Math.max(0, ...table.rows.map((r) => r.passK.length));
  const passHeads = Array.from({ length: maxK }, (_, i) => `pass^${i + 1}`);
  const out: string[] = ["# AsyncTool results", ""];
  out.push(
    `| Client | Scenario | Mode | Clock | Episodes | Episode success | Success-weighted efficiency (mean ± sd) | Task success | Step F1 |${passHeads.map((h) => ` ${h} |`).join("")}`,
    `|---|---|---|---|---:|---:|---:|---:|---:|${passHeads.map(() => "---:|").join("")}`,
  );
  for (const r of table.rows) {
    const swe =
      r.successWeightedEfficiency.mean === null
        ? NONE
        : r.successWeightedEfficiency.sd === null
          ? formatValue(r.successWeightedEfficiency.mean)
          : `${formatValue(r.successWeightedEfficiency.mean)} ± ${formatValue(r.successWeightedEfficiency.sd)}`;
    const pass = passHeads.map((_, i) => ` ${formatValue(r.passK[i]?.value ?? null)} |`).join("");
    out.push(
      `| ${cell(r.client)} | ${cell(r.scenario)} | ${r.mode} | ${r.clock} | ${r.episodes} | ${formatValue(r.episodeSuccess)} | ${swe} | ${formatValue(r.taskSuccessRate)} | ${formatValue(r.stepF1)} |${pass}`,
    );
  }
  out.push("", "## Recordings", "");
  for (const s of table.recordings) out.push(`- ${summaryLine(s)}`);
  return `${out.join("\n")}\n`;
}

/** One line per recording: what it ran and how it went. */
export function summaryLine(s: RecordingSummary): string {
  return [
    `${s.name}: ${s.scenario} seed ${s.seed}, ${s.client}, ${s.mode}/${s.clock}`,
    `${s.episodeSuccess ? "success" : "failure"} (${s.tasksSucceeded}/${s.tasks} tasks)`,
    `F1 ${formatValue(s.stepF1)}`,
    `SWE ${formatValue(s.successWeightedEfficiency)}`,
    `M ${formatValue(s.makespan)} ${s.unit}${s.truncated ? " (truncated log)" : ""}`,
  ].join(" · ");
}

export function aggregateJson(table: AggregateTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}
