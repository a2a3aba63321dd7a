import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { serverInfo } from "../../src/paths.js";
import { type FakeAnswer, type FakeModel, startFakeModel } from "./fake-model.js";
import { evalArgsFor, notesOf, recordingsIn, reportIn, runEval } from "./run-eval.js";
import { scenarioInput, solveBoth, solver, writeSuite } from "./suite-fixture.js";

let dir: string;
let fake: FakeModel | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-eval-"));
  await writeSuite(join(dir, "suite"), [scenarioInput("alpha")]);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Plays the answers in order, one per request, whatever the conversation. */
function inOrder(answers: readonly FakeAnswer[]): () => FakeAnswer {
  let i = 0;
  return () => answers[i++] ?? { calls: [], text: "out of script" };
}

const base = (provider: "openai" | "anthropic") =>
  provider === "openai" ? (fake as FakeModel).openaiBase : (fake as FakeModel).anthropicBase;

describe.each(["openai", "anthropic"] as const)("asynctool eval against a fake %s endpoint", (provider) => {
  it("plays the script through MCP and records every turn, token, retry and malformed call", async () => {
    const [t1, t2, t3, t4, t5] = solveBoth() as [FakeAnswer, FakeAnswer, FakeAnswer, FakeAnswer, FakeAnswer];
    fake = await startFakeModel(
      inOrder([t1, { status: 429, headers: { "retry-after": "2" } }, t2, t3, { status: 500 }, t4, t5]),
    );
    const out = join(dir, "out");
    const key = provider === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    const { io, exit, sleeps, error } = await runEval(
      [
        "--provider",
        provider,
        "--model",
        "fake-model",
        "--base-url",
        base(provider),
        "--scenario",
        join(dir, "suite", "alpha.json"),
        "--out",
        out,
      ],
      { env: { [key]: "sk-secret-test-key" } },
    );
    expect(error).toBeUndefined();
    expect(exit).toBe(0);

    const [recording, ...others] = await recordingsIn(join(out, "recordings"));
    expect(others).toEqual([]);
    if (!recording) throw new Error("no recording");
    expect(recording.end?.status).toBe("completed");
    expect(recording.header.client?.name).toBe(`asynctool-eval:${provider}/fake-model`);
    expect(recording.header.options?.runner).toMatchObject({
      name: "asynctool-eval",
      version: serverInfo.version,
      provider,
      model: "fake-model",
    });
    // The malformed fetch never reached the server; the parallel ones did, in the model's order.
    const tools = recording.events.flatMap((e) => (e.type === "request" ? [e.tool] : []));
    expect(tools).toEqual([
      "fetch",
      "fetch",
      "wait_for_jobs",
      "combine",
      "submit_answer",
      "wait_for_jobs",
      "submit_answer",
    ]);

    const notes = notesOf(recording);
    expect(notes.map((n) => n.kind)).toEqual([
      "start",
      "turn",
      "tool_results",
      "retry",
      "turn",
      "tool_results",
      "turn",
      "malformed_call",
      "tool_results",
      "retry",
      "turn",
      "tool_results",
      // The last results are not noted: the answer ended the episode and closed its recording
      // (the server recorded the reply itself).
      "turn",
    ]);
    const turns = notes.filter((n) => n.kind === "turn");
    expect(turns.map((n) => [n.inputTokens, n.outputTokens, n.totalTokens])).toEqual([
      [100, 10, 110],
      [200, 20, 330],
      [300, 30, 660],
      [400, 40, 1100],
      [500, 50, 1650],
    ]);
    expect(turns[1]).toMatchObject({ attempts: 2 });
    expect(notes.filter((n) => n.kind === "retry")).toMatchObject([
      { turn: 2, attempt: 1, status: 429, waitMs: 2000 },
      { turn: 4, attempt: 1, status: 500, waitMs: 750 },
    ]);
    // Retry-After: 2 s as asked; the 500's backoff: the 1 s step with the jitter at its middle (0.5 + 0.5·0.5).
    expect(sleeps).toEqual([2000, 750]);
    expect(notes.find((n) => n.kind === "malformed_call")).toMatchObject({
      turn: 3,
      tool: "fetch",
      raw: provider === "openai" ? "{not json" : '"{not json"',
    });

    // What the model was told: the malformed call came back as a tool error, after its parallel siblings.
    const last = fake.requests.at(-1);
    expect(last?.turn).toBe(5);
    const malformed = last?.toolResults.find((r) => r.text.startsWith("[TOOL_CALL_MALFORMED]"));
    expect(malformed?.isError).toBe(true);
    // The tools went out in the provider's format, without the schema meta-data.
    const first = fake.requests[0];
    const wireTools = first?.body.tools as Record<string, unknown>[];
    expect(wireTools.length).toBeGreaterThan(5);
    if (provider === "openai") {
      expect(wireTools[0]).toMatchObject({
        type: "function",
        function: { name: "fetch", parameters: { type: "object" } },
      });
      expect(first?.headers.authorization).toBe("Bearer sk-secret-test-key");
      expect(first?.body.messages).toMatchObject([{ role: "system" }, { role: "user" }]);
    } else {
      expect(wireTools[0]).toMatchObject({ name: "fetch", input_schema: { type: "object" } });
      expect(first?.headers["x-api-key"]).toBe("sk-secret-test-key");
      expect(first?.headers["anthropic-version"]).toBe("2023-06-01");
    }
    expect(JSON.stringify(first?.body)).not.toContain("$schema");
    expect(first?.brief).toContain("[chain]");
    // The key is never written down.
    const files = await Promise.all(
      ["run.json", "report.json", "report.md"].map((f) => readFile(join(out, f), "utf8")),
    );
    for (const text of files) expect(text).not.toContain("sk-secret");

    const report = await reportIn(out);
    expect(report.overall).toMatchObject([
      { group: "all", mode: "async", runs: 1, episodeSuccess: 1, taskSuccess: 1, infrastructureFailures: 0 },
    ]);
    expect(report.episodes[0]).toMatchObject({
      success: true,
      turns: 5,
      inputTokens: 1500,
      outputTokens: 150,
      retries: 2,
      malformedCalls: 1,
      endStatus: "completed",
    });
    expect(io.stdout()).toContain(`# AsyncTool: ${provider}/fake-model`);
    expect(io.stderr()).toMatch(/\[1\/1\] alpha seed 1 async\/step: success \(2\/2 tasks\)/);
  });

  it("stops at the turn budget, ending the session with the reason", async () => {
    fake = await startFakeModel(solver());
    const out = join(dir, "out");
    const { exit } = await runEval([
      "--provider",
      provider,
      "--model",
      "m",
      "--base-url",
      base(provider),
      "--scenario",
      join(dir, "suite", "alpha.json"),
      "--out",
      out,
      "--max-turns",
      "2",
    ]);
    expect(exit).toBe(0);
    const [recording] = await recordingsIn(join(out, "recordings"));
    expect(recording?.end).toMatchObject({
      status: "disconnected",
      reason: expect.stringContaining("turn budget"),
    });
    expect(notesOf(recording as NonNullable<typeof recording>).at(-1)).toMatchObject({
      kind: "stop",
      reason: "turn_budget",
      turns: 2,
    });
    expect(fake.requests).toHaveLength(2);
    expect((await reportIn(out)).episodes[0]).toMatchObject({ success: false, stop: "turn_budget" });
  });
});

describe("asynctool eval: budgets, stops and failures", () => {
  it("caps each response at what is left of the token budget, and stops when it is spent", async () => {
    fake = await startFakeModel(solver());
    const out = join(dir, "out");
    await runEval([
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      fake.openaiBase,
      "--scenario",
      join(dir, "suite", "alpha.json"),
      "--out",
      out,
      "--max-tokens",
      "250",
    ]);
    // Turn 1 spends 110 of 250; turn 2's prompt would hold those 110 and the two results given
    // since (job handles, over 30 tokens' worth of text): more than the 140 left, so no second request.
    expect(fake.requests.map((r) => r.body.max_tokens)).toEqual([250]);
    const [recording] = await recordingsIn(join(out, "recordings"));
    expect(notesOf(recording as NonNullable<typeof recording>).at(-1)).toMatchObject({
      kind: "stop",
      reason: "token_budget",
      tokens: 110,
    });
    // The first turn's calls were made; no second turn was asked for.
    expect(
      recording?.events.filter((e) => e.type === "request").map((e) => (e as { tool: string }).tool),
    ).toEqual(["fetch", "fetch"]);
  });

  it("ends when the model stops calling tools, and notes an output cut at the token limit", async () => {
    fake = await startFakeModel(inOrder([{ calls: [], text: "I would rather not", truncated: true }]));
    const out = join(dir, "out");
    await runEval([
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      fake.openaiBase,
      "--scenario",
      join(dir, "suite", "alpha.json"),
      "--out",
      out,
    ]);
    const [recording] = await recordingsIn(join(out, "recordings"));
    const notes = notesOf(recording as NonNullable<typeof recording>);
    expect(notes.map((n) => n.kind)).toEqual(["start", "turn", "truncated", "stop"]);
    expect(notes[1]).toMatchObject({ text: "I would rather not", stop: "length" });
    expect(notes.at(-1)).toMatchObject({ reason: "model_done" });
    expect(recording?.end).toMatchObject({
      status: "disconnected",
      reason: expect.stringContaining("without calling a tool"),
    });
  });

  it("records an episode whose endpoint keeps failing as failed, and goes on with the next", async () => {
    await writeSuite(join(dir, "suite"), [scenarioInput("alpha"), scenarioInput("beta")]);
    const play = solver();
    fake = await startFakeModel((request) =>
      request.scenario === "alpha" ? { status: 503 } : play(request),
    );
    const out = join(dir, "out");
    const { exit, io, sleeps } = await runEval([
      "--provider",
      "anthropic",
      "--model",
      "m",
      "--base-url",
      fake.anthropicBase,
      "--suite",
      join(dir, "suite"),
      "--out",
      out,
      "--max-retries",
      "2",
    ]);
    expect(exit).toBe(1);
    // Backoff steps of 1 s and 2 s, each with the jitter at its middle: 3/4 of the step.
    expect(sleeps).toEqual([750, 1500]);
    const [alpha, beta] = await recordingsIn(join(out, "recordings"));
    expect(alpha?.header.scenario.id).toBe("alpha");
    expect(alpha?.end).toMatchObject({
      status: "error",
      reason: expect.stringContaining("model endpoint failed"),
    });
    expect(notesOf(alpha as NonNullable<typeof alpha>).map((n) => n.kind)).toEqual([
      "start",
      "retry",
      "retry",
      "stop",
    ]);
    expect(notesOf(alpha as NonNullable<typeof alpha>).at(-1)).toMatchObject({
      reason: "model_error",
      code: "MODEL_REQUEST_FAILED",
    });
    expect(beta?.end?.status).toBe("completed");
    const report = await reportIn(out);
    // The endpoint's failure is not the model's: beta alone counts, and alpha is counted apart.
    expect(report.overall[0]).toMatchObject({ runs: 2, episodeSuccess: 1, infrastructureFailures: 1 });
    expect(io.stderr()).toContain(
      "error [INFRA_FAILURE_RATE]: 1 of 2 episodes could not be finished by the runner",
    );
  });

  it("fails an episode at once on a 400, without retrying", async () => {
    fake = await startFakeModel(() => ({ status: 400, body: { error: { message: "context too long" } } }));
    const out = join(dir, "out");
    const { sleeps } = await runEval([
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      fake.openaiBase,
      "--scenario",
      join(dir, "suite", "alpha.json"),
      "--out",
      out,
    ]);
    expect(sleeps).toEqual([]);
    const [recording] = await recordingsIn(join(out, "recordings"));
    expect(notesOf(recording as NonNullable<typeof recording>).at(-1)).toMatchObject({
      kind: "stop",
      reason: "model_error",
      error: expect.stringContaining("context too long"),
    });
  });

  it("stops the run when the endpoint refuses the key or the model, keeping the report of what ran", async () => {
    await writeSuite(join(dir, "suite"), [scenarioInput("alpha"), scenarioInput("beta")]);
    fake = await startFakeModel(() => ({ status: 401, body: { error: { message: "invalid api key" } } }));
    const out = join(dir, "out");
    const { error } = await runEval(evalArgsFor(fake, join(dir, "suite"), out));
    expect(error).toBeInstanceOf(AsyncToolError);
    expect((error as AsyncToolError).code).toBe("MODEL_UNAVAILABLE");
    expect(fake.requests).toHaveLength(1);
    const report = await reportIn(out);
    expect(report.notRun).toBe(1);
    expect(report.episodes).toMatchObject([{ scenario: "alpha", stop: "model_error", endStatus: "error" }]);
  });
});

describe("asynctool eval: progress and concurrency", () => {
  it("redraws a bar in place on a terminal", async () => {
    await writeSuite(join(dir, "suite"), [scenarioInput("alpha"), scenarioInput("beta")]);
    fake = await startFakeModel(solver());
    let raw = "";
    const { io } = await runEval(evalArgsFor(fake, join(dir, "suite"), join(dir, "out")), {
      stderrIsTty: true,
      writeErr: (text) => (raw += text),
    });
    expect(raw).toMatch(/^\[-+\] 0\/2 episodes · 0\/0 succeeded · ETA …/);
    // The bar moves with every model turn (5 per episode, tokens as the fake counts them), not only per episode.
    expect(raw).toContain(
      "\r\x1b[2K[------------------------] 0/2 episodes · 0/0 succeeded · 1 turn · 110 tokens · ETA …",
    );
    expect(raw).toContain(
      "\r\x1b[2K[############------------] 1/2 episodes · 1/1 succeeded · 5 turns · 1,650 tokens · ETA",
    );
    expect(raw).toMatch(/2\/2 episodes · 2\/2 succeeded · 10 turns · 3,300 tokens · ETA done\n$/);
    expect(io.stderr()).not.toContain("[1/2]");
  });

  it("runs episodes side by side and reports them in plan order", async () => {
    await writeSuite(join(dir, "suite"), [
      scenarioInput("alpha"),
      scenarioInput("beta"),
      scenarioInput("gamma", "solo"),
    ]);
    fake = await startFakeModel(solver());
    const out = join(dir, "out");
    await runEval([
      "--provider",
      "anthropic",
      "--model",
      "m",
      "--base-url",
      fake.anthropicBase,
      "--suite",
      join(dir, "suite"),
      "--out",
      out,
      "--seeds",
      "2",
      "--concurrency",
      "3",
    ]);
    const report = await reportIn(out);
    expect(report.episodes.map((e) => [e.key, e.success])).toEqual([
      ["alpha.s1.async.step", true],
      ["beta.s1.async.step", true],
      ["gamma.s1.async.step", true],
      ["alpha.s2.async.step", true],
      ["beta.s2.async.step", true],
      ["gamma.s2.async.step", true],
    ]);
  });
});
