import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/index.js";
import { exampleScenariosDir, packageRoot } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import { readRecording } from "../../src/recorder/reader.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { MODERN, modernRequest, TASKS } from "../helpers/modern-request.js";

/**
 * The Tasks extension of 2026-07-28 (SEP-2663) on episode URLs in --mode tasks, spoken as raw
 * HTTP, the way the extension's own text writes its messages: no client library decides for us
 * what a task-augmented call or a tasks/get looks like on the wire.
 */

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(dir: string | null, realTime?: FakeRealTime) {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: await Catalogue.load([
      exampleScenariosDir,
      join(packageRoot, "scripts", "conformance-tasks.yaml"),
    ]),
    defaultScenario: "weather-and-rates",
    session: {
      seed: 1,
      recordingsDir: dir,
      server: { name: "asynctool-mcp", version: "test" },
      ...(realTime ? { realTime } : {}),
    },
  });
  return server.url.replace(/\/mcp$/, "");
}

interface Reply {
  readonly status: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string; data?: Record<string, unknown> };
}

let nextId = 1;
/** One request of the modern era (`modernRequest`), its reply read from JSON or one SSE event. */
async function rpc(
  url: string,
  method: string,
  params: Record<string, unknown>,
  declare: boolean,
): Promise<Reply> {
  const response = await fetch(
    url,
    modernRequest(nextId++, method, params, {
      client: declare ? "tasks-client" : "plain-client",
      declareTasks: declare,
    }),
  );
  const text = await response.text();
  // A response may come as one SSE event; its data line is the JSON-RPC message.
  const json = text.startsWith("{") ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? "{}");
  const body = JSON.parse(json) as Omit<Reply, "status">;
  return { status: response.status, ...body };
}

const ok = (reply: Reply): Record<string, unknown> => {
  if (!reply.result) throw new Error(`expected a result, got ${JSON.stringify(reply)}`);
  return reply.result;
};

/** One move of a scripted agent: through the Tasks extension, or through the job tools. */
type Move =
  | { start: string; tool: string; args: Record<string, unknown> }
  | { until: string }
  | { cancel: string }
  | { update: string }
  | { answer: string; value: string };

/**
 * weather-and-rates with a cancelled extra job, polls until each job has ended (wasted ones
 * too), and the answers. `update` is a tasks/update, which has no job tool: the job-tool run
 * skips it.
 */
const SCRIPT: readonly Move[] = [
  { start: "paris", tool: "get_weather", args: { city: "Paris" } },
  { start: "rome", tool: "get_weather", args: { city: "Rome" } },
  { start: "rate", tool: "get_exchange_rate", args: { from: "USD", to: "EUR" } },
  { start: "oslo", tool: "get_weather", args: { city: "Oslo" } },
  { cancel: "oslo" },
  { until: "oslo" },
  { update: "paris" },
  { until: "paris" },
  { until: "rome" },
  { answer: "warmer", value: "Rome" },
  { until: "rate" },
  { start: "convert", tool: "multiply", args: { a: 250, b: 0.92 } },
  { until: "convert" },
  { answer: "price", value: "230" },
];

/** Plays SCRIPT on an episode URL; returns what the Tasks run saw of its tasks. */
async function play(url: string, via: "tasks" | "job tools") {
  const tasks = via === "tasks";
  const ids = new Map<string, string>();
  const seen = new Map<string, Record<string, unknown>>();
  const call = (name: string, args: Record<string, unknown>) =>
    rpc(url, "tools/call", { name, arguments: args }, tasks);
  for (const move of SCRIPT) {
    if ("start" in move) {
      const result = ok(await call(move.tool, move.args));
      if (tasks) {
        expect(result).toMatchObject({ resultType: "task", status: "working", ttlMs: null });
        ids.set(move.start, String(result.taskId));
      } else ids.set(move.start, String((result.structuredContent as { job_id: string }).job_id));
    } else if ("until" in move) {
      const taskId = ids.get(move.until) ?? "";
      for (let polls = 0; polls < 40; polls++) {
        const result = tasks
          ? ok(await rpc(url, "tasks/get", { taskId }, true))
          : ((
              ok(await call("check_job", { job_id: taskId })).structuredContent as {
                job: Record<string, unknown>;
              }
            ).job as Record<string, unknown>);
        if (result.status !== "working") {
          seen.set(move.until, result);
          break;
        }
      }
    } else if ("cancel" in move) {
      const taskId = ids.get(move.cancel) ?? "";
      if (tasks)
        expect(ok(await rpc(url, "tasks/cancel", { taskId }, true))).toEqual({
          resultType: "complete",
          _meta: expect.anything(),
        });
      else ok(await call("cancel_job", { job_id: taskId }));
    } else if ("update" in move) {
      if (tasks) {
        const taskId = ids.get(move.update) ?? "";
        const ack = ok(
          await rpc(url, "tasks/update", { taskId, inputResponses: { name: { action: "accept" } } }, true),
        );
        expect(ack.resultType).toBe("complete");
        expect(ack).not.toHaveProperty("taskId");
      }
    } else {
      ok(
        await rpc(
          url,
          "tools/call",
          { name: "submit_answer", arguments: { task_id: move.answer, answer: move.value } },
          tasks,
        ),
      );
    }
  }
  return { ids, seen };
}

async function recordingsIn(dir: string): Promise<Recording[]> {
  return Promise.all(
    readdirSync(dir)
      .filter((f) => f.endsWith(".jsonl"))
      .map((f) => readRecording(join(dir, f))),
  );
}

describe("the Tasks extension (SEP-2663) on episode URLs in --mode tasks", () => {
  it("plays a whole episode through tasks and scores as the async run of the same schedule", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-tasks-ext-"));
    const base = await start(dir);
    const query = "scenario=weather-and-rates&seed=1&clock=step";
    const viaTasks = await play(`${base}/mcp/episodes/ext-tasks?${query}&mode=tasks`, "tasks");
    await play(`${base}/mcp/episodes/ext-async?${query}&mode=async`, "job tools");

    // tasks/get of an ended task carries the tool's own result, without the 2025 related-task _meta.
    const paris = viaTasks.seen.get("paris") as {
      status: string;
      result: { structuredContent: { result: unknown }; _meta?: object };
    };
    expect(paris.status).toBe("completed");
    expect(paris.result.structuredContent.result).toMatchObject({ city: "Paris", temperature_c: 9 });
    expect(paris.result._meta).toBeUndefined();
    expect(paris).toMatchObject({ resultType: "complete", ttlMs: null });
    // The step clock has no interval worth waiting: no pollIntervalMs.
    expect(paris).not.toHaveProperty("pollIntervalMs");
    expect(viaTasks.seen.get("oslo")).toMatchObject({ status: "cancelled" });
    expect(viaTasks.seen.get("oslo")).not.toHaveProperty("result");

    await server?.close();
    server = undefined;
    const recordings = await recordingsIn(dir);
    const of = (id: string) => {
      const found = recordings.find((r) => r.header.session === id);
      if (!found) throw new Error(`no recording of ${id}`);
      return found;
    };
    const tasks = of("ext-tasks");
    const jobs = of("ext-async");
    const requests = (r: Recording) =>
      r.events.flatMap((e) => (e.type === "request" ? [[e.tool, e.t, e.via ?? "-"]] : []));
    const played = requests(tasks);
    expect(played.map(([tool, t]) => [tool, t])).toEqual(requests(jobs).map(([tool, t]) => [tool, t]));
    const viaTasksTools = new Set(played.filter(([, , v]) => v === "tasks").map(([tool]) => tool));
    expect(viaTasksTools).toEqual(
      new Set(["get_weather", "get_exchange_rate", "multiply", "check_job", "cancel_job"]),
    );
    expect(played.filter(([tool]) => tool === "submit_answer").every(([, , v]) => v === "-")).toBe(true);
    // tasks/update maps to no job tool: noted, not a call.
    const notes = tasks.events.flatMap((e) => (e.type === "note" ? [e.message] : []));
    expect(notes.some((m) => /^tasks\/update of task \S+ \(1 input response\) ignored/.test(m))).toBe(true);
    expect(tasks.header.options?.protocol).toBe(MODERN);
    expect(tasks.header.mode).toBe("tasks");

    const scenario = (await Catalogue.load([exampleScenariosDir])).get("weather-and-rates");
    const expected = computeMetrics(scenario, jobs);
    expect(expected.episodeSuccess).toBe(true);
    expect(expected.polls).toBeGreaterThan(0);
    expect(expected.wastedPolls).toBeGreaterThan(0);
    expect(tasks.end?.status).toBe("completed");
    expect(computeMetrics(scenario, tasks)).toEqual(expected);
  });

  it("answers a tool error, an abandoned job and a job of latency 0 as the extension says (the conformance fixtures)", async () => {
    const base = await start(null);
    const url = `${base}/mcp/episodes/fixtures?scenario=conformance-tasks&mode=tasks`;
    const create = async (name: string) => ok(await rpc(url, "tools/call", { name, arguments: {} }, true));
    const until = async (taskId: unknown) => {
      for (;;) {
        const task = ok(await rpc(url, "tasks/get", { taskId }, true));
        if (task.status !== "working") return task;
      }
    };
    // Latency 0: the job has ended within the call, so the call's own result, no task.
    const greet = ok(await rpc(url, "tools/call", { name: "greet", arguments: { name: "Ada" } }, true));
    expect(greet.resultType).toBe("complete");
    expect(greet).not.toHaveProperty("taskId");
    expect(greet.structuredContent).toMatchObject({
      status: "completed",
      result: { greeting: "Hello, Ada!" },
    });

    const failing = await until((await create("failing_job")).taskId);
    expect(failing.status).toBe("completed");
    expect(failing.result).toMatchObject({
      isError: true,
      _meta: { "asynctool/error": { code: "DECLARED_ERROR" } },
    });
    expect(failing).not.toHaveProperty("error");

    const abandoned = await until((await create("protocol_error_job")).taskId);
    expect(abandoned.status).toBe("failed");
    expect(abandoned.error).toMatchObject({
      code: -32603,
      message: expect.stringMatching(/^\[JOB_EXPIRED\] /),
      data: { code: "JOB_EXPIRED" },
    });
    expect(abandoned.statusMessage).toMatch(/^\[JOB_EXPIRED\] /);
    expect(abandoned).not.toHaveProperty("result");

    // Cancelling a task that has ended is acknowledged like any other.
    expect(ok(await rpc(url, "tasks/cancel", { taskId: failing.taskId }, true)).resultType).toBe("complete");
  });

  it("refuses what the extension refuses, with the codes it names, and serves a client without it the async way", async () => {
    const base = await start(null);
    const url = `${base}/mcp/episodes/refusals?mode=tasks`;
    const discover = ok(await rpc(url, "server/discover", {}, false));
    expect((discover.capabilities as { extensions?: object }).extensions).toEqual({ [TASKS]: {} });
    expect(discover.capabilities).not.toHaveProperty("tasks");

    // Without the extension: a scenario tool answers with a job handle; tasks/* get -32021.
    const plain = ok(
      await rpc(url, "tools/call", { name: "get_weather", arguments: { city: "Paris" } }, false),
    );
    expect(plain.resultType).toBe("complete");
    const taskId = (plain.structuredContent as { job_id: string }).job_id;
    expect(plain.structuredContent).toMatchObject({ status: "working" });
    for (const method of ["tasks/get", "tasks/update", "tasks/cancel"]) {
      const refused = await rpc(url, method, { taskId, inputResponses: {} }, false);
      expect(refused.status).toBe(400);
      expect(refused.error?.code).toBe(-32021);
      expect(refused.error?.message).toMatch(
        new RegExp(
          `^\\[MCP_TASKS_NOT_DECLARED\\] ${method} is part of the Tasks extension: declare it on the request`,
        ),
      );
      expect(refused.error?.data).toMatchObject({ requiredCapabilities: { extensions: { [TASKS]: {} } } });
    }
    // With it, the job of a plain call is a task too (a task is a job).
    expect(ok(await rpc(url, "tasks/get", { taskId }, true))).toMatchObject({ taskId, status: "working" });

    for (const method of ["tasks/get", "tasks/update", "tasks/cancel"]) {
      const unknown = await rpc(url, method, { taskId: "no-such-task", inputResponses: {} }, true);
      expect(unknown.error?.code).toBe(-32602);
      expect(unknown.error?.message).toMatch(
        /^\[MCP_TASK_NOT_FOUND\] No task "no-such-task" in this episode\. Use the taskId of a task this episode created/,
      );
    }
    // 2025-11-25 methods the extension removed.
    for (const method of ["tasks/result", "tasks/list"])
      expect((await rpc(url, method, { taskId }, true)).error?.code).toBe(-32601);
    // A job tool is never a task, whoever calls it.
    const check = ok(
      await rpc(url, "tools/call", { name: "check_job", arguments: { job_id: taskId } }, true),
    );
    expect(check.resultType).toBe("complete");

    // Once the episode is over, its tasks answer EPISODE_OVER.
    ok(await rpc(url, "tools/call", { name: "finish", arguments: {} }, true));
    const over = await rpc(url, "tasks/get", { taskId }, true);
    expect(over.error?.code).toBe(-32600);
    expect(over.error?.message).toMatch(/^\[EPISODE_OVER\] This episode has ended \(finished\)/);
    const late = await rpc(url, "tasks/update", { taskId, inputResponses: {} }, true);
    expect(late.error?.code).toBe(-32600);
    expect(late.error?.message).toMatch(/^\[EPISODE_OVER\] This episode has ended \(finished\)/);

    // An episode not in tasks mode offers no extension.
    const asyncUrl = `${base}/mcp/episodes/plain?mode=async`;
    const asyncDiscover = ok(await rpc(asyncUrl, "server/discover", {}, true));
    expect(asyncDiscover.capabilities).not.toHaveProperty("extensions");
    const handle = ok(
      await rpc(asyncUrl, "tools/call", { name: "get_weather", arguments: { city: "Rome" } }, true),
    );
    expect(handle.resultType).toBe("complete");
    expect((await rpc(asyncUrl, "tasks/get", { taskId }, true)).error?.code).toBe(-32601);
  });

  it("gives pollIntervalMs in the wall clock: the tool's typical latency left, in whole ms", async () => {
    const real = new FakeRealTime();
    const base = await start(null, real);
    const url = `${base}/mcp/episodes/wall?scenario=weather-and-rates&mode=tasks&clock=wall`;
    // multiply takes 2 units of 1000 ms.
    const created = ok(
      await rpc(url, "tools/call", { name: "multiply", arguments: { a: 250, b: 0.92 } }, true),
    );
    expect(created).toMatchObject({ resultType: "task", status: "working", pollIntervalMs: 2000 });
    expect(created.createdAt).toBe(created.lastUpdatedAt);
    real.advance(500);
    const working = ok(await rpc(url, "tasks/get", { taskId: created.taskId }, true));
    expect(working).toMatchObject({ status: "working", pollIntervalMs: 1500 });
    real.advance(1500);
    const done = ok(await rpc(url, "tasks/get", { taskId: created.taskId }, true));
    expect(done.status).toBe("completed");
    expect(done).not.toHaveProperty("pollIntervalMs");
    expect(Date.parse(String(done.lastUpdatedAt)) - Date.parse(String(done.createdAt))).toBe(2000);
  });
});
