import { CATALOGUE, DEFINITIONS_LINK, TERMS, termText } from "../metrics/catalog.js";
import type { Report } from "./build.js";
import { escapeHtml } from "./escape.js";
import { checkVerdicts, formatFigure, formatTime, formatValue, NONE, UNFINISHED_NOTE } from "./format.js";
import { describeBest, describeDelta, groundedCell } from "./markdown.js";
import { isDense, renderTimelineSvg } from "./svg.js";

/**
 * A self-contained HTML page: inline CSS and SVG only, nothing fetched. Tables and the timeline
 * carry ids and data-* attributes (data-metric, data-task, data-lane, data-job, data-call) so
 * tests and tools can read them.
 */
export function renderHtml(report: Report): string {
  const { metrics: m, unit } = report;
  const title = `AsyncTool report: ${report.scenario.title}`;
  const client = report.client ? `${report.client.name} ${report.client.version}` : "unknown client";
  const headlineRows = report.headline
    .map(
      (h) =>
        `<tr data-metric="${h.name}" data-value="${h.value === null ? "" : String(h.value)}" data-direction="${h.direction}"><th scope="row"${tip(h.description)}>${escapeHtml(h.label)}</th><td class="num">${escapeHtml(formatFigure(h))}</td><td>${escapeHtml(h.unit)}</td><td>${h.direction === "neither" ? NONE : h.direction}</td><td class="meaning">${prose(h.description)}</td></tr>`,
    )
    .join("\n");
  const taskRows = report.tasks
    .map((t) => {
      const { answer, state } = checkVerdicts(t, report.end.unfinished);
      return `<tr data-task="${escapeHtml(t.id)}" data-success="${t.success}"><th scope="row">${escapeHtml(t.id)}</th><td class="num">${t.matchedSteps}/${t.steps}</td><td class="num">${t.violations}</td><td class="num">${escapeHtml(formatTime(t.answeredAt, unit))}</td><td class="${t.grounded === false ? "bad" : ""}">${escapeHtml(groundedCell(t.grounded))}</td><td>${escapeHtml(answer)}</td><td>${escapeHtml(state)}</td><td class="num">${escapeHtml(formatValue(t.stretch))}</td><td class="${t.success ? "ok" : "bad"}">${t.success ? "yes" : "no"}</td></tr>`;
    })
    .join("\n");
  const truncated = report.end.truncated
    ? `<p id="truncated" class="warning">Truncated log: it has no end line; scored as ended at its last event (t = ${escapeHtml(formatTime(report.end.t, unit))}).</p>`
    : "";
  const unfinished = report.end.unfinished
    ? `<p id="unfinished" class="warning"><b>Unfinished session:</b> ${escapeHtml(UNFINISHED_NOTE)}</p>\n`
    : "";
  const notes =
    report.notes.length > 0
      ? `<h2>Notes</h2><ul id="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`
      : "";

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Scenario <code>${escapeHtml(report.scenario.id)}</code> · seed ${report.seed} · mode ${escapeHtml(report.mode)} · clock ${escapeHtml(report.clock)} · ${escapeHtml(client)}</p>
<p class="meta" id="delta" data-delta="${report.delta.value}" data-source="${report.delta.source}"${tip(termText("delta"))}>δ used: ${escapeHtml(describeDelta(report))}</p>
<p class="meta" id="end" data-status="${escapeHtml(report.end.status ?? "")}" data-kind="${report.end.kind}" data-unfinished="${report.end.unfinished}" data-truncated="${report.end.truncated}">End: ${escapeHtml(report.end.label)} · episode ${m.episodeSuccess ? '<span class="ok">succeeded</span>' : '<span class="bad">failed</span>'}</p>
${unfinished}${truncated}
<h2>Timeline</h2>
${timelineLegend()}
${denseNote(report)}<div class="zoom" id="zoom" role="group" aria-label="Zoom the timeline"><button type="button" data-zoom="out" aria-label="Zoom out">−</button><button type="button" data-zoom="fit">Fit</button><button type="button" data-zoom="in" aria-label="Zoom in">+</button><span id="zoom-level" aria-live="polite">100%</span></div>
<div class="scroll" id="timeline-scroll">
${renderTimelineSvg(report.timeline)}
</div>
<h2>Headline</h2>
<table id="headline" data-unfinished="${report.end.unfinished}">
${report.end.unfinished ? '<caption class="warning">Unfinished session: figures so far</caption>\n' : ""}<thead><tr><th>Metric</th><th>Value</th><th>Unit</th><th>Better</th><th>What it means</th></tr></thead>
<tbody>
${headlineRows}
</tbody>
</table>
<h2>Tasks</h2>
<table id="tasks">
<thead><tr><th>Task</th><th data-term="stepsMatched"${tip(termText("stepsMatched"))}>Steps matched</th><th data-term="violation"${tip(termText("violation"))}>Violations</th><th>Final answer at</th><th data-term="grounded"${tip(termText("grounded"))}>Grounded</th><th>Answer check</th><th>State check</th><th data-term="stretch"${tip(termText("stretch"))}>Stretch</th><th>Success</th></tr></thead>
<tbody>
${taskRows}
</tbody>
</table>
<p class="meta">Gold: ${m.correctness.goldSteps} steps in ${report.tasks.length} tasks (N = ${m.time.minimumActions}); S = ${escapeHtml(formatTime(m.sequentialBound, unit))}, ${escapeHtml(describeBest(m))}.</p>
${legend()}
${notes}
<script>${ZOOM_SCRIPT}</script>
</body>
</html>
`;
}

/** The key to the timeline's colours and marks: shared with the dashboard's live timeline. */
export function timelineLegend(): string {
  return `<div class="legend">
<span><i class="sw outcome-completed"></i>completed</span><span><i class="sw outcome-failed"></i>failed</span><span><i class="sw outcome-cancelled"></i>cancelled</span><span><i class="sw outcome-expired"></i>expired</span><span><i class="sw outcome-working"></i>still working</span>
<span data-term="idle"${tip(termText("idle"))}><i class="sw idle"></i>idle</span><span data-term="avoidableIdle"${tip(termText("avoidableIdle"))}><i class="sw avoidable"></i>avoidable idle</span><span>▲ start · ✕ refused · <span data-term="wastedPoll"${tip(termText("wastedPoll"))}>● poll (orange: wasted)</span> · ▮ wait / other · ◆ answer · <span data-term="violation"${tip(termText("violation"))}><b class="bad">▲</b> violation or ungrounded answer</span> · <span data-term="makespan"${tip(MAKESPAN_MEANING)}>┆ makespan</span></span>
</div>`;
}

/** A tooltip of the catalogue's text: plain, so its `code` marks are dropped. */
function tip(text: string): string {
  return ` title="${escapeHtml(plain(text))}"`;
}

/** The catalogue's text as HTML: its `code` marks as code. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** The catalogue's text without its `code` marks, as a tooltip or a reader shows it. */
export function plain(text: string): string {
  return text.replace(/`/g, "");
}

const MAKESPAN_MEANING = CATALOGUE.find((entry) => entry.name === "makespan")?.description ?? "";

/**
 * The words the page uses that are not headline figures (the headline table says what each
 * figure means in its last column), from the catalogue's TERMS, and the link to the
 * definitions: relative, so the page is the same bytes wherever it is written.
 */
function legend(): string {
  const terms = TERMS.map(
    (term) =>
      `<dt data-term="${term.name}">${escapeHtml(term.label)}</dt><dd>${prose(term.description)}</dd>`,
  ).join("\n");
  return `<section id="legend">
<h2>Terms</h2>
<dl id="terms">
${terms}
</dl>
<p class="meta">Hover a metric, a column heading or a mark of the timeline for what it means. Definitions: <a id="definitions" href="${DEFINITIONS_LINK}">docs/metrics.md, Headline figures</a>.</p>
</section>`;
}

function denseNote(report: Report): string {
  const t = report.timeline;
  if (!isDense(t)) return "";
  return `<p class="meta" id="dense-note">This session has ${t.jobs.length} jobs and ${t.calls.length} calls, too many to draw one by one: each lane shows the mean number of jobs in flight (red ticks: jobs that failed, expired or were cancelled) and, below, the calls made (orange: wasted polls) per bin of time. The JSON report (--json) lists every job and call.</p>\n`;
}

/**
 * Zoom: the timeline fills the page's width (its SVG scales with the viewBox); the buttons, and
 * ctrl + the mouse wheel over it, widen it by steps inside its scrolling box. Inline, nothing fetched.
 */
const ZOOM_SCRIPT = `(function(){
var svg=document.getElementById("timeline"),box=document.getElementById("timeline-scroll"),level=document.getElementById("zoom-level");
if(!svg||!box)return;var zoom=1;
function set(z){zoom=Math.min(16,Math.max(1,z));svg.style.width=(zoom*100)+"%";if(level)level.textContent=Math.round(zoom*100)+"%";svg.setAttribute("data-zoom",String(zoom));}
document.querySelectorAll("#zoom button").forEach(function(b){b.addEventListener("click",function(){var k=b.getAttribute("data-zoom");set(k==="in"?zoom*1.5:k==="out"?zoom/1.5:1);});});
box.addEventListener("wheel",function(e){if(!e.ctrlKey)return;e.preventDefault();var r=box.getBoundingClientRect(),f=(box.scrollLeft+e.clientX-r.left)/box.scrollWidth;set(e.deltaY<0?zoom*1.25:zoom/1.25);box.scrollLeft=f*box.scrollWidth-(e.clientX-r.left);},{passive:false});
})();`;

/** The report's style; the dashboard uses it too, so that its timeline looks the same. */
export const REPORT_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2430;background:#fff}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:22px 0 8px}
.meta{color:#4a5568;margin:2px 0}code{background:#f1f3f6;padding:0 4px;border-radius:3px}
.warning{background:#fff4e5;border:1px solid #f0b96b;padding:6px 10px;border-radius:4px}
table{border-collapse:collapse;margin:4px 0}th,td{border-bottom:1px solid #e3e7ee;padding:3px 10px;text-align:left}
thead th{background:#f6f8fb}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}
.scroll{overflow-x:auto;max-width:100%}
#timeline{display:block;width:100%;height:auto;min-width:0}
.zoom{display:flex;gap:6px;align-items:center;margin:0 0 6px}.zoom button{font:inherit;min-width:2.2em;padding:1px 8px;border:1px solid #c9d1dc;border-radius:4px;background:#f6f8fb;cursor:pointer}
#zoom-level{color:#4a5568;font-size:12px}
td.meaning{color:#4a5568;max-width:46em}
#terms{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0}#terms dt{font-weight:600}#terms dd{margin:0;color:#4a5568}
[title]{text-decoration-line:underline;text-decoration-style:dotted;text-decoration-color:#9aa5b4}
table caption{text-align:left;margin-bottom:4px}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:4px 0 8px;color:#4a5568}
.legend i.sw{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle;border-radius:2px}
.sw.idle{background:#cfd6e0}.sw.avoidable{background:#f7b4b4}
#timeline .lane-bg{fill:#fafbfc;stroke:#e3e7ee}
#timeline .lane-none .lane-bg{fill:#f4f4f4}
#timeline .lane-label{font-size:12px;fill:#1d2430}
#timeline .tick{stroke:#eef1f5}#timeline .tick-label,#timeline .axis-unit{font-size:10px;fill:#6b7686}
#timeline .idle{fill:#cfd6e0;opacity:.55}
#timeline .avoidable-idle{fill:#f28b8b;opacity:.45}
.outcome-completed{fill:#2e7d32;background:#2e7d32}.outcome-failed{fill:#c62828;background:#c62828}
.outcome-cancelled{fill:#8a8f98;background:#8a8f98}.outcome-expired{fill:#ef6c00;background:#ef6c00}
.outcome-working{fill:#1565c0;background:#1565c0;fill-opacity:.55}
#timeline .call path,#timeline .call circle,#timeline .call rect{fill:#37474f}
#timeline .call.kind-refused path{stroke:#c62828;stroke-width:2;fill:none}
#timeline .call.kind-wasted-poll circle{fill:#ef6c00}
#timeline .call.kind-answer path{fill:#6a1b9a}
#timeline .wait-span{stroke:#37474f;stroke-width:2;opacity:.5}
#timeline .violation path{fill:#c62828;stroke:#fff;stroke-width:1}
#timeline .violation line{stroke:#c62828;stroke-width:1.5;stroke-dasharray:3 2}
#timeline .job-density{fill:#2e7d32;fill-opacity:.75}#timeline .job-ended-badly{fill:#c62828}
#timeline .call-density rect{fill:#37474f}#timeline .call-density rect.wasted{fill:#ef6c00}
#timeline #makespan{stroke:#6a1b9a;stroke-width:1.5;stroke-dasharray:4 3}
`;
