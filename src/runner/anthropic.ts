import { z } from "zod";
import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import { postJson } from "./http.js";
import { endpointUrl, type ProviderConfig, requestHeaders } from "./provider-config.js";
import type { ChatMessage, ModelClient, ModelReply, StopKind, ToolCall } from "./types.js";

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";
export const ANTHROPIC_VERSION = "2023-06-01";

const blockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  thinking: z.string().optional(),
  signature: z.string().optional(),
  data: z.string().optional(),
});
const responseSchema = z.looseObject({
  content: z.array(blockSchema),
  stop_reason: z.string().nullable().optional(),
  usage: z
    .looseObject({
      input_tokens: z.number().optional(),
      output_tokens: z.number().optional(),
      cache_creation_input_tokens: z.number().nullable().optional(),
      cache_read_input_tokens: z.number().nullable().optional(),
    })
    .optional(),
});

/**
 * Anthropic Messages (`POST {base}/v1/messages`; a base given with `/v1` works too): `tools`
 * with `input_schema`, `tool_use` blocks in the answer, results as `tool_result` blocks of the
 * next user message, and with --thinking-budget the `thinking` blocks (signed) echoed back
 * unchanged before the tool calls they led to, as the API requires.
 */
export function anthropicClient(config: ProviderConfig): ModelClient {
  const url = endpointUrl(config.baseUrl.replace(/\/v1(?=\/*($|\?))/, ""), "/v1/messages");
  const c = config.controls;
  const headers = requestHeaders(config, { "anthropic-version": ANTHROPIC_VERSION }, (key) => ({
    "x-api-key": key,
  }));
  return {
    provider: "anthropic",
    model: config.model,
    async complete(request, onRetry) {
      const tools = request.tools.length > 0;
      const choice = tools ? anthropicToolChoice(c.toolChoice, request.parallelToolCalls) : null;
      const body: JsonObject = {
        model: config.model,
        max_tokens: request.maxOutputTokens,
        system: request.system,
        messages: request.messages.map(toWire),
        ...(tools
          ? {
              tools: request.tools.map((t) => ({
                name: t.name,
                description: t.description,
                input_schema: t.parameters,
              })),
            }
          : {}),
        ...(choice ? { tool_choice: choice } : {}),
        ...(c.temperature !== undefined ? { temperature: c.temperature } : {}),
        ...(c.topP !== undefined ? { top_p: c.topP } : {}),
        ...(c.stop !== undefined ? { stop_sequences: [...c.stop] } : {}),
        ...(c.thinkingBudget !== undefined
          ? { thinking: { type: "enabled", budget_tokens: c.thinkingBudget } }
          : {}),
        ...config.bodyExtra,
      };
      const { value, attempts } = await postJson(url, headers, body, {
        policy: config.policy,
        env: config.env,
        onRetry,
        turn: request.turn,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.exchangeLog ? { exchangeLog: request.exchangeLog } : {}),
        parse: (json) => readReply(responseSchema.parse(json), request.messages.length),
      });
      return { ...value, attempts };
    },
  };
}

/** tool_choice in Anthropic's words; parallel calls are switched off inside it. null: the default. */
function anthropicToolChoice(choice: string | undefined, parallel: boolean | null): JsonObject | null {
  if (choice === undefined && parallel !== false) return null;
  const base: JsonObject =
    choice === undefined || choice === "auto"
      ? { type: "auto" }
      : choice === "required"
        ? { type: "any" }
        : choice === "none"
          ? { type: "none" }
          : { type: "tool", name: choice };
  return parallel === false && base.type !== "none" ? { ...base, disable_parallel_tool_use: true } : base;
}

function toWire(message: ChatMessage): JsonObject {
  switch (message.role) {
    case "user":
      return { role: "user", content: message.text };
    case "assistant": {
      const blocks: JsonValue[] = [
        ...(message.reasoning ?? []),
        ...(message.text === "" ? [] : [{ type: "text", text: message.text }]),
        // A call whose input was not an object is echoed with {}: the API accepts only objects here.
        ...message.calls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: c.args ?? {} })),
      ];
      return { role: "assistant", content: blocks };
    }
    case "tool":
      return {
        role: "user",
        content: message.results.map((r) => ({
          type: "tool_result",
          tool_use_id: r.callId,
          content: r.text,
          ...(r.isError ? { is_error: true } : {}),
        })),
      };
  }
}

function readReply(body: z.infer<typeof responseSchema>, turn: number): Omit<ModelReply, "attempts"> {
  const text = body.content
    .filter((b) => b.type === "text")
    .map((b) => b.text ?? "")
    .join("");
  const calls: ToolCall[] = body.content
    .filter((b) => b.type === "tool_use")
    .map((b, i) => {
      if (b.name === undefined) throw new Error("a tool_use block has no name");
      return {
        id: b.id ?? `toolu_${turn}_${i}`,
        name: b.name,
        args: isJsonObject(b.input) ? b.input : null,
        raw: JSON.stringify(b.input ?? null),
      };
    });
  const rawStop = body.stop_reason ?? null;
  const u = body.usage;
  return {
    text,
    calls,
    stop: stopKind(rawStop, calls.length),
    rawStop,
    usage:
      u && typeof u.input_tokens === "number" && typeof u.output_tokens === "number"
        ? {
            // Cached prompt tokens are input too: the budget counts what the model read.
            inputTokens:
              u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0),
            cachedInputTokens: u.cache_read_input_tokens ?? 0,
            // Thinking tokens are billed as output and not reported apart.
            outputTokens: u.output_tokens,
            reasoningTokens: 0,
          }
        : null,
    reasoning: body.content
      .filter((b) => b.type === "thinking" || b.type === "redacted_thinking")
      .map((b) => b as JsonObject),
  };
}

function stopKind(reason: string | null, calls: number): StopKind {
  if (reason === "max_tokens") return "length";
  if (calls > 0) return "tool_calls";
  return reason === "end_turn" || reason === "stop_sequence" ? "end" : "other";
}
