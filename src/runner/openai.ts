import { z } from "zod";
import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import { postJson } from "./http.js";
import { defaultTokenField, endpointUrl, type ProviderConfig, requestHeaders } from "./provider-config.js";
import type { ChatMessage, ModelClient, ModelReply, StopKind, ToolCall } from "./types.js";

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

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
    .looseObject({
      prompt_tokens: z.number().optional(),
      completion_tokens: z.number().optional(),
      prompt_tokens_details: z
        .looseObject({ cached_tokens: z.number().nullable().optional() })
        .nullable()
        .optional(),
      completion_tokens_details: z
        .looseObject({ reasoning_tokens: z.number().nullable().optional() })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});

/**
 * OpenAI Chat Completions (`POST {base}/chat/completions`), which vLLM, Ollama and the
 * llama.cpp server also speak: `tools` of type function, `tool_calls` with JSON-string
 * arguments, results as `role: "tool"` messages.
 */
export function openAiClient(config: ProviderConfig): ModelClient {
  const url = endpointUrl(config.baseUrl, "/chat/completions");
  const tokenField = config.tokenField ?? defaultTokenField(config.model, config.baseUrl === OPENAI_BASE_URL);
  const c = config.controls;
  const headers = requestHeaders(config, {}, (key) => ({ authorization: `Bearer ${key}` }));
  return {
    provider: "openai",
    model: config.model,
    async complete(request, onRetry) {
      const tools = request.tools.length > 0;
      const body: JsonObject = {
        model: config.model,
        messages: [{ role: "system", content: request.system }, ...request.messages.flatMap(toWire)],
        ...(tools
          ? {
              tools: request.tools.map((t) => ({
                type: "function",
                function: { name: t.name, description: t.description, parameters: t.parameters },
              })),
            }
          : {}),
        [tokenField]: request.maxOutputTokens,
        ...(c.temperature !== undefined ? { temperature: c.temperature } : {}),
        ...(c.topP !== undefined ? { top_p: c.topP } : {}),
        ...(c.seed !== undefined ? { seed: c.seed } : {}),
        ...(c.stop !== undefined ? { stop: [...c.stop] } : {}),
        ...(c.reasoningEffort !== undefined ? { reasoning_effort: c.reasoningEffort } : {}),
        ...(tools && c.toolChoice !== undefined ? { tool_choice: openAiToolChoice(c.toolChoice) } : {}),
        ...(tools && request.parallelToolCalls !== null
          ? { parallel_tool_calls: request.parallelToolCalls }
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

function openAiToolChoice(choice: string): JsonValue {
  return choice === "auto" || choice === "required" || choice === "none"
    ? choice
    : { type: "function", function: { name: choice } };
}

function toWire(message: ChatMessage): JsonObject[] {
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
        ? {
            inputTokens: usage.prompt_tokens,
            cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
            outputTokens: usage.completion_tokens,
            reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
          }
        : null,
    reasoning: [],
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
