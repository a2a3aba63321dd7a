import type { Express, Request, Response } from "express";
import { BROWSER_SCRIPT } from "../dashboard/browser-script.js";
import { DASHBOARD_PATH, SCRIPT_PATH, sessionPage, sessionsPage } from "../dashboard/pages.js";
import type { ReportTickets } from "../dashboard/report-tickets.js";
import { formatSilence, silence } from "../dashboard/silence.js";
import { finalReportHtml, sessionView } from "../dashboard/snapshot.js";
import { sseMessage } from "../dashboard/sse.js";
import { AsyncToolError } from "../errors.js";
import type { LiveRecording, LiveRecordings } from "../recorder/live-recordings.js";

/**
 * The dashboard's routes: the two pages and their script (no data, so served before the bearer
 * check: the page is where the token is entered), and the data (event streams, report tickets)
 * after it. Every route only reads: nothing here changes a session or a recording.
 */

export interface DashboardOptions {
  readonly live: LiveRecordings;
  /** Real time, epoch ms (ticket expiry, the episode's time now); injected by tests. */
  readonly now?: () => number;
  /** Runs fn every ms; returns the function that stops it. Injected by tests. */
  readonly every?: (ms: number, fn: () => void) => () => void;
  /**
   * A running session whose file has not been written for this long is shown as silent (its
   * server may have stopped: silence.ts). Only sessions followed from files have a write time;
   * undefined: never.
   */
  readonly staleAfterMs?: number;
}

export interface Dashboard {
  /** Ends every open event stream (a server shutting down waits for its responses to end). */
  close(): void;
}

/** How often a stream looks for something to send. */
const TICK_MS = 250;
/** How often a running wall-clock session is drawn again with nothing new: its bars grow. */
const REDRAW_MS = 1000;

const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** The final report is the HTML report itself, whose zoom is an inline script. */
const REPORT_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function noStore(res: Response, policy?: string): void {
  res.set("Cache-Control", "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  if (policy) res.set("Content-Security-Policy", policy);
}

function refuse(res: Response, status: number, error: AsyncToolError): void {
  noStore(res);
  res.status(status).json({ code: error.code, message: error.message });
}

function sessionNotFound(): AsyncToolError {
  return new AsyncToolError(
    "DASHBOARD_SESSION_NOT_FOUND",
    "No such session on this dashboard: it never existed here, or it ended long enough ago to be dropped. Open /dashboard for the sessions it holds; older ones are in the recordings directory (asynctool report).",
  );
}

/** The pages and the script: registered before the bearer check. */
export function serveDashboardPages(app: Express, tickets: ReportTickets, live: LiveRecordings): void {
  const list = sessionsPage();
  const one = sessionPage();
  const script = BROWSER_SCRIPT;
  app.get(DASHBOARD_PATH, (_req, res) => {
    noStore(res, PAGE_POLICY);
    res.type("html").send(list);
  });
  app.get(`${DASHBOARD_PATH}/sessions/:id`, (_req, res) => {
    noStore(res, PAGE_POLICY);
    res.type("html").send(one);
  });
  app.get(SCRIPT_PATH, (_req, res) => {
    noStore(res);
    res.type("text/javascript").send(script);
  });
  // A ticket opens one report once (report-tickets.ts): the link carries no token.
  app.get(`${DASHBOARD_PATH}/report/:ticket`, (req: Request, res: Response) => {
    const id = tickets.redeem(String(req.params.ticket));
    const session = id === undefined ? undefined : live.get(id);
    if (!session) {
      return refuse(
        res,
        404,
        new AsyncToolError(
          "DASHBOARD_TICKET_INVALID",
          "This report link was used already or has expired: open the report again from its session's page.",
        ),
      );
    }
    const html = finalReportHtml(session);
    if (html === null) return refuse(res, 404, sessionNotFound());
    noStore(res, REPORT_POLICY);
    res.type("html").send(html);
  });
}

/** The data routes: registered after the bearer check. */
export function serveDashboardData(
  app: Express,
  options: DashboardOptions,
  tickets: ReportTickets,
): Dashboard {
  const { live, staleAfterMs } = options;
  const now = options.now ?? Date.now;
  const every =
    options.every ??
    ((ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      return () => clearInterval(timer);
    });
  const streams = new Set<() => void>();

  /** Opens an event stream; `tick` sends what is due and returns false once the stream is done. */
  const openStream = (req: Request, res: Response, tick: () => boolean): void => {
    noStore(res);
    res.status(200);
    res.set("Content-Type", "text/event-stream; charset=utf-8");
    res.set("X-Accel-Buffering", "no");
    res.flushHeaders();
    let stop = () => {};
    const finish = () => {
      stop();
      streams.delete(finish);
      if (!res.writableEnded) res.end();
    };
    streams.add(finish);
    req.on("close", finish);
    if (!tick()) {
      finish();
      return;
    }
    stop = every(TICK_MS, () => {
      if (!tick()) finish();
    });
  };

  app.get(`${DASHBOARD_PATH}/api/sessions`, (req, res) => {
    let changed = true;
    let last = "";
    let drawnAt = 0;
    const unwatch = live.watch(() => {
      changed = true;
    });
    req.on("close", unwatch);
    openStream(req, res, () => {
      // Elapsed times of running wall-clock sessions move on their own: a redraw every second.
      if (!changed && now() - drawnAt < REDRAW_MS) return true;
      changed = false;
      drawnAt = now();
      const rows = live.list().map((s) => sessionView(s, drawnAt, staleAfterMs).row);
      const text = sseMessage("sessions", { rows });
      if (text !== last) res.write(text);
      last = text;
      return true;
    });
  });

  app.get(`${DASHBOARD_PATH}/api/sessions/:id`, (req, res) => {
    const id = String(req.params.id);
    const session = live.get(id);
    if (!session) return refuse(res, 404, sessionNotFound());
    let drawn = "";
    let drawnAt = 0;
    openStream(req, res, () => follow(session));
    // Draws the session when it has new events or its silence changes (silence.ts), or (running,
    // wall clock, not silent) once a second, so that the bars of working jobs grow while the agent
    // waits; ends the stream once the end is sent.
    function follow(s: LiveRecording): boolean {
      const at = now();
      const quiet = silence(s, at, staleAfterMs);
      const key = `${s.version} ${quiet === null ? "" : formatSilence(quiet)}`;
      const moving = s.end === null && s.header.clock === "wall" && quiet === null;
      if (key === drawn && !(moving && at - drawnAt >= REDRAW_MS)) return true;
      drawn = key;
      drawnAt = at;
      const view = sessionView(s, drawnAt, staleAfterMs);
      res.write(sseMessage("view", view));
      return !view.ended;
    }
  });

  app.get(`${DASHBOARD_PATH}/api/sessions/:id/report-ticket`, (req, res) => {
    const id = String(req.params.id);
    if (!live.get(id)) return refuse(res, 404, sessionNotFound());
    noStore(res);
    res.json({ ticket: tickets.issue(id) });
  });

  return {
    close() {
      for (const finish of [...streams]) finish();
    },
  };
}
