import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toolsFor } from "../../src/agents/episode-connection.js";
import type { AgentName } from "../../src/agents/index.js";
import { connectInMemory } from "../../src/client/connect.js";
import { runEpisode } from "../../src/harness/run-episode.js";
import type { Metrics } from "../../src/metrics/index.js";
import { exampleScenariosDir } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";

/**
 * The reference agents, unchanged, through MCP Tasks (src/client/tasks-tools.ts) on the example
 * scenarios in the step clock, against the same agent through the job tools (async mode).
 */

async function both(agent: AgentName, id: string) {
  const scenario = await loadScenarioFile(join(exampleScenariosDir, `${id}.yaml`));
  const run = (protocol: "jobs" | "tasks") =>
    runEpisode({
      agent,
      scenario,
      seed: 1,
      clock: "step",
      mode: protocol === "tasks" ? "tasks" : "async",
      protocol,
    });
  return { jobs: await run("jobs"), tasks: await run("tasks") };
}

/** The recorded calls, tool by tool, and whether every job-tool call of the run came through Tasks. */
function calls(recording: Recording): string[] {
  return recording.events.flatMap((e) => (e.type === "request" ? [e.tool] : []));
}

function viaTasks(recording: Recording): boolean {
  const jobTools = new Set(["check_job", "wait_for_jobs", "cancel_job", "list_jobs"]);
  return recording.events.every(
    (e) => e.type !== "request" || e.tool === "submit_answer" || e.via === "tasks" || !jobTools.has(e.tool),
  );
}

/** Requests a run through Tasks needs beyond the job tools' wait_for_jobs: one per id past the first. */
function extraCollects(recording: Recording): number {
  return recording.events.reduce((sum, e) => {
    if (e.type !== "request" || e.tool !== "wait_for_jobs") return sum;
    const ids = (e.args as { job_ids?: unknown[] }).job_ids ?? [];
    return sum + Math.max(0, ids.length - 1);
  }, 0);
}

/** What a schedule scores: its outcome and its time (not the calls it took nor when results were seen). */
function outcome(m: Metrics) {
  return {
    episodeSuccess: m.episodeSuccess,
    makespan: m.makespan,
    bestMakespan: m.bestMakespan,
    optimality: m.optimality,
    speedup: m.speedup,
    polls: m.polls,
    wastedPolls: m.wastedPolls,
    // Not when each task was answered: a collect's extra request can delay an answer off the critical path.
    tasks: m.tasks.map((t) => [t.id, t.success]),
  };
}

const EXAMPLES = ["weather-and-rates", "travel-and-files", "filesystem-triage"] as const;

describe("the reference agents through MCP Tasks", () => {
  // tasks/result takes one task: a wait_for_jobs on several ids becomes a request per id, so the
  // oracle makes a call more per extra id (and sees some results earlier). Where the best
  // schedule collects two jobs that end at the same tick with one wait_for_jobs
  // (filesystem-triage, seed 1: both moves end at 17) the second request comes a step later;
  // elsewhere the oracle through Tasks meets M*, its outcome that of the job tools.
  it.each([
    ["weather-and-rates", 0],
    ["travel-and-files", 0],
    ["filesystem-triage", 1],
  ] as const)("the oracle meets M* on %s (+%i), one request per collected job", async (id, extra) => {
    const { jobs, tasks } = await both("oracle", id);
    expect(jobs.metrics.episodeSuccess).toBe(true);
    expect(tasks.metrics.episodeSuccess).toBe(true);
    expect(tasks.stopped).toBeUndefined();
    expect(viaTasks(tasks.recording)).toBe(true);
    expect(jobs.metrics.makespan).toBe(jobs.metrics.bestMakespan);
    expect(tasks.metrics.bestMakespan).toBe(jobs.metrics.bestMakespan);
    expect(tasks.metrics.makespan).toBe((jobs.metrics.bestMakespan ?? 0) + extra);
    expect(extraCollects(jobs.recording)).toBeGreaterThan(0);
    expect(tasks.metrics.agentCalls).toBe(jobs.metrics.agentCalls + extraCollects(jobs.recording));
    if (extra === 0) expect(outcome(tasks.metrics)).toEqual(outcome(jobs.metrics));
  });

  // The sequential agent waits on one job at a time: one tasks/result per wait_for_jobs, call
  // for call the same run.
  it.each(EXAMPLES)("the sequential agent scores as through the job tools on %s", async (id) => {
    const { jobs, tasks } = await both("sequential", id);
    expect(tasks.metrics.episodeSuccess).toBe(true);
    expect(viaTasks(tasks.recording)).toBe(true);
    expect(calls(tasks.recording)).toEqual(calls(jobs.recording));
    expect(tasks.metrics).toEqual(jobs.metrics);
  });

  // tasks/get carries no result: each poll that finds a job ended is followed by a tasks/result
  // (recorded as wait_for_jobs), a call and a step more per job. So the poller's schedule does
  // not coincide with its run through the job tools: it ends later, and polls a little less
  // (jobs have had those steps to end).
  it.each(EXAMPLES)(
    "the poller succeeds on %s, a tasks/result after each poll that finds a job ended",
    async (id) => {
      const { jobs, tasks } = await both("poller", id);
      expect(tasks.metrics.episodeSuccess).toBe(true);
      expect(viaTasks(tasks.recording)).toBe(true);
      const count = (r: Recording, tool: string) => calls(r).filter((t) => t === tool).length;
      expect(count(jobs.recording, "wait_for_jobs")).toBe(0);
      const scenarioCalls = tasks.metrics.cost.scenarioToolCalls;
      expect(count(tasks.recording, "wait_for_jobs")).toBe(scenarioCalls);
      expect(tasks.metrics.makespan).toBeGreaterThan(jobs.metrics.makespan ?? 0);
      expect(tasks.metrics.polls).toBeLessThanOrEqual(jobs.metrics.polls);
    },
  );

  it("refuses the tasks protocol on a server that is not in tasks mode", async () => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, "weather-and-rates.yaml"));
    await expect(
      runEpisode({ agent: "oracle", scenario, seed: 1, mode: "async", protocol: "tasks" }),
    ).rejects.toThrow(/tasks protocol needs a server in tasks mode/);
  });
});

describe("tasksAgentTools, call by call", () => {
  it("answers each job tool in the shape of its answer, and a Tasks error as a tool error with its code", async () => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, "weather-and-rates.yaml"));
    const connection = await connectInMemory(
      {
        scenario,
        seed: 1,
        mode: "tasks",
        clock: "step",
        recordingsDir: null,
        server: { name: "asynctool-mcp", version: "test" },
        sessionId: "tasks-tools",
      },
      { name: "tasks-tools-test", version: "1.0.0" },
    );
    try {
      const tools = toolsFor(connection, "tasks");
      const paris = await tools.call("get_weather", { city: "Paris" });
      expect(paris.isError).toBe(false);
      const parisId = String(paris.structured?.job_id);
      expect(paris.structured).toMatchObject({ tool: "get_weather", status: "working" });
      expect(await tools.call("check_job", { job_id: parisId })).toMatchObject({
        isError: false,
        structured: { job: { job_id: parisId, tool: "get_weather", status: "working" } },
      });
      const listed = await tools.call("list_jobs", {});
      expect(listed.structured?.jobs).toEqual([{ job_id: parisId, tool: "get_weather", status: "working" }]);
      expect((await tools.call("cancel_job", { job_id: parisId })).structured).toMatchObject({
        job: { job_id: parisId, status: "cancelled" },
      });
      expect(await tools.call("cancel_job", { job_id: parisId })).toMatchObject({
        isError: true,
        code: "MCP_TASK_ENDED",
      });
      expect(await tools.call("check_job", { job_id: "no-such-job" })).toMatchObject({
        isError: true,
        code: "MCP_TASK_NOT_FOUND",
      });
      const rome = String((await tools.call("get_weather", { city: "Rome" })).structured?.job_id);
      const rate = String(
        (await tools.call("get_exchange_rate", { from: "USD", to: "EUR" })).structured?.job_id,
      );
      const waited = await tools.call("wait_for_jobs", { job_ids: [rome, rate], mode: "all" });
      const jobs = waited.structured?.jobs as { job_id: string; status: string; result?: unknown }[];
      expect(jobs.map((j) => [j.job_id, j.status])).toEqual([
        [rome, "completed"],
        [rate, "completed"],
      ]);
      expect(jobs.every((j) => j.result !== undefined)).toBe(true);
      // A poll that finds the job ended brings its result (tasks/get, then tasks/result).
      const polled = (await tools.call("check_job", { job_id: rome })).structured?.job as {
        result?: unknown;
      };
      expect(polled.result).toEqual(jobs[0]?.result);
      // What is not a job tool goes as a plain tools/call.
      expect((await tools.call("submit_answer", { task_id: "warmer", answer: "Rome" })).isError).toBe(false);
      const sink = connection.server.session.sink as MemoryRecordingWriter;
      const requests = sink
        .recording()
        .events.flatMap((e) => (e.type === "request" ? [`${e.tool}${e.via ? ` via ${e.via}` : ""}`] : []));
      expect(requests).toEqual([
        "get_weather via tasks",
        "check_job via tasks",
        "list_jobs via tasks",
        "cancel_job via tasks",
        "cancel_job via tasks",
        "check_job via tasks",
        "get_weather via tasks",
        "get_exchange_rate via tasks",
        "wait_for_jobs via tasks",
        "wait_for_jobs via tasks",
        "check_job via tasks",
        "wait_for_jobs via tasks",
        "submit_answer",
      ]);
    } finally {
      await connection.close();
    }
  });
});
