import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  CreateTaskResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath, runCli, stopProcess } from "../helpers/cli-process.js";

/**
 * `asynctool proxy` in front of the small independent SDK server of
 * test/fixtures/proxy/slow-server.mjs, in the modes the other proxy tests leave out: played
 * through MCP Tasks (with its resources and prompts read through the proxy), blocking calls in
 * the sync mode, no added latency in the instant mode, and in the wall
 * clock with the server reached over Streamable HTTP, where the drawn latency and the upstream's
 * own time both hold a result back. The wall clock is checked on the recorded times, whose
 * lower bounds the proxy guarantees, never on how long the test took.
 */

const upstreamServer = join(packageRoot, "test", "fixtures", "proxy", "slow-server.mjs");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function recordingIn(dir: string): string {
  const [file] = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
  return join(dir, file as string);
}

async function startProxy(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-proxy-modes-"));
  const child = spawn(process.execPath, [cliPath, "proxy", "--one-episode", "-r", dir, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env,
  });
  children.push(child);
  const client = new Client({ name: "proxy-modes-test", version: "1.0.0" });
  await client.connect(new ChildStdioTransport(child));
  return { dir, child, client };
}

/** The slow server over Streamable HTTP on a free port; resolves with its URL once it listens. */
async function startHttpUpstream(
  slowMs: number,
  requireHeader = "",
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [upstreamServer, "--http", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SLOW_MS: String(slowMs), REQUIRE_HEADER: requireHeader },
  });
  children.push(child);
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`upstream exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

describe("proxy in front of an independent SDK server, in the tasks, sync and instant modes and the wall clock", () => {
  it("plays a client through MCP Tasks, passes resources and prompts through, and records the Tasks requests", async () => {
    const proxy = await startProxy([
      "--mode",
      "tasks",
      "--latency",
      "3",
      "--",
      process.execPath,
      upstreamServer,
    ]);
    const { client } = proxy;
    // The upstream's resources and prompts, read through the proxy.
    const readme = await client.readResource({ uri: "slow://readme" });
    expect(readme.contents).toEqual([{ uri: "slow://readme", text: "three slow tools" }]);
    const prompt = await client.getPrompt({ name: "plan_trip", arguments: { city: "Oslo" } });
    expect(prompt.messages).toEqual([
      { role: "user", content: { type: "text", text: "Plan a trip to Oslo." } },
    ]);

    const tools = (await client.listTools()).tools;
    expect(tools.find((t) => t.name === "convert_currency")?.execution).toEqual({ taskSupport: "optional" });
    const created = await client.request(
      {
        method: "tools/call",
        params: {
          name: "convert_currency",
          arguments: { amount: 4, currency: "GBP" },
          task: { ttl: 60_000 },
        },
      },
      CreateTaskResultSchema,
    );
    const taskId = created.task.taskId;
    expect(created.task.status).toBe("working");
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe("working"); // step 2 of 4
    const result = (await client.experimental.tasks.getTaskResult(
      taskId,
      CallToolResultSchema,
    )) as CallToolResult;
    expect(result.structuredContent).toMatchObject({
      job_id: taskId,
      status: "completed",
      started_at: 1,
      ended_at: 4,
      result: { usd: 5 },
    });
    // A client that does not ask for a task gets a handle, as in the async mode.
    const plain = (await client.callTool({
      name: "lookup_weather",
      arguments: { city: "Oslo" },
    })) as CallToolResult;
    expect(plain.structuredContent).toMatchObject({ status: "working", tool: "lookup_weather" });
    await client.callTool({ name: "finish", arguments: {} });
    await client.close();
    expect(await endAndWaitForExit(proxy.child)).toBe(0);

    const path = recordingIn(proxy.dir);
    const recording = await readRecording(path);
    const requests = recording.events.filter((e) => e.type === "request");
    expect(requests.map((e) => (e.type === "request" ? [e.tool, e.via ?? "tools"] : []))).toEqual([
      ["convert_currency", "tasks"],
      ["check_job", "tasks"],
      ["wait_for_jobs", "tasks"],
      ["lookup_weather", "tools"],
      ["finish", "tools"],
    ]);
    expect(recording.end).toMatchObject({ status: "finished" });
    const report = await runCli(["report", path]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain("| Agent calls | 5 | calls | lower |");
  }, 60_000);

  it("answers a call with its result after the latency in the sync mode, and at once in the instant mode", async () => {
    for (const [mode, endedAt] of [
      ["sync", 3],
      ["instant", 1],
    ] as const) {
      const proxy = await startProxy([
        "--mode",
        mode,
        "--latency",
        "2",
        "--",
        process.execPath,
        upstreamServer,
      ]);
      const answer = (await proxy.client.callTool({
        name: "convert_currency",
        arguments: { amount: 8, currency: "EUR" },
      })) as CallToolResult;
      expect(answer.structuredContent).toMatchObject({
        status: "completed",
        started_at: 1,
        ended_at: endedAt,
        result: { usd: 8.8 },
      });
      await proxy.client.callTool({ name: "finish", arguments: {} });
      await proxy.client.close();
      expect(await endAndWaitForExit(proxy.child)).toBe(0);
      const recording = await readRecording(recordingIn(proxy.dir));
      expect(recording.header.mode).toBe(mode);
    }
  }, 60_000);

  it("holds results back in the wall clock for the drawn latency and for the upstream's own time", async () => {
    // Every upstream call takes at least 150 real ms; the proxy's unit is 20 ms.
    const upstream = await startHttpUpstream(150);
    const configDir = mkdtempSync(join(tmpdir(), "asynctool-proxy-wall-"));
    const configFile = join(configDir, "proxy.yaml");
    writeFileSync(configFile, "unitMs: 20\nlatency:\n  convert_currency: 20\n  lookup_weather: 1\n");
    const proxy = await startProxy(["--clock", "wall", "--config", configFile, "--upstream", upstream.url]);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await proxy.client.callTool({ name, arguments: args })) as CallToolResult;
    const slowJob = (await call("convert_currency", { amount: 1, currency: "EUR" })).structuredContent as {
      job_id: string;
    };
    const fastJob = (await call("lookup_weather", { city: "Lima" })).structuredContent as { job_id: string };
    const waited = await call("wait_for_jobs", { job_ids: [slowJob.job_id, fastJob.job_id], mode: "all" });
    const jobs = (waited.structuredContent as { jobs: { job_id: string; status: string; result: unknown }[] })
      .jobs;
    expect(jobs.map((j) => [j.status, j.result])).toEqual([
      ["completed", { usd: 1.1 }],
      ["completed", "Lima: sun, 24 °C"],
    ]);
    await call("finish", {});
    await proxy.client.close();
    expect(await endAndWaitForExit(proxy.child)).toBe(0);
    await stopProcess(upstream.child);

    const recording = await readRecording(recordingIn(proxy.dir));
    const span = (tool: string) => {
      const events = recording.events.filter((e) => e.type === "job" && e.tool === tool);
      const start = events.find((e) => e.type === "job" && e.status === "working");
      const end = events.find((e) => e.type === "job" && e.status === "completed");
      if (start?.type !== "job" || end?.type !== "job") throw new Error(`no start and end of ${tool}`);
      return { latency: start.latency, took: end.t - start.t };
    };
    // convert_currency: 20 units of 20 ms, longer than the upstream: the drawn 400 ms hold it back.
    expect(span("convert_currency").latency).toBe(400);
    expect(span("convert_currency").took).toBeGreaterThanOrEqual(400);
    // lookup_weather: 1 unit (20 ms), shorter than the upstream: its 150 ms count instead.
    expect(span("lookup_weather").latency).toBe(20);
    expect(span("lookup_weather").took).toBeGreaterThanOrEqual(150);
  }, 60_000);

  it("passes --header on to an HTTP upstream, which refuses requests without it, and never records it", async () => {
    const upstream = await startHttpUpstream(0, "X-Api-Key: key-5f1e");
    const refused = await runCli(["proxy", "--one-episode", "--upstream", upstream.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("UPSTREAM_UNAVAILABLE");
    const proxy = await startProxy([
      "--upstream",
      upstream.url,
      "--header",
      "X-Api-Key: key-5f1e",
      "--latency",
      "1",
    ]);
    const handle = (await proxy.client.callTool({ name: "lookup_weather", arguments: { city: "Paris" } }))
      .structuredContent as { job_id: string };
    const waited = await proxy.client.callTool({
      name: "wait_for_jobs",
      arguments: { job_ids: [handle.job_id] },
    });
    expect(waited.structuredContent).toMatchObject({
      jobs: [{ status: "completed", result: "Paris: rain, 12 °C" }],
    });
    await proxy.client.callTool({ name: "finish", arguments: {} });
    await proxy.client.close();
    expect(await endAndWaitForExit(proxy.child)).toBe(0);
    await stopProcess(upstream.child);
    const text = readFileSync(recordingIn(proxy.dir), "utf8");
    expect(text).not.toContain("key-5f1e");
    expect(text).not.toContain(upstream.url);
  }, 60_000);
});
