import type { JsonObject, JsonValue } from "../json.js";

/** One HTTP exchange as --log-requests keeps it (keys redacted by the caller of `log`). */
export interface Exchange {
  readonly url: string;
  readonly attempt: number;
  /** Secrets (authorization, keys, tokens, cookies) replaced by "[redacted]". */
  readonly headers: Readonly<Record<string, string>>;
  readonly request: JsonValue;
  readonly status: number | null;
  readonly response: string | null;
  readonly error: string | null;
}

export type ExchangeLog = (exchange: Exchange) => void;

/**
 * The conversation as the runner keeps it, independent of any provider: each client translates it
 * to its own wire format on every request, so one agent loop serves every API.
 */

/** A tool offered to the model: an MCP tool's name, description and input schema (translated). */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonObject;
}

/** A tool call as the model made it. `args` is null when its arguments are not a JSON object. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly args: JsonObject | null;
  /** The arguments exactly as the model sent them (a JSON string for OpenAI), echoed back in the history. */
  readonly raw: string;
}

/** What the model is told about one of its calls. */
export interface ToolResult {
  readonly callId: string;
  readonly name: string;
  readonly text: string;
  readonly isError: boolean;
}

export type ChatMessage =
  | { readonly role: "user"; readonly text: string }
  | {
      readonly role: "assistant";
      readonly text: string;
      readonly calls: readonly ToolCall[];
      /**
       * The provider's reasoning blocks (Anthropic `thinking` / `redacted_thinking`, with their
       * signatures), echoed back verbatim: the API requires them before the tool calls they led to.
       */
      readonly reasoning?: readonly JsonObject[];
    }
  | { readonly role: "tool"; readonly results: readonly ToolResult[] };

/** Tokens one response cost, as the endpoint reported them (null when it did not). */
export interface Usage {
  /** Every prompt token, cached or not. */
  readonly inputTokens: number;
  /** Of inputTokens, those read from the provider's prompt cache (billed lower). */
  readonly cachedInputTokens: number;
  /** Every generated token, reasoning included. */
  readonly outputTokens: number;
  /** Of outputTokens, those spent reasoning (when the endpoint says). */
  readonly reasoningTokens: number;
}

/**
 * Why the model's response ended: it called tools, it was done, its output hit the token cap
 * (truncated), or something else the provider named (kept verbatim in `rawStop`).
 */
export type StopKind = "tool_calls" | "end" | "length" | "other";

export interface ModelReply {
  readonly text: string;
  readonly calls: readonly ToolCall[];
  readonly stop: StopKind;
  readonly rawStop: string | null;
  readonly usage: Usage | null;
  /** Reasoning blocks to keep in the history (see ChatMessage). */
  readonly reasoning: readonly JsonObject[];
  /** HTTP attempts this turn took (1 when no retry was needed). */
  readonly attempts: number;
}

export interface ModelRequest {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSpec[];
  /** Most output tokens for this response. */
  readonly maxOutputTokens: number;
  /** false asks for at most one tool call per turn (the sequential ablation); null: the endpoint's default. */
  readonly parallelToolCalls: boolean | null;
  /** The model turn (1-based): how a refused request is scoped (see FailureScope). */
  readonly turn: number;
  /** Aborts the request (the run is being interrupted). */
  readonly signal?: AbortSignal;
  /** Where raw exchanges go (--log-requests). */
  readonly exchangeLog?: ExchangeLog;
}

/** A retry the HTTP layer made, reported so it can be recorded. */
export interface RetryInfo {
  readonly attempt: number;
  /** HTTP status, or null for a network failure or a timeout. */
  readonly status: number | null;
  readonly error: string;
  readonly waitMs: number;
}

export interface ModelClient {
  readonly provider: string;
  readonly model: string;
  complete(request: ModelRequest, onRetry: (retry: RetryInfo) => void): Promise<ModelReply>;
}
