import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readRunnerLog } from "../../src/runner/runner-log.js";
import type { HttpServer } from "../../src/transports/http.js";
import { type FakeModel, startFakeModel } from "./fake-model.js";
import { evalArgsFor, recordingsIn, reportIn, runEval } from "./run-eval.js";
import { scenarioInput, serveSuite, solver, writeSuite } from "./suite-fixture.js";

let dir: string;
let fake: FakeModel;
let server: HttpServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-url-"));
  await writeSuite(join(dir, "suite"), [scenarioInput("alpha"), scenarioInput("gamma", "solo")]);
  fake = await startFakeModel(solver());
  server = await serveSuite(join(dir, "suite"), join(dir, "server-recordings"));
});

afterEach(async () => {
  await server.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe("asynctool eval --url (a running server)", () => {
  it("plays each episode in its own session, keeps runner logs, and scores the server's recordings", async () => {
    const out = join(dir, "out");
    const { error, exit } = await runEval([
      ...evalArgsFor(fake, join(dir, "suite"), out),
      "--url",
      server.url,
      "--server-recordings",
      join(dir, "server-recordings"),
      "--mode",
      "async",
      "sync",
    ]);
    expect(error).toBeUndefined();
    expect(exit).toBe(0);
    // The server recorded each episode as the runner asked for it.
    const recordings = await recordingsIn(join(dir, "server-recordings"));
    expect(
      recordings.map((r) => [r.header.scenario.id, r.header.mode, r.header.client?.name]).sort(),
    ).toEqual([
      ["alpha", "async", "asynctool-eval:openai/m"],
      ["alpha", "sync", "asynctool-eval:openai/m"],
      ["gamma", "async", "asynctool-eval:openai/m"],
      ["gamma", "sync", "asynctool-eval:openai/m"],
    ]);
    expect(recordings.every((r) => r.end?.status === "completed")).toBe(true);
    // The runner's notes are in its own logs, one per episode, naming the MCP session.
    const logs = (await readdir(join(out, "runner-logs"))).sort();
    expect(logs).toEqual([
      "alpha.s1.async.step.jsonl",
      "alpha.s1.sync.step.jsonl",
      "gamma.s1.async.step.jsonl",
      "gamma.s1.sync.step.jsonl",
    ]);
    const log = readRunnerLog(join(out, "runner-logs", "alpha.s1.async.step.jsonl"));
    expect(log?.complete).toBe(true);
    expect(log?.header).toMatchObject({
      runner: { provider: "openai", model: "m" },
      episode: { scenario: "alpha", seed: 1 },
    });
    expect(recordings.some((r) => r.header.session === log?.header.session)).toBe(true);
    expect(log?.notes.map((n) => n.kind)).toEqual([
      "start",
      "turn",
      "tool_results",
      "turn",
      "tool_results",
      "turn",
      "malformed_call",
      "tool_results",
      "turn",
      "tool_results",
      "turn",
      "tool_results",
      "stop",
    ]);

    const report = await reportIn(out);
    expect(report.overall.map((r) => [r.mode, r.runs, r.scored, r.episodeSuccess])).toEqual([
      ["async", 2, 2, 1],
      ["sync", 2, 2, 1],
    ]);
    expect(report.ablation).toMatchObject([{ variant: "sync", pairs: 2, delta: 0 }]);
    expect(report.episodes[0]).toMatchObject({
      turns: 5,
      malformedCalls: 1,
      file: "runner-logs/alpha.s1.async.step.jsonl",
    });
  });

  it("without the server's recordings, reports the runner's figures and says how to score", async () => {
    const out = join(dir, "out");
    const { io } = await runEval([
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      fake.openaiBase,
      "--scenario",
      "gamma",
      "--suite",
      join(dir, "suite"),
      "--out",
      out,
      "--url",
      server.url,
    ]);
    const report = await reportIn(out);
    expect(report.overall[0]).toMatchObject({ runs: 1, scored: 0, episodeSuccess: null, meanTurns: 3 });
    expect(io.stderr()).toContain("not scored here");
    expect(io.stderr()).toContain("asynctool report <its recordings directory>");
  });
});
