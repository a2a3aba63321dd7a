import { describe, expect, it } from "vitest";
import type { AgentTools, ToolReply } from "../../src/agents/agent-tools.js";
import type { EpisodeConnection, EpisodeNote } from "../../src/agents/episode-connection.js";
import { DEFAULT_LIMITS } from "../../src/runner/agent-limits.js";
import { runModelAgent } from "../../src/runner/model-agent.js";
import type { ModelClient, ModelReply, ModelRequest, ToolCall } from "../../src/runner/types.js";

/** A model that plays fixed turns and keeps every request it got. */
function scriptedModel(turns: readonly (readonly ToolCall[])[]): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    provider: "test",
    model: "scripted",
    requests,
    async complete(request): Promise<ModelReply> {
      requests.push(structuredClone(request));
      const calls = turns[requests.length - 1] ?? [];
      return {
        text: "",
        calls,
        stop: calls.length ? "tool_calls" : "end",
        rawStop: null,
        usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0 },
        reasoning: [],
        attempts: 1,
      };
    },
  };
}

const call = (id: string, name: string, args: Record<string, string> = {}): ToolCall => ({
  id,
  name,
  args,
  raw: JSON.stringify(args),
});
const reply = (text: string, extra: Partial<ToolReply> = {}): ToolReply => ({
  isError: false,
  structured: undefined,
  text,
  code: undefined,
  ...extra,
});

function link(tools: AgentTools): Pick<EpisodeConnection, "tools" | "instructions" | "listTools"> & {
  note: (n: EpisodeNote) => void;
  notes: EpisodeNote[];
} {
  const notes: EpisodeNote[] = [];
  return { tools, listTools: async () => [], instructions: "brief", note: (n) => notes.push(n), notes };
}

describe("the model agent", () => {
  it("answers a tool call that hangs with a timeout error the model reads, and goes on", async () => {
    const l = link({
      call: (name) => (name === "slow" ? new Promise(() => {}) : Promise.resolve(reply(`${name} ok`))),
    });
    const model = scriptedModel([[call("1", "slow"), call("2", "quick")], []]);
    // The deadline passes at once for every call; the quick call answers first all the same.
    const outcome = await runModelAgent(l, model, { ...DEFAULT_LIMITS, toolTimeoutMs: 5_000 }, () =>
      Promise.resolve(),
    );
    expect(outcome.stop).toBe("model_done");
    const results = model.requests[1]?.messages.at(-1);
    expect(results).toMatchObject({
      role: "tool",
      results: [
        {
          callId: "1",
          isError: true,
          text: expect.stringMatching(/^\[TOOL_CALL_TIMEOUT\] slow did not answer within 5 s/),
        },
        { callId: "2", isError: false, text: "quick ok" },
      ],
    });
    expect(l.notes.filter((n) => n.data.kind === "tool_timeout")).toMatchObject([
      { level: "warn", data: { tool: "slow", timeoutMs: 5_000 } },
    ]);
  });

  it("stops when a call fails in transport, telling why", async () => {
    const l = link({ call: () => Promise.reject(new Error("socket hang up")) });
    const outcome = await runModelAgent(l, scriptedModel([[call("1", "fetch")]]), DEFAULT_LIMITS);
    expect(outcome.stop).toBe("runner_error");
    expect(outcome.error?.message).toContain("socket hang up");
    expect(l.notes.map((n) => n.data.kind)).toEqual([
      "start",
      "turn",
      "tool_failure",
      "tool_results",
      "stop",
    ]);
  });

  it("stops when a reply says the episode is over", async () => {
    const l = link({
      call: () => Promise.resolve(reply("[EPISODE_OVER] over", { isError: true, code: "EPISODE_OVER" })),
    });
    const model = scriptedModel([[call("1", "fetch")], [call("2", "fetch")]]);
    const outcome = await runModelAgent(l, model, DEFAULT_LIMITS);
    expect(outcome.stop).toBe("episode_over");
    expect(model.requests).toHaveLength(1);
  });

  it("notes once that the endpoint reports no usage, and then cannot hold the token budget", async () => {
    const l = link({ call: () => Promise.resolve(reply("ok")) });
    let n = 0;
    const model: ModelClient = {
      provider: "test",
      model: "no-usage",
      complete: async () => ({
        text: "",
        calls: n++ < 3 ? [call(String(n), "fetch")] : [],
        stop: "tool_calls",
        rawStop: null,
        usage: null,
        reasoning: [],
        attempts: 1,
      }),
    };
    const outcome = await runModelAgent(l, model, { ...DEFAULT_LIMITS, maxTokens: 1 });
    expect(outcome).toMatchObject({ stop: "model_done", turns: 4, tokens: 0 });
    expect(l.notes.filter((x) => x.data.kind === "usage_missing")).toHaveLength(1);
    expect(l.notes.find((x) => x.data.kind === "turn")?.data).toMatchObject({
      inputTokens: null,
      outputTokens: null,
    });
  });

  it("cuts a long tool result for the model, and notes it", async () => {
    const l = link({ call: () => Promise.resolve(reply("x".repeat(50))) });
    const model = scriptedModel([[call("1", "fetch")], []]);
    await runModelAgent(l, model, { ...DEFAULT_LIMITS, maxResultChars: 10 });
    const results = model.requests[1]?.messages.at(-1) as unknown as { results: { text: string }[] };
    expect(results.results[0]?.text).toBe(`${"x".repeat(10)}\n[cut: 40 more characters]`);
    expect(l.notes.find((n) => n.data.kind === "truncated")?.data).toMatchObject({
      what: "tool_result",
      chars: 50,
      kept: 10,
    });
  });
});
