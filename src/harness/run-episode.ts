import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentProtocol, toolsFor } from "../agents/episode-connection.js";
import { type AgentName, type AgentRunSummary, AgentStopped, runAgent } from "../agents/index.js";
import { type Era, openEpisode, type TransportName } from "../client/open-episode.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import { computeMetrics, type Metrics } from "../metrics/index.js";
import { serverInfo } from "../paths.js";
import type { Recording } from "../recorder/format.js";
import type { MemoryRecordingWriter } from "../recorder/memory-writer.js";
import { readRecording } from "../recorder/reader.js";
import type { Scenario } from "../scenarios/scenario.js";

export interface EpisodeRunOptions {
  readonly agent: AgentName;
  readonly scenario: Scenario;
  readonly seed?: number;
  readonly mode?: DeliveryMode;
  readonly clock?: ClockKind;
  readonly timeScale?: number;
  /** memory (default): server and client in this process; stdio: a `serve` child process; http: a local HTTP server. */
  readonly transport?: TransportName;
  /**
   * How the agent acts: through the job tools (default), or through MCP Tasks, which needs the
   * server in tasks mode (src/client/tasks-tools.ts).
   */
  readonly protocol?: AgentProtocol;
  /**
   * The protocol era the agent speaks: 2025-11-25 (default, the v1 client) or 2026-07-28 (over
   * http or stdio only; `protocol` tasks is then the Tasks extension, src/client/tasks-extension-tools.ts).
   */
  readonly era?: Era;
  /** Where the recording goes; null (default) keeps it in memory (a temporary directory for stdio). */
  readonly recordingsDir?: string | null;
  readonly session?: Partial<Omit<SessionOptions, "scenario" | "seed" | "mode" | "clock">>;
}

export interface EpisodeRunResult {
  readonly agent: AgentRunSummary;
  /** Why the agent stopped early, if it did. */
  readonly stopped: string | undefined;
  readonly recording: Recording;
  /** The recording's file, when it was written to one. */
  readonly recordingFile: string | undefined;
  readonly metrics: Metrics;
}

/**
 * Runs one reference agent through one episode over a real transport and scores the recording.
 * What `run`, `demo`, the dataset's check and the benchmarks share.
 */
export async function runEpisode(options: EpisodeRunOptions): Promise<EpisodeRunResult> {
  const seed = options.seed ?? 1;
  const mode = options.mode ?? options.scenario.mode;
  const clock = options.clock ?? options.scenario.clock;
  const transport = options.transport ?? "memory";
  if (options.protocol === "tasks" && mode !== "tasks")
    throw new AsyncToolError(
      "USAGE",
      `The tasks protocol needs a server in tasks mode, and this episode runs in ${mode} mode: use --mode tasks (or leave --mode out).`,
    );
  // A child process or a server can only hand its recording over through a file.
  const ownDir =
    transport !== "memory" && !options.recordingsDir
      ? mkdtempSync(join(tmpdir(), "asynctool-run-"))
      : undefined;
  const dir = options.recordingsDir ?? ownDir ?? null;
  const identity = { name: `asynctool-${options.agent}`, version: serverInfo.version };
  const sessionOptions: SessionOptions = {
    server: serverInfo,
    sessionId: `${options.agent}-${options.scenario.id}-${seed}`,
    recordingsDir: dir,
    ...options.session,
    scenario: options.scenario,
    seed,
    mode,
    clock,
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
  };
  const before = new Set(dir ? safeList(dir) : []);
  const connection = await openEpisode(transport, sessionOptions, identity, options.era);
  let agent: AgentRunSummary;
  let stopped: string | undefined;
  try {
    agent = await runAgent(options.agent, toolsFor(connection, options.protocol), {
      scenario: options.scenario,
      seed,
      mode,
      clock,
    });
  } catch (error) {
    if (!(error instanceof AgentStopped)) throw error;
    stopped = error.message;
    agent = { agent: options.agent, calls: 0, toolErrors: 0, finished: false };
  } finally {
    await connection.close();
  }
  let recording: Recording;
  let recordingFile: string | undefined;
  if (dir) {
    const created = safeList(dir).filter((f) => !before.has(f) && f.endsWith(".jsonl"));
    if (created.length !== 1)
      throw new Error(`expected one new recording in ${dir}, found ${created.length}`);
    recordingFile = join(dir, created[0] as string);
    recording = await readRecording(recordingFile);
    if (ownDir) {
      rmSync(ownDir, { recursive: true, force: true });
      recordingFile = undefined;
    }
  } else {
    const sink = connection.server?.session.sink as MemoryRecordingWriter | undefined;
    if (!sink) throw new Error("the in-memory session never started, so there is no recording");
    recording = sink.recording();
  }
  return { agent, stopped, recording, recordingFile, metrics: computeMetrics(options.scenario, recording) };
}

/** The in-memory run, the common case. */
export function runEpisodeInMemory(options: Omit<EpisodeRunOptions, "transport">): Promise<EpisodeRunResult> {
  return runEpisode({ ...options, transport: "memory" });
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
