import { termText } from "../metrics/catalog.js";
import { escapeHtml } from "./escape.js";
import { formatValue } from "./format.js";
import type { Layout } from "./svg-frame.js";
import { round } from "./svg-frame.js";
import type { Timeline, TimelineCall, TimelineJob } from "./timeline.js";

/**
 * The detailed timeline body: a bar per job, coloured by outcome and packed into rows so that
 * overlapping jobs stay visible, and a mark per call under the bars.
 */

const ROW = 12;
const MARKS = 16;
const PAD = 5;

export interface DetailPlan {
  readonly laneHeights: readonly number[];
  readonly rows: ReadonlyMap<number, number>;
  readonly laneRows: readonly number[];
}

export function planDetail(timeline: Timeline): DetailPlan {
  const rows = packRows(timeline.jobs);
  const laneRows = timeline.lanes.map(() => 1);
  for (const job of timeline.jobs) {
    laneRows[job.lane] = Math.max(laneRows[job.lane] ?? 1, (rows.get(job.job) ?? 0) + 1);
  }
  return { rows, laneRows, laneHeights: laneRows.map((n) => PAD + n * ROW + MARKS + PAD) };
}

export function renderDetail(timeline: Timeline, plan: DetailPlan, at: Layout): string {
  const { x } = at;
  const parts: string[] = ['<g id="jobs">'];
  for (const job of timeline.jobs) {
    const top = (at.laneTop[job.lane] ?? 0) + PAD + (plan.rows.get(job.job) ?? 0) * ROW + 1;
    const finish = job.finish ?? timeline.end;
    const width = Math.max(2, round(x(finish) - x(job.start)));
    parts.push(
      `<rect class="job outcome-${job.outcome}" data-job="${job.job}" data-lane="${job.lane}" data-outcome="${job.outcome}" data-tool="${escapeHtml(job.tool)}" data-start="${job.start}" data-finish="${job.finish ?? ""}" x="${x(job.start)}" y="${top}" width="${width}" height="${ROW - 2}" rx="2"><title>${escapeHtml(jobTitle(job, timeline.unit))}</title></rect>`,
    );
  }
  parts.push("</g>", '<g id="calls">');
  for (const call of timeline.calls) {
    const y = (at.laneTop[call.lane] ?? 0) + PAD + (plan.laneRows[call.lane] ?? 1) * ROW + 3;
    parts.push(callMark(call, x, y, timeline.unit));
  }
  parts.push("</g>");
  return parts.join("\n");
}

function callMark(call: TimelineCall, x: (t: number) => number, y: number, unit: string): string {
  const cx = x(call.request);
  const attrs = `class="call kind-${call.kind}${call.isError ? " error" : ""}" data-call="${call.call}" data-lane="${call.lane}" data-tool="${escapeHtml(call.tool)}" data-kind="${call.kind}" data-request="${call.request}" data-response="${call.response ?? ""}"`;
  const until =
    call.response !== null && call.response !== call.request ? `–${formatValue(call.response)}` : "";
  const wasted = call.kind === "wasted-poll" ? ` (wasted poll: ${termText("wastedPoll")})` : "";
  const title = `<title>${escapeHtml(`call ${call.call}: ${call.tool} at ${formatValue(call.request)}${until} ${unit}${call.isError ? " (error)" : ""}${wasted}`)}</title>`;
  // A wait shows how long it held the agent.
  const span =
    call.kind === "wait" && call.response !== null && call.response > call.request
      ? `<line class="wait-span" x1="${cx}" y1="${y + 5}" x2="${x(call.response)}" y2="${y + 5}"/>`
      : "";
  return `<g ${attrs}>${span}${shape(call.kind, cx, y)}${title}</g>`;
}

function shape(kind: TimelineCall["kind"], cx: number, y: number): string {
  switch (kind) {
    case "start":
      return `<path d="M${cx} ${y} l4 8 h-8 z"/>`;
    case "refused":
      return `<path d="M${cx - 4} ${y} l8 8 M${cx + 4} ${y} l-8 8"/>`;
    case "answer":
      return `<path d="M${cx} ${y} l4 4 l-4 4 l-4 -4 z"/>`;
    case "poll":
    case "wasted-poll":
      return `<circle cx="${cx}" cy="${y + 4}" r="3"/>`;
    default:
      return `<rect x="${round(cx - 1.5)}" y="${y}" width="3" height="8"/>`;
  }
}

function jobTitle(job: TimelineJob, unit: string): string {
  const finish =
    job.finish === null ? "still working at the end" : `${job.outcome} at ${formatValue(job.finish)}`;
  const step = job.step ? `, step ${job.step}` : ", no gold step";
  const by = job.cancelledBy ? ` by ${job.cancelledBy}` : "";
  const seen = job.seen === null ? ", never seen" : `, seen at ${formatValue(job.seen)}`;
  return `job #${job.job} ${job.tool} (call ${job.call ?? "?"}${step}): started ${formatValue(job.start)}, ${finish}${by}${seen} ${unit}`;
}

/**
 * Rows within each lane: a job takes the row that frees up first if it is free by the job's
 * start, else a new row. A heap of row ends per lane keeps this n log n on large logs.
 */
function packRows(jobs: readonly TimelineJob[]): Map<number, number> {
  const rows = new Map<number, number>();
  const heaps = new Map<number, RowHeap>();
  const sorted = [...jobs].sort((a, b) => a.start - b.start || a.job - b.job);
  for (const job of sorted) {
    let heap = heaps.get(job.lane);
    if (!heap) {
      heap = new RowHeap();
      heaps.set(job.lane, heap);
    }
    const finish = job.finish ?? Number.POSITIVE_INFINITY;
    const first = heap.peek();
    const row = first && first.end <= job.start ? (heap.pop() as RowEnd).row : heap.size;
    heap.push({ end: finish, row });
    rows.set(job.job, row);
  }
  return rows;
}

interface RowEnd {
  readonly end: number;
  readonly row: number;
}

/** A binary min-heap of row ends (ties: the lower row first, so packing is deterministic). */
class RowHeap {
  readonly #items: RowEnd[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): RowEnd | undefined {
    return this.#items[0];
  }

  push(item: RowEnd): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i] as RowEnd, items[parent] as RowEnd)) break;
      [items[i], items[parent]] = [items[parent] as RowEnd, items[i] as RowEnd];
      i = parent;
    }
  }

  pop(): RowEnd | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && less(items[l] as RowEnd, items[m] as RowEnd)) m = l;
        if (r < items.length && less(items[r] as RowEnd, items[m] as RowEnd)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as RowEnd, items[i] as RowEnd];
        i = m;
      }
    }
    return top;
  }
}

function less(a: RowEnd, b: RowEnd): boolean {
  return a.end < b.end || (a.end === b.end && a.row < b.row);
}
