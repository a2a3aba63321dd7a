import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  CreateTaskResultSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { runAgent } from "../../src/agents/index.js";
import { agentTools } from "../../src/client/sdk-tools.js";
import type { JsonValue } from "../../src/json.js";
import type { SessionOptions } from "../../src/mcp/episode-session.js";
import { createEpisodeServer } from "../../src/mcp/server.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { exampleScenariosDir } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { taskAgentTools } from "../helpers/tasks-client.js";

/** A real SDK client on an episode server in memory; `mode` defaults to tasks. */
async function connect(scenario: Scenario, options: Partial<SessionOptions> = {}) {
  const server = createEpisodeServer({
    scenario,
    seed: 1,
    mode: "tasks",
    clock: "step",
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId: "session-tasks",
    ...options,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.mcp.connect(serverTransport);
  const client = new Client({ name: "tasks-client", version: "1.0.0" });
  await client.connect(clientTransport);
  const recording = () => (server.session.sink as MemoryRecordingWriter).recording();
  return { server, client, recording };
}

/** Runs a tool as a task with the SDK's callToolStream: the messages it yields, and the result. */
async function streamTask(client: Client, name: string, args: Record<string, unknown>) {
  const kinds: string[] = [];
  let result: CallToolResult | undefined;
  let taskId: string | undefined;
  for await (const message of client.experimental.tasks.callToolStream(
    { name, arguments: args },
    CallToolResultSchema,
  )) {
    kinds.push(message.type === "taskStatus" ? `status:${message.task.status}` : message.type);
    if (message.type === "taskCreated") taskId = message.task.taskId;
    if (message.type === "result") result = message.result as CallToolResult;
    if (message.type === "error") throw message.error;
  }
  return { kinds, result, taskId };
}

/** The job handle a task's result carries. */
function handleOf<T>(result: CallToolResult | undefined): T {
  if (!result?.structuredContent) throw new Error("no structured result");
  return result.structuredContent as T;
}

async function rejection(promise: Promise<unknown>): Promise<McpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error("expected a JSON-RPC error");
}

describe("--mode tasks over an in-memory SDK client", () => {
  it("advertises tasks and marks the scenario's tools taskSupport optional, the job tools not", async () => {
    const { client } = await connect(declaredScenario());
    expect(client.getServerCapabilities()?.tasks).toEqual({
      list: {},
      cancel: {},
      requests: { tools: { call: {} } },
    });
    const { tools } = await client.listTools();
    const support = Object.fromEntries(tools.map((t) => [t.name, t.execution?.taskSupport ?? null]));
    expect(support).toMatchObject({ fetch: "optional", combine: "optional", quick: "optional" });
    for (const name of ["check_job", "wait_for_jobs", "cancel_job", "list_jobs", "submit_answer", "finish"])
      expect(support[name]).toBeNull();
  });

  it("does not advertise tasks in async mode", async () => {
    const { client } = await connect(declaredScenario(), { mode: "async" });
    expect(client.getServerCapabilities()?.tasks).toBeUndefined();
    const { tools } = await client.listTools();
    expect(tools.every((t) => t.execution === undefined)).toBe(true);
  });

  it("plays an example episode through tasks (create, tasks/get polls, tasks/result) and scores success", async () => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, "weather-and-rates.yaml"));
    const { client, recording } = await connect(scenario);
    await client.listTools();
    const paris = await streamTask(client, "get_weather", { city: "Paris" });
    const rome = await streamTask(client, "get_weather", { city: "Rome" });
    expect(paris.kinds[0]).toBe("taskCreated");
    expect(paris.kinds).toContain("status:working");
    expect(paris.kinds.slice(-2)).toEqual(["status:completed", "result"]);
    const temperature = (r: CallToolResult | undefined) =>
      handleOf<{ result: { temperature_c: number } }>(r).result.temperature_c;
    expect(temperature(paris.result)).toBe(9);
    expect(temperature(rome.result)).toBe(16);
    expect(paris.result?._meta?.["io.modelcontextprotocol/related-task"]).toEqual({ taskId: paris.taskId });
    await client.callTool({ name: "submit_answer", arguments: { task_id: "warmer", answer: "Rome" } });
    const rate = await streamTask(client, "get_exchange_rate", { from: "USD", to: "EUR" });
    const r = handleOf<{ result: { rate: number } }>(rate.result).result.rate;
    const product = await streamTask(client, "multiply", { a: 250, b: r });
    const price = handleOf<{ result: { product: number } }>(product.result).result.product;
    await client.callTool({ name: "submit_answer", arguments: { task_id: "price", answer: String(price) } });

    const rec = recording();
    expect(rec.end?.status).toBe("completed");
    expect(rec.header.mode).toBe("tasks");
    const requests = rec.events.filter((e) => e.type === "request");
    const viaTasks = requests.filter((e) => e.via === "tasks").map((e) => e.tool);
    expect(new Set(viaTasks)).toEqual(
      new Set(["get_weather", "get_exchange_rate", "multiply", "check_job", "wait_for_jobs"]),
    );
    expect(requests.filter((e) => e.tool === "submit_answer").every((e) => e.via === undefined)).toBe(true);
    const metrics = computeMetrics(scenario, rec);
    expect(metrics.episodeSuccess).toBe(true);
    expect(metrics.polls).toBeGreaterThan(0);
  });

  it("answers a plain tools/call with a job handle, as in async mode", async () => {
    const { client } = await connect(declaredScenario());
    const reply = (await client.callTool({ name: "fetch", arguments: { key: "a" } })) as CallToolResult;
    expect((reply.structuredContent as { status: string }).status).toBe("working");
    // The job is a task all the same.
    const { tasks } = await client.experimental.tasks.listTasks();
    expect(tasks.map((t) => [t.taskId, t.status, t.pollInterval])).toEqual([
      [(reply.structuredContent as { job_id: string }).job_id, "working", undefined],
    ]);
  });

  it("lists tasks, cancels one, and refuses to cancel it twice", async () => {
    const { client, recording } = await connect(declaredScenario());
    await client.listTools();
    const created = await client.request(
      { method: "tools/call", params: { name: "fetch", arguments: { key: "a" }, task: { ttl: 60_000 } } },
      CreateTaskResultSchema,
    );
    const { taskId } = created.task;
    expect(created.task).toMatchObject({ status: "working", ttl: null, pollInterval: 0 });
    const quick = await client.request(
      { method: "tools/call", params: { name: "quick", arguments: { n: 1 }, task: {} } },
      CreateTaskResultSchema,
    );
    // fetch started at 1 ends at 4: cancelled at 3, it is still working.
    const cancelled = await client.experimental.tasks.cancelTask(taskId);
    expect(cancelled).toMatchObject({ taskId, status: "cancelled" });
    const listed = await client.experimental.tasks.listTasks();
    expect(listed.tasks.map((t) => [t.taskId, t.status])).toEqual([
      [taskId, "cancelled"],
      [quick.task.taskId, "completed"],
    ]);
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe("cancelled");
    const again = await rejection(client.experimental.tasks.cancelTask(taskId));
    expect(again.code).toBe(-32602);
    expect(again.message).toMatch(
      /\[MCP_TASK_ENDED\] Task "[^"]+" has already ended, so it cannot be cancelled\. Read its outcome with tasks\/result\./,
    );
    expect(again.data).toEqual({ code: "MCP_TASK_ENDED", retryable: false });
    const outcome = (await client.experimental.tasks.getTaskResult(
      taskId,
      CallToolResultSchema,
    )) as CallToolResult;
    expect(outcome.isError).toBe(true);
    expect((outcome.structuredContent as { status: string }).status).toBe("cancelled");

    const requests = recording().events.filter((e) => e.type === "request" && e.via === "tasks");
    expect(requests.map((e) => (e.type === "request" ? e.tool : ""))).toEqual([
      "fetch",
      "quick",
      "cancel_job",
      "list_jobs",
      "check_job",
      "cancel_job",
      "wait_for_jobs",
    ]);
    const refusal = recording().events.find((e) => e.type === "response" && e.code === "MCP_TASK_ENDED");
    expect(refusal).toBeDefined();
  });

  it("reports a failed job as a failed task whose result is the tool's error", async () => {
    const { client } = await connect(declaredScenario());
    await client.listTools();
    const { kinds } = await streamTask(client, "quick", { n: 13 }).catch((error: McpError) => ({
      kinds: [error.message],
    }));
    expect(kinds.at(-1)).toMatch(/failed/);
    const { tasks } = await client.experimental.tasks.listTasks();
    const failed = tasks[0];
    expect(failed?.status).toBe("failed");
    const task = await client.experimental.tasks.getTask(failed?.taskId ?? "");
    expect(task.statusMessage).toMatch(/thirteen is unlucky/);
    const result = (await client.experimental.tasks.getTaskResult(
      failed?.taskId ?? "",
      CallToolResultSchema,
    )) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result._meta?.["asynctool/error"]).toMatchObject({ retryable: false });
  });

  it("answers an unknown task id, a job tool as a task and bad arguments with JSON-RPC errors that carry the code", async () => {
    const { client, recording } = await connect(declaredScenario());
    await client.listTools();
    for (const request of [
      client.experimental.tasks.getTask("nope"),
      client.experimental.tasks.getTaskResult("nope", CallToolResultSchema),
      client.experimental.tasks.cancelTask("nope"),
    ]) {
      const error = await rejection(request);
      expect(error.code).toBe(-32602);
      expect(error.message).toMatch(
        /\[MCP_TASK_NOT_FOUND\] No task "nope" in this episode\. Use the taskId of a task this episode created \(tasks\/list shows them\)\./,
      );
    }
    const schema = CreateTaskResultSchema;
    const jobTool = await rejection(
      client.request(
        { method: "tools/call", params: { name: "list_jobs", arguments: {}, task: {} } },
        schema,
      ),
    );
    expect(jobTool.code).toBe(-32601);
    expect(recording().events).toContainEqual(
      expect.objectContaining({
        type: "note",
        level: "warn",
        message: "a task-augmented tools/call of list_jobs was refused (MCP_TASK_UNSUPPORTED)",
      }),
    );
    expect(jobTool.message).toMatch(
      /\[MCP_TASK_UNSUPPORTED\] list_jobs does not run as a task.*Call list_jobs without task\./,
    );
    const bad = await rejection(
      client.request(
        { method: "tools/call", params: { name: "fetch", arguments: { nope: 1 }, task: {} } },
        schema,
      ),
    );
    expect(bad.code).toBe(-32602);
    expect(bad.message).toMatch(/\[BAD_ARGUMENTS\]/);
  });

  it("refuses tasks/* once the episode is over with EPISODE_OVER", async () => {
    const { client, server } = await connect(declaredScenario());
    const reply = (await client.callTool({ name: "fetch", arguments: { key: "a" } })) as CallToolResult;
    const id = (reply.structuredContent as { job_id: string }).job_id;
    await client.callTool({ name: "finish", arguments: {} });
    await server.session.closed();
    const error = await rejection(client.experimental.tasks.getTask(id));
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(
      /\[EPISODE_OVER\] This episode has ended \(finished\).*Start a new session/,
    );
  });
});

/** One move of a scripted agent, made through the job tools or through Tasks. */
type Move =
  | { start: string; tool: string; args: Record<string, JsonValue> }
  | { poll: string }
  | { collect: string }
  | { cancel: string }
  | { list: true }
  | { answer: string; value: string };

/** A run of weather-and-rates with polls (wasted and not), waits, a list and a cancelled extra job. */
const SCRIPT: readonly Move[] = [
  { start: "paris", tool: "get_weather", args: { city: "Paris" } },
  { start: "rome", tool: "get_weather", args: { city: "Rome" } },
  { start: "rate", tool: "get_exchange_rate", args: { from: "USD", to: "EUR" } },
  { start: "oslo", tool: "get_weather", args: { city: "Oslo" } },
  { cancel: "oslo" },
  { poll: "paris" },
  { list: true },
  { poll: "paris" },
  { collect: "paris" },
  { poll: "rome" },
  { collect: "rome" },
  { answer: "warmer", value: "Rome" },
  { collect: "rate" },
  { start: "convert", tool: "multiply", args: { a: 250, b: 0.92 } },
  { poll: "convert" },
  { poll: "convert" },
  { poll: "convert" },
  { collect: "convert" },
  { answer: "price", value: "230" },
];

async function playScript(client: Client, via: "job tools" | "tasks"): Promise<void> {
  const ids = new Map<string, string>();
  const id = (name: string) => ids.get(name) ?? "";
  const tasks = client.experimental.tasks;
  for (const move of SCRIPT) {
    if ("start" in move) {
      const params = { name: move.tool, arguments: move.args };
      const jobId =
        via === "tasks"
          ? (
              await client.request(
                { method: "tools/call", params: { ...params, task: {} } },
                CreateTaskResultSchema,
              )
            ).task.taskId
          : handleOf<{ job_id: string }>((await client.callTool(params)) as CallToolResult).job_id;
      ids.set(move.start, jobId);
    } else if ("poll" in move) {
      if (via === "tasks") await tasks.getTask(id(move.poll));
      else await client.callTool({ name: "check_job", arguments: { job_id: id(move.poll) } });
    } else if ("collect" in move) {
      if (via === "tasks") await tasks.getTaskResult(id(move.collect), CallToolResultSchema);
      else
        await client.callTool({
          name: "wait_for_jobs",
          arguments: { job_ids: [id(move.collect)], mode: "all" },
        });
    } else if ("cancel" in move) {
      if (via === "tasks") await tasks.cancelTask(id(move.cancel));
      else await client.callTool({ name: "cancel_job", arguments: { job_id: id(move.cancel) } });
    } else if ("list" in move) {
      if (via === "tasks") await tasks.listTasks();
      else await client.callTool({ name: "list_jobs", arguments: {} });
    } else {
      await client.callTool({
        name: "submit_answer",
        arguments: { task_id: move.answer, answer: move.value },
      });
    }
  }
}

describe("a run through Tasks scores as the same run through the job tools", () => {
  it("gives the same metrics as the async run whose calls correspond", async () => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, "weather-and-rates.yaml"));
    const run = async (mode: "async" | "tasks") => {
      const { client, recording } = await connect(scenario, { mode });
      await client.listTools();
      await playScript(client, mode === "tasks" ? "tasks" : "job tools");
      return recording();
    };
    const viaJobTools = await run("async");
    const viaTasks = await run("tasks");
    const requests = (r: Recording) =>
      r.events.flatMap((e) => (e.type === "request" ? [[e.tool, e.t, e.via ?? "-"]] : []));
    // Call for call the same tools at the same times; only `via` differs.
    expect(requests(viaTasks).map(([tool, t]) => [tool, t])).toEqual(
      requests(viaJobTools).map(([tool, t]) => [tool, t]),
    );
    expect(requests(viaTasks).filter(([, , via]) => via === "tasks")).toHaveLength(SCRIPT.length - 2);
    const expected = computeMetrics(scenario, viaJobTools);
    const actual = computeMetrics(scenario, viaTasks);
    expect(expected.episodeSuccess).toBe(true);
    expect(expected.polls).toBe(6);
    expect(expected.wastedPolls).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });

  // tasks/result takes one task: where the best schedule collects two jobs that end at the same
  // tick with one wait_for_jobs (filesystem-triage, seed 1: both moves end at 17), Tasks needs a
  // second request, one step later. Elsewhere the schedule played through Tasks meets M*.
  it.each([
    ["weather-and-rates", 0],
    ["travel-and-files", 0],
    ["filesystem-triage", 1],
  ])(
    "the oracle's best schedule played through Tasks reaches the makespan it reaches through job handles (%s, step clock; +%i)",
    async (id, extra) => {
      const scenario = await loadScenarioFile(join(exampleScenariosDir, `${id}.yaml`));
      const episode = { scenario, seed: 1, mode: "async" as const, clock: "step" as const };
      const handles = await connect(scenario, { mode: "async" });
      await runAgent("oracle", agentTools(handles.client), episode);
      const tasks = await connect(scenario, { mode: "tasks" });
      await tasks.client.listTools();
      // The oracle knows when each job ends (here: from the engine, as it knows every latency).
      const endOf = (taskId: string) => tasks.server.session.episode.job(taskId).endsAt;
      await runAgent("oracle", taskAgentTools(tasks.client, new Set(scenario.tools.keys()), endOf), {
        ...episode,
        mode: "tasks",
      });
      const viaHandles = computeMetrics(scenario, handles.recording());
      const viaTasks = computeMetrics(scenario, tasks.recording());
      expect(viaHandles.episodeSuccess).toBe(true);
      expect(viaTasks.episodeSuccess).toBe(true);
      expect(viaHandles.makespan).toBe(viaHandles.bestMakespan);
      expect(viaTasks.bestMakespan).toBe(viaHandles.bestMakespan);
      expect(viaTasks.makespan).toBe((viaHandles.makespan ?? 0) + extra);
    },
  );
});

describe("--mode tasks over Streamable HTTP (?mode=tasks)", () => {
  let http: HttpServer | undefined;
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });

  it("serves a task per session and says which session a foreign task belongs to", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-tasks-http-"));
    http = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      catalogue: await Catalogue.load([exampleScenariosDir]),
      defaultScenario: "weather-and-rates",
      session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
    });
    const open = async (query: string) => {
      const client = new Client({ name: "tasks-http", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${http?.url}?${query}`)));
      await client.listTools();
      return client;
    };
    const a = await open("mode=tasks&clock=step");
    expect(a.getServerCapabilities()?.tasks).toBeDefined();
    const paris = await streamTask(a, "get_weather", { city: "Paris" });
    expect(handleOf<{ result: { temperature_c: number } }>(paris.result).result.temperature_c).toBe(9);
    expect((await a.experimental.tasks.listTasks()).tasks.map((t) => t.status)).toEqual(["completed"]);

    const b = await open("mode=tasks&clock=step");
    const foreign = await rejection(b.experimental.tasks.getTask(paris.taskId ?? ""));
    expect(foreign.code).toBe(-32602);
    expect(foreign.message).toMatch(
      /\[MCP_TASK_NOT_FOUND\] No task "[^"]+" in this episode\. It was started in another MCP session, and every session is an episode of its own\./,
    );
    const plain = await open("mode=async&clock=step");
    expect(plain.getServerCapabilities()?.tasks).toBeUndefined();
    const bad = await fetch(`${http.url}?mode=task`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-11-25",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /\?mode= takes async, sync, instant or tasks, not "task"/,
    );
    await Promise.all([a.close(), b.close(), plain.close()]);
  });
});

/** Lets messages cross the in-memory transport (no timers, just the event loop's queues). */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("--mode tasks in the wall clock, on hand-driven real time", () => {
  it("gives a pollInterval in ms, and tasks/result waits again each time a wait reaches the cap", async () => {
    const real = new FakeRealTime();
    const { client, recording } = await connect(declaredScenario(), {
      clock: "wall",
      realTime: real,
      settings: { waitCapMs: 1000 },
    });
    await client.listTools();
    const created = await client.request(
      { method: "tools/call", params: { name: "fetch", arguments: { key: "a" }, task: {} } },
      CreateTaskResultSchema,
    );
    expect(created.task.pollInterval).toBe(3000); // fetch's latency, nothing spent yet
    real.advance(500);
    expect((await client.experimental.tasks.getTask(created.task.taskId)).pollInterval).toBe(2500);
    let done = false;
    const result = client.experimental.tasks
      .getTaskResult(created.task.taskId, CallToolResultSchema)
      .then((r) => {
        done = true;
        return r as CallToolResult;
      });
    for (const ms of [1000, 1000, 500]) {
      await settle();
      expect(done).toBe(false);
      real.advance(ms);
    }
    expect(handleOf<{ status: string; result: unknown }>(await result)).toMatchObject({
      status: "completed",
      result: { value: "v-a" },
    });
    const waits = recording().events.filter((e) => e.type === "request" && e.tool === "wait_for_jobs");
    expect(waits).toHaveLength(3);
    expect(waits.every((e) => e.type === "request" && e.via === "tasks")).toBe(true);
  });

  it("answers a tasks/result in flight when the episode ends with EPISODE_OVER", async () => {
    const real = new FakeRealTime();
    const { client, recording } = await connect(declaredScenario(), { clock: "wall", realTime: real });
    await client.listTools();
    const created = await client.request(
      { method: "tools/call", params: { name: "fetch", arguments: { key: "a" }, task: {} } },
      CreateTaskResultSchema,
    );
    const pending = rejection(
      client.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema),
    );
    await settle();
    await client.callTool({ name: "finish", arguments: {} });
    const error = await pending;
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(
      /\[EPISODE_OVER\] The episode ended \(finished\) before task "?[^ ]+"? finished, so it has no result\./,
    );
    expect(recording().end?.status).toBe("finished");
  });
});
