import { z } from "zod";
import { isJsonObject, type JsonObject } from "../json.js";
import { postJson, type RetryPolicy, type Sleep } from "./http.js";
import type { ChatMessage, ModelClient, ModelReply, StopKind, ToolCall } from "./types.js";

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

export interface ProviderConfig {
  readonly model: string;
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly temperature: number | undefined;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
}

// Loose objects: providers and compatible servers add fields of their own.
const toolCallSchema = z.looseObject({
  id: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.unknown().optional() }),
});
const responseSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({
          content: z
            .union([z.string(), z.array(z.looseObject({ text: z.string().optional() })), z.null()])
            .optional(),
          tool_calls: z.array(toolCallSchema).nullable().optional(),
        }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z
    .looseObject({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() })
    .nullable()
    .optional(),
});

/**
 * OpenAI Chat Completions (`POST {base}/chat/completions`), which vLLM, Ollama and the
 * llama.cpp server also speak: `tools` of type function, `tool_calls` with JSON-string
 * arguments, results as `role: "tool"` messages.
 */
export function openAiClient(config: ProviderConfig): ModelClient {
  const url = `${config.baseUrl}/chat/completions`;
  // OpenAI's newer models refuse max_tokens; local servers often know only max_tokens.
  const tokenField = config.baseUrl === OPENAI_BASE_URL ? "max_completion_tokens" : "max_tokens";
  return {
    provider: "openai",
    model: config.model,
    async complete(request, onRetry) {
      const body = {
        model: config.model,
        messages: [{ role: "system", content: request.system }, ...request.messages.flatMap(toWire)],
        ...(request.tools.length > 0
          ? {
              tools: request.tools.map((t) => ({
                type: "function",
                function: { name: t.name, description: t.description, parameters: t.parameters },
              })),
            }
          : {}),
        [tokenField]: request.maxOutputTokens,
        ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
      };
      const headers: Record<string, string> = config.apiKey
        ? { authorization: `Bearer ${config.apiKey}` }
        : {};
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

function toWire(message: ChatMessage): object[] {
  switch (message.role) {
    case "user":
      return [{ role: "user", content: message.text }];
    case "assistant":
      return [
        message.calls.length > 0
          ? {
              role: "assistant",
              content: message.text === "" ? null : message.text,
              tool_calls: message.calls.map((c) => ({
                id: c.id,
                type: "function",
                function: { name: c.name, arguments: c.raw },
              })),
            }
          : { role: "assistant", content: message.text },
      ];
    case "tool":
      return message.results.map((r) => ({ role: "tool", tool_call_id: r.callId, content: r.text }));
  }
}

function readReply(body: z.infer<typeof responseSchema>, turn: number): Omit<ModelReply, "attempts"> {
  const choice = body.choices[0] as (typeof body.choices)[number];
  const content = choice.message.content;
  const text = typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? "").join("");
  const calls: ToolCall[] = (choice.message.tool_calls ?? []).map((call, i) => {
    const { args, raw } = readArguments(call.function.arguments);
    // Some local servers omit ids; the history needs one to pair each result with its call.
    return { id: call.id ?? `call_${turn}_${i}`, name: call.function.name, args, raw };
  });
  const rawStop = choice.finish_reason ?? null;
  const usage = body.usage;
  return {
    text,
    calls,
    stop: stopKind(rawStop, calls.length),
    rawStop,
    usage:
      usage && typeof usage.prompt_tokens === "number" && typeof usage.completion_tokens === "number"
        ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }
        : null,
  };
}

/** Arguments come as a JSON string (some servers send an object, or "" for none). */
export function readArguments(value: unknown): { args: JsonObject | null; raw: string } {
  if (isJsonObject(value)) return { args: value, raw: JSON.stringify(value) };
  if (value === undefined || value === null) return { args: {}, raw: "{}" };
  if (typeof value !== "string") return { args: null, raw: JSON.stringify(value) };
  if (value.trim() === "") return { args: {}, raw: value };
  try {
    const parsed: unknown = JSON.parse(value);
    return { args: isJsonObject(parsed) ? parsed : null, raw: value };
  } catch {
    return { args: null, raw: value };
  }
}

function stopKind(reason: string | null, calls: number): StopKind {
  if (reason === "length") return "length";
  if (calls > 0) return "tool_calls";
  return reason === "stop" ? "end" : "other";
}
