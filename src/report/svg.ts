import { CATALOGUE, termText } from "../metrics/catalog.js";
import { escapeHtml } from "./escape.js";
import { formatValue } from "./format.js";
import { denseLaneHeights, renderDense } from "./svg-dense.js";
import { planDetail, renderDetail } from "./svg-detail.js";
import { type Layout, LEFT, layout, RIGHT, round, TOP, WIDTH } from "./svg-frame.js";
import type { Timeline } from "./timeline.js";

/**
 * The timeline as an inline SVG: a lane per task (and one for no task), idle and avoidable-idle
 * shading across all lanes, dependency violations flagged, the makespan marked, and a body of
 * job bars and call marks (svg-detail.ts) or, for a session too large to draw shape by shape,
 * their density (svg-dense.ts). Elements carry data-* attributes (job number, call number,
 * lane, outcome, kind) for tests and tooling.
 */

/** Jobs + calls above which the timeline shows densities instead of one shape each. */
export const MAX_DETAIL = 20_000;
/** Violation markers drawn at most; the JSON report lists them all. */
const MAX_VIOLATIONS = 1_000;

const MAKESPAN_MEANING = CATALOGUE.find((entry) => entry.name === "makespan")?.description ?? "";

export function isDense(timeline: Timeline): boolean {
  return timeline.jobs.length + timeline.calls.length > MAX_DETAIL;
}

export function renderTimelineSvg(timeline: Timeline): string {
  const dense = isDense(timeline);
  const plan = dense ? null : planDetail(timeline);
  const at = layout(timeline.end, plan ? plan.laneHeights : denseLaneHeights(timeline));
  const height = at.bottom + 24;
  const totalWidth = LEFT + WIDTH + RIGHT;
  return [
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${totalWidth} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="Timeline of jobs and calls" data-unit="${timeline.unit}" data-end="${timeline.end}" data-makespan="${timeline.makespan}" data-mode="${dense ? "dense" : "detail"}">`,
    lanes(timeline, at),
    shading(timeline, at),
    axis(timeline, at),
    plan ? renderDetail(timeline, plan, at) : renderDense(timeline, at),
    violations(timeline, at),
    makespan(timeline, at),
    "</svg>",
  ].join("\n");
}

function lanes(timeline: Timeline, at: Layout): string {
  const parts = ['<g id="lanes">'];
  for (const lane of timeline.lanes) {
    const top = at.laneTop[lane.index] ?? TOP;
    const h = at.laneHeight[lane.index] ?? 0;
    parts.push(
      `<g class="${lane.task === null ? "lane lane-none" : "lane"}" id="lane-${lane.index}" data-lane="${lane.index}" data-task="${escapeHtml(lane.task ?? "")}">` +
        `<rect class="lane-bg" x="${LEFT}" y="${top}" width="${WIDTH}" height="${h}"/>` +
        `<text class="lane-label" x="${LEFT - 8}" y="${round(top + h / 2 + 4)}" text-anchor="end">${escapeHtml(lane.label)}</text>` +
        "</g>",
    );
  }
  parts.push("</g>");
  return parts.join("\n");
}

/** Idle, then avoidable idle over it; intervals closer than half a pixel are drawn as one. */
function shading(timeline: Timeline, at: Layout): string {
  const parts = ['<g id="shading">'];
  const draw = (intervals: Timeline["idle"], cls: string, what: string, meaning: string) => {
    for (const [a, b] of mergeByPixel(intervals, at.x)) {
      parts.push(
        `<rect class="${cls}" data-from="${a}" data-to="${b}" x="${at.x(a)}" y="${TOP}" width="${round(at.x(b) - at.x(a))}" height="${at.bottom - TOP}"><title>${what} ${formatValue(a)}–${formatValue(b)} ${timeline.unit}: ${escapeHtml(meaning)}</title></rect>`,
      );
    }
  };
  draw(timeline.idle, "idle", "idle", termText("idle"));
  draw(timeline.avoidableIdle, "avoidable-idle", "avoidable idle", termText("avoidableIdle"));
  parts.push("</g>");
  return parts.join("\n");
}

function mergeByPixel(intervals: Timeline["idle"], x: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of intervals) {
    const last = out[out.length - 1];
    if (last && x(a) - x(last[1]) < 0.5) last[1] = b;
    else out.push([a, b]);
  }
  return out;
}

/** Ticks at round values, and the end of the drawn window always marked and labelled. */
function axis(timeline: Timeline, at: Layout): string {
  const step = tickStep(timeline.end);
  const ticks: string[] = [];
  const endX = at.x(timeline.end);
  for (let i = 0; i * step < timeline.end - 1e-9; i++) {
    const t = i * step;
    const tx = at.x(t);
    // A round tick too close to the end's label keeps its line and drops its label.
    const label =
      endX - tx < MIN_LABEL_GAP && t > 0
        ? ""
        : `<text class="tick-label" x="${tx}" y="${TOP - 8}" text-anchor="middle">${formatValue(round(t))}</text>`;
    ticks.push(`<line class="tick" x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${at.bottom}"/>${label}`);
  }
  const end =
    `<g id="axis-end" data-t="${timeline.end}"><line class="tick tick-end" x1="${endX}" y1="${TOP - 4}" x2="${endX}" y2="${at.bottom}"/>` +
    `<text class="tick-label" x="${endX}" y="${TOP - 8}" text-anchor="middle">${formatValue(round(timeline.end))}</text></g>`;
  return `<g id="axis">${ticks.join("")}${end}<text class="axis-unit" x="${LEFT - 8}" y="${TOP - 8}" text-anchor="end">${timeline.unit}</text></g>`;
}

/** Pixels between a round tick's label and the end's, below which the round one is left out. */
const MIN_LABEL_GAP = 30;

/** 1, 2 or 5 times a power of ten, giving about ten ticks. */
function tickStep(end: number): number {
  if (!(end > 0)) return 1;
  const raw = end / 10;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function violations(timeline: Timeline, at: Layout): string {
  const parts = ['<g id="violations">'];
  for (const v of timeline.violations.slice(0, MAX_VIOLATIONS)) {
    const cx = at.x(v.at);
    const top = (at.laneTop[v.lane] ?? TOP) + 2;
    const bottom = (at.laneTop[v.lane] ?? TOP) + (at.laneHeight[v.lane] ?? 0);
    const title = `dependency violation: ${v.task}/${v.step} started by call ${v.call} before ${v.unseenDeps.join(", ")} was seen${v.guessed ? " (guessed value)" : ""}. ${termText("violation")}`;
    parts.push(
      `<g class="violation" data-task="${escapeHtml(v.task)}" data-step="${escapeHtml(v.step)}" data-call="${v.call}" data-lane="${v.lane}" data-guessed="${v.guessed}">` +
        `<line x1="${cx}" y1="${top}" x2="${cx}" y2="${bottom}"/><path d="M${cx} ${top} l5 9 h-10 z"/><title>${escapeHtml(title)}</title></g>`,
    );
  }
  // An answer given before its task's results were seen is flagged the same way, on its lane.
  for (const u of timeline.ungrounded.slice(0, MAX_VIOLATIONS)) {
    const cx = at.x(u.at);
    const top = (at.laneTop[u.lane] ?? TOP) + 2;
    const bottom = (at.laneTop[u.lane] ?? TOP) + (at.laneHeight[u.lane] ?? 0);
    const title = `ungrounded answer: ${u.task} answered by call ${u.call} before ${u.unseenSteps.join(", ")} was seen. ${termText("grounded")}`;
    parts.push(
      `<g class="violation ungrounded" data-task="${escapeHtml(u.task)}" data-call="${u.call}" data-lane="${u.lane}">` +
        `<line x1="${cx}" y1="${top}" x2="${cx}" y2="${bottom}"/><path d="M${cx} ${top} l5 9 h-10 z"/><title>${escapeHtml(title)}</title></g>`,
    );
  }
  parts.push("</g>");
  return parts.join("\n");
}

function makespan(timeline: Timeline, at: Layout): string {
  const mx = at.x(timeline.makespan);
  return `<line id="makespan" x1="${mx}" y1="${TOP - 6}" x2="${mx}" y2="${at.bottom}" data-t="${timeline.makespan}"><title>makespan M = ${formatValue(timeline.makespan)} ${timeline.unit}: ${escapeHtml(MAKESPAN_MEANING)}</title></line>`;
}
