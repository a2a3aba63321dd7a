import type { AgentTools, ToolReply } from "../agents/agent-tools.js";
import { messageOf } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { AgentLimits } from "./agent-limits.js";
import { bounded, type NoteSink } from "./notes.js";
import type { ToolCall, ToolResult } from "./types.js";

/** Resolves after `ms` unless the signal aborts first (then never). Injected so tests do not sleep. */
export type Deadline = (ms: number, signal: AbortSignal) => Promise<void>;

export const realDeadline: Deadline = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  });

interface CallOutcome {
  readonly result: ToolResult;
  /** The reply says the episode has ended. */
  readonly over: boolean;
  /** The call failed in transport: the connection to the server is likely gone. */
  readonly broken: boolean;
}

const TIMED_OUT: unique symbol = Symbol("timed out");

/**
 * Makes one tool call of the model through MCP, and words what the model is told: the reply, cut
 * if long; or an error of ours for arguments that are not an object, a call that does not
 * answer in time, or one that fails in transport. Each of those is noted.
 */
export async function executeCall(
  tools: AgentTools,
  note: NoteSink,
  call: ToolCall,
  turn: number,
  limits: AgentLimits,
  deadline: Deadline,
): Promise<CallOutcome> {
  const error = (text: string, broken = false): CallOutcome => ({
    result: { callId: call.id, name: call.name, text, isError: true },
    over: false,
    broken,
  });
  if (call.args === null) {
    const raw = bounded(call.raw, 1_000);
    note({
      level: "warn",
      message: `runner: the model's ${call.name} call of turn ${turn} has arguments that are not a JSON object; it was not made`,
      data: {
        kind: "malformed_call",
        turn,
        id: call.id,
        tool: call.name,
        raw: raw.text,
        rawChars: raw.chars,
      },
    });
    return error(
      `[TOOL_CALL_MALFORMED] The arguments of this ${call.name} call are not a JSON object, so the call was not made: ${bounded(call.raw, 200).text}. Call the tool again with a JSON object of arguments.`,
    );
  }
  const args: JsonObject = call.args;
  const stopTimer = new AbortController();
  try {
    const outcome = await Promise.race([
      tools.call(call.name, args),
      deadline(limits.toolTimeoutMs, stopTimer.signal).then((): typeof TIMED_OUT => TIMED_OUT),
    ]);
    if (outcome === TIMED_OUT) {
      note({
        level: "warn",
        message: `runner: the ${call.name} call of turn ${turn} got no answer within ${limits.toolTimeoutMs} ms; the model is told so`,
        data: { kind: "tool_timeout", turn, id: call.id, tool: call.name, timeoutMs: limits.toolTimeoutMs },
      });
      return error(
        `[TOOL_CALL_TIMEOUT] ${call.name} did not answer within ${limits.toolTimeoutMs / 1000} s, so the runner stopped waiting for it. Its outcome is unknown.`,
      );
    }
    return {
      result: resultFor(note, call, outcome, turn, limits),
      over: endsEpisode(call, outcome),
      broken: false,
    };
  } catch (failure) {
    note({
      level: "error",
      message: `runner: the ${call.name} call of turn ${turn} failed in transport: ${messageOf(failure)}`,
      data: { kind: "tool_failure", turn, id: call.id, tool: call.name, error: messageOf(failure) },
    });
    return error(`The call could not reach the server: ${messageOf(failure)}`, true);
  } finally {
    stopTimer.abort();
  }
}

function resultFor(
  note: NoteSink,
  call: ToolCall,
  reply: ToolReply,
  turn: number,
  limits: AgentLimits,
): ToolResult {
  const full = reply.text !== "" ? reply.text : JSON.stringify(reply.structured ?? {});
  let text = full;
  if (full.length > limits.maxResultChars) {
    text = `${full.slice(0, limits.maxResultChars)}\n[cut: ${full.length - limits.maxResultChars} more characters]`;
    note({
      level: "warn",
      message: `runner: the ${call.name} result of turn ${turn} was cut to ${limits.maxResultChars} characters for the model`,
      data: {
        kind: "truncated",
        what: "tool_result",
        turn,
        id: call.id,
        tool: call.name,
        chars: full.length,
        kept: limits.maxResultChars,
      },
    });
  }
  return { callId: call.id, name: call.name, text, isError: reply.isError };
}

/** Whether a reply says the episode is over (every task answered, finish, or a call after the end). */
function endsEpisode(call: ToolCall, reply: ToolReply): boolean {
  if (reply.code === "EPISODE_OVER") return true;
  if (reply.isError) return false;
  return reply.structured?.episode_over === true || call.name === "finish";
}
