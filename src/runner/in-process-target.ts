import { mkdir, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import type { EpisodeConnection, EpisodeNoteSink } from "../agents/episode-connection.js";
import { AsyncToolError } from "../errors.js";
import { recordingFileName } from "../recorder/file-name.js";
import type { Recording } from "../recorder/format.js";
import { readRecording } from "../recorder/reader.js";
import type { PlannedEpisode } from "./episodes.js";
import type { AgentOutcome } from "./model-agent.js";
import { runnerNotes } from "./notes.js";
import {
  type Connector,
  closingFor,
  type EpisodeRecord,
  type EpisodeTarget,
  failedOutcome,
  failureNote,
  setAsideNote,
} from "./target.js";

/**
 * Episodes served in this process, each recorded under `recordings/` with the episode key as
 * its session id (or what `sessionIdOf` makes of it: an episode URL's id in the 2026-07-28 era),
 * so its file ends in `_<scenario>_<key>.jsonl` whatever time it started. The runner's notes go
 * into that recording.
 */
export class InProcessTarget implements EpisodeTarget {
  constructor(
    readonly recordingsDir: string,
    readonly setAsideDir: string,
    private readonly connect: Connector,
    private readonly sessionIdOf: (episode: PlannedEpisode) => string = (episode) => episode.key,
  ) {}

  async finished(episode: PlannedEpisode): Promise<EpisodeRecord | null> {
    for (const file of await this.#files(episode)) {
      const recording = await readOrNull(file);
      if (!recording || recording.truncated) continue;
      checkSameScenario(episode, recording, file);
      return { episode, file, recording, notes: runnerNotes(recording.events) };
    }
    return null;
  }

  async setAside(episode: PlannedEpisode, complete: boolean): Promise<string[]> {
    const moved: string[] = [];
    for (const file of await this.#files(episode)) {
      const recording = await readOrNull(file);
      if (!complete && recording && !recording.truncated) continue;
      await mkdir(this.setAsideDir, { recursive: true });
      const name = file.slice(this.recordingsDir.length + 1);
      await rename(file, join(this.setAsideDir, name));
      moved.push(name);
    }
    return moved;
  }

  async run(
    episode: PlannedEpisode,
    play: (connection: EpisodeConnection & { readonly note: EpisodeNoteSink }) => Promise<AgentOutcome>,
    setAside: readonly string[],
  ): Promise<{ record: EpisodeRecord; outcome: AgentOutcome }> {
    const connection = await this.connect(episode);
    const note = connection.note;
    const path = connection.recordingPath;
    if (!note || !path) {
      await connection.close("error", "runner: no recording to write to");
      throw new AsyncToolError(
        "RECORDING_WRITE",
        `The in-process session of ${episode.key} has no recording file.`,
      );
    }
    if (setAside.length > 0) note(setAsideNote(setAside));
    let outcome: AgentOutcome;
    try {
      outcome = await play({ ...connection, note });
    } catch (error) {
      // The agent loop catches what the model and the tools do; this is a bug, kept in the recording.
      note(failureNote(error));
      outcome = failedOutcome(error);
    }
    const { status, reason } = closingFor(outcome);
    await connection.close(status, reason);
    const recording = await readRecording(path);
    return { record: { episode, file: path, recording, notes: runnerNotes(recording.events) }, outcome };
  }

  /** The recordings of an episode, oldest first (the file names start with the time). */
  async #files(episode: PlannedEpisode): Promise<string[]> {
    const sample = recordingFileName(new Date(0), episode.scenario.id, this.sessionIdOf(episode));
    const suffix = sample.slice(sample.indexOf("_"));
    let names: string[];
    try {
      names = await readdir(this.recordingsDir);
    } catch {
      return [];
    }
    return names
      .filter((name) => name.endsWith(suffix) && !name.slice(0, -suffix.length).includes("_"))
      .sort()
      .map((name) => join(this.recordingsDir, name));
  }
}

async function readOrNull(file: string): Promise<Recording | null> {
  try {
    return await readRecording(file);
  } catch (error) {
    if (error instanceof AsyncToolError) return null;
    throw error;
  }
}

/** A finished recording of another version of the scenario cannot be mixed into this run. */
export function checkSameScenario(episode: PlannedEpisode, recording: Recording, file: string): void {
  if (recording.header.scenario.hash === episode.scenario.hash) return;
  throw new AsyncToolError(
    "SCENARIO_MISMATCH",
    `${file} ran scenario ${episode.scenario.id} as it was before (content hash ${recording.header.scenario.hash.slice(0, 12)}…, now ${episode.scenario.hash.slice(0, 12)}…): the file changed since. Resume with the scenario as it was, or start a new run with another --out.`,
    { where: file },
  );
}
