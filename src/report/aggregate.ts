import { CATALOGUE, type MetricCatalogue } from "../metrics/catalog.js";
import type { Metrics } from "../metrics/compute.js";
import type { RecordingHeader } from "../recorder/format.js";
import { reportBootstrap } from "./confidence.js";
import { describeEnd, type EndKind, isUnfinished } from "./end-status.js";
import { markdownCell as cell, formatValue } from "./format.js";
import {
  OVER_EPISODES_NOTE,
  type OverEpisodeFields,
  overEpisodeColumns,
  overEpisodes,
} from "./over-episodes.js";
import { type Column, column, renderTable } from "./table.js";

/**
 * Many recordings in one table: one row per client, scenario, mode and clock. Its figures and
 * columns are the catalogue's, built by the same renderer as the `eval` report's: each rate
 * with its standard error, 95% bootstrap interval (seeded per row and figure) and spread over
 * seeds. Repeated runs of an episode (same scenario, content hash and seed) give pass^k for
 * k = 1..the fewest runs any episode of the row has.
 */

export interface AggregateEntry {
  /** How the recording is named in the table (its file name): never a machine-specific path. */
  readonly name: string;
  readonly header: RecordingHeader;
  readonly metrics: Metrics;
  /** The end line marks a session that made no tool call (a probe: it is unfinished). */
  readonly probe?: boolean;
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
  /** How it ended (end-status.ts); `unfinished` sessions are counted in their row's Unfinished. */
  readonly end: {
    readonly status: Metrics["endStatus"];
    readonly kind: EndKind;
    readonly unfinished: boolean;
    readonly label: string;
  };
}

export interface AggregateRow extends OverEpisodeFields<"aggregate"> {
  readonly client: string;
  readonly scenario: string;
  readonly mode: string;
  readonly clock: string;
  /** Recordings in the row. */
  readonly episodes: number;
  /** Distinct episodes (seeds) among them. */
  readonly distinctEpisodes: number;
  /** Recordings of sessions that stopped before their episode ended (end-status.ts): counted in the figures as scored so far. */
  readonly unfinished: number;
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
    end: endOf(entry),
  };
}

export function aggregate(
  entries: readonly AggregateEntry[],
  catalogue: MetricCatalogue = CATALOGUE,
): AggregateTable {
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
    .map(([, group]) => row(group, catalogue));
  const recordings = sorted.map(summarizeRecording);
  return { rows, recordings };
}

function row(group: readonly AggregateEntry[], catalogue: MetricCatalogue): AggregateRow {
  const first = (group[0] as AggregateEntry).header;
  const episodes = group.map((e) => ({
    metrics: e.metrics,
    seed: e.header.seed,
    episode: JSON.stringify([e.header.scenario.id, e.header.scenario.hash, e.header.seed]),
  }));
  const distinctEpisodes = new Set(episodes.map((e) => e.episode)).size;
  const client = clientName(first);
  return {
    client,
    scenario: first.scenario.id,
    mode: first.mode,
    clock: first.clock,
    episodes: group.length,
    distinctEpisodes,
    unfinished: group.filter((e) => isUnfinished({ status: e.metrics.endStatus, probe: e.probe === true }))
      .length,
    ...overEpisodes(episodes, {
      where: "aggregate",
      repeats: distinctEpisodes < episodes.length,
      bootstrap: (entry) =>
        reportBootstrap("aggregate", client, first.scenario.id, first.mode, first.clock, entry.name),
      catalogue,
    }),
  };
}

function endOf(entry: AggregateEntry): RecordingSummary["end"] {
  const { metrics } = entry;
  const facts = { status: metrics.endStatus, t: metrics.end, probe: entry.probe === true };
  const { kind, unfinished, label } = describeEnd(facts, metrics.unit);
  return { status: metrics.endStatus, kind, unfinished, label };
}

function clientName(header: RecordingHeader): string {
  return header.client?.name ?? "(unknown client)";
}

/** What the Unfinished column counts, said under the table's note. */
export const UNFINISHED_COLUMN_NOTE =
  "Unfinished: recordings whose session stopped before its episode ended (in progress, interrupted, disconnected, a server error, a probe); they are in the figures as scored so far.";

/** The Markdown table; `catalogue` must be the one the table was built with (default: the shipped one). */
export function renderAggregateMarkdown(
  table: AggregateTable,
  catalogue: MetricCatalogue = CATALOGUE,
): string {
  const columns: Column<AggregateRow>[] = [
    column("Client", (r) => cell(r.client), false),
    column("Scenario", (r) => cell(r.scenario), false),
    column("Mode", (r) => r.mode, false),
    column("Clock", (r) => r.clock, false),
    column("Episodes", (r) => String(r.episodes)),
    column("Unfinished", (r) => String(r.unfinished)),
    ...overEpisodeColumns(table.rows, "aggregate", catalogue),
  ];
  const out: string[] = [
    "# AsyncTool results",
    "",
    OVER_EPISODES_NOTE,
    "",
    UNFINISHED_COLUMN_NOTE,
    "",
    ...renderTable(columns, table.rows),
  ];
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
    ...(s.end.unfinished ? [`UNFINISHED: ${s.end.label}`] : []),
  ].join(" · ");
}

export function aggregateJson(table: AggregateTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}
