import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../../src/runner/http.js";
import { readArguments } from "../../src/runner/openai.js";
import { duration, Progress } from "../../src/runner/progress.js";
import { checkHttpUrl, publicUrl } from "../../src/runner/providers.js";
import type { ScoredEpisode } from "../../src/runner/suite.js";
import { toolSpecs } from "../../src/runner/tool-schema.js";

describe("tool schemas for providers", () => {
  it("drop meta keywords, keep descriptions and argument names, and always give an object with properties", () => {
    const [spec, bare] = toolSpecs([
      {
        name: "fetch",
        description: "Fetches.",
        inputSchema: {
          $schema: "https://json-schema.org/draft/2020-12/schema",
          type: "object",
          properties: { $id: { type: "string", $comment: "x", description: "an argument named $id" } },
          additionalProperties: false,
        },
      },
      { name: "finish", title: "Finish", inputSchema: {} },
    ]);
    expect(spec).toEqual({
      name: "fetch",
      description: "Fetches.",
      parameters: {
        type: "object",
        properties: { $id: { type: "string", description: "an argument named $id" } },
        additionalProperties: false,
      },
    });
    expect(bare).toEqual({
      name: "finish",
      description: "Finish",
      parameters: { type: "object", properties: {} },
    });
  });
});

describe("OpenAI tool-call arguments", () => {
  it.each([
    ['{"key":"a"}', { key: "a" }],
    ["", {}],
    [{ key: "a" }, { key: "a" }],
    ["{not json", null],
    ["[1,2]", null],
    [42, null],
  ])("%j reads as %j", (value, args) => {
    expect(readArguments(value).args).toEqual(args);
  });
});

describe("Retry-After", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it("reads ms, seconds and dates, and caps them", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterMs(headers({ "retry-after": new Date(10_000).toUTCString() }), () => 4_000)).toBe(6000);
    expect(retryAfterMs(headers({ "retry-after": "86400" }))).toBe(300_000);
    expect(retryAfterMs(headers({}))).toBeNull();
    expect(retryAfterMs(headers({ "retry-after": "soon" }))).toBeNull();
  });
});

describe("URLs", () => {
  it("are checked, and written down without credentials", () => {
    expect(checkHttpUrl("http://127.0.0.1:8000/v1/", "--base-url")).toBe("http://127.0.0.1:8000/v1");
    expect(() => checkHttpUrl("ftp://x", "--base-url")).toThrow(/not http/);
    expect(publicUrl("https://user:pw@host/v1?key=secret")).toBe("https://host/v1");
  });
});

describe("progress", () => {
  const scored = (success: boolean, stop: string | null = "episode_over") =>
    ({
      episode: { scenario: { id: "s" }, seed: 1, mode: "async", clock: "step" },
      metrics: { episodeSuccess: success, tasks: [{ success }] },
      stats: { stop, turns: 3, inputTokens: 10, outputTokens: 5, costUsd: null, retries: 1, failure: null },
    }) as unknown as ScoredEpisode;

  it("counts successes and failures and estimates the time left over the concurrency", () => {
    const p = new Progress(5, 2);
    expect(p.bar()).toBe("[------------------------] 0/5 episodes · 0/0 succeeded · ETA …");
    p.take({ type: "skipped", scored: scored(true) });
    p.take({ type: "done", scored: scored(false, "model_error"), ms: 60_000 });
    // 3 left, 2 at once, a minute each: two more rounds.
    expect(p.etaMs()).toBe(120_000);
    expect(p.bar(10)).toBe("[####------] 2/5 episodes · 1/2 succeeded · 1 failed · ETA 2m 00s");
    expect(p.line({ type: "done", scored: scored(true), ms: 1 })).toBe(
      "[2/5] s seed 1 async/step: success (1/1 tasks) · 3 turns · 15 tokens · 1 retry · ETA 2m 00s",
    );
    expect(duration(3_725_000)).toBe("1h 02m");
  });
});
