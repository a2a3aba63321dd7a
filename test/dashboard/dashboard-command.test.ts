import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { eventDataUntil } from "../helpers/event-stream.js";
import { testHeader } from "../recorder/helpers.js";

/**
 * `asynctool dashboard --recordings DIR` shows a session that another process records: `run -t
 * stdio` starts a stdio server process that writes into DIR, while the dashboard (a third
 * process) follows the directory. The test reads the sessions stream as the page does, and waits
 * for what it shows (a running session, then the same session ended), never for a time.
 */

const CLI = join(packageRoot, "dist", "cli.js");
const children: ChildProcess[] = [];
let dir: string | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function cli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}

/** The dashboard's address, from the line it prints when it listens. */
function dashboardUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const match = /Dashboard: (http:\/\/\S+)/.exec(err);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`dashboard exited with ${code}: ${err}`)));
  });
}

interface Row {
  readonly id: string;
  readonly live: boolean;
  readonly silent: boolean;
  readonly scenario: string;
  readonly answered: number;
  readonly end: string;
}

/** Reads the sessions stream until `done` holds for its rows; returns those rows. */
async function rowsUntil(url: string, done: (rows: Row[]) => boolean): Promise<Row[]> {
  return (await eventDataUntil<{ rows: Row[] }>(`${url}/api/sessions`, ({ rows }) => done(rows))).rows;
}

describe("asynctool dashboard --recordings DIR", () => {
  it("shows a session written by a separate stdio server process while it runs, then its end", async () => {
    dir = mkdtempSync(join(tmpdir(), "asynctool-dashboard-"));
    const dashboard = cli(["dashboard", "--recordings", dir, "--port", "0"]);
    const url = await dashboardUrl(dashboard);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);

    const run = cli(["run", "-a", "oracle", "-t", "stdio", "-c", "wall", "--time-scale", "0.25", "-r", dir]);
    const ran = new Promise<number | null>((resolve) => run.once("exit", resolve));
    const running = await rowsUntil(url, (rows) => rows.some((r) => r.live));
    const session = running.find((r) => r.live) as Row;
    expect(session.scenario).toBe("travel-and-files");
    expect(session.end).toBe("running");

    expect(await ran).toBe(0);
    const ended = await rowsUntil(url, (rows) => rows.some((r) => r.id === session.id && !r.live));
    const last = ended.find((r) => r.id === session.id) as Row;
    expect(last.answered).toBe(3);
    expect(last.end).toMatch(/^completed/);

    // The session's page is served, and its stream draws the timeline of the report.
    const page = await fetch(`${url}/sessions/${encodeURIComponent(session.id)}`);
    expect(page.status).toBe(200);
    const view = await (await fetch(`${url}/api/sessions/${encodeURIComponent(session.id)}`)).text();
    expect(view).toContain('<svg id=\\"timeline\\"');
  }, 60_000);

  it("shows a session whose file stopped growing as silent after --stale-after, and live again on a new line", async () => {
    dir = mkdtempSync(join(tmpdir(), "asynctool-dashboard-"));
    // A stdio server killed by its client: a header and a call, no end line, last written 90 min ago.
    const file = join(dir, "2026-06-02T09-14-03.512Z_x_dead.jsonl");
    const call = (seq: number) =>
      `${JSON.stringify({ type: "request", seq, wall: seq, t: seq, call: seq, tool: "search", args: {} })}\n`;
    writeFileSync(file, `${JSON.stringify(testHeader({ session: "dead" }))}\n${call(0)}`);
    const then = (Date.now() - 90 * 60_000) / 1000;
    utimesSync(file, then, then);

    const dashboard = cli(["dashboard", "--recordings", dir, "--port", "0", "--stale-after", "30"]);
    const url = await dashboardUrl(dashboard);
    const silent = (await rowsUntil(url, (rows) => rows.some((r) => r.silent))).find((r) => r.silent) as Row;
    expect(silent).toMatchObject({ id: "dead", live: true });
    expect(silent.end).toMatch(/^silent for 1 h \d+ min: no end recorded, its server may have stopped$/);

    appendFileSync(file, call(1));
    const again = await rowsUntil(url, (rows) => rows.some((r) => r.id === "dead" && !r.silent));
    expect(again.find((r) => r.id === "dead")?.end).toBe("running");
  }, 60_000);

  it("refuses a --stale-after that is not a whole number of minutes", async () => {
    dir = mkdtempSync(join(tmpdir(), "asynctool-dashboard-"));
    const child = cli(["dashboard", "--recordings", dir, "--port", "0", "--stale-after", "0"]);
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    expect(await new Promise((resolve) => child.once("exit", resolve))).not.toBe(0);
    expect(err).toContain("--stale-after takes an integer ≥ 1");
  });

  it("refuses a recordings directory that does not exist, saying which", async () => {
    const child = cli(["dashboard", "--recordings", "/nonexistent/asynctool-recordings", "--port", "0"]);
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(err).toContain("RECORDING_NOT_FOUND");
    expect(err).toContain("/nonexistent/asynctool-recordings");
  });
});
