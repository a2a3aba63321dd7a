import type { AgentTools } from "../agents/agent-tools.js";
import { AsyncToolError, messageOf } from "../errors.js";
import { bounded, type NoteSink, type StopReason } from "./notes.js";
import { type Deadline, executeCall, realDeadline } from "./tool-calls.js";
import type { ChatMessage, ModelClient, ToolSpec } from "./types.js";

/**
 * What the model is told besides the server's brief. Kept neutral on purpose: how to cope with
 * slow tools is what the benchmark measures, so the runner does not coach it.
 */
export const SYSTEM_PROMPT =
  "You are an agent connected to tools through an MCP server. The user's message is the server's brief for " +
  "this episode. Use the tools to complete every task, and give each task's answer with submit_answer.";

/** One episode as the agent sees it: the tools to call, what to offer the model, and where notes go. */
export interface EpisodeLink {
  readonly tools: AgentTools;
  readonly toolSpecs: readonly ToolSpec[];
  /** The server's instructions: the episode brief. */
  readonly brief: string;
  readonly note: NoteSink;
}

/** The spend caps of one episode, and the runner's patience with tool calls. */
export interface AgentLimits {
  readonly maxTurns: number;
  /** Input + output tokens over the episode. */
  readonly maxTokens: number;
  /** Output tokens of one response (also cut to what is left of maxTokens). */
  readonly maxOutputTokens: number;
  readonly toolTimeoutMs: number;
  /** A tool result longer than this reaches the model cut, with a note. */
  readonly maxResultChars: number;
}

export const DEFAULT_LIMITS: AgentLimits = {
  maxTurns: 60,
  maxTokens: 500_000,
  maxOutputTokens: 4_096,
  // Above the server's 25 s wait cap, below the MCP client's own 120 s request timeout.
  toolTimeoutMs: 100_000,
  maxResultChars: 16_000,
};

export interface AgentOutcome {
  readonly stop: StopReason;
  readonly turns: number;
  readonly tokens: number;
  readonly error: Error | null;
  /** The endpoint refused the run (MODEL_UNAVAILABLE): no further episode should start. */
  readonly fatal: boolean;
}

/**
 * The model agent: gives the model the brief and the tools, runs the tool calls of each turn
 * through MCP (in parallel, as the model made them), feeds the results back, and stops when the
 * episode ends, the model stops calling tools, or a budget is spent. Every turn, retry, timeout,
 * truncation and malformed call is noted.
 */
export async function runModelAgent(
  link: EpisodeLink,
  model: ModelClient,
  limits: AgentLimits,
  deadline: Deadline = realDeadline,
): Promise<AgentOutcome> {
  const messages: ChatMessage[] = [{ role: "user", text: link.brief }];
  let turns = 0;
  let tokens = 0;
  let usageWarned = false;
  link.note({
    level: "info",
    message: `runner: ${model.provider}/${model.model} starts, with ${link.toolSpecs.length} tools`,
    data: {
      kind: "start",
      provider: model.provider,
      model: model.model,
      system: SYSTEM_PROMPT,
      tools: link.toolSpecs.map((t) => t.name),
      limits: { ...limits },
    },
  });
  const stop = (
    reason: StopReason,
    level: "info" | "warn" | "error",
    why: string,
    error: Error | null = null,
  ) => {
    link.note({
      level,
      message: `runner: stopped: ${why}`,
      data: {
        kind: "stop",
        reason,
        turns,
        tokens,
        ...(error
          ? { error: messageOf(error), code: error instanceof AsyncToolError ? error.code : null }
          : {}),
      },
    });
    const fatal = error instanceof AsyncToolError && error.code === "MODEL_UNAVAILABLE";
    return { stop: reason, turns, tokens, error, fatal };
  };

  for (;;) {
    if (turns >= limits.maxTurns)
      return stop("turn_budget", "warn", `the turn budget (${limits.maxTurns}) is spent`);
    const left = limits.maxTokens - tokens;
    if (left <= 0) return stop("token_budget", "warn", `the token budget (${limits.maxTokens}) is spent`);
    turns += 1;
    const turn = turns;
    const started = performance.now();
    let reply: Awaited<ReturnType<ModelClient["complete"]>>;
    try {
      reply = await model.complete(
        {
          system: SYSTEM_PROMPT,
          messages,
          tools: link.toolSpecs,
          maxOutputTokens: Math.min(limits.maxOutputTokens, left),
        },
        (retry) =>
          link.note({
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
      return stop("model_error", "error", `the model request of turn ${turn} failed`, asError(error));
    }
    const usage = reply.usage;
    if (usage) tokens += usage.inputTokens + usage.outputTokens;
    const said = bounded(reply.text);
    link.note({
      level: "info",
      message: `runner: model turn ${turn}: ${reply.calls.length} tool call${reply.calls.length === 1 ? "" : "s"}, ${usage ? `${usage.inputTokens} in + ${usage.outputTokens} out tokens` : "usage not reported"}`,
      data: {
        kind: "turn",
        turn,
        attempts: reply.attempts,
        latencyMs: Math.round(performance.now() - started),
        stop: reply.rawStop,
        inputTokens: usage?.inputTokens ?? null,
        outputTokens: usage?.outputTokens ?? null,
        totalTokens: tokens,
        text: said.text,
        textChars: said.chars,
        calls: reply.calls.map((c) => ({ id: c.id, name: c.name })),
      },
    });
    if (!usage && !usageWarned) {
      usageWarned = true;
      link.note({
        level: "warn",
        message: "runner: the endpoint reports no token usage, so the token budget cannot be enforced",
        data: { kind: "usage_missing", turn },
      });
    }
    if (reply.stop === "length") {
      link.note({
        level: "warn",
        message: `runner: the model's output of turn ${turn} was cut at the output token limit`,
        data: {
          kind: "truncated",
          what: "model_output",
          turn,
          limit: Math.min(limits.maxOutputTokens, left),
        },
      });
    }
    messages.push({ role: "assistant", text: reply.text, calls: reply.calls });
    if (reply.calls.length === 0)
      return stop("model_done", "info", "the model answered without calling a tool");
    const outcomes = await Promise.all(
      reply.calls.map((call) => executeCall(link, call, turn, limits, deadline)),
    );
    messages.push({ role: "tool", results: outcomes.map((o) => o.result) });
    if (outcomes.some((o) => o.over)) return stop("episode_over", "info", "the episode has ended");
    const broken = outcomes.find((o) => o.broken);
    if (broken)
      return stop("runner_error", "error", "a tool call failed in transport", new Error(broken.result.text));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
