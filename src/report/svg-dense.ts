import { formatValue } from "./format.js";
import type { Layout } from "./svg-frame.js";
import { round, WIDTH } from "./svg-frame.js";
import type { Timeline } from "./timeline.js";

/**
 * The timeline body for a session too large to draw job by job (a browser does not open a page
 * of a million shapes): per lane and per bin of time, the mean number of jobs in flight, the
 * jobs that ended badly, and the calls made (wasted polls apart). The JSON report keeps every job
 * and call.
 */

const BINS = WIDTH / 4;
const PAD = 5;
const DENSITY = 24;
const CALLS = 12;

export function denseLaneHeights(timeline: Timeline): number[] {
  return timeline.lanes.map(() => PAD + DENSITY + 4 + CALLS + PAD);
}

export function renderDense(timeline: Timeline, at: Layout): string {
  const lanes = timeline.lanes.length;
  const span = timeline.end > 0 ? timeline.end : 1;
  const width = span / BINS;
  const area = grid(lanes);
  const bad = grid(lanes);
  const calls = grid(lanes);
  const wasted = grid(lanes);
  const binOf = (t: number) => Math.min(BINS - 1, Math.max(0, Math.floor(t / width)));

  for (const job of timeline.jobs) {
    const start = Math.max(0, job.start);
    const finish = Math.min(span, job.finish ?? timeline.end);
    const row = area[job.lane] as number[];
    for (let b = binOf(start); b < BINS && b * width < finish; b++) {
      const overlap = Math.min(finish, (b + 1) * width) - Math.max(start, b * width);
      if (overlap > 0) row[b] = (row[b] ?? 0) + overlap;
    }
    if (job.finish !== null && job.outcome !== "completed" && job.outcome !== "working") {
      const r = bad[job.lane] as number[];
      r[binOf(job.finish)] = (r[binOf(job.finish)] ?? 0) + 1;
    }
  }
  for (const call of timeline.calls) {
    const target = (call.kind === "wasted-poll" ? wasted : calls)[call.lane] as number[];
    target[binOf(call.request)] = (target[binOf(call.request)] ?? 0) + 1;
  }
  const maxMean = Math.max(1e-9, ...area.map((row) => Math.max(0, ...row)).map((a) => a / width));
  const maxCalls = Math.max(
    1,
    ...calls.map((row, i) => Math.max(0, ...row.map((n, b) => n + ((wasted[i] as number[])[b] ?? 0)))),
  );

  const binX = (b: number) => at.x(b * width);
  const binW = round(at.x(width) - at.x(0));
  const parts: string[] = ['<g id="jobs" class="dense">'];
  for (let lane = 0; lane < lanes; lane++) {
    const top = (at.laneTop[lane] ?? 0) + PAD;
    const base = top + DENSITY;
    for (let b = 0; b < BINS; b++) {
      const mean = ((area[lane] as number[])[b] ?? 0) / width;
      if (mean > 0) {
        const h = Math.max(1, round((mean / maxMean) * DENSITY));
        parts.push(
          `<rect class="job-density" data-lane="${lane}" data-bin="${b}" data-jobs="${round(mean)}" x="${binX(b)}" y="${round(base - h)}" width="${binW}" height="${h}"><title>${formatValue(mean)} jobs in flight on average, ${formatValue(b * width)}–${formatValue((b + 1) * width)} ${timeline.unit}</title></rect>`,
        );
      }
      const failed = (bad[lane] as number[])[b] ?? 0;
      if (failed > 0) {
        parts.push(
          `<rect class="job-ended-badly" data-lane="${lane}" data-bin="${b}" data-jobs="${failed}" x="${binX(b)}" y="${top}" width="${binW}" height="3"><title>${failed} job${failed === 1 ? "" : "s"} failed, expired or cancelled</title></rect>`,
        );
      }
    }
  }
  parts.push("</g>", '<g id="calls" class="dense">');
  for (let lane = 0; lane < lanes; lane++) {
    const base = (at.laneTop[lane] ?? 0) + PAD + DENSITY + 4 + CALLS;
    for (let b = 0; b < BINS; b++) {
      const n = (calls[lane] as number[])[b] ?? 0;
      const w = (wasted[lane] as number[])[b] ?? 0;
      if (n + w === 0) continue;
      const h = Math.max(1, round(((n + w) / maxCalls) * CALLS));
      const hw = round((w / (n + w)) * h);
      parts.push(
        `<g class="call-density" data-lane="${lane}" data-bin="${b}" data-calls="${n + w}" data-wasted="${w}"><rect x="${binX(b)}" y="${round(base - h)}" width="${binW}" height="${round(h - hw)}"/>${hw > 0 ? `<rect class="wasted" x="${binX(b)}" y="${round(base - hw)}" width="${binW}" height="${hw}"/>` : ""}<title>${n + w} calls (${w} wasted polls)</title></g>`,
      );
    }
  }
  parts.push("</g>");
  return parts.join("\n");
}

function grid(lanes: number): number[][] {
  return Array.from({ length: lanes }, () => new Array<number>(BINS).fill(0));
}
