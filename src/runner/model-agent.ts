import type { EpisodeConnection, EpisodeNoteSink } from "../agents/episode-connection.js";
import { AsyncToolError, messageOf } from "../errors.js";
import type { AgentLimits } from "./agent-limits.js";
import type { NoteSink, StopReason } from "./notes.js";
import { type Deadline, executeCall, realDeadline } from "./tool-calls.js";
import { toolSpecs } from "./tool-schema.js";
import type { ChatMessage, ExchangeLog, ModelClient, Usage } from "./types.js";

/**
 * What the model is told besides the server's brief. Kept neutral on purpose: how to cope with
 * slow tools is what the benchmark measures, so the runner does not coach it.
 */
export const SYSTEM_PROMPT =
  "You are an agent connected to tools through an MCP server. The user's message is the server's brief for " +
  "this episode. Use the tools to complete every task, and give each task's answer with submit_answer.";

/**
 * What a nudge says (--nudge): sent after a reply without tool calls, while nudges are left.
 * Neutral like the system prompt: it asks the model to go on, it does not say how.
 */
export const NUDGE_TEXT =
  "Continue: complete every task with the tools, and give each task's answer with submit_answer.";

/** The evaluation choices of a run beyond its budgets. */
export interface AgentOptions {
  readonly systemPrompt: string;
  /** Continue prompts after a text-only reply, per episode (0: such a reply ends the episode). */
  readonly nudges: number;
  /** false: at most one tool call per turn is asked for (the sequential ablation); null: the endpoint's default. */
  readonly parallelToolCalls: boolean | null;
  /** Aborts the episode (the run is interrupted and its grace period is over). */
  readonly signal?: AbortSignal;
  /** Called after each model turn, for the progress display. */
  readonly onTurn?: (turn: TurnProgress) => void;
  /** Where raw model exchanges go (--log-requests). */
  readonly exchangeLog?: ExchangeLog;
  /** A turn's cost in USD, or null when the model has no price. */
  readonly cost?: (usage: Usage) => number | null;
}

export interface TurnProgress {
  readonly turn: number;
  readonly calls: number;
  readonly usage: Usage | null;
  readonly costUsd: number | null;
}

export const DEFAULT_AGENT_OPTIONS: AgentOptions = {
  systemPrompt: SYSTEM_PROMPT,
  nudges: 0,
  parallelToolCalls: null,
};

/** A rough token count of text the model has not yet read (about four characters a token), to hold the budget within a turn. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export interface AgentOutcome {
  readonly stop: StopReason;
  readonly turns: number;
  readonly tokens: number;
  readonly error: Error | null;
  /** The error dooms every episode (refused key or request, the endpoint down, an interruption): no further episode should start. */
  readonly fatal: boolean;
}

/**
 * The model agent: gives the model the brief and the tools, runs the tool calls of each turn
 * through MCP (in parallel, as the model made them), feeds the results back, and stops when the
 * episode ends, the model stops calling tools, or a budget is spent. Every turn, retry, timeout,
 * truncation and malformed call is noted, to `note` (the recording, or the runner log).
 */
export async function runModelAgent(
  episode: Pick<EpisodeConnection, "tools" | "instructions" | "listTools"> & {
    readonly note: EpisodeNoteSink;
  },
  model: ModelClient,
  limits: AgentLimits,
  deadline: Deadline = realDeadline,
  options: AgentOptions = DEFAULT_AGENT_OPTIONS,
): Promise<AgentOutcome> {
  const note: NoteSink = episode.note;
  const tools = toolSpecs(await episode.listTools());
  const messages: ChatMessage[] = [{ role: "user", text: episode.instructions }];
  let turns = 0;
  let tokens = 0;
  let costUsd: number | null = 0;
  let nudgesLeft = options.nudges;
  let usageWarned = false;
  /** What the next request's prompt will hold at least: the last prompt and reply, and what was added since. */
  let expectedInput = 0;
  let usageSeen = false;
  note({
    level: "info",
    message: `runner: ${model.provider}/${model.model} starts, with ${tools.length} tools`,
    data: {
      kind: "start",
      provider: model.provider,
      model: model.model,
      system: options.systemPrompt,
      tools: tools.map((t) => t.name),
      limits: { ...limits },
      nudges: options.nudges,
      ...(options.nudges > 0 ? { nudge: NUDGE_TEXT } : {}),
      parallelToolCalls: options.parallelToolCalls,
    },
  });
  const stop = (
    reason: StopReason,
    level: "info" | "warn" | "error",
    why: string,
    error: Error | null = null,
  ) => {
    note({
      level,
      message: `runner: stopped: ${why}`,
      data: {
        kind: "stop",
        reason,
        turns,
        tokens,
        costUsd,
        ...(error
          ? {
              error: messageOf(error),
              code: error instanceof AsyncToolError ? error.code : null,
              scope: error instanceof AsyncToolError ? String(error.details.scope ?? "episode") : "episode",
            }
          : {}),
      },
    });
    const fatal =
      reason === "interrupted" ||
      (error instanceof AsyncToolError &&
        (error.code === "MODEL_UNAVAILABLE" || error.details.scope === "run"));
    return { stop: reason, turns, tokens, error, fatal };
  };

  for (;;) {
    if (options.signal?.aborted) return stop("interrupted", "warn", "the run was interrupted");
    if (turns >= limits.maxTurns)
      return stop("turn_budget", "warn", `the turn budget (${limits.maxTurns}) is spent`);
    const left = limits.maxTokens - tokens;
    if (left <= 0) return stop("token_budget", "warn", `the token budget (${limits.maxTokens}) is spent`);
    // The prompt alone would spend what is left: stop before the request rather than overshoot.
    // (Only once the endpoint has reported usage: without it the estimate has nothing to stand on.)
    if (usageSeen && expectedInput >= left) {
      return stop(
        "token_budget",
        "warn",
        `the token budget (${limits.maxTokens}) would be spent by the next prompt alone (about ${expectedInput} tokens, ${left} left)`,
      );
    }
    turns += 1;
    const turn = turns;
    const started = performance.now();
    const maxOutputTokens = Math.max(
      1,
      Math.min(limits.maxOutputTokens, usageSeen ? left - expectedInput : left),
    );
    let reply: Awaited<ReturnType<ModelClient["complete"]>>;
    try {
      reply = await model.complete(
        {
          system: options.systemPrompt,
          messages,
          tools: tools,
          maxOutputTokens,
          parallelToolCalls: options.parallelToolCalls,
          turn,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.exchangeLog ? { exchangeLog: options.exchangeLog } : {}),
        },
        (retry) =>
          note({
            level: "warn",
            message: `runner: model request of turn ${turn} failed (${retry.error}); retry ${retry.attempt} in ${retry.waitMs} ms`,
            data: {
              kind: "retry",
              turn,
              attempt: retry.attempt,
              status: retry.status,
              error: retry.error,
              waitMs: retry.waitMs,
            },
          }),
      );
    } catch (error) {
      const e = asError(error);
      if (e instanceof AsyncToolError && e.code === "INTERRUPTED")
        return stop("interrupted", "warn", "the run was interrupted during a model request");
      if (e instanceof AsyncToolError && e.details.contextLength === true)
        return stop(
          "context_length",
          "warn",
          `the conversation outgrew the model's context at turn ${turn}`,
          e,
        );
      return stop("model_error", "error", `the model request of turn ${turn} failed`, e);
    }
    const usage = reply.usage;
    const turnCost = usage && options.cost ? options.cost(usage) : null;
    if (usage) {
      usageSeen = true;
      tokens += usage.inputTokens + usage.outputTokens;
      expectedInput = usage.inputTokens + usage.outputTokens;
    }
    costUsd = costUsd === null || turnCost === null ? null : costUsd + turnCost;
    note({
      level: "info",
      message: `runner: model turn ${turn}: ${reply.calls.length} tool call${reply.calls.length === 1 ? "" : "s"}, ${usage ? `${usage.inputTokens} in + ${usage.outputTokens} out tokens` : "usage not reported"}`,
      data: {
        kind: "turn",
        turn,
        attempts: reply.attempts,
        latencyMs: Math.round(performance.now() - started),
        stop: reply.rawStop,
        inputTokens: usage?.inputTokens ?? null,
        cachedInputTokens: usage?.cachedInputTokens ?? null,
        outputTokens: usage?.outputTokens ?? null,
        reasoningTokens: usage?.reasoningTokens ?? null,
        costUsd: turnCost,
        totalTokens: tokens,
        maxOutputTokens,
        // The model's words in full: the transcript is part of the evidence.
        text: reply.text,
        textChars: reply.text.length,
        ...(reply.reasoning.length > 0 ? { reasoning: [...reply.reasoning] } : {}),
        calls: reply.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.raw })),
      },
    });
    options.onTurn?.({ turn, calls: reply.calls.length, usage, costUsd: turnCost });
    if (!usage && !usageWarned) {
      usageWarned = true;
      note({
        level: "warn",
        message: "runner: the endpoint reports no token usage, so the token budget cannot be enforced",
        data: { kind: "usage_missing", turn },
      });
    }
    if (reply.stop === "length") {
      note({
        level: "warn",
        message: `runner: the model's output of turn ${turn} was cut at the output token limit`,
        data: { kind: "truncated", what: "model_output", turn, limit: maxOutputTokens },
      });
    }
    messages.push({
      role: "assistant",
      text: reply.text,
      calls: reply.calls,
      ...(reply.reasoning.length > 0 ? { reasoning: reply.reasoning } : {}),
    });
    if (tokens > limits.maxTokens) {
      return stop(
        "token_budget",
        "warn",
        `the token budget (${limits.maxTokens}) is spent (${tokens} tokens: the prompt was longer than foreseen)`,
      );
    }
    if (reply.calls.length === 0) {
      if (nudgesLeft <= 0) return stop("model_done", "info", "the model answered without calling a tool");
      nudgesLeft -= 1;
      note({
        level: "info",
        message: `runner: the model answered without calling a tool at turn ${turn}; nudged to continue (${options.nudges - nudgesLeft} of ${options.nudges})`,
        data: { kind: "nudge", turn, text: NUDGE_TEXT },
      });
      messages.push({ role: "user", text: NUDGE_TEXT });
      expectedInput += estimateTokens(NUDGE_TEXT.length);
      continue;
    }
    const outcomes = await Promise.all(
      reply.calls.map((call) => executeCall(episode.tools, note, call, turn, limits, deadline)),
    );
    const results = outcomes.map((o) => o.result);
    messages.push({ role: "tool", results });
    expectedInput += estimateTokens(results.reduce((n, r) => n + r.text.length, 0));
    note({
      level: "info",
      message: `runner: turn ${turn}: ${results.length} tool result${results.length === 1 ? "" : "s"} given to the model`,
      data: {
        kind: "tool_results",
        turn,
        results: results.map((r) => ({ id: r.callId, tool: r.name, isError: r.isError, text: r.text })),
      },
    });
    if (outcomes.some((o) => o.over)) return stop("episode_over", "info", "the episode has ended");
    const broken = outcomes.find((o) => o.broken);
    if (broken)
      return stop("runner_error", "error", "a tool call failed in transport", new Error(broken.result.text));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
