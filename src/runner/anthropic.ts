import { z } from "zod";
import { isJsonObject } from "../json.js";
import { postJson } from "./http.js";
import type { ProviderConfig } from "./openai.js";
import type { ChatMessage, ModelClient, ModelReply, StopKind, ToolCall } from "./types.js";

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";
export const ANTHROPIC_VERSION = "2023-06-01";

const blockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
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
 * Anthropic Messages (`POST {base}/v1/messages`): `tools` with `input_schema`, `tool_use`
 * blocks in the answer, results as `tool_result` blocks of the next user message.
 */
export function anthropicClient(config: ProviderConfig): ModelClient {
  const url = `${config.baseUrl}/v1/messages`;
  return {
    provider: "anthropic",
    model: config.model,
    async complete(request, onRetry) {
      const body = {
        model: config.model,
        max_tokens: request.maxOutputTokens,
        system: request.system,
        messages: request.messages.map(toWire),
        ...(request.tools.length > 0
          ? {
              tools: request.tools.map((t) => ({
                name: t.name,
                description: t.description,
                input_schema: t.parameters,
              })),
            }
          : {}),
        ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
      };
      const headers: Record<string, string> = {
        "anthropic-version": ANTHROPIC_VERSION,
        ...(config.apiKey ? { "x-api-key": config.apiKey } : {}),
      };
      const { value, attempts } = await postJson(url, headers, body, {
        policy: config.policy,
        sleep: config.sleep,
        onRetry,
        parse: (json) => readReply(responseSchema.parse(json), request.messages.length),
      });
      return { ...value, attempts };
    },
  };
}

function toWire(message: ChatMessage): object {
  switch (message.role) {
    case "user":
      return { role: "user", content: message.text };
    case "assistant": {
      const blocks: object[] = [
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
            outputTokens: u.output_tokens,
          }
        : null,
  };
}

function stopKind(reason: string | null, calls: number): StopKind {
  if (reason === "max_tokens") return "length";
  if (calls > 0) return "tool_calls";
  return reason === "end_turn" || reason === "stop_sequence" ? "end" : "other";
}
