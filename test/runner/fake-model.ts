import type { AddressInfo } from "node:net";
import express from "express";

/**
 * A local model endpoint speaking both OpenAI Chat Completions and Anthropic Messages, playing
 * what a test scripts: tool calls (parallel ones, malformed ones), plain text, or HTTP errors.
 */

export interface FakeCall {
  readonly name: string;
  /** An object, or a raw string sent as is (a malformed call when it is not a JSON object). */
  readonly args: Record<string, unknown> | string;
}

export type FakeAnswer =
  | {
      readonly calls: readonly FakeCall[];
      readonly text?: string;
      readonly truncated?: boolean;
      /** Anthropic: a signed thinking block before the text and calls. */
      readonly thinking?: { readonly thinking: string; readonly signature: string };
    }
  | { readonly raw: unknown }
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly hang: true };

export interface FakeRequest {
  readonly api: "openai" | "anthropic";
  /** 1 + the assistant messages so far. */
  readonly turn: number;
  /** The first user message: the episode brief. */
  readonly brief: string;
  /** The scenario id, read from the brief's first line. */
  readonly scenario: string;
  /** The text of every tool result the model has been given, in order. */
  readonly toolResults: readonly { text: string; isError: boolean }[];
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
  /** The path and query the request was made to. */
  readonly url: string;
}

export interface FakeModel {
  readonly openaiBase: string;
  readonly anthropicBase: string;
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

/** Tokens a turn costs in the fake: the test can work the totals out. */
export const usageOf = (turn: number) => ({ input: 100 * turn, output: 10 * turn });

export async function startFakeModel(answer: (request: FakeRequest) => FakeAnswer): Promise<FakeModel> {
  const app = express();
  app.use(express.json({ limit: "10mb" }));
  const requests: FakeRequest[] = [];
  const hanging: express.Response[] = [];
  const handle = (api: FakeRequest["api"]) => (req: express.Request, res: express.Response) => {
    const request = readRequest(api, req.body as Record<string, unknown>, req.headers, req.originalUrl);
    requests.push(request);
    const step = answer(request);
    if ("hang" in step) {
      hanging.push(res);
      return;
    }
    if ("raw" in step) {
      res.json(step.raw);
      return;
    }
    if ("status" in step) {
      res
        .status(step.status)
        .set(step.headers ?? {})
        .json(step.body ?? { error: { message: `scripted ${step.status}` } });
      return;
    }
    res.json(api === "openai" ? openAiAnswer(step, request.turn) : anthropicAnswer(step, request.turn));
  };
  app.post("/v1/chat/completions", handle("openai"));
  app.post("/v1/messages", handle("anthropic"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    openaiBase: `http://127.0.0.1:${port}/v1`,
    anthropicBase: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readRequest(
  api: FakeRequest["api"],
  body: Record<string, unknown>,
  headers: FakeRequest["headers"],
  url: string,
): FakeRequest {
  const messages = (body.messages ?? []) as Record<string, unknown>[];
  const firstUser = messages.find((m) => m.role === "user");
  const brief = typeof firstUser?.content === "string" ? firstUser.content : "";
  const toolResults: { text: string; isError: boolean }[] = [];
  for (const m of messages) {
    if (api === "openai" && m.role === "tool") {
      const text = String(m.content);
      toolResults.push({ text, isError: /^\[[A-Z_]+\]/.test(text) });
    }
    if (api === "anthropic" && m.role === "user" && Array.isArray(m.content)) {
      for (const block of m.content as Record<string, unknown>[])
        if (block.type === "tool_result")
          toolResults.push({ text: String(block.content), isError: block.is_error === true });
    }
  }
  return {
    api,
    turn: 1 + messages.filter((m) => m.role === "assistant").length,
    brief,
    scenario: /\(([A-Za-z0-9._-]+)\):/.exec(brief)?.[1] ?? "",
    toolResults,
    headers,
    body,
    url,
  };
}

type Turn = Extract<FakeAnswer, { calls: unknown }>;

function openAiAnswer(step: Turn, turn: number) {
  const usage = usageOf(turn);
  return {
    id: `chatcmpl-${turn}`,
    object: "chat.completion",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: step.text ?? null,
          ...(step.calls.length > 0
            ? {
                tool_calls: step.calls.map((c, i) => ({
                  id: `call_${turn}_${i}`,
                  type: "function",
                  function: {
                    name: c.name,
                    arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args),
                  },
                })),
              }
            : {}),
        },
        finish_reason: step.truncated ? "length" : step.calls.length > 0 ? "tool_calls" : "stop",
      },
    ],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  };
}

function anthropicAnswer(step: Turn, turn: number) {
  const usage = usageOf(turn);
  return {
    id: `msg_${turn}`,
    type: "message",
    role: "assistant",
    model: "fake",
    content: [
      ...(step.thinking ? [{ type: "thinking", ...step.thinking }] : []),
      ...(step.text ? [{ type: "text", text: step.text }] : []),
      // A malformed call: tool_use input that is not an object (what a broken proxy could send).
      ...step.calls.map((c, i) => ({
        type: "tool_use",
        id: `toolu_${turn}_${i}`,
        name: c.name,
        input: c.args,
      })),
    ],
    stop_reason: step.truncated ? "max_tokens" : step.calls.length > 0 ? "tool_use" : "end_turn",
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}
