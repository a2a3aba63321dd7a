import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HttpServer } from "../../src/transports/http.js";
import type { FakeAnswer } from "./fake-model.js";
import { type FakeModel, startFakeModel } from "./fake-model.js";
import { evalArgsFor, recordingsIn, reportIn, runEval } from "./run-eval.js";
import { scenarioInput, serveSuite, solver, writeSuite } from "./suite-fixture.js";

/**
 * A model that works like the real ones: it starts both tasks' first steps, waits, combines,
 * waits again, and then gives both answers in one turn, as two parallel submit_answer calls.
 */
function answersTogether(): FakeAnswer[] {
  return [
    {
      calls: [
        { name: "fetch", args: { key: "a" } },
        { name: "fetch", args: { key: "c" } },
      ],
    },
    { calls: [{ name: "wait_for_jobs", args: { mode: "all" } }] },
    { calls: [{ name: "combine", args: { left: "v-a", right: "b" } }] },
    { calls: [{ name: "wait_for_jobs", args: { mode: "all" } }] },
    {
      calls: [
        { name: "submit_answer", args: { task_id: "chain", answer: "v-a+b" } },
        { name: "submit_answer", args: { task_id: "solo", answer: "v-c" } },
      ],
    },
  ];
}

let dir: string;
let fake: FakeModel;
let server: HttpServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-parallel-answers-"));
  await writeSuite(join(dir, "suite"), [scenarioInput("alpha"), scenarioInput("beta")]);
  fake = await startFakeModel(solver(() => answersTogether()));
  server = await serveSuite(join(dir, "suite"), join(dir, "server-recordings"));
});

afterEach(async () => {
  await server.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const evalArgs = (out: string) => [...evalArgsFor(fake, join(dir, "suite"), out), "--mode", "async", "sync"];

describe("asynctool eval with a model that submits every answer in one turn", () => {
  it("scores the episodes in process as it does over --url: every answer counts", async () => {
    const inProcess = await runEval(evalArgs(join(dir, "in-process")));
    expect(inProcess.error).toBeUndefined();
    const overUrl = await runEval([
      ...evalArgs(join(dir, "over-url")),
      "--url",
      server.url,
      "--server-recordings",
      join(dir, "server-recordings"),
    ]);
    expect(overUrl.error).toBeUndefined();

    // Both answers of each of the 4 episodes (2 scenarios × 2 modes) are in the recording.
    for (const recordings of [
      await recordingsIn(join(dir, "in-process", "recordings")),
      await recordingsIn(join(dir, "server-recordings")),
    ]) {
      expect(recordings).toHaveLength(4);
      for (const recording of recordings) {
        expect(recording.end?.status).toBe("completed");
        const answered = recording.events.filter(
          (e) =>
            e.type === "response" &&
            e.isError === false &&
            recording.events.some(
              (r) => r.type === "request" && r.call === e.call && r.tool === "submit_answer",
            ),
        );
        expect(answered).toHaveLength(2);
      }
    }

    const a = await reportIn(join(dir, "in-process"));
    const b = await reportIn(join(dir, "over-url"));
    // The right answers, given after the results were seen: every episode succeeds, both ways.
    const rows = (report: typeof a) =>
      report.overall.map((r) => [r.mode, r.runs, r.scored, r.episodeSuccess, r.taskSuccess]);
    expect(rows(a)).toEqual([
      ["async", 2, 2, 1, 1],
      ["sync", 2, 2, 1, 1],
    ]);
    expect(rows(b)).toEqual(rows(a));
    const lines = (report: typeof a) =>
      report.episodes.map((e) => [e.key, e.success, e.tasksSucceeded, e.endStatus]).sort();
    expect(lines(b)).toEqual(lines(a));
  });
});
