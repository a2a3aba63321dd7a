import type { LiveRecording } from "../recorder/live-recordings.js";
import { escapeHtml } from "../report/escape.js";
import { REPORT_CSS, timelineLegend } from "../report/html.js";
import { sessionView } from "./snapshot.js";

/**
 * The episode as an MCP App (`serve --app`): one self-contained page, drawn when the host reads
 * `ui://asynctool/episode`, of the session so far — its timeline (the report's renderer), its
 * tasks and its state. It is a snapshot: a host that shows it again reads it again. It runs no
 * script and loads nothing, so it needs none of the Apps bridge and works in any sandbox; every
 * recorded string in it is escaped.
 */

export function episodeAppHtml(live: LiveRecording | undefined, nowMs: number): string {
  if (!live) return page("Episode", `<p class="meta">The episode starts with the client's first call.</p>`);
  const view = sessionView(live, nowMs);
  const r = view.row;
  const tasks = view.tasks
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.id)}</td><td class="num">${escapeHtml(t.answeredAt)}</td><td>${escapeHtml(t.answer ?? "shown at the end")}</td><td>${t.success === null ? "—" : t.success ? "yes" : "no"}</td></tr>`,
    )
    .join("");
  const body = `<h1>${escapeHtml(r.title)}</h1>
<p class="meta">Scenario ${escapeHtml(r.scenario)} · ${escapeHtml(r.client)} · mode ${escapeHtml(r.mode)} · clock ${escapeHtml(r.clock)} · elapsed ${escapeHtml(r.elapsed)} · ${r.answered}/${r.tasks} answered · ${escapeHtml(r.end)}</p>
${r.problem ? `<p class="meta warning">This session cannot be scored: ${escapeHtml(r.problem)}</p>` : ""}
${view.svg === null ? "" : `${timelineLegend()}<div class="scroll">${view.svg}</div>`}
<table><thead><tr><th>Task</th><th>Answered at</th><th>Answer check</th><th>Success</th></tr></thead><tbody>${tasks}</tbody></table>`;
  return page(r.scenario, body);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>asynctool · ${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
