import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import type { FakeRequest } from "./fake-model.js";
import { type FakeModel, startFakeModel } from "./fake-model.js";
import { evalArgsFor, recordingsIn, reportIn, runEval } from "./run-eval.js";
import { drivenTurns, scenarioInput, solver, writeSuite } from "./suite-fixture.js";

/**
 * `eval --tasks-driver`: the client drives MCP Tasks the way agent frameworks do, so the model
 * calls each tool as if it were synchronous and gets its finished result. The model it plays
 * (`drivenTurns`) never waits: it could not (it has no job tools), and it needs not.
 */

const toolNames = (request: FakeRequest) =>
  ((request.body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name).sort();

let dir: string;
let fake: FakeModel;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-tasks-driver-"));
  await writeSuite(join(dir, "suite"), [scenarioInput("alpha")]);
  fake = await startFakeModel(solver(() => drivenTurns()));
});

afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const evalArgs = (out: string, ...more: string[]) => [...evalArgsFor(fake, join(dir, "suite"), out), ...more];

describe("asynctool eval --tasks-driver", () => {
  it("hands the model finished results, hides the job tools, and records the driver's Tasks requests", async () => {
    const out = join(dir, "driven");
    const run = await runEval(evalArgs(out, "--tasks-driver"));
    expect(run.error).toBeUndefined();

    // The model sees the scenario's tools and the episode's own, never a job tool.
    const first = fake.requests[0] as FakeRequest;
    expect(toolNames(first)).toEqual(["combine", "fetch", "finish", "list_tasks", "submit_answer"]);
    // Turn 2 starts with both fetches finished: their results, not handles.
    const second = fake.requests[1] as FakeRequest;
    expect(second.toolResults.map((r) => r.isError)).toEqual([false, false]);
    expect(second.toolResults[0]?.text).toContain("v-a");
    expect(second.toolResults[1]?.text).toContain("v-c");
    expect(second.toolResults.map((r) => r.text).join("\n")).toContain("completed");

    const [recording] = await recordingsIn(join(out, "recordings"));
    expect(recording?.end?.status).toBe("completed");
    expect(recording?.header.mode).toBe("tasks");
    const requests = (recording?.events ?? []).flatMap((e) =>
      e.type === "request" ? [{ tool: e.tool, via: e.via ?? null }] : [],
    );
    // Each scenario call is followed, through Tasks, by the driver's wait for its result.
    expect(requests.filter((r) => r.tool === "wait_for_jobs")).toEqual([
      { tool: "wait_for_jobs", via: "tasks" },
      { tool: "wait_for_jobs", via: "tasks" },
      { tool: "wait_for_jobs", via: "tasks" },
    ]);
    expect(requests.filter((r) => r.tool === "check_job" || r.tool === "cancel_job")).toEqual([]);

    const report = await reportIn(out);
    expect(report.overall.map((r) => [r.mode, r.runs, r.episodeSuccess, r.taskSuccess])).toEqual([
      ["tasks", 1, 1, 1],
    ]);
    const manifest = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as {
      identity: { tasksDriver: boolean | null };
    };
    expect(manifest.identity.tasksDriver).toBe(true);
  });

  it("without the flag the same model sees the job tools (the model schedules)", async () => {
    const out = join(dir, "model");
    const run = await runEval(evalArgs(out, "--mode", "tasks"));
    expect(run.error).toBeUndefined();
    expect(toolNames(fake.requests[0] as FakeRequest)).toEqual([
      "cancel_job",
      "check_job",
      "combine",
      "fetch",
      "finish",
      "list_jobs",
      "list_tasks",
      "submit_answer",
      "wait_for_jobs",
    ]);
    // Its answers come before it has seen the results (it never waits): they do not count.
    const report = await reportIn(out);
    expect(report.overall.map((r) => [r.mode, r.episodeSuccess])).toEqual([["tasks", 0]]);
    const manifest = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as {
      identity: { tasksDriver: boolean | null };
    };
    expect(manifest.identity.tasksDriver).toBeNull();
  });

  it("refuses a delivery mode other than tasks, saying what to do", async () => {
    const run = await runEval(evalArgs(join(dir, "refused"), "--tasks-driver", "--mode", "async"));
    expect(run.error).toBeInstanceOf(AsyncToolError);
    expect((run.error as AsyncToolError).code).toBe("USAGE");
    expect((run.error as Error).message).toMatch(
      /--tasks-driver runs the server in tasks mode.*--mode async/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("a resumed run must keep the driver: a run without it is another run", async () => {
    const out = join(dir, "resumed");
    expect((await runEval(evalArgs(out, "--tasks-driver"))).error).toBeUndefined();
    const again = await runEval(evalArgs(out, "--resume"));
    expect(again.error).toBeInstanceOf(AsyncToolError);
    expect((again.error as Error).message).toContain("tasksDriver");
  });
});
