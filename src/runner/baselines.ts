import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AsyncToolError } from "../errors.js";
import { overEpisodeColumns } from "../report/over-episodes.js";
import { column, renderTable } from "../report/table.js";
import type { ReportRow, SuiteReport } from "./suite-report.js";

/**
 * The datasheet's baselines section: the overall rows of reference runs (`asynctool run --agent
 * NAME --suite DIR --seeds ...`), read from each run's report.json, in the columns `eval` and
 * `run --suite` print. Written by `asynctool stats --datasheet --baselines DIR[,DIR...]`.
 */

/** A run's table as `run --suite` or `eval` wrote it: OUT/report.json, or the file itself. */
export function readBaselineReport(path: string): SuiteReport {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "report.json") : path;
  if (!existsSync(file)) {
    throw new AsyncToolError(
      "USAGE",
      `--baselines: no ${file}; give the -o directories of \`asynctool run --suite\` (or eval) runs`,
    );
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as SuiteReport;
  if (!Array.isArray(report.overall) || typeof report.model !== "string") {
    throw new AsyncToolError("USAGE", `--baselines: ${file} is not the report.json of a suite run`);
  }
  return report;
}

interface BaselineRow extends ReportRow {
  readonly agent: string;
}

/** The overall rows of the runs, one per agent (and mode), with how they were run above them. */
export function baselinesMarkdown(reports: readonly SuiteReport[]): string {
  const rows: BaselineRow[] = reports.flatMap((report) =>
    report.overall.map((row) => ({ ...row, agent: agentName(report) })),
  );
  const seeds = [...new Set(rows.map((r) => r.seeds))].join(" or ");
  const columns = [
    column<BaselineRow>("Agent", (r) => r.agent, false),
    column<BaselineRow>("Mode", (r) => r.mode, false),
    column<BaselineRow>("Runs", (r) => String(r.runs)),
    column<BaselineRow>("Unfinished", (r) => String(r.unfinished)),
    ...overEpisodeColumns(rows, "eval"),
    column<BaselineRow>("Infra failures", (r) => String(r.infrastructureFailures)),
  ];
  return [
    `Overall rows of ${reports.length} run${reports.length === 1 ? "" : "s"} (${seeds} seed${seeds === "1" ? "" : "s"} each, step clock), from each run's report.json: episode success with its SE, 95% bootstrap interval over episodes and spread over seeds, task success, step F1, success-weighted efficiency (SWE) mean ± sd with its 95% interval, and pass^k over an episode's seeds.`,
    "",
    ...renderTable(columns, rows),
  ].join("\n");
}

function agentName(report: SuiteReport): string {
  return report.provider === "reference" ? report.model : `${report.provider}/${report.model}`;
}
