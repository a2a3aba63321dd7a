import {
  CATALOGUE,
  type Direction,
  figureOf,
  type MetricCatalogue,
  shownIn,
  unitLabel,
} from "../metrics/catalog.js";
import type { Metrics } from "../metrics/compute.js";
import type { ScoredRecording } from "../metrics/inputs.js";
import type { Scenario } from "../scenarios/scenario.js";
import { describeEnd, type EndKind } from "./end-status.js";
import { jsonPieces } from "./json-pieces.js";
import { buildTimeline, type Timeline } from "./timeline.js";

/**
 * The report of one recording, as JSON-ready data. Deterministic: the same recording gives the
 * same value (and, in the step clock, byte-identical JSON); nothing of the machine that scored it
 * (paths, time of scoring), no random ids (jobs by start order, calls by number), and none of the
 * recording's own wall-clock noise (the session id, the start date, real-time stamps).
 */

export const REPORT_FORMAT = "asynctool-report";
export const REPORT_VERSION = 1;

export interface HeadlineFigure {
  /** A catalogue name (a figure of a test's extended catalogue is named too). */
  readonly name: string;
  readonly label: string;
  readonly value: number | boolean | null;
  readonly unit: string;
  readonly direction: Direction;
  readonly description: string;
  /** The figure needs gold and the scenario has none (value null): shown as "no gold". */
  readonly noGold?: true;
}

/** How the recording ended (end-status.ts): the end line, and whether the session is unfinished. */
export interface ReportEnd {
  readonly status: Metrics["endStatus"];
  readonly t: number;
  readonly truncated: boolean;
  /** The session made no tool call. */
  readonly probe: boolean;
  readonly kind: EndKind;
  /** No end recorded yet, interrupted, disconnected, a server error or a probe: the figures are not final. */
  readonly unfinished: boolean;
  readonly label: string;
}

export interface Report {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  readonly scenario: { readonly id: string; readonly title: string; readonly hash: string };
  readonly seed: number;
  readonly mode: string;
  readonly clock: string;
  readonly unit: Metrics["unit"];
  readonly client: { readonly name: string; readonly version: string } | null;
  readonly server: { readonly name: string; readonly version: string };
  readonly delta: { readonly value: number; readonly source: Metrics["deltaSource"]; readonly gaps: number };
  readonly end: ReportEnd;
  readonly headline: readonly HeadlineFigure[];
  readonly tasks: Metrics["tasks"];
  readonly metrics: Metrics;
  readonly timeline: Timeline;
  readonly notes: readonly string[];
}

/**
 * In the wall clock M* is the bound LB, built from the agent's own δ (metrics.md §13): a slower
 * model has a larger bound. Every figure that uses it says so.
 */
const RELATIVE_TO_DELTA = new Set<string>([
  "bestMakespan",
  "optimality",
  "normalizedEfficiency",
  "successWeightedEfficiency",
]);

/** The headline is the catalogue's figures shown per episode, in catalogue order. */
export function buildReport(
  scenario: Scenario,
  recording: ScoredRecording,
  metrics: Metrics,
  catalogue: MetricCatalogue = CATALOGUE,
): Report {
  const { header } = recording;
  // Without tasks there is no gold to score against (a proxy whose config names none).
  const noGold = scenario.tasks.length === 0;
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    scenario: { id: header.scenario.id, title: header.scenario.title, hash: header.scenario.hash },
    seed: header.seed,
    mode: header.mode,
    clock: header.clock,
    unit: metrics.unit,
    client: header.client,
    server: header.server,
    delta: { value: metrics.delta, source: metrics.deltaSource, gaps: metrics.deltaGaps },
    end: reportEnd(metrics, recording.end?.probe === true),
    headline: shownIn(catalogue, "episode").map((info) => ({
      ...(noGold && info.needsGold ? { noGold: true } : {}),
      name: info.name,
      label:
        metrics.clock === "wall" && RELATIVE_TO_DELTA.has(info.name)
          ? `${info.label} (relative to the agent's own action time δ)`
          : info.label,
      value: noGold && info.needsGold ? null : figureOf(metrics, info),
      unit: unitLabel(info.unit, metrics.unit),
      direction: info.direction,
      description: info.description,
    })),
    tasks: metrics.tasks,
    metrics,
    timeline: buildTimeline(scenario, recording, metrics),
    notes: metrics.notes,
  };
}

function reportEnd(metrics: Metrics, probe: boolean): ReportEnd {
  const facts = { status: metrics.endStatus, t: metrics.end, probe };
  const { kind, unfinished, label } = describeEnd(facts, metrics.unit);
  return {
    status: metrics.endStatus,
    t: metrics.end,
    truncated: metrics.truncated,
    probe,
    kind,
    unfinished,
    label,
  };
}

/**
 * The report's fields that grow with the agent's calls rather than its tasks and jobs: the JSON
 * leaves them out unless asked for their detail (`report --json --detail`), so that the JSON of
 * a long session stays proportional to its tasks and jobs. Paths into `Report`.
 */
export const PER_CALL_FIELDS = [
  "metrics.correctness.duplicateCalls",
  "metrics.time.idleIntervals",
  "metrics.time.avoidableIdleIntervals",
  "metrics.switching.list",
  "timeline.calls",
  "timeline.idle",
  "timeline.avoidableIdle",
] as const;

export interface ReportJsonOptions {
  /** Keep the per-call fields (PER_CALL_FIELDS). Default false. */
  readonly detail?: boolean;
}

/**
 * The report as JSON text (two-space indent, newline-terminated). `detail` says whether the
 * per-call fields are in it; without it, `omitted` names the ones left out.
 */
export function reportJson(report: Report, options: ReportJsonOptions = {}): string {
  return `${JSON.stringify(reportJsonValue(report, options), null, 2)}\n`;
}

/**
 * reportJson's text in pieces (joined, exactly that text), for a writer that need not hold it
 * whole: the JSON of a long session is tens of megabytes (docs/performance.md, figure 6).
 */
export function* reportJsonPieces(report: Report, options: ReportJsonOptions = {}): Generator<string> {
  yield* jsonPieces(reportJsonValue(report, options));
  yield "\n";
}

function reportJsonValue(report: Report, options: ReportJsonOptions): Record<string, unknown> {
  const { format, version, ...rest } = report;
  if (options.detail) return { format, version, detail: true, ...rest };
  const summary = { format, version, detail: false, omitted: PER_CALL_FIELDS, ...rest } as Record<
    string,
    unknown
  >;
  for (const path of PER_CALL_FIELDS) {
    const keys = path.split(".");
    const last = keys.pop() as string;
    // Copies along the path: the report itself is left as it is. The field left out is never
    // read: the timeline makes its call marks only when they are (timeline.ts).
    let into = summary;
    keys.forEach((key, i) => {
      const from = into[key] as Record<string, unknown>;
      const copy = i === keys.length - 1 ? without(from, last) : { ...from };
      into[key] = copy;
      into = copy;
    });
  }
  return summary;
}

/** A copy of `object` but for `key`, whose value is not read. */
function without(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(object)) if (name !== key) copy[name] = object[name];
  return copy;
}
