import { REPORT_CSS, timelineLegend } from "../report/html.js";

/**
 * The dashboard's two pages. They hold no data of any session, only the frame the script fills
 * in from the event streams: so they are served without the bearer token (the page is where
 * the token is entered), and nothing of a URL or a recording is written into them here.
 */

export const DASHBOARD_PATH = "/dashboard";
export const SCRIPT_PATH = "/dashboard/assets/dashboard.js";

const DASHBOARD_CSS = `
#auth{background:#fff4e5;border:1px solid #f0b96b;padding:8px 12px;border-radius:4px;margin:8px 0}
#auth input{font:inherit;width:22em}
#sessions td,#sessions th{white-space:nowrap}
#sessions tr.live td:first-child::before{content:"● ";color:#2e7d32}
#status{font-size:12px}
.scroll{min-height:40px}
`;

function page(kind: "list" | "session", title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${REPORT_CSS}${DASHBOARD_CSS}</style>
</head>
<body data-page="${kind}">
<div id="auth" hidden>
<form id="token-form" autocomplete="off"><label>This server asks for its bearer token: <input id="token" type="password" name="token" autocomplete="off"></label> <button type="submit">Use it</button></form>
<p class="meta" id="auth-message"></p>
<p class="meta">It is kept in this tab's session storage only, and sent as an Authorization header.</p>
</div>
${body}
<script src="${SCRIPT_PATH}"></script>
</body>
</html>
`;
}

export function sessionsPage(): string {
  return page(
    "list",
    "asynctool sessions",
    `<h1>Sessions</h1>
<p class="meta" id="status">Connecting…</p>
<table id="sessions">
<thead><tr><th>Session</th><th>Scenario</th><th>Client</th><th>Mode</th><th>Clock</th><th>Elapsed</th><th>Tasks answered</th><th>Tasks succeeded</th><th>Optimality</th><th>State</th></tr></thead>
<tbody></tbody>
</table>
<p class="meta" id="empty">No session yet: connect a client, and its session appears here after its first call.</p>`,
  );
}

export function sessionPage(): string {
  return page(
    "session",
    "asynctool session",
    `<p class="meta"><a href="${DASHBOARD_PATH}">All sessions</a></p>
<h1 id="title">Session</h1>
<p class="meta" id="meta"></p>
<p class="meta" id="status">Connecting…</p>
<p class="meta warning" id="problem" hidden></p>
<h2>Timeline</h2>
${timelineLegend()}
<div class="scroll" id="timeline-scroll"></div>
<h2>Tasks</h2>
<table id="tasks">
<thead><tr><th>Task</th><th>Answered at</th><th>Answer check</th><th>Success</th></tr></thead>
<tbody></tbody>
</table>
<p id="report" hidden><a id="report-link" href="#">Open the final report</a></p>`,
  );
}
