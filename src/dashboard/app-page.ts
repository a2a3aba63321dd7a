import { createHash } from "node:crypto";
import type { LiveRecording } from "../recorder/live-recordings.js";
import { escapeHtml } from "../report/escape.js";
import { REPORT_CSS, timelineLegend } from "../report/html.js";
import { APP_SCRIPT } from "./app-script.js";
import { sessionView } from "./snapshot.js";

/**
 * The episode as an MCP App (`serve --app`): one self-contained page, drawn when the host reads
 * `ui://asynctool/episode`, of the session so far — its timeline (the report's renderer), its
 * tasks and its state — and an inline script that keeps it current through the host
 * (app-script.ts). Without the script (a host that runs none) it is still the snapshot of when
 * it was read. Every recorded string in it is escaped; it loads nothing, and its policy lets
 * only its own script run (by hash) and nothing connect anywhere.
 */

const SCRIPT_HASH = createHash("sha256").update(APP_SCRIPT).digest("base64");
export const APP_PAGE_CSP = `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'`;

/** The page and its view resource, drawn at the real time `now()` (epoch ms). */
export function episodeApp(now: () => number) {
  return {
    page: (live: LiveRecording | undefined) => episodeAppHtml(live, now()),
    view: (live: LiveRecording | undefined) => episodeAppView(live, now()),
  };
}

/** The view resource: the dashboard's SessionView as JSON, or `{"started": false}` before the first call. */
export function episodeAppView(live: LiveRecording | undefined, nowMs: number): string {
  return JSON.stringify(live ? sessionView(live, nowMs) : { started: false });
}

export function episodeAppHtml(live: LiveRecording | undefined, nowMs: number): string {
  if (!live)
    return page(
      "Episode",
      frame(
        "Episode",
        `<p class="meta" id="meta">The episode starts with the client's first call.</p>\n<p class="meta warning" id="problem" hidden></p>`,
        "",
        "",
      ),
    );
  const view = sessionView(live, nowMs);
  const r = view.row;
  const tasks = view.tasks
    .map((t) => {
      const answer = t.answer === null ? "" : t.answer === "pass" ? "ok" : "bad";
      const success = t.success === null ? "" : t.success ? "ok" : "bad";
      return `<tr data-task="${escapeHtml(t.id)}"><td>${escapeHtml(t.id)}</td><td class="num">${escapeHtml(t.answeredAt)}</td><td class="${answer}">${escapeHtml(t.answer ?? "shown at the end")}</td><td class="${success}">${t.success === null ? "—" : t.success ? "yes" : "no"}</td></tr>`;
    })
    .join("");
  const meta = `<p class="meta" id="meta">Scenario ${escapeHtml(r.scenario)} · ${escapeHtml(r.client)} · mode ${escapeHtml(r.mode)} · clock ${escapeHtml(r.clock)} · elapsed ${escapeHtml(r.elapsed)} · ${r.answered}/${r.tasks} answered · ${escapeHtml(r.end)}</p>
<p class="meta warning" id="problem"${r.problem ? "" : " hidden"}>${r.problem ? `This session cannot be scored: ${escapeHtml(r.problem)}` : ""}</p>`;
  return page(r.scenario, frame(r.title, meta, view.svg ?? "", tasks));
}

/** The elements the script redraws (view-script.ts), filled with the session so far. */
function frame(title: string, meta: string, svg: string, tasks: string): string {
  return `<h1 id="title">${escapeHtml(title)}</h1>
${meta}
<p class="meta" id="status"></p>
${timelineLegend()}<div class="scroll" id="timeline-scroll">${svg}</div>
<table id="tasks"><thead><tr><th>Task</th><th>Answered at</th><th>Answer check</th><th>Success</th></tr></thead><tbody>${tasks}</tbody></table>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${APP_PAGE_CSP}">
<title>asynctool · ${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
<script>${APP_SCRIPT}</script>
</body>
</html>
`;
}
