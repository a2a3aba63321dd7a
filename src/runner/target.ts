import type { EpisodeConnection, EpisodeNoteSink } from "../agents/episode-connection.js";
import { AsyncToolError, messageOf } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { Recording } from "../recorder/format.js";
import type { PlannedEpisode } from "./episodes.js";
import type { AgentOutcome } from "./model-agent.js";
import type { NoteSink, StopReason } from "./notes.js";

/**
 * Opens the MCP session of an episode (in process or over HTTP; the CLI gives it from
 * src/client/): the runner never imports the SDK or a transport, so it sees only this.
 */
export type Connector = (episode: PlannedEpisode) => Promise<EpisodeConnection>;

/** What is known of an episode once it has run: its recording (when readable here) and the runner's notes. */
export interface EpisodeRecord {
  readonly episode: PlannedEpisode;
  /** The file that makes the episode count as done: its recording, or its runner log. */
  readonly file: string;
  readonly recording: Recording | null;
  readonly notes: readonly JsonObject[];
}

/** Where a run's episodes are played and kept: the in-process server, or a running one. */
export interface EpisodeTarget {
  /** The episode's record if it ran to its end before (for --resume), else null. */
  finished(episode: PlannedEpisode): Promise<EpisodeRecord | null>;
  /**
   * Moves records of earlier attempts out of the way (kept, never scored): those cut short, and
   * with `complete` the finished ones too (an episode run again). Returns their names.
   */
  setAside(episode: PlannedEpisode, complete: boolean): Promise<string[]>;
  run(
    episode: PlannedEpisode,
    /** The agent, handed the episode's connection with `note` set to where the target keeps notes. */
    play: (connection: EpisodeConnection & { readonly note: EpisodeNoteSink }) => Promise<AgentOutcome>,
    setAside: readonly string[],
  ): Promise<{ record: EpisodeRecord; outcome: AgentOutcome }>;
}

/** How a session the runner stops is closed: budgets and a silent model are not faults, failures are. */
export function closingFor(outcome: AgentOutcome): { status: "disconnected" | "error"; reason: string } {
  const reasons: Record<StopReason, string> = {
    episode_over: "the episode had ended",
    model_done: "the model answered without calling a tool",
    turn_budget: `the turn budget was spent (${outcome.turns} turns)`,
    token_budget: `the token budget was spent (${outcome.tokens} tokens)`,
    context_length: "the conversation outgrew the model's context window",
    interrupted: "the run was interrupted; --resume runs this episode again",
    model_error: `the model endpoint failed: ${outcome.error?.message ?? "unknown error"}`,
    agent_stopped: "the reference agent stopped without finishing the episode",
    runner_error: `the runner failed: ${outcome.error?.message ?? "unknown error"}`,
  };
  const failed =
    outcome.stop === "model_error" || outcome.stop === "runner_error" || outcome.stop === "interrupted";
  return { status: failed ? "error" : "disconnected", reason: `runner: ${reasons[outcome.stop]}` };
}

/** The note saying which cut-short attempts were set aside before this one. */
export function setAsideNote(names: readonly string[]): Parameters<NoteSink>[0] {
  return {
    level: "warn",
    message: `runner: ${names.length} earlier attempt${names.length === 1 ? " was" : "s were"} set aside: ${names.join(", ")}`,
    data: { kind: "set_aside", files: [...names] },
  };
}

/** The outcome of an episode the runner could not play: the server refused or failed it, or the agent loop threw. */
export function failedOutcome(error: unknown): AgentOutcome {
  return {
    stop: "runner_error",
    turns: 0,
    tokens: 0,
    error: error instanceof Error ? error : new Error(String(error)),
    // A refusal every later episode would meet alike (scope "run") stops the run.
    fatal: error instanceof AsyncToolError && error.details.scope === "run",
  };
}

export function failureNote(error: unknown): Parameters<NoteSink>[0] {
  return {
    level: "error",
    message: `runner: failed: ${messageOf(error)}`,
    data: { kind: "stop", reason: "runner_error", error: messageOf(error) },
  };
}
