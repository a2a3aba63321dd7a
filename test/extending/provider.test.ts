import { describe, expect, it } from "vitest";
import { connectInMemoryStarted } from "../../src/client/connect.js";
import type { JsonObject } from "../../src/json.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { DEFAULT_LIMITS } from "../../src/runner/agent-limits.js";
import { CircuitBreaker, DEFAULT_RETRY } from "../../src/runner/http.js";
import { runModelAgent } from "../../src/runner/model-agent.js";
import type { ProviderConfig } from "../../src/runner/provider-config.js";
import {
  createModelClient,
  type ModelSettings,
  PROVIDERS,
  type ProviderEntry,
  providerNamed,
} from "../../src/runner/providers.js";
import type { ModelClient, ModelRequest } from "../../src/runner/types.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * docs/extending.md, "A provider", followed on a toy: step 1 is the client, a factory from
 * ProviderConfig to a ModelClient that turns a ModelRequest into the API's body and the API's
 * answer into a ModelReply (the toy API has a wire format of its own, and its endpoint is a
 * script); step 2 is its entry in PROVIDERS, here on a copy of the registry so `eval` is
 * untouched. The model loop then runs it against a real in-process episode.
 */

/** The toy API's wire format. */
interface ToyBody {
  readonly model: string;
  readonly temperature: number | null;
  readonly prompt: readonly JsonObject[];
  readonly functions: readonly string[];
}
interface ToyAnswer {
  readonly say: string;
  readonly invoke: readonly { ref: string; fn: string; with: JsonObject }[];
  readonly tokens: { in: number; out: number };
}
type ToyEndpoint = (body: ToyBody) => ToyAnswer;

/** Step 1, src/runner/<name>.ts: the translation both ways. */
function toyClient(config: ProviderConfig, endpoint: ToyEndpoint): ModelClient {
  return {
    provider: "toy",
    model: config.model,
    async complete(request: ModelRequest) {
      const answer = endpoint({
        model: config.model,
        temperature: config.controls.temperature ?? null,
        prompt: request.messages.map(
          (m): JsonObject =>
            m.role === "tool"
              ? { role: "tool", results: m.results.map((r) => ({ ref: r.callId, text: r.text })) }
              : { role: m.role, text: m.text },
        ),
        functions: request.tools.map((t) => t.name),
      });
      return {
        text: answer.say,
        calls: answer.invoke.map((c) => ({
          id: c.ref,
          name: c.fn,
          args: c.with,
          raw: JSON.stringify(c.with),
        })),
        stop: answer.invoke.length > 0 ? "tool_calls" : "end",
        rawStop: null,
        usage: {
          inputTokens: answer.tokens.in,
          cachedInputTokens: 0,
          outputTokens: answer.tokens.out,
          reasoningTokens: 0,
        },
        reasoning: [],
        attempts: 1,
      };
    },
  };
}

/** A scripted endpoint: answers in turn, and keeps every body it was sent. */
function scripted(answers: readonly ToyAnswer[]): ToyEndpoint & { bodies: ToyBody[] } {
  const bodies: ToyBody[] = [];
  const endpoint = (body: ToyBody): ToyAnswer => {
    bodies.push(body);
    const answer = answers[bodies.length - 1];
    if (!answer) throw new Error(`the script has no answer ${bodies.length}`);
    return answer;
  };
  return Object.assign(endpoint, { bodies });
}

/** Step 2, src/runner/providers.ts: its entry in PROVIDERS. */
function toyEntry(endpoint: ToyEndpoint): ProviderEntry {
  return {
    baseUrl: "https://toy.example/v1",
    keyVariable: "TOY_API_KEY",
    refuses: [["seed", "--seed", "the toy API has no seed"]],
    tokenField: "the toy API has no output cap",
    create: (config) => toyClient(config, endpoint),
  };
}

const settings = (more: Partial<ModelSettings> = {}): ModelSettings => ({
  provider: "toy",
  model: "toy-1",
  baseUrl: undefined,
  apiKey: "toy-key",
  apiKeyHeader: undefined,
  headers: {},
  bodyExtra: {},
  tokenField: undefined,
  controls: { temperature: 0.5 },
  policy: DEFAULT_RETRY,
  env: { sleep: async () => {}, random: () => 0, now: () => 0, breaker: new CircuitBreaker(0) },
  ...more,
});

describe("the provider recipe, on a toy", () => {
  it("is a name --provider takes once its entry is in the registry, and only then", () => {
    const providers = { ...PROVIDERS, toy: toyEntry(scripted([])) };
    expect(providerNamed("toy", providers)).toBe("toy");
    expect(() => providerNamed("toy")).toThrow(/is not one this runner speaks: use openai or anthropic/);
    expect(() => createModelClient(settings())).toThrow(/"toy" is not one this runner speaks/);
  });

  it("refuses, from its entry, a missing key and the controls its API has no field for", () => {
    const providers = { ...PROVIDERS, toy: toyEntry(scripted([])) };
    expect(() => createModelClient(settings({ apiKey: undefined }), providers)).toThrow(
      /TOY_API_KEY is not set: export your toy API key in it/,
    );
    expect(() => createModelClient(settings({ controls: { seed: 3 } }), providers)).toThrow(
      /--seed is not a control of the toy API \(the toy API has no seed\)/,
    );
    expect(() => createModelClient(settings({ tokenField: "max_tokens" }), providers)).toThrow(
      /--token-field is for OpenAI-compatible endpoints: the toy API has no output cap/,
    );
  });

  it("drives the model loop through a real episode against scripted turns", async () => {
    const endpoint = scripted([
      { say: "looking", invoke: [{ ref: "c1", fn: "list_tasks", with: {} }], tokens: { in: 10, out: 2 } },
      { say: "done", invoke: [{ ref: "c2", fn: "finish", with: {} }], tokens: { in: 20, out: 2 } },
    ]);
    const model = createModelClient(settings(), { ...PROVIDERS, toy: toyEntry(endpoint) });
    expect(model).toMatchObject({ provider: "toy", model: "toy-1" });
    const connection = await connectInMemoryStarted(
      {
        scenario: declaredScenario(),
        seed: 1,
        mode: "async",
        clock: "step",
        recordingsDir: null,
        server: { name: "asynctool-mcp", version: "test" },
        sessionId: "toy-provider",
      },
      { name: "toy-runner", version: "1" },
    );
    try {
      const note = connection.note;
      if (!note) throw new Error("an in-process episode takes notes");
      const outcome = await runModelAgent({ ...connection, note }, model, DEFAULT_LIMITS);
      expect(outcome).toMatchObject({ stop: "episode_over", turns: 2, error: null });
      // The toy body saw the settings, the brief, the episode's tools, then the list_tasks result.
      const [first, second] = endpoint.bodies;
      expect(first).toMatchObject({ model: "toy-1", temperature: 0.5 });
      expect(first?.prompt[0]).toEqual({ role: "user", text: connection.instructions });
      expect(first?.functions).toEqual(expect.arrayContaining(["list_tasks", "fetch", "finish"]));
      const results = second?.prompt.at(-1) as { role: string; results: { ref: string; text: string }[] };
      expect(results.role).toBe("tool");
      expect(results.results.map((r) => r.ref)).toEqual(["c1"]);
      expect(results.results[0]?.text).toMatch(/task/);
      const recording = (connection.server.session.sink as MemoryRecordingWriter).recording();
      const calls = recording.events.flatMap((e) => (e.type === "request" ? [e] : []));
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(recording.end).toMatchObject({ status: expect.any(String) });
    } finally {
      await connection.close();
    }
  });
});
