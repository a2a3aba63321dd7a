import { existsSync } from "node:fs";
import { mkdir, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import type { EpisodeConnection, EpisodeNoteSink } from "../agents/episode-connection.js";
import { AsyncToolError } from "../errors.js";
import type { JsonObject } from "../json.js";
import { recordingFileName } from "../recorder/file-name.js";
import type { Recording } from "../recorder/format.js";
import { readRecording } from "../recorder/reader.js";
import type { PlannedEpisode } from "./episodes.js";
import { checkSameScenario } from "./in-process-target.js";
import type { AgentOutcome } from "./model-agent.js";
import { RUNNER_LOG_FORMAT, type RunnerLogHeader, RunnerLogWriter, readRunnerLog } from "./runner-log.js";
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
 * Episodes played against a running server (`--url`). The server keeps the recordings; the
 * runner keeps a runner log per episode under `runner-logs/<key>.jsonl`, which is what makes an
 * episode count as done. When the server's recordings directory is readable here, each
 * episode's recording is found by its MCP session id and scored.
 */
export class UrlTarget implements EpisodeTarget {
  constructor(
    readonly logsDir: string,
    readonly setAsideDir: string,
    private readonly connect: Connector,
    /** The server's --recordings directory, when it is on this machine; null: no scores here. */
    readonly serverRecordingsDir: string | null,
    /** Facts for each log's header (runner, provider, model, server URL). */
    private readonly facts: JsonObject,
  ) {}

  #path(episode: PlannedEpisode): string {
    return join(this.logsDir, `${episode.key}.jsonl`);
  }

  async finished(episode: PlannedEpisode): Promise<EpisodeRecord | null> {
    const file = this.#path(episode);
    const log = readRunnerLog(file);
    if (!log?.complete) return null;
    const session = typeof log.header.session === "string" ? log.header.session : null;
    const recording = await this.#serverRecording(episode, session);
    if (recording) checkSameScenario(episode, recording, file);
    return { episode, file, recording, notes: log.notes };
  }

  async setAside(episode: PlannedEpisode, complete: boolean): Promise<string[]> {
    const file = this.#path(episode);
    if (!existsSync(file) || (!complete && readRunnerLog(file)?.complete)) return [];
    await mkdir(this.setAsideDir, { recursive: true });
    const name = `${episode.key}.${Date.now()}.jsonl`;
    await rename(file, join(this.setAsideDir, name));
    return [name];
  }

  async run(
    episode: PlannedEpisode,
    play: (connection: EpisodeConnection & { readonly note: EpisodeNoteSink }) => Promise<AgentOutcome>,
    setAside: readonly string[],
  ): Promise<{ record: EpisodeRecord; outcome: AgentOutcome }> {
    const file = this.#path(episode);
    const header = (session: string | null): RunnerLogHeader => ({
      type: "header",
      format: RUNNER_LOG_FORMAT,
      version: 1,
      session,
      startedAt: new Date().toISOString(),
      episode: {
        key: episode.key,
        scenario: episode.scenario.id,
        hash: episode.scenario.hash,
        seed: episode.seed,
        mode: episode.mode,
        clock: episode.clock,
      },
      ...this.facts,
    });
    let outcome: AgentOutcome;
    let log: RunnerLogWriter;
    let session: string | null = null;
    try {
      const connection = await this.connect(episode);
      session = connection.sessionId ?? null;
      log = new RunnerLogWriter(file, header(session));
      const note = log.note.bind(log);
      if (setAside.length > 0) note(setAsideNote(setAside));
      try {
        outcome = await play({ ...connection, note });
      } catch (error) {
        note(failureNote(error));
        outcome = failedOutcome(error);
      }
      const { status, reason } = closingFor(outcome);
      await connection.close(status, reason).catch(() => {});
    } catch (error) {
      if (error instanceof AsyncToolError && error.code === "RECORDING_WRITE") throw error;
      // The server could not be reached: the episode is recorded as failed, and the run goes on.
      log = new RunnerLogWriter(file, header(null));
      log.note(failureNote(error));
      outcome = failedOutcome(error);
    }
    log.end({ stop: outcome.stop, turns: outcome.turns, tokens: outcome.tokens });
    const written = readRunnerLog(file);
    return {
      record: {
        episode,
        file,
        recording: await this.#serverRecording(episode, session),
        notes: written?.notes ?? [],
      },
      outcome,
    };
  }

  async #serverRecording(episode: PlannedEpisode, session: string | null): Promise<Recording | null> {
    if (!this.serverRecordingsDir || !session) return null;
    const sample = recordingFileName(new Date(0), episode.scenario.id, session);
    const suffix = sample.slice(sample.indexOf("_"));
    const names = await readdir(this.serverRecordingsDir).catch(() => [] as string[]);
    const name = names.find((n) => n.endsWith(suffix));
    if (!name) return null;
    return readRecording(join(this.serverRecordingsDir, name)).catch(() => null);
  }
}
