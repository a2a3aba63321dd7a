import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  CreateTaskResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath, startHttpCli, startListeningCli, stopProcess } from "../helpers/cli-process.js";

/**
 * `asynctool proxy` in front of this project's own server (`serve -m instant`, so the upstream
 * answers at once and the latency is the proxy's): as a stdio upstream behind an HTTP proxy
 * played through MCP Tasks, and as an HTTP upstream with a bearer token behind a stdio proxy
 * played with the job tools. The upstream's own job tools collide with the proxy's and are
 * published as upstream_<name>.
 */

const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function recordingIn(dir: string): string {
  const [file] = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
  return join(dir, file as string);
}

describe("proxy in front of asynctool's own server", () => {
  it("over HTTP in the tasks mode, with the server as a stdio upstream", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-proxy-tasks-"));
    const proxy = await startListeningCli([
      "proxy",
      "-t",
      "http",
      "-p",
      "0",
      "--mode",
      "tasks",
      "--latency",
      "3",
      "-r",
      dir,
      "--",
      process.execPath,
      cliPath,
      "serve",
      "--one-episode",
      "-s",
      "weather-and-rates",
      "-m",
      "instant",
      "--no-recordings",
    ]);
    children.push(proxy.child);
    const client = new Client({ name: "tasks-client", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url)));

    const tools = (await client.listTools()).tools;
    const weather = tools.find((t) => t.name === "get_weather");
    expect(weather?.execution).toEqual({ taskSupport: "optional" });
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["upstream_check_job", "upstream_submit_answer", "check_job", "submit_answer"]),
    );

    const created = await client.request(
      {
        method: "tools/call",
        params: { name: "get_weather", arguments: { city: "Paris" }, task: { ttl: 60_000 } },
      },
      CreateTaskResultSchema,
    );
    const taskId = created.task.taskId;
    expect(created.task.status).toBe("working");
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe("working");
    const result = (await client.experimental.tasks.getTaskResult(
      taskId,
      CallToolResultSchema,
    )) as CallToolResult;
    // The upstream's answer (its own handle of an instant job), delivered after the proxy's 3 steps.
    expect(result.structuredContent).toMatchObject({
      job_id: taskId,
      status: "completed",
      started_at: 1,
      ended_at: 4,
      result: { status: "completed", result: { city: "Paris", conditions: "light rain" } },
    });
    await client.callTool({ name: "finish", arguments: {} });
    await client.close();
    expect(await stopProcess(proxy.child)).toBe(0);

    const recording = await readRecording(recordingIn(dir));
    const requests = recording.events.filter((e) => e.type === "request");
    expect(requests.map((e) => (e.type === "request" ? [e.tool, e.via ?? "tools"] : []))).toEqual([
      ["get_weather", "tasks"],
      ["check_job", "tasks"],
      ["wait_for_jobs", "tasks"],
      ["finish", "tools"],
    ]);
    expect(recording.end).toMatchObject({ status: "finished" });
  }, 30_000);

  it("over stdio with the server as an HTTP upstream behind a bearer token that is never recorded", async () => {
    const token = "upstream-secret-token-1234";
    const upstream = await startHttpCli(["-m", "instant", "-s", "weather-and-rates", "--no-recordings"], {
      ...process.env,
      ASYNCTOOL_AUTH_TOKEN: token,
    });
    children.push(upstream.child);
    const dir = mkdtempSync(join(tmpdir(), "asynctool-proxy-http-"));
    const child = spawn(
      process.execPath,
      [cliPath, "proxy", "--one-episode", "--latency", "2", "-r", dir, "--upstream", upstream.url],
      { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ASYNCTOOL_UPSTREAM_TOKEN: token } },
    );
    children.push(child);
    const client = new Client({ name: "stdio-client", version: "1.0.0" });
    await client.connect(new ChildStdioTransport(child));
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;

    const handle = (await call("get_weather", { city: "Rome" })).structuredContent as { job_id: string };
    const refused = await call("get_weather", { town: "Rome" });
    expect(refused.isError).toBe(true);
    expect(refused._meta?.["asynctool/error"]).toMatchObject({ code: "BAD_ARGUMENTS" });
    const waited = await call("wait_for_jobs", { job_ids: [handle.job_id] });
    expect(waited.structuredContent).toMatchObject({
      jobs: [{ status: "completed", ended_at: 3, result: { result: { city: "Rome", conditions: "sunny" } } }],
    });
    await call("finish");
    await client.close();
    expect(await endAndWaitForExit(child)).toBe(0);

    const text = readFileSync(recordingIn(dir), "utf8");
    expect(text).not.toContain(token);
    expect(text).not.toContain(upstream.url);
    const recording = await readRecording(recordingIn(dir));
    expect(recording.end).toMatchObject({ status: "finished" });
  }, 30_000);
});
