import { access, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { AsyncToolError } from "../errors.js";
import { computeMetrics } from "../metrics/compute.js";
import { shippedScenariosDir } from "../paths.js";
import type { RecordingHeader } from "../recorder/format.js";
import {
  type AggregateEntry,
  aggregate,
  aggregateJson,
  renderAggregateMarkdown,
} from "../report/aggregate.js";
import { buildReport, reportJsonPieces } from "../report/build.js";
import { renderHtml } from "../report/html.js";
import { renderMarkdown } from "../report/markdown.js";
import { loadScenarioFile, loadScenariosAt } from "../scenarios/loader.js";
import { proxyScenario, snapshotOf } from "../scenarios/proxy-scenario.js";
import type { Scenario } from "../scenarios/scenario.js";
import { type Output, outPieces } from "./output.js";
import { displayPath, userRecordingsDir } from "./paths.js";
import { readFolded } from "./read-folded.js";

interface ReportOptions {
  json?: boolean;
  detail?: boolean;
  markdown?: boolean;
  html?: string;
  scenarios: string[];
  includeProbes?: boolean;
}

export function reportCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command("report")
    .description(
      "Score recorded sessions: the AsyncTool metrics of one recording (with a timeline), or one table over many.",
    )
    .argument(
      "[recordings...]",
      "recording files (.jsonl), or directories of them (searched recursively); default: the directory `serve` records into",
    )
    .option("--json", "print JSON")
    .option(
      "--detail",
      "with --json, one recording: also the per-call fields (each call's marks on the timeline, idle intervals, duplicate calls, task switches), left out by default",
    )
    .option("--markdown", "print Markdown (the default)")
    .option("--html <file>", "also write a self-contained HTML page with the timeline (one recording only)")
    .option(
      "--include-probes",
      "score the recordings of sessions that made no tool call too (left out of tables by default)",
    )
    .option(
      "--scenarios <dir>",
      "where to find the scenario files the recordings ran (repeatable; default: the shipped scenarios)",
      (dir: string, dirs: string[]) => [...dirs, dir],
      [],
    )
    .addHelpText(
      "after",
      "\nOne recording gives its full report; several, or a directory, give a table grouped by client, scenario,\n" +
        "mode and clock (with pass^k when seeds repeat) and a line per recording. A recording's scenario is the\n" +
        "file its header names if its content hash matches, else the file with the same id and hash under the\n" +
        "--scenarios directories. With no path, the recordings `serve` wrote to its default directory.\n" +
        "The JSON of one recording grows with its tasks and jobs, not its calls: the per-call fields are in it\n" +
        "only with --detail (its `omitted` lists the ones left out).\n\n" +
        "Examples:\n  asynctool report\n  asynctool report recordings/2026-06-02-s_7Yq2.jsonl --html report.html\n" +
        "  asynctool report recordings/ --json\n  asynctool report run.jsonl --json --detail\n  asynctool report run.jsonl --scenarios my-scenarios/",
    )
    .action(async (given: string[], options: ReportOptions) => {
      if (options.json && options.markdown) {
        throw new AsyncToolError("USAGE", "Choose one of --json and --markdown (Markdown is the default).");
      }
      if (options.detail && !options.json) {
        throw new AsyncToolError("USAGE", "--detail adds per-call fields to the JSON: give it with --json.");
      }
      const paths = given.length > 0 ? given : [userRecordingsDir()];
      if (given.length === 0) {
        const dir = paths[0] as string;
        if (!(await stat(dir).catch(() => null))?.isDirectory())
          throw new AsyncToolError(
            "RECORDING_NOT_FOUND",
            `No recordings yet in ${dir}, where \`serve\` records by default. Serve a session first, or name recording files or directories.`,
            { where: dir },
          );
        io.err(`Reading ${dir}`);
      }
      const files = await expandRecordings(paths);
      const finder = new ScenarioFinder(
        options.scenarios.length > 0 ? options.scenarios : [shippedScenariosDir],
      );
      const emptyNote = emptyRecordingsNote(files.empty);
      if (emptyNote) io.err(emptyNote);
      if (files.single) {
        const { file } = files.list[0] as RecordingFile;
        const read = await readFolded(file);
        const scenario = await finder.find(read.frame.header, file);
        const recording = read.scoredAgainst(scenario);
        const report = buildReport(scenario, recording, computeMetrics(scenario, recording));
        const detail = options.detail === true;
        if (options.json) await outPieces(io, reportJsonPieces(report, { detail }));
        else io.out(renderMarkdown(report));
        if (options.html) await writeHtml(options.html, renderHtml(report), io);
        return;
      }
      if (options.detail) {
        throw new AsyncToolError(
          "USAGE",
          "--detail gives the per-call fields of one recording; the table over several has none. Give a single recording file with it.",
        );
      }
      if (options.html) {
        throw new AsyncToolError(
          "USAGE",
          "--html draws the timeline of one recording; give a single recording file with it.",
        );
      }
      const entries: AggregateEntry[] = [];
      let probes = 0;
      for (const { file, name } of files.list) {
        try {
          const read = await readFolded(file);
          if (read.frame.end?.probe && !options.includeProbes) {
            probes += 1;
            continue;
          }
          const scenario = await finder.find(read.frame.header, file);
          const recording = read.scoredAgainst(scenario);
          entries.push({
            name,
            header: recording.header,
            metrics: computeMetrics(scenario, recording),
            probe: recording.end?.probe === true,
          });
        } catch (error) {
          if (!(error instanceof AsyncToolError)) throw error;
          // One bad log does not hide the others: say why, score the rest, exit 1.
          io.err(`error [${error.code}]: ${error.message}`);
          setExit(1);
        }
      }
      if (probes > 0)
        io.err(
          `Left out ${probes} probe recording${probes === 1 ? "" : "s"} (sessions that made no tool call); --include-probes scores them.`,
        );
      const table = aggregate(entries);
      io.out(options.json ? aggregateJson(table) : renderAggregateMarkdown(table));
    });
}

async function writeHtml(file: string, html: string, io: Output): Promise<void> {
  try {
    await mkdir(dirname(resolve(file)), { recursive: true });
    await writeFile(file, html, "utf8");
  } catch (error) {
    throw new AsyncToolError(
      "USAGE",
      `--html ${file}: the page cannot be written (${error instanceof Error ? error.message : String(error)}); choose a writable path.`,
      { where: file },
    );
  }
  io.err(`Wrote ${displayPath(resolve(file))}`);
}

export interface RecordingFile {
  readonly file: string;
  /** How the aggregate names it: relative to the directory given, or the file's name. */
  readonly name: string;
}

/**
 * The recordings the arguments name; `single` when one file was given (not a directory).
 * `empty` counts the empty files found in directories and left out of `list`: a server over
 * HTTP makes a session's file before it answers `initialize` and writes the header at
 * `initialized`, so an empty file is a session whose episode never started (its server was
 * killed in between), not a recording. A file named on its own is always read, and the reader
 * says it is empty.
 */
export async function expandRecordings(
  paths: readonly string[],
): Promise<{ list: RecordingFile[]; single: boolean; empty: number }> {
  const list: RecordingFile[] = [];
  let sawDir = false;
  let empty = 0;
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      sawDir = true;
      const found = await findJsonl(path);
      if (found.length === 0) {
        throw new AsyncToolError("RECORDING_NOT_FOUND", `No recordings (.jsonl files) under ${path}.`, {
          where: path,
        });
      }
      for (const file of found) {
        if ((await stat(file).catch(() => null))?.size === 0) {
          empty += 1;
          continue;
        }
        list.push({ file, name: relative(path, file).replaceAll("\\", "/") });
      }
    } else {
      // A missing file is reported by the reader, with its own message.
      list.push({ file: path, name: basename(path) });
    }
  }
  return { list, single: !sawDir && list.length === 1, empty };
}

/** What `report` and `export` say of the empty files `expandRecordings` left out, if any. */
export function emptyRecordingsNote(empty: number): string | undefined {
  if (empty === 0) return undefined;
  const files = empty === 1 ? "1 empty recording file" : `${empty} empty recording files`;
  return `Left out ${files} (sessions whose server stopped between initialize and initialized: no episode started).`;
}

async function findJsonl(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(".jsonl")) out.push(full);
    }
  };
  await walk(dir);
  return out.sort();
}

/** Content hashes are compared without a `sha256:` prefix and case. */
function normalizeHash(hash: string): string {
  return hash.replace(/^sha256:/i, "").toLowerCase();
}

/**
 * Finds the scenario a recording ran: the file its header names, when that exists and its hash
 * matches; else a file with the same id and hash under the scenario directories. A file with the
 * right id but another hash is a scenario that changed since the session: SCENARIO_MISMATCH.
 */
export class ScenarioFinder {
  readonly #dirs: readonly string[];
  #catalogue: Promise<Map<string, Scenario[]>> | undefined;

  constructor(dirs: readonly string[]) {
    this.#dirs = dirs;
  }

  async find(header: RecordingHeader, recordingFile: string): Promise<Scenario> {
    const wanted = normalizeHash(header.scenario.hash);
    // A proxy's recording carries its scenario (the upstream's tools, the config) in its header.
    const proxied = snapshotOf(header.options);
    if (proxied) {
      const scenario = proxyScenario(proxied);
      if (normalizeHash(scenario.hash) === wanted) return scenario;
      throw new AsyncToolError(
        "SCENARIO_MISMATCH",
        `${recordingFile} was recorded by a proxy, but the scenario in its header does not hash to the recorded ${header.scenario.hash}: the header was edited. Score an unedited copy.`,
        { where: recordingFile },
      );
    }
    const mismatched: Scenario[] = [];
    const named = await this.#loadNamed(header, recordingFile);
    if (named) {
      if (normalizeHash(named.hash) === wanted) return named;
      mismatched.push(named);
    }
    const candidates = (await this.#load()).get(header.scenario.id) ?? [];
    const match = candidates.find((s) => normalizeHash(s.hash) === wanted);
    if (match) return match;
    mismatched.push(...candidates);
    const id = JSON.stringify(header.scenario.id);
    if (mismatched.length > 0) {
      const files = [
        ...new Set(
          mismatched.map((s) => `${s.file ? displayPath(s.file) : "(no file)"} (hash ${short(s.hash)})`),
        ),
      ];
      throw new AsyncToolError(
        "SCENARIO_MISMATCH",
        `${recordingFile} ran scenario ${id} with content hash ${short(header.scenario.hash)}, but ${files.join(", ")} ${files.length === 1 ? "has" : "have"} another: the file changed after the session. Restore the version the session ran (e.g. from version control) into a directory and pass it with --scenarios DIR.`,
        { where: recordingFile, scenario: header.scenario.id, hash: header.scenario.hash },
      );
    }
    throw new AsyncToolError(
      "SCENARIO_NOT_FOUND",
      `${recordingFile} ran scenario ${id}, which is in none of ${this.#dirs.map((d) => displayPath(d)).join(", ")}${header.scenario.file ? ` (and its file ${header.scenario.file} was not found)` : ""}. Pass the directory that holds it with --scenarios DIR.`,
      { where: recordingFile, scenario: header.scenario.id },
    );
  }

  /** The file the header names, tried as given and next to the recording; null if absent or invalid. */
  async #loadNamed(header: RecordingHeader, recordingFile: string): Promise<Scenario | null> {
    const file = header.scenario.file;
    if (!file) return null;
    const tries = isAbsolute(file) ? [file] : [resolve(file), resolve(dirname(recordingFile), file)];
    for (const path of tries) {
      if (
        !(await access(path).then(
          () => true,
          () => false,
        ))
      )
        continue;
      try {
        const scenario = await loadScenarioFile(path);
        if (scenario.id === header.scenario.id) return scenario;
      } catch (error) {
        if (!(error instanceof AsyncToolError)) throw error;
      }
    }
    return null;
  }

  /** Every valid scenario under the directories, by id; loaded once. Invalid files are skipped here. */
  #load(): Promise<Map<string, Scenario[]>> {
    this.#catalogue ??= (async () => {
      const byId = new Map<string, Scenario[]>();
      for (const dir of this.#dirs) {
        const outcomes = await loadScenariosAt(dir).catch((error: unknown) => {
          if (error instanceof AsyncToolError && error.code === "SCENARIO_NOT_FOUND") {
            throw new AsyncToolError("USAGE", `--scenarios ${dir}: no such file or directory.`, {
              where: dir,
            });
          }
          throw error;
        });
        for (const { scenario } of outcomes) {
          if (!scenario) continue;
          const list = byId.get(scenario.id) ?? [];
          list.push(scenario);
          byId.set(scenario.id, list);
        }
      }
      return byId;
    })();
    return this.#catalogue;
  }
}

function short(hash: string): string {
  return `${normalizeHash(hash).slice(0, 12)}…`;
}
