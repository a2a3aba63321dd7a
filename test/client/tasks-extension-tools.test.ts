import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentName } from "../../src/agents/index.js";
import { type JsonRecord, type ModernRpc, ModernRpcError } from "../../src/client/modern-rpc.js";
import { tasksExtensionTools } from "../../src/client/tasks-extension-tools.js";
import { runEpisode } from "../../src/harness/run-episode.js";
import { exampleScenariosDir } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";

/**
 * The reference agents in the 2026-07-28 era over an episode URL of a local HTTP server (what
 * `run --era 2026-07-28 -t http` does): through the job tools as plain tools/calls, and through
 * the Tasks extension (src/client/tasks-extension-tools.ts), in the step clock.
 */

async function episode(
  agent: AgentName,
  id: string,
  protocol: "jobs" | "tasks",
  transport: "http" | "stdio" = "http",
) {
  const scenario = await loadScenarioFile(join(exampleScenariosDir, `${id}.yaml`));
  return runEpisode({
    agent,
    scenario,
    seed: 1,
    clock: "step",
    mode: protocol === "tasks" ? "tasks" : "async",
    protocol,
    era: "2026-07-28",
    transport,
  });
}

function requests(recording: Recording) {
  return recording.events.flatMap((e) => (e.type === "request" ? [{ tool: e.tool, via: e.via }] : []));
}

describe("the reference agents in the 2026-07-28 era, over an episode URL", () => {
  // Its waits are listen streams on the tasks (subscriptions/listen): jobs that end at the same
  // tick are collected with one request, as wait_for_jobs does, so the best schedule meets M*
  // through the extension too (polling each task in turn, filesystem-triage took one step more).
  it.each(["weather-and-rates", "travel-and-files", "filesystem-triage"] as const)(
    "the oracle through the extension reaches the makespan of the job tools, M*, on %s",
    async (id) => {
      const jobs = await episode("oracle", id, "jobs");
      const tasks = await episode("oracle", id, "tasks");
      for (const run of [jobs, tasks]) {
        expect(run.stopped).toBeUndefined();
        expect(run.recording.header.options?.protocol).toBe("2026-07-28");
        expect(run.metrics.episodeSuccess).toBe(true);
      }
      expect(jobs.metrics.makespan).toBe(jobs.metrics.bestMakespan);
      expect(tasks.metrics.bestMakespan).toBe(jobs.metrics.bestMakespan);
      expect(tasks.metrics.makespan).toBe(jobs.metrics.makespan);
      // The job tools' run waited with wait_for_jobs; the extension's listened (a wait via tasks),
      // and each task's result came on the stream as a notification, not a poll.
      const plain = requests(jobs.recording);
      const viaExtension = requests(tasks.recording);
      expect(plain.some((r) => r.tool === "wait_for_jobs")).toBe(true);
      expect(plain.some((r) => r.via === "tasks")).toBe(false);
      const waits = viaExtension.filter((r) => r.tool === "wait_for_jobs");
      expect(waits.length).toBeGreaterThan(0);
      expect(waits.every((r) => r.via === "tasks")).toBe(true);
      expect(tasks.recording.events.some((e) => e.type === "notice" && e.kind === "tasks")).toBe(true);
      expect(tasks.metrics.polls).toBe(jobs.metrics.polls);
    },
  );

  it("over stdio too: the oracle listens, and meets M* on filesystem-triage (two jobs end together)", async () => {
    const run = await episode("oracle", "filesystem-triage", "tasks", "stdio");
    expect(run.stopped).toBeUndefined();
    expect(run.metrics.episodeSuccess).toBe(true);
    expect(run.metrics.makespan).toBe(run.metrics.bestMakespan);
    expect(run.recording.events.some((e) => e.type === "notice" && e.kind === "tasks")).toBe(true);
  });

  it.each(["poller", "sequential"] as const)("the %s agent finishes through the extension", async (agent) => {
    const run = await episode(agent, "travel-and-files", "tasks");
    expect(run.stopped).toBeUndefined();
    expect(run.agent.finished).toBe(true);
    expect(run.metrics.episodeSuccess).toBe(true);
    // A wait, if any, is a listen stream (recorded as a wait_for_jobs via tasks).
    const waits = requests(run.recording).filter((r) => r.tool === "wait_for_jobs");
    expect(waits.every((r) => r.via === "tasks")).toBe(true);
  });

  it("refuses the in-memory transport with a USAGE error that names the ones to use", async () => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, "travel-and-files.yaml"));
    await expect(
      runEpisode({ agent: "oracle", scenario, era: "2026-07-28", transport: "memory" }),
    ).rejects.toMatchObject({ code: "USAGE", message: expect.stringContaining("-t http or -t stdio") });
  });
});

/** A scripted server: each request answered by the next entry for its method (an Error is thrown). */
function scripted(answers: Record<string, (JsonRecord | Error)[]>) {
  const sent: { method: string; params: JsonRecord; tasks: boolean }[] = [];
  const rpc: ModernRpc = async (method, params, options = {}) => {
    sent.push({ method, params, tasks: options.tasks === true });
    const next = answers[method]?.shift();
    if (!next) throw new Error(`unscripted ${method}`);
    if (next instanceof Error) throw next;
    return next;
  };
  return { rpc, sent };
}

describe("tasksExtensionTools, request by request", () => {
  it("waits the task's pollIntervalMs between polls (the wall clock), through the injected sleep", async () => {
    const handle = { job_id: "j1", tool: "get_weather", status: "completed", result: { temp: 20 } };
    const { rpc, sent } = scripted({
      "tools/call": [{ resultType: "task", taskId: "j1", status: "working", pollIntervalMs: 40 }],
      "tasks/get": [
        { taskId: "j1", status: "working", pollIntervalMs: 40 },
        { taskId: "j1", status: "working", pollIntervalMs: 25 },
        { taskId: "j1", status: "completed", result: { content: [], structuredContent: handle } },
      ],
    });
    const slept: number[] = [];
    const tools = tasksExtensionTools(rpc, async (ms) => {
      slept.push(ms);
    });
    expect((await tools.call("get_weather", { city: "Paris" })).structured).toEqual({
      job_id: "j1",
      tool: "get_weather",
      status: "working",
    });
    const waited = await tools.call("wait_for_jobs", { job_ids: ["j1"], mode: "all" });
    expect(waited.structured).toEqual({ jobs: [handle], timed_out: false });
    expect(slept).toEqual([40, 25]);
    // Every request declares the extension; the task is named by the job id.
    expect(sent.every((s) => s.tasks)).toBe(true);
    expect(sent.slice(1).map((s) => s.params)).toEqual([
      { taskId: "j1" },
      { taskId: "j1" },
      { taskId: "j1" },
    ]);
  });

  it("turns a JSON-RPC error into a tool error with our code, and an abandoned task into an expired handle", async () => {
    const { rpc } = scripted({
      "tasks/get": [
        new ModernRpcError(-32602, '[MCP_TASK_NOT_FOUND] No task "nope" in this episode.', {
          code: "MCP_TASK_NOT_FOUND",
          retryable: false,
        }),
        {
          taskId: "j2",
          status: "failed",
          error: {
            code: -32603,
            message: "[JOB_EXPIRED] gone",
            data: { code: "JOB_EXPIRED", retryable: false },
          },
        },
      ],
    });
    const tools = tasksExtensionTools(rpc, async () => {});
    expect(await tools.call("check_job", { job_id: "nope" })).toMatchObject({
      isError: true,
      code: "MCP_TASK_NOT_FOUND",
    });
    expect((await tools.call("check_job", { job_id: "j2" })).structured).toEqual({
      job: {
        job_id: "j2",
        tool: "",
        status: "expired",
        error: { code: "JOB_EXPIRED", message: "[JOB_EXPIRED] gone", retryable: false },
      },
    });
  });

  it("with listen, waits on one subscriptions/listen and reads each result off its notification", async () => {
    const handle = (id: string) => ({ job_id: id, tool: "get_weather", status: "completed", result: { id } });
    const sent: { method: string; params: JsonRecord }[] = [];
    const rpc: ModernRpc = async (method, params, options = {}) => {
      sent.push({ method, params });
      if (method === "tasks/get")
        return { taskId: params.taskId, status: "completed", result: { structuredContent: handle("j2") } };
      if (method !== "subscriptions/listen") throw new Error(`unscripted ${method}`);
      const stamp = { "io.modelcontextprotocol/subscriptionId": 9 };
      options.onNotification?.({
        method: "notifications/subscriptions/acknowledged",
        params: { notifications: { taskIds: ["j1", "j2"] }, _meta: stamp },
      });
      // Only j1's end came on the stream (the episode ended first): j2 is read with tasks/get.
      options.onNotification?.({
        method: "notifications/tasks",
        params: {
          taskId: "j1",
          status: "completed",
          result: { structuredContent: handle("j1") },
          _meta: stamp,
        },
      });
      return { resultType: "complete" };
    };
    const tools = tasksExtensionTools(rpc, async () => {}, { listen: true });
    const waited = await tools.call("wait_for_jobs", { job_ids: ["j1", "j2"], mode: "all" });
    expect(waited.structured).toEqual({ jobs: [handle("j1"), handle("j2")], timed_out: false });
    expect(sent).toEqual([
      { method: "subscriptions/listen", params: { notifications: { taskIds: ["j1", "j2"] } } },
      { method: "tasks/get", params: { taskId: "j2" } },
    ]);
  });

  it("with listen, polls when the server's acknowledgement leaves the taskIds out (it does not honour them)", async () => {
    const { rpc, sent } = scripted({
      "subscriptions/listen": [{ resultType: "complete" }],
      "tasks/get": [
        { taskId: "j1", status: "working" },
        { taskId: "j1", status: "completed", result: { structuredContent: { job_id: "j1" } } },
      ],
    });
    const tools = tasksExtensionTools(rpc, async () => {}, { listen: true });
    const waited = await tools.call("wait_for_jobs", { job_ids: ["j1"], mode: "all" });
    expect(waited.structured).toEqual({ jobs: [{ job_id: "j1" }], timed_out: false });
    expect(sent.map((s) => s.method)).toEqual(["subscriptions/listen", "tasks/get", "tasks/get"]);
  });

  it("lets a failure that is not a JSON-RPC answer through (the server gone is not a tool error)", async () => {
    const { rpc } = scripted({ "tasks/cancel": [new Error("the server process exited (code 1)")] });
    await expect(tasksExtensionTools(rpc).call("cancel_job", { job_id: "j1" })).rejects.toThrow(/exited/);
  });
});
