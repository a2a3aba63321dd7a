import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import type { RecordingEvent } from "../recorder/format.js";

/**
 * What the runner adds to a recording, as `note` events (level, message, data): the prompt, each
 * model turn with its token usage, every retry, timeout, truncation and malformed call, and why
 * the runner stopped. `data.kind` names the note so the report can read them back.
 */
export type NoteKind =
  | "start"
  | "set_aside"
  | "turn"
  | "retry"
  | "truncated"
  | "malformed_call"
  | "tool_timeout"
  | "tool_failure"
  | "usage_missing"
  | "nudge"
  | "tool_results"
  | "stop";

export interface RunnerNote {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
  readonly data: JsonObject & { readonly kind: NoteKind };
}

/** Where notes go: the episode's recording (in process) or the runner log (against a URL). */
export type NoteSink = (note: RunnerNote) => void;

/** Why the runner stopped an episode. */
export type StopReason =
  | "episode_over" // the server ended it: every task answered, finish, or a limit
  | "model_done" // the model answered without calling a tool
  | "turn_budget"
  | "token_budget"
  | "context_length" // the conversation outgrew the model's context window: the model's failure
  | "model_error" // the endpoint failed for good: an infrastructure failure
  | "runner_error" // anything else (the connection to the server failed): an infrastructure failure
  | "interrupted" // the run was interrupted (Ctrl-C): not a result, --resume runs it again
  | "agent_stopped"; // a reference agent (`run --suite`) stopped without finishing: the agent's failure

/** Stops that say nothing of the model: kept out of the headline rates and counted apart. */
export function isInfrastructureStop(stop: StopReason | null): boolean {
  return stop === "model_error" || stop === "runner_error";
}

export interface RunnerStats {
  readonly turns: number;
  readonly inputTokens: number;
  /** Of inputTokens, read from the provider's prompt cache. */
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  /** Of outputTokens, spent reasoning (when the endpoint says). */
  readonly reasoningTokens: number;
  /** USD at the run's prices; null when a turn had no price (unknown model, no usage). */
  readonly costUsd: number | null;
  readonly nudges: number;
  /** Turns whose usage the endpoint did not report. */
  readonly turnsWithoutUsage: number;
  readonly retries: number;
  readonly toolTimeouts: number;
  readonly malformedCalls: number;
  readonly truncations: number;
  readonly stop: StopReason | null;
  /** The message of a model_error or runner_error stop. */
  readonly failure: string | null;
}

/** Long texts (the model's words, a malformed call) are kept up to this many characters. */
export const NOTE_TEXT_CHARS = 4_000;

export function bounded(text: string, max = NOTE_TEXT_CHARS): { text: string; chars: number } {
  return { text: text.length > max ? `${text.slice(0, max)}…` : text, chars: text.length };
}

/** The runner's notes in a recording's events (or a runner log's). */
export function runnerNotes(
  events: readonly RecordingEvent[] | readonly { type: string; data?: JsonValue }[],
) {
  const notes: JsonObject[] = [];
  for (const event of events) {
    if (event.type !== "note") continue;
    const data = (event as { data?: JsonValue }).data;
    if (isJsonObject(data) && typeof data.kind === "string") notes.push(data);
  }
  return notes;
}

/** Turns, tokens, retries... of one episode, read back from its notes. */
export function runnerStats(notes: readonly JsonObject[]): RunnerStats {
  let turns = 0;
  let inputTokens = 0;
  let cachedInputTokens = 0;
  let outputTokens = 0;
  let reasoningTokens = 0;
  let costUsd: number | null = 0;
  let nudges = 0;
  let turnsWithoutUsage = 0;
  let retries = 0;
  let toolTimeouts = 0;
  let malformedCalls = 0;
  let truncations = 0;
  let stop: StopReason | null = null;
  let failure: string | null = null;
  for (const note of notes) {
    switch (note.kind) {
      case "turn":
        turns += 1;
        if (typeof note.inputTokens === "number" && typeof note.outputTokens === "number") {
          inputTokens += note.inputTokens;
          outputTokens += note.outputTokens;
          cachedInputTokens += typeof note.cachedInputTokens === "number" ? note.cachedInputTokens : 0;
          reasoningTokens += typeof note.reasoningTokens === "number" ? note.reasoningTokens : 0;
        } else turnsWithoutUsage += 1;
        costUsd = costUsd !== null && typeof note.costUsd === "number" ? costUsd + note.costUsd : null;
        break;
      case "nudge":
        nudges += 1;
        break;
      case "retry":
        retries += 1;
        break;
      case "tool_timeout":
        toolTimeouts += 1;
        break;
      case "malformed_call":
        malformedCalls += 1;
        break;
      case "truncated":
        truncations += 1;
        break;
      case "stop":
        stop = typeof note.reason === "string" ? (note.reason as StopReason) : null;
        failure = typeof note.error === "string" ? note.error : null;
        break;
    }
  }
  return {
    turns,
    inputTokens,
    cachedInputTokens,
    outputTokens,
    reasoningTokens,
    costUsd: turns === 0 ? null : costUsd,
    nudges,
    turnsWithoutUsage,
    retries,
    toolTimeouts,
    malformedCalls,
    truncations,
    stop,
    failure,
  };
}
