import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import { readRecording } from "../../src/recorder/reader.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { modernRequest, TASKS } from "../helpers/modern-request.js";

/**
 * Task status notifications of the Tasks extension over `subscriptions/listen` on an episode URL
 * in --mode tasks, spoken as raw HTTP: the acknowledgement, one `notifications/tasks` per task
 * that ends (carrying what tasks/get would), the listen's result once every task listed ended,
 * and what the recording keeps of it.
 */

const SUBSCRIPTION = "io.modelcontextprotocol/subscriptionId";

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(dir: string | null, realTime?: FakeRealTime) {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: await Catalogue.load([exampleScenariosDir]),
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

let nextId = 1;

/** The request of `post`, as fetch sends it. */
function request(method: string, params: Record<string, unknown>, declare = true): RequestInit {
  return modernRequest(nextId++, method, params, { client: "listener", declareTasks: declare });
}

/** A listen stream read as it comes: `until` reads until the text so far contains `needle`. */
async function openStream(url: string, taskIds: string[]) {
  const response = await fetch(url, request("subscriptions/listen", { notifications: { taskIds } }));
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  return {
    async until(needle: string) {
      while (!text.includes(needle)) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the stream ended before ${needle}: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    },
    async rest() {
      for (;;) {
        const { done, value } = await reader.read();
        if (done)
          return [...text.matchAll(/^data: (.*)$/gm)].map(
            (m) => JSON.parse(m[1] ?? "{}") as Record<string, unknown>,
          );
        text += decoder.decode(value, { stream: true });
      }
    },
  };
}

/** One request of the era; answers every JSON-RPC message of the response (one, or the SSE events). */
async function post(
  url: string,
  method: string,
  params: Record<string, unknown>,
  declare = true,
): Promise<{ status: number; messages: Record<string, unknown>[] }> {
  const response = await fetch(url, request(method, params, declare));
  const text = await response.text();
  const lines = text.trimStart().startsWith("{")
    ? [text]
    : [...text.matchAll(/^data: (.*)$/gm)].map((m) => m[1]);
  return {
    status: response.status,
    messages: lines.map((line) => JSON.parse(line ?? "{}") as Record<string, unknown>),
  };
}

const resultOf = (reply: { messages: Record<string, unknown>[] }) => {
  const result = reply.messages.find((m) => "result" in m)?.result as Record<string, unknown> | undefined;
  if (!result) throw new Error(`no result in ${JSON.stringify(reply.messages)}`);
  return result;
};

async function recordingOf(dir: string, id: string): Promise<Recording> {
  const file = readdirSync(dir).find((f) => f.endsWith(".jsonl") && f.includes(id));
  if (!file) throw new Error(`no recording of ${id}`);
  return readRecording(join(dir, file));
}

describe("subscriptions/listen on tasks (the Tasks extension's notifications)", () => {
  it("notifies each task's end with its result, ends the stream, and records a wait with its notices", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-listen-"));
    const base = await start(dir);
    const url = `${base}/mcp/episodes/listen-1?scenario=weather-and-rates&seed=1&clock=step&mode=tasks`;
    const create = async (name: string, args: Record<string, unknown>) =>
      String(resultOf(await post(url, "tools/call", { name, arguments: args })).taskId);
    const paris = await create("get_weather", { city: "Paris" });
    const rome = await create("get_weather", { city: "Rome" });

    const listenId = nextId;
    const listen = await post(url, "subscriptions/listen", { notifications: { taskIds: [paris, rome] } });
    expect(listen.status).toBe(200);
    const [ack, ...rest] = listen.messages;
    expect(ack).toMatchObject({
      method: "notifications/subscriptions/acknowledged",
      params: { notifications: { taskIds: [paris, rome] }, _meta: { [SUBSCRIPTION]: listenId } },
    });
    const notes = rest.filter((m) => m.method === "notifications/tasks");
    expect(notes.map((m) => (m.params as { taskId: string }).taskId).sort()).toEqual([paris, rome].sort());
    for (const note of notes) {
      const params = note.params as Record<string, unknown>;
      expect(params).toMatchObject({ status: "completed", _meta: { [SUBSCRIPTION]: listenId } });
      // The complete task, as tasks/get gives it: the tool's result inline.
      const get = resultOf(await post(url, "tasks/get", { taskId: params.taskId }));
      expect(params.result).toEqual(get.result);
    }
    // The last message ends the listen gracefully: its result, with the subscription id.
    expect(rest.at(-1)).toMatchObject({
      id: listenId,
      result: { resultType: "complete", _meta: { [SUBSCRIPTION]: listenId } },
    });

    await post(url, "tools/call", { name: "finish", arguments: {} });
    await server?.close();
    server = undefined;
    const recording = await recordingOf(dir, "listen-1");
    const request = recording.events.find((e) => e.type === "request" && e.tool === "wait_for_jobs");
    expect(request).toMatchObject({ args: { job_ids: [paris, rome], mode: "all" }, via: "tasks", t: 3 });
    const call = request?.type === "request" ? request.call : -1;
    const ends = new Map(
      recording.events.flatMap((e) => (e.type === "job" && e.status === "completed" ? [[e.job, e.t]] : [])),
    );
    const notices = recording.events.filter((e) => e.type === "notice");
    // One notice per task, stamped with the task's end (the step clock jumped there), naming the listen.
    expect(notices.map((e) => (e.type === "notice" ? [e.kind, e.jobs, e.call, e.t] : []))).toEqual(
      [paris, rome]
        .sort((a, b) => (ends.get(a) ?? 0) - (ends.get(b) ?? 0))
        .map((id) => ["tasks", [id], call, ends.get(id)]),
    );
    const response = recording.events.find((e) => e.type === "response" && e.call === call);
    expect(response).toMatchObject({ isError: false, t: Math.max(...ends.values()) });
    expect(response).not.toHaveProperty("delivered");
  });

  it("refuses a listen without the extension, with a bad filter, or on a task of no episode, with our codes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-listen-"));
    const base = await start(dir);
    const url = `${base}/mcp/episodes/listen-2?scenario=weather-and-rates&seed=1&clock=step&mode=tasks`;
    const task = String(
      resultOf(await post(url, "tools/call", { name: "get_weather", arguments: { city: "Oslo" } })).taskId,
    );

    const undeclared = await post(url, "subscriptions/listen", { notifications: { taskIds: [task] } }, false);
    expect(undeclared.status).toBe(400);
    expect(undeclared.messages[0]?.error).toMatchObject({
      code: -32021,
      message: expect.stringMatching(/^\[MCP_TASKS_NOT_DECLARED\] A listen filter with taskIds/),
      data: { requiredCapabilities: { extensions: { [TASKS]: {} } } },
    });
    for (const taskIds of [[], "all", [task, 3]]) {
      const bad = await post(url, "subscriptions/listen", { notifications: { taskIds } });
      expect(bad.messages[0]?.error).toMatchObject({
        code: -32602,
        message: expect.stringMatching(
          /^\[MCP_LISTEN_FILTER\] params\.notifications\.taskIds must list 1 to 100/,
        ),
        data: { code: "MCP_LISTEN_FILTER" },
      });
    }
    const unknown = await post(url, "subscriptions/listen", { notifications: { taskIds: [task, "nope"] } });
    expect(unknown.messages.map((m) => m.method ?? "error")).toEqual([
      "notifications/subscriptions/acknowledged",
      "error",
    ]);
    expect(unknown.messages[1]?.error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/^\[MCP_TASK_NOT_FOUND\] No task "nope" in this episode/),
    });
    await post(url, "tools/call", { name: "finish", arguments: {} });
    // After the end, a listen is answered EPISODE_OVER.
    const late = await post(url, "subscriptions/listen", { notifications: { taskIds: [task] } });
    expect(late.messages.at(-1)?.error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/^\[EPISODE_OVER\] /),
    });
  });

  it("in the wall clock, notifies a task when its timer ends it, and ends the stream when the episode ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-listen-"));
    const real = new FakeRealTime();
    const base = await start(dir, real);
    const url = `${base}/mcp/episodes/listen-wall?scenario=weather-and-rates&seed=1&clock=wall&mode=tasks`;
    const create = async (a: number) =>
      String(resultOf(await post(url, "tools/call", { name: "multiply", arguments: { a, b: 2 } })).taskId);
    // multiply takes 2 units of 1000 ms.
    const first = await create(1);
    const second = await create(2);

    const stream = await openStream(url, [first]);
    await stream.until("notifications/subscriptions/acknowledged");
    real.advance(2000);
    const messages = await stream.rest();
    expect(messages.map((m) => m.method ?? ("result" in m ? "result" : "error"))).toEqual([
      "notifications/subscriptions/acknowledged",
      "notifications/tasks",
      "result",
    ]);
    expect(messages[1]?.params).toMatchObject({ taskId: first, status: "completed" });

    // The second task ended at the same time, unlistened: no notification. A third, still
    // working when the episode ends, is not notified either; its stream ends with the result.
    const third = await create(3);
    const open = await openStream(url, [third]);
    await open.until("notifications/subscriptions/acknowledged");
    await post(url, "tools/call", { name: "finish", arguments: {} });
    const ended = await open.rest();
    expect(ended.map((m) => m.method ?? ("result" in m ? "result" : "error"))).toEqual([
      "notifications/subscriptions/acknowledged",
      "result",
    ]);

    await server?.close();
    server = undefined;
    const recording = await recordingOf(dir, "listen-wall");
    const notices = recording.events.flatMap((e) => (e.type === "notice" ? [[e.jobs[0], e.t]] : []));
    expect(notices).toEqual([[first, 2000]]);
    expect(recording.events.some((e) => e.type === "job" && e.job === second)).toBe(true);
  });
});
