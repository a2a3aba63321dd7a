import { computeMetrics } from "../metrics/compute.js";
import type { LiveRecording } from "../recorder/live-recordings.js";
import { buildReport, type Report } from "../report/build.js";
import { checkVerdicts, formatTime, formatValue } from "../report/format.js";
import { renderHtml } from "../report/html.js";
import { renderTimelineSvg } from "../report/svg.js";
import { episodeTimeNow } from "./episode-time.js";
import { silence, silentWords } from "./silence.js";

/**
 * What the dashboard shows of a session, computed from its recording so far with the report's
 * own code: the metrics of a log without end line (scored as ended at its last event, as
 * `report` scores a log cut short), and the timeline drawn by the report's renderer, its window
 * stretched to the present so that the bars of working jobs grow while the agent waits.
 * Everything here is data for the page: text is set with textContent there, and the SVG comes
 * from the renderer, which escapes what the recording holds.
 */

/** A line of the sessions list. */
export interface SessionRow {
  readonly id: string;
  /** No end line yet: running, or silent (its writer may have died; silence.ts). */
  readonly live: boolean;
  /** No write to its file for `staleAfterMs` or more (a session followed from another process). */
  readonly silent: boolean;
  readonly scenario: string;
  readonly title: string;
  readonly client: string;
  readonly mode: string;
  readonly clock: string;
  readonly startedAt: string;
  /** The episode time so far, with its unit. */
  readonly elapsed: string;
  readonly tasks: number;
  readonly answered: number;
  /** Tasks that succeed so far (their checks pass on the answers given); null without a scenario. */
  readonly succeeded: number | null;
  /** The optimality M* / M so far, formatted; "—" when not known yet. */
  readonly optimality: string;
  /** "running", "silent for 12 min: …", or how it ended. */
  readonly end: string;
  /** Why the session cannot be scored (no scenario), or null. */
  readonly problem: string | null;
}

/** A task's line on the session page: answered or not, and its checks once the episode has ended. */
export interface TaskRow {
  readonly id: string;
  readonly answeredAt: string;
  /** The answer check, once the episode has ended; null before. */
  readonly answer: string | null;
  readonly success: boolean | null;
}

export interface SessionView {
  readonly row: SessionRow;
  /** The timeline, as the HTML report draws it; null when the session cannot be scored. */
  readonly svg: string | null;
  readonly tasks: readonly TaskRow[];
  readonly ended: boolean;
}

const NONE = "—";

/** The report of the recording so far, or the reason there is none. */
export function reportSoFar(live: LiveRecording): Report | { problem: string } {
  if (live.scenario === null) return { problem: live.scenarioProblem ?? "its scenario was not found" };
  const recording = live.recording();
  try {
    return buildReport(live.scenario, recording, computeMetrics(live.scenario, recording));
  } catch (error) {
    // A recording the metrics cannot read (the scenario does not fit it): say so, never crash.
    return { problem: `it cannot be scored: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The session as the page draws it at real time `nowMs`. With `staleAfterMs`, a running session
 * whose file has not been written for that long is shown as silent, drawn up to its last write
 * rather than to the present (its jobs are not seen to work on after their server went quiet).
 */
export function sessionView(live: LiveRecording, nowMs: number, staleAfterMs?: number): SessionView {
  const report = reportSoFar(live);
  const ended = live.end !== null;
  const quiet = silence(live, nowMs, staleAfterMs);
  const running = quiet === null ? "running" : silentWords(quiet);
  const now = episodeTimeNow(live, quiet === null ? nowMs : nowMs - quiet);
  const unit = live.header.clock === "wall" ? "ms" : "steps";
  const header = live.header;
  const base = {
    id: live.id,
    live: !ended,
    silent: quiet !== null,
    scenario: header.scenario.id,
    title: header.scenario.title,
    client: header.client ? `${header.client.name} ${header.client.version}` : "unknown client",
    mode: header.mode,
    clock: header.clock,
    startedAt: header.startedAt,
    elapsed: formatTime(Math.round(now * 1000) / 1000, unit),
    end: ended ? `ended: ${live.end?.status}` : running,
  };
  if ("problem" in report) {
    return {
      row: { ...base, tasks: 0, answered: 0, succeeded: null, optimality: NONE, problem: report.problem },
      svg: null,
      tasks: [],
      ended,
    };
  }
  const answered = report.tasks.filter((t) => t.answeredAt !== null).length;
  const optimality = report.headline.find((h) => h.name === "optimality")?.value ?? null;
  const timeline = { ...report.timeline, end: Math.max(report.timeline.end, now) };
  return {
    row: {
      ...base,
      tasks: report.tasks.length,
      answered,
      succeeded: report.tasks.filter((t) => t.success).length,
      optimality: answered > 0 || ended ? formatValue(optimality) : NONE,
      end: ended ? report.end.label : running,
      problem: null,
    },
    svg: renderTimelineSvg(timeline),
    tasks: report.tasks.map((t) => ({
      id: t.id,
      answeredAt: formatTime(t.answeredAt, report.unit),
      answer: ended ? checkVerdicts(t, report.end.unfinished).answer : null,
      success: ended ? t.success : null,
    })),
    ended,
  };
}

/** The HTML report of the session (the final one once it has ended), or null when it cannot be scored. */
export function finalReportHtml(live: LiveRecording): string | null {
  const report = reportSoFar(live);
  return "problem" in report ? null : renderHtml(report);
}
