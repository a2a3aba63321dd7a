import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { computeMetrics } from "../../src/metrics/index.js";
import type { Recording } from "../../src/recorder/format.js";
import { readRunnerLog } from "../../src/runner/runner-log.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import type { FakeAnswer, FakeRequest } from "./fake-model.js";
import { type FakeModel, startFakeModel } from "./fake-model.js";
import { evalArgsFor, notesOf, recordingsIn, reportIn, runEval } from "./run-eval.js";
import { drivenTurns, scenarioInput, serveSuite, solver, writeSuite } from "./suite-fixture.js";

/**
 * `eval --era 2026-07-28`: the model plays on an episode URL of an HTTP server in this process
 * (no handshake, no session), recorded under --out as in the 2025-11-25 era; with --tasks-driver
 * the client drives the Tasks extension, polling tasks/get itself.
 */

let dir: string;
let fake: FakeModel;
/** The model's turns; undefined: the suite fixture's solver (it waits for its jobs). */
let turns: (() => FakeAnswer[]) | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-eval-era-"));
  await writeSuite(join(dir, "suite"), [scenarioInput("alpha")]);
  turns = undefined;
  fake = await startFakeModel((request) => (turns ? solver(turns) : solver())(request));
});

afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const evalArgs = (out: string, ...more: string[]) => evalArgsFor(fake, join(dir, "suite"), out, ...more);

async function oneRecording(out: string): Promise<Recording> {
  const recordings = await recordingsIn(join(out, "recordings"));
  expect(recordings).toHaveLength(1);
  return recordings[0] as Recording;
}

const requests = (recording: Recording) =>
  recording.events.flatMap((e) => (e.type === "request" ? [{ tool: e.tool, via: e.via ?? null }] : []));

const toolNames = (request: FakeRequest) =>
  ((request.body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name).sort();

describe("asynctool eval --era 2026-07-28", () => {
  it("records the era in the header, keeps the runner's notes, and scores as the same calls in 2025-11-25", async () => {
    const legacy = await runEval(evalArgs(join(dir, "legacy"), "--mode", "async"));
    expect(legacy.error).toBeUndefined();
    const modern = await runEval(evalArgs(join(dir, "modern"), "--mode", "async", "--era", "2026-07-28"));
    expect(modern.error).toBeUndefined();
    expect(modern.io.stderr()).toContain("protocol 2026-07-28 on episode URLs");

    const before = await oneRecording(join(dir, "legacy"));
    const after = await oneRecording(join(dir, "modern"));
    expect(before.header.options?.protocol).toBeUndefined();
    expect(after.header.options?.protocol).toBe("2026-07-28");
    // The episode's id on its URL is its key with '.' as '_'; the runner's facts are in the header.
    expect(after.header.session).toBe("alpha_s1_async_step");
    expect(after.header.client?.name).toBe("asynctool-eval:openai/m");
    expect(after.header.options).toMatchObject({ runner: { model: "m", era: "2026-07-28" } });
    expect(notesOf(after).map((n) => n.kind)).toEqual(notesOf(before).map((n) => n.kind));
    expect(requests(after)).toEqual(requests(before));
    expect(after.end?.status).toBe(before.end?.status);

    const scenario = await loadScenarioFile(join(dir, "suite", "alpha.json"));
    const metrics = computeMetrics(scenario, after);
    expect(metrics.episodeSuccess).toBe(true);
    expect(metrics).toEqual(computeMetrics(scenario, before));
    const [legacyReport, modernReport] = [
      await reportIn(join(dir, "legacy")),
      await reportIn(join(dir, "modern")),
    ];
    expect(modernReport.overall).toEqual(legacyReport.overall);

    const manifest = JSON.parse(await readFile(join(dir, "modern", "run.json"), "utf8")) as {
      identity: { era: string | null };
    };
    expect(manifest.identity.era).toBe("2026-07-28");
  });

  it("resumes by the episode's recording, and refuses to resume in another era", async () => {
    const out = join(dir, "resumed");
    expect((await runEval(evalArgs(out, "--mode", "async", "--era", "2026-07-28"))).error).toBeUndefined();
    const asked = fake.requests.length;
    // The finished episode is found under its episode id: nothing runs again.
    const again = await runEval(evalArgs(out, "--mode", "async", "--era", "2026-07-28", "--resume"));
    expect(again.error).toBeUndefined();
    expect(fake.requests.length).toBe(asked);
    expect(await readdir(join(out, "recordings"))).toHaveLength(1);

    const other = await runEval(evalArgs(out, "--mode", "async", "--resume"));
    expect(other.error).toBeInstanceOf(AsyncToolError);
    expect((other.error as AsyncToolError).code).toBe("RUN_MISMATCH");
    expect((other.error as Error).message).toContain('era "2026-07-28" there, null now');
  });

  it("--tasks-driver drives the Tasks extension: the model gets finished results, the driver's polls are recorded", async () => {
    turns = drivenTurns;
    const legacy = await runEval(evalArgs(join(dir, "legacy"), "--tasks-driver"));
    expect(legacy.error).toBeUndefined();
    const asked = fake.requests.length;
    const run = await runEval(evalArgs(join(dir, "modern"), "--tasks-driver", "--era", "2026-07-28"));
    expect(run.error).toBeUndefined();

    const first = fake.requests[asked] as FakeRequest;
    expect(toolNames(first)).toEqual(["combine", "fetch", "finish", "list_tasks", "submit_answer"]);
    // Turn 2 starts with both fetches finished: their results, not handles.
    const second = fake.requests[asked + 1] as FakeRequest;
    expect(second.toolResults.map((r) => r.isError)).toEqual([false, false]);
    expect(second.toolResults[0]?.text).toContain("v-a");
    expect(second.toolResults[1]?.text).toContain("v-c");
    // The model read the same results in both eras.
    const read = (requests: FakeRequest[]) =>
      requests.map((r) => r.toolResults.map((t) => ({ ...t, text: t.text.replace(/job_[\w-]+/g, "job_…") })));
    expect(read(fake.requests.slice(asked))).toEqual(read(fake.requests.slice(0, asked)));

    const recording = await oneRecording(join(dir, "modern"));
    expect(recording.header.options?.protocol).toBe("2026-07-28");
    expect(recording.header.mode).toBe("tasks");
    expect(recording.end?.status).toBe("completed");
    const made = requests(recording);
    // Each scenario call is a task the driver polled with tasks/get (a check_job via tasks): no waits.
    expect(
      made.filter((r) => r.tool === "fetch" || r.tool === "combine").every((r) => r.via === "tasks"),
    ).toBe(true);
    expect(made.some((r) => r.tool === "wait_for_jobs")).toBe(false);
    expect(made.filter((r) => r.tool === "check_job").every((r) => r.via === "tasks")).toBe(true);

    // Against the 2025 driver (one blocking tasks/result per task): the same outcome; the polls are
    // the framework's, counted as polls, and the two fetches polled in turn cost a step (a ended
    // at 4 and c at 5; the polls at 3, 4, 5, 6 are a, c, a, c, so c is seen at 6, not 5).
    const scenario = await loadScenarioFile(join(dir, "suite", "alpha.json"));
    const modern = computeMetrics(scenario, recording);
    const before = computeMetrics(scenario, await oneRecording(join(dir, "legacy")));
    expect(modern.episodeSuccess).toBe(true);
    expect(modern.tasks.map((t) => [t.id, t.success])).toEqual(before.tasks.map((t) => [t.id, t.success]));
    expect([before.makespan, modern.makespan]).toEqual([10, 11]);
    expect(made.filter((r) => r.tool === "check_job")).toHaveLength(6);
    expect(
      (await reportIn(join(dir, "modern"))).overall.map((r) => [r.mode, r.runs, r.episodeSuccess]),
    ).toEqual([["tasks", 1, 1]]);
  });

  it("with --url creates each episode on the running server with POST /episodes, and scores its recording", async () => {
    const serverRecordings = join(dir, "server-recordings");
    const server = await serveSuite(join(dir, "suite"), serverRecordings);
    try {
      const out = join(dir, "url");
      const run = await runEval(
        evalArgs(out, "--era", "2026-07-28", "--url", server.url, "--server-recordings", serverRecordings),
      );
      expect(run.error).toBeUndefined();
      expect(server.sessionCount()).toBe(0);
      const [recording, ...more] = await recordingsIn(serverRecordings);
      expect(more).toEqual([]);
      expect(recording?.header.options?.protocol).toBe("2026-07-28");
      expect(recording?.header.client?.name).toBe("asynctool-eval:openai/m");
      expect(recording?.end?.status).toBe("completed");
      // The runner's log names the episode by its id on the server: the recording's session.
      const log = readRunnerLog(join(out, "runner-logs", "alpha.s1.async.step.jsonl"));
      expect(log?.complete).toBe(true);
      expect(log?.header.session).toBe(recording?.header.session);
      expect(log?.header).toMatchObject({ runner: { era: "2026-07-28" } });
      const report = await reportIn(out);
      expect(report.overall.map((r) => [r.mode, r.runs, r.scored, r.episodeSuccess])).toEqual([
        ["async", 1, 1, 1],
      ]);
    } finally {
      await server.close();
    }
  });

  it("with --url ends an episode the model stops early with DELETE: the recording ends at once, disconnected", async () => {
    const serverRecordings = join(dir, "server-recordings");
    const server = await serveSuite(join(dir, "suite"), serverRecordings);
    try {
      // One turn: the model starts its jobs and the runner stops it, long before the episode's end.
      const stopped = await runEval(
        evalArgs(join(dir, "stopped"), "--era", "2026-07-28", "--url", server.url, "--max-turns", "1"),
      );
      expect(stopped.error).toBeUndefined();
      const [recording, ...more] = await recordingsIn(serverRecordings);
      expect(more).toEqual([]);
      // Without the DELETE the episode would stay open (no end) until the server's idle sweep.
      expect(recording?.end?.status).toBe("disconnected");
      expect(recording?.end?.reason).toBe("the client ended the episode (DELETE of its URL)");
      const log = await readFile(join(dir, "stopped", "runner-logs", "alpha.s1.async.step.jsonl"), "utf8");
      expect(JSON.parse(log.trim().split("\n").at(-1) as string)).toMatchObject({
        type: "end",
        stop: "turn_budget",
        turns: 1,
      });
    } finally {
      await server.close();
    }
  });

  it("with --url stops the run at once when the server has no POST /episodes, saying what to do", async () => {
    // A second scenario beside alpha, so that the run's stop after the first episode shows.
    await writeSuite(join(dir, "suite"), [scenarioInput("beta")]);
    const posts: string[] = [];
    const old = createServer((req, res) => {
      posts.push(`${req.method} ${req.url}`);
      res.writeHead(404, { "content-type": "text/html" }).end("<pre>Cannot POST /episodes</pre>");
    });
    await new Promise<void>((resolve) => old.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = old.address() as AddressInfo;
      const out = join(dir, "old-server");
      const run = await runEval(
        evalArgs(out, "--era", "2026-07-28", "--url", `http://127.0.0.1:${port}/mcp`),
      );
      expect(run.error).toBeInstanceOf(AsyncToolError);
      expect((run.error as AsyncToolError).code).toBe("EPISODE_CREATE_FAILED");
      expect((run.error as Error).message).toMatch(
        /answered 404: the server has no POST \/episodes.*--era 2025-11-25/,
      );
      // The first refusal stops the run: the second episode is never asked for, the model never called.
      expect(posts).toEqual([expect.stringMatching(/^POST \/episodes\?scenario=alpha&/)]);
      expect(fake.requests).toHaveLength(0);
      const log = readRunnerLog(join(out, "runner-logs", "alpha.s1.async.step.jsonl"));
      expect(log?.notes).toEqual([
        {
          kind: "stop",
          reason: "runner_error",
          error: expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/episodes answered 404: /),
        },
      ]);
    } finally {
      await new Promise((resolve) => old.close(resolve));
    }
  });

  it("refuses --url that is not a server's /mcp endpoint, saying what to give", async () => {
    const run = await runEval(
      evalArgs(join(dir, "refused"), "--era", "2026-07-28", "--url", "http://127.0.0.1:9/mcp/episodes/abc"),
    );
    expect(run.error).toBeInstanceOf(AsyncToolError);
    expect((run.error as AsyncToolError).code).toBe("USAGE");
    expect((run.error as Error).message).toMatch(/POST \/episodes.*--url http:\/\/127\.0\.0\.1:3000\/mcp/);
    expect(fake.requests).toHaveLength(0);
  });
});
