import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { AsyncToolError } from "../errors.js";
import { type EpisodeView, viewEpisode } from "../exports/episode.js";
import { computeMetrics } from "../metrics/compute.js";
import { shippedScenariosDir } from "../paths.js";
import { readRecording } from "../recorder/reader.js";
import type { Output } from "./output.js";
import { displayPath } from "./paths.js";
import { emptyRecordingsNote, expandRecordings, ScenarioFinder } from "./report.js";

/** What the export commands share: reading the recordings with their scenarios, and writing the lines. */

export interface NamedEpisode {
  /** `scenario@seed:agent`, with `#k` from the second recording of the same triple on. */
  readonly name: string;
  readonly view: EpisodeView;
}

/**
 * Reads every recording (files, or directories searched recursively, in name order) and scores
 * it, one at a time. A recording that cannot be read or matched to its scenario is reported and
 * left out (exit 1), as `report` does. Names are given in input order, so the same inputs give
 * the same names.
 */
export async function* loadEpisodes(
  paths: readonly string[],
  scenarioDirs: readonly string[],
  io: Output,
  setExit: (code: number) => void,
): AsyncGenerator<NamedEpisode> {
  const files = await expandRecordings(paths);
  const emptyNote = emptyRecordingsNote(files.empty);
  if (emptyNote) io.err(emptyNote);
  const finder = new ScenarioFinder(scenarioDirs.length > 0 ? scenarioDirs : [shippedScenariosDir]);
  const seen = new Map<string, number>();
  for (const { file } of files.list) {
    let named: NamedEpisode;
    try {
      const recording = await readRecording(file);
      const scenario = await finder.find(recording.header, file);
      const view = viewEpisode(scenario, recording, computeMetrics(scenario, recording));
      const base = `${scenario.id}@${recording.header.seed}:${recording.header.client?.name ?? "unknown"}`;
      const k = (seen.get(base) ?? 0) + 1;
      seen.set(base, k);
      named = { name: k === 1 ? base : `${base}#${k}`, view };
    } catch (error) {
      if (!(error instanceof AsyncToolError)) throw error;
      io.err(`error [${error.code}]: ${error.message}`);
      setExit(1);
      continue;
    }
    yield named;
  }
}

/** JSON Lines written as they come (an export of a whole suite does not fit in one string). */
export class LinesFile {
  #handle: FileHandle | undefined;
  lines = 0;

  constructor(readonly file: string) {}

  async open(): Promise<void> {
    try {
      await mkdir(dirname(resolve(this.file)), { recursive: true });
      this.#handle = await open(this.file, "w");
    } catch (error) {
      throw new AsyncToolError(
        "USAGE",
        `--out ${this.file}: the export cannot be written (${error instanceof Error ? error.message : String(error)}); choose a writable path.`,
        { where: this.file },
      );
    }
  }

  async write(lines: readonly unknown[]): Promise<void> {
    if (lines.length === 0) return;
    await this.#handle?.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    this.lines += lines.length;
  }

  async close(io: Output): Promise<void> {
    await this.#handle?.close();
    io.err(`Wrote ${this.lines} lines to ${displayPath(resolve(this.file))}`);
  }
}

export const collect = (dir: string, dirs: string[]) => [...dirs, dir];
