import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { serverInfo } from "../../src/paths.js";
import { type FakeAnswer, type FakeModel, type FakeRequest, startFakeModel } from "./fake-model.js";
import { notesOf, recordingsIn, reportIn, runEval } from "./run-eval.js";
import { scenarioInput, solver, solveSolo, writeSuite } from "./suite-fixture.js";

let dir: string;
let fake: FakeModel | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-eval-providers-"));
  await writeSuite(join(dir, "suite"), [
    scenarioInput("alpha", "solo"),
    scenarioInput("beta", "solo"),
    scenarioInput("gamma", "solo"),
  ]);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

const base = (provider: "openai" | "anthropic") =>
  provider === "openai" ? (fake as FakeModel).openaiBase : (fake as FakeModel).anthropicBase;

const common = (provider: "openai" | "anthropic", ...more: string[]) => [
  "--provider",
  provider,
  "--model",
  "fake-model",
  "--base-url",
  base(provider),
  "--suite",
  join(dir, "suite"),
  "--out",
  join(dir, "out"),
  ...more,
];

/** The conversations the fake saw, by their first request. */
const conversations = (requests: readonly FakeRequest[]) => requests.filter((r) => r.turn === 1);

describe.each(["openai", "anthropic"] as const)("asynctool eval against %s: the error policy", (provider) => {
  it("stops the run after the first episode on a 400 every request would get, saying what to change", async () => {
    fake = await startFakeModel(() => ({
      status: 400,
      body: { error: { message: "temperature: range: 0..1" } },
    }));
    const { error, sleeps } = await runEval(common(provider, "--temperature", "1.5"));
    expect(error).toBeInstanceOf(AsyncToolError);
    expect((error as AsyncToolError).code).toBe("MODEL_REQUEST_REJECTED");
    expect((error as AsyncToolError).message).toContain("HTTP 400: temperature: range: 0..1");
    expect((error as AsyncToolError).message).toContain("every episode would fail alike, so the run stopped");
    // One request, no retry, and the two other episodes never started.
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const report = await reportIn(join(dir, "out"));
    expect(report.notRun).toBe(2);
    expect(report.infrastructureFailures).toBe(1);
  });

  it("ends only the episode when a later turn outgrows the context, and counts it as the model's failure", async () => {
    fake = await startFakeModel((request) =>
      request.scenario === "alpha" && request.turn === 2
        ? { status: 400, body: { error: { message: "This model's maximum context length is 8192 tokens" } } }
        : (solveSolo()[request.turn - 1] as FakeAnswer),
    );
    const { error, exit } = await runEval(common(provider));
    expect(error).toBeUndefined();
    expect(exit).toBe(0);
    const report = await reportIn(join(dir, "out"));
    // (An episode the server ended has no stop note: its recording closed with the end.)
    expect(report.episodes.map((e) => [e.scenario, e.stop, e.success])).toEqual([
      ["alpha", "context_length", false],
      ["beta", null, true],
      ["gamma", null, true],
    ]);
    // A context overflow is the model's: it counts in the rate (2 of 3), not as an infrastructure failure.
    expect(report.overall[0]).toMatchObject({ episodeSuccess: 2 / 3, infrastructureFailures: 0 });
  });

  it("opens the circuit breaker on a dead endpoint instead of backing off on every episode", async () => {
    // A port that was just freed: every request is refused.
    const dead = await startFakeModel(() => ({ calls: [] }));
    const deadBase = provider === "openai" ? dead.openaiBase : dead.anthropicBase;
    await dead.close();
    const { error, sleeps } = await runEval([
      "--provider",
      provider,
      "--model",
      "m",
      "--base-url",
      deadBase,
      "--suite",
      join(dir, "suite"),
      "--out",
      join(dir, "out"),
    ]);
    expect((error as AsyncToolError).code).toBe("MODEL_ENDPOINT_DOWN");
    expect((error as AsyncToolError).message).toContain("8 requests in a row");
    expect((error as AsyncToolError).message).toContain("ECONNREFUSED");
    // Episode 1: 7 attempts (6 retries, jitter at its middle: 3/4 of 1, 2, 4, 8, 16, 32 s);
    // episode 2: its first failure is the 8th in a row and opens the breaker; episode 3 never starts.
    expect(sleeps).toEqual([750, 1500, 3000, 6000, 12000, 24000]);
    const report = await reportIn(join(dir, "out"));
    expect(report.episodes.map((e) => e.scenario)).toEqual(["alpha", "beta"]);
    expect(report.notRun).toBe(1);
  });

  it("summarises a malformed answer in one line and keeps the raw body in the request log", async () => {
    let n = 0;
    fake = await startFakeModel((request) =>
      n++ === 0
        ? { raw: provider === "openai" ? { choices: [], usage: null } : { content: "nope" } }
        : (solveSolo()[request.turn - 1] as FakeAnswer),
    );
    const { error } = await runEval(common(provider, "--episodes", "alpha", "--log-requests"));
    expect(error).toBeUndefined();
    const [recording] = await recordingsIn(join(dir, "out", "recordings"));
    const retry = notesOf(recording as NonNullable<typeof recording>).find((x) => x.kind === "retry");
    expect(retry?.error).toEqual(
      provider === "openai"
        ? "the answer is not the API's response shape: an empty `choices` array (no answer) (the raw body is in the request log with --log-requests)"
        : expect.stringMatching(/^the answer is not the API's response shape: content: [^\n]+$/),
    );
    const log = (await readFile(join(dir, "out", "requests", "alpha.s1.async.step.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { attempt: number; status: number; response: string });
    expect(log[0]).toMatchObject({ attempt: 1, status: 200 });
    expect(JSON.parse(log[0]?.response ?? "null")).toEqual(
      provider === "openai" ? { choices: [], usage: null } : { content: "nope" },
    );
  });
});

describe.each(["openai", "anthropic"] as const)("asynctool eval against %s: provider options", (provider) => {
  it("sends the headers, body fields, key header, controls and User-Agent asked for", async () => {
    fake = await startFakeModel(solver());
    const key = provider === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    const suffix = provider === "openai" ? "?api-version=2024-10-21" : "";
    const { error } = await runEval(
      [
        "--provider",
        provider,
        "--model",
        "fake-model",
        // A query on the base URL stays on every request; an Anthropic base may end in /v1.
        "--base-url",
        provider === "openai" ? `${base(provider)}${suffix}` : `${base(provider)}/v1`,
        "--suite",
        join(dir, "suite"),
        "--episodes",
        "alpha",
        "--out",
        join(dir, "out"),
        "--header",
        "x-tenant=lab-7",
        "--header",
        "HTTP-Referer=https://example.org",
        "--body-json",
        '{"chat_template_kwargs":{"enable_thinking":false},"top_k":20}',
        "--api-key-header",
        "api-key",
        "--top-p",
        "0.9",
        "--stop",
        "END",
        "--tool-choice",
        "required",
        "--parallel-tool-calls",
        "false",
        ...(provider === "openai" ? ["--seed", "7", "--reasoning-effort", "low"] : []),
        "--log-requests",
      ],
      { env: { [key]: "sk-secret-test-key-123" } },
    );
    expect(error).toBeUndefined();
    const first = fake.requests[0] as FakeRequest;
    expect(first.url).toBe(provider === "openai" ? `/v1/chat/completions${suffix}` : "/v1/messages");
    expect(first.headers).toMatchObject({
      "x-tenant": "lab-7",
      "http-referer": "https://example.org",
      "api-key": "sk-secret-test-key-123",
      "user-agent": `asynctool-mcp/${serverInfo.version}`,
    });
    expect(first.headers.authorization).toBeUndefined();
    expect(first.headers["x-api-key"]).toBeUndefined();
    expect(first.body).toMatchObject({
      chat_template_kwargs: { enable_thinking: false },
      top_k: 20,
      top_p: 0.9,
    });
    if (provider === "openai") {
      expect(first.body).toMatchObject({
        seed: 7,
        stop: ["END"],
        reasoning_effort: "low",
        tool_choice: "required",
        parallel_tool_calls: false,
        // Not the official endpoint, and "fake-model" is no reasoning family: max_tokens.
        max_tokens: 4096,
      });
      expect(first.body.max_completion_tokens).toBeUndefined();
    } else {
      expect(first.body).toMatchObject({
        stop_sequences: ["END"],
        tool_choice: { type: "any", disable_parallel_tool_use: true },
        max_tokens: 4096,
      });
    }
    // The request log keeps the bodies, never the key.
    const log = await readFile(join(dir, "out", "requests", "alpha.s1.async.step.seq.jsonl"), "utf8");
    expect(log).toContain('"top_k":20');
    expect(log).not.toContain("sk-secret-test-key-123");
    expect(log).toContain('"api-key":"[redacted]"');
  });

  it("reports one call per turn against the default as an ablation, like the modes", async () => {
    fake = await startFakeModel(solver());
    const { error } = await runEval(
      common(provider, "--episodes", "alpha,beta", "--parallel-tool-calls", "true", "false"),
    );
    expect(error).toBeUndefined();
    const sent = fake.requests
      .filter((r) => r.turn === 1)
      .map((r) => (provider === "openai" ? r.body.parallel_tool_calls : r.body.tool_choice));
    expect(sent).toEqual(
      provider === "openai"
        ? [true, false, true, false]
        : [
            undefined,
            { type: "auto", disable_parallel_tool_use: true },
            undefined,
            { type: "auto", disable_parallel_tool_use: true },
          ],
    );
    const report = await reportIn(join(dir, "out"));
    expect(report.episodes.map((e) => e.key)).toEqual([
      "alpha.s1.async.step.par",
      "alpha.s1.async.step.seq",
      "beta.s1.async.step.par",
      "beta.s1.async.step.seq",
    ]);
    expect(report.ablation).toMatchObject([
      { dimension: "calls", baseline: "parallel", variant: "sequential", pairs: 2, delta: 0 },
    ]);
  });
});

describe("asynctool eval: the token field and thinking blocks", () => {
  it.each([
    ["fake-model", undefined, "max_tokens"],
    ["o3-mini", undefined, "max_completion_tokens"],
    ["openrouter/openai/gpt-5-mini", undefined, "max_completion_tokens"],
    ["fake-model", "max_completion_tokens", "max_completion_tokens"],
  ])("openai %s with --token-field %s sends %s", async (model, flag, field) => {
    fake = await startFakeModel(solver());
    const { error } = await runEval([
      "--provider",
      "openai",
      "--model",
      model,
      "--base-url",
      fake.openaiBase,
      "--suite",
      join(dir, "suite"),
      "--episodes",
      "1",
      "--out",
      join(dir, "out"),
      "--max-output-tokens",
      "333",
      ...(flag ? ["--token-field", flag] : []),
    ]);
    expect(error).toBeUndefined();
    const body = fake.requests[0]?.body ?? {};
    expect(body[field]).toBe(333);
    expect(Object.keys(body).filter((k) => k.startsWith("max_"))).toEqual([field]);
  });

  it("keeps Anthropic's signed thinking blocks in the history, before the calls they led to", async () => {
    const thinking = { thinking: "Fetch c first.", signature: "sig-abc123" };
    fake = await startFakeModel((request) => {
      const [t1, ...rest] = solveSolo() as [Extract<FakeAnswer, { calls: unknown }>, ...FakeAnswer[]];
      return ([{ ...t1, thinking }, ...rest][request.turn - 1] ?? { calls: [] }) as FakeAnswer;
    });
    const { error } = await runEval(
      common("anthropic", "--episodes", "1", "--thinking-budget", "2048", "--max-output-tokens", "4096"),
    );
    expect(error).toBeUndefined();
    expect(fake.requests[0]?.body.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    const second = fake.requests[1]?.body.messages as { role: string; content: unknown }[];
    expect(second[1]).toEqual({
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Fetch c first.", signature: "sig-abc123" },
        { type: "tool_use", id: "toolu_1_0", name: "fetch", input: { key: "c" } },
      ],
    });
    const [recording] = await recordingsIn(join(dir, "out", "recordings"));
    const turn = notesOf(recording as NonNullable<typeof recording>).find((n) => n.kind === "turn");
    expect(turn?.reasoning).toEqual([{ type: "thinking", ...thinking }]);
  });
});

describe("asynctool eval: controls of the agent and the selection", () => {
  it("nudges a model that stops to talk, as many times as asked, and records the full text", async () => {
    const long = "I will now plan. ".repeat(400);
    fake = await startFakeModel((request) => {
      // Turn 1 talks without calling a tool; then the solving turns, shifted by one.
      if (request.turn === 1) return { calls: [], text: long };
      return (solveSolo()[request.turn - 2] ?? { calls: [] }) as FakeAnswer;
    });
    const { error } = await runEval(common("openai", "--episodes", "1", "--nudge", "1"));
    expect(error).toBeUndefined();
    const [recording] = await recordingsIn(join(dir, "out", "recordings"));
    const notes = notesOf(recording as NonNullable<typeof recording>);
    expect(notes.filter((n) => n.kind === "nudge")).toHaveLength(1);
    // The whole text, not cut at 4,000 characters.
    expect(notes.find((n) => n.kind === "turn")).toMatchObject({ text: long, textChars: long.length });
    const nudged = fake.requests[1]?.body.messages as { role: string; content: string }[];
    expect(nudged.at(-1)).toEqual({
      role: "user",
      content:
        "Continue: complete every task with the tools, and give each task's answer with submit_answer.",
    });
    expect((await reportIn(join(dir, "out"))).episodes[0]).toMatchObject({ success: true, nudges: 1 });
  });

  it("replaces the system prompt with a file's text", async () => {
    fake = await startFakeModel(solver());
    await writeFile(join(dir, "prompt.txt"), "You are careful.\n", "utf8");
    await runEval(common("anthropic", "--episodes", "1", "--system-prompt", join(dir, "prompt.txt")));
    expect(fake.requests[0]?.body.system).toBe("You are careful.");
  });

  it.each([
    [
      ["--episodes", "2"],
      ["alpha", "beta"],
    ],
    [
      ["--episodes", "gamma,alpha"],
      ["gamma", "alpha"],
    ],
    [
      ["--episodes", "*a"],
      ["alpha", "beta", "gamma"],
    ],
    [["--episodes", "?eta"], ["beta"]],
    [["--category", "(declared tools)", "--episodes", "1"], ["alpha"]],
  ])("chooses the scenarios of %j", async (flags, ids) => {
    fake = await startFakeModel(solver());
    const { error } = await runEval(common("openai", ...flags));
    expect(error).toBeUndefined();
    expect(conversations(fake.requests).map((r) => r.scenario)).toEqual(ids);
  });

  it("samples the same scenarios for the same --sample-seed", async () => {
    fake = await startFakeModel(solver());
    await runEval(common("openai", "--sample", "2", "--sample-seed", "5"));
    const first = conversations(fake.requests).map((r) => r.scenario);
    fake.requests.length = 0;
    await rm(join(dir, "out"), { recursive: true });
    await runEval(common("openai", "--sample", "2", "--sample-seed", "5"));
    expect(conversations(fake.requests).map((r) => r.scenario)).toEqual(first);
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(2);
  });

  it("prices each turn and the run, with cached input apart", async () => {
    fake = await startFakeModel(solver());
    await writeFile(
      join(dir, "prices.json"),
      JSON.stringify({ "fake-model": { input: 2, cachedInput: 0.5, output: 8 } }),
      "utf8",
    );
    const { io } = await runEval(common("openai", "--episodes", "1", "--prices", join(dir, "prices.json")));
    // solveSolo takes 3 turns; the fake bills 100·t in and 10·t out at turn t: 600 in, 60 out.
    // 600 × $2/M + 60 × $8/M = $0.0012 + $0.00048 = $0.00168.
    const report = await reportIn(join(dir, "out"));
    expect(report.costUsd).toBeCloseTo(0.00168, 10);
    expect(report.episodes[0]?.costUsd).toBeCloseTo(0.00168, 10);
    expect(report.prices).toBe(`prices of ${join(dir, "prices.json")} for fake-model`);
    expect(io.stderr()).toContain("$0.0017");
  });
});

describe("asynctool eval: Ctrl-C", () => {
  it("drains on an interruption, writes a partial report, and --resume completes it to the uninterrupted report", async () => {
    // One endpoint for the three runs: it hangs on beta's first request only while `cutting`.
    const interrupt = new AbortController();
    let cutting = false;
    fake = await startFakeModel((request) => {
      if (cutting && request.scenario === "beta" && request.turn === 1) {
        interrupt.abort();
        return { hang: true };
      }
      return solver()(request);
    });
    // Uninterrupted: the three scenarios.
    await runEval(common("openai", "--out", join(dir, "whole")));
    const whole = await reportIn(join(dir, "whole"));

    // Interrupted while beta's first request hangs; the grace period is over at once.
    cutting = true;
    const out = join(dir, "cut");
    const cut = await runEval(common("openai", "--out", out), {
      interrupt: interrupt.signal,
      graceTimer: () => Promise.resolve(),
    });
    expect(cut.error).toBeUndefined();
    expect(cut.exit).toBe(130);
    expect(cut.io.stderr()).toContain(
      "Interrupted: no new episode starts; the running ones get 30 s to finish (Ctrl-C again stops them now).",
    );
    const resumeLine = `asynctool eval ${common("openai", "--out", out).join(" ")} --resume`;
    expect(cut.io.stderr()).toContain(
      `[INTERRUPTED] 1 of 3 episodes done, 2 left. Continue the run with:\n  ${resumeLine}`,
    );
    const partial = await reportIn(out);
    expect(partial.episodes.map((e) => e.scenario)).toEqual(["alpha"]);
    expect(partial.notRun).toBe(2);

    cutting = false;
    const before = fake.requests.length;
    const resumed = await runEval(resumeLine.split(" ").slice(2));
    expect(resumed.error).toBeUndefined();
    expect(resumed.exit).toBe(0);
    // beta ran again from its start; its interrupted attempt is set aside.
    expect(conversations(fake.requests.slice(before)).map((r) => r.scenario)).toEqual(["beta", "gamma"]);
    expect((await readdir(join(out, "set-aside"))).some((n) => n.includes("_beta_"))).toBe(true);
    const final = await reportIn(out);
    const withoutFiles = (r: typeof final) => ({
      ...r,
      episodes: r.episodes.map(({ file: _file, summary: _summary, ...e }) => e),
    });
    expect(withoutFiles(final)).toEqual(withoutFiles(whole));
  });
});
