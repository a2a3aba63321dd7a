import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath, runCli } from "../helpers/cli-process.js";

/**
 * `asynctool proxy` over stdio in front of a small MCP server of its own (written with the SDK
 * alone, test/fixtures/proxy/slow-server.mjs: three tools), played by an SDK client in the async
 * mode: the latencies of the config in the step clock, the upstream's results and errors
 * delivered through the job tools, the recording and report of what the client did, and an
 * upstream that dies in the middle of a call.
 */

const upstreamServer = join(packageRoot, "test", "fixtures", "proxy", "slow-server.mjs");
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function startProxy(args: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-proxy-"));
  const child = spawn(
    process.execPath,
    [cliPath, "proxy", "--one-episode", "-r", dir, ...args, "--", process.execPath, upstreamServer],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const client = new Client({ name: "proxy-test", version: "1.0.0" });
  await client.connect(new ChildStdioTransport(child));
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { dir, child, client, call, exited, stderr: () => stderr };
}

const config = {
  id: "slow-server",
  title: "Three slow tools",
  latency: { lookup_weather: 2, convert_currency: 5, "*": 3 },
  tasks: [
    {
      id: "weather",
      instruction: "What is the weather in Paris today?",
      steps: [{ id: "look", tool: "lookup_weather", args: { city: { $ci: "paris" } } }],
      answer: { contains: "rain" },
    },
    {
      id: "price",
      instruction: "How many US dollars are 10 euros?",
      steps: [{ id: "convert", tool: "convert_currency", args: { amount: 10, currency: "EUR" } }],
      answer: { number: 11, tolerance: 0.01 },
    },
  ],
};

describe("proxy in front of an independent SDK server (stdio)", () => {
  it("serves its tools as delayed tools with the config's latencies, and records and scores the session", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-proxy-config-"));
    const configFile = join(dir, "proxy.json");
    writeFileSync(configFile, JSON.stringify(config));
    const proxy = await startProxy(["--config", configFile]);

    const tools = await proxy.client.listTools();
    const byName = new Map(tools.tools.map((t) => [t.name, t]));
    expect([...byName.keys()].slice(0, 3)).toEqual(["lookup_weather", "convert_currency", "save_note"]);
    // The upstream's hints pass through as it gave them.
    expect(byName.get("lookup_weather")?.annotations).toMatchObject({
      readOnlyHint: true,
      openWorldHint: true,
    });
    expect(byName.get("save_note")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect((await proxy.client.listResources()).resources.map((r) => r.uri)).toContain("slow://readme");
    expect((await proxy.client.listPrompts()).prompts.map((p) => p.name)).toContain("plan_trip");

    const weather = (await proxy.call("lookup_weather", { city: "Paris" })).structuredContent as {
      job_id: string;
      status: string;
      started_at: number;
    };
    const price = (await proxy.call("convert_currency", { amount: 10, currency: "EUR" }))
      .structuredContent as {
      job_id: string;
      started_at: number;
    };
    const unknown = (await proxy.call("lookup_weather", { city: "Atlantis" })).structuredContent as {
      job_id: string;
    };
    expect(weather).toMatchObject({ status: "working", started_at: 1 });
    expect(price.started_at).toBe(2);

    const waited = await proxy.call("wait_for_jobs", {
      job_ids: [weather.job_id, price.job_id, unknown.job_id],
      mode: "all",
    });
    const jobs = (waited.structuredContent as { jobs: Record<string, unknown>[] }).jobs;
    const job = (id: string) => jobs.find((j) => j.job_id === id);
    // Latencies of the config, in steps: 2 for lookup_weather, 5 for convert_currency.
    expect(job(weather.job_id)).toMatchObject({
      status: "completed",
      ended_at: 3,
      result: "Paris: rain, 12 °C",
    });
    expect(job(price.job_id)).toMatchObject({ status: "completed", ended_at: 7, result: { usd: 11 } });
    expect(job(unknown.job_id)).toMatchObject({
      status: "failed",
      error: { code: "UPSTREAM_TOOL_ERROR", message: "unknown city: Atlantis" },
    });

    await proxy.call("submit_answer", { task_id: "weather", answer: "Rain, 12 °C" });
    await proxy.call("submit_answer", { task_id: "price", answer: "11 dollars" });
    await proxy.client.close();
    expect(await endAndWaitForExit(proxy.child)).toBe(0);

    const [file] = readdirSync(proxy.dir).filter((f) => f.endsWith(".jsonl"));
    const recording = await readRecording(join(proxy.dir, file as string));
    expect(recording.end).toMatchObject({ status: "completed" });
    const started = recording.events.filter((e) => e.type === "job" && e.status === "working");
    expect(started.map((e) => (e.type === "job" ? [e.tool, e.latency] : []))).toEqual([
      ["lookup_weather", 2],
      ["convert_currency", 5],
      ["lookup_weather", 2],
    ]);
    // The upstream's command line is not in the recording; its tools and the config are.
    expect(JSON.stringify(recording.header)).not.toContain(upstreamServer);

    const report = await runCli(["report", "--json", join(proxy.dir, file as string)]);
    expect(report.code).toBe(0);
    const figures = Object.fromEntries(
      (JSON.parse(report.stdout).headline as { name: string; value: unknown }[]).map((h) => [
        h.name,
        h.value,
      ]),
    );
    // The call for Atlantis matches no gold step: precision 2/3, recall 1.
    expect(figures).toMatchObject({
      episodeSuccess: true,
      stepF1: 0.8,
      agentCalls: 6,
      polls: 0,
      peakConcurrency: 2,
    });
  }, 30_000);

  it('reports the figures that need gold as "no gold" when the config has no tasks', async () => {
    const proxy = await startProxy(["--latency", "4"]);
    const handle = (await proxy.call("save_note", { text: "hello" })).structuredContent as { job_id: string };
    const checked = await proxy.call("check_job", { job_id: handle.job_id });
    expect(checked.structuredContent).toMatchObject({ job: { status: "working" } });
    const waited = await proxy.call("wait_for_jobs", { job_ids: [handle.job_id] });
    expect(waited.structuredContent).toMatchObject({
      jobs: [{ status: "completed", result: "note 1 saved", ended_at: 5 }],
    });
    await proxy.call("finish");
    await proxy.client.close();
    expect(await endAndWaitForExit(proxy.child)).toBe(0);

    const [file] = readdirSync(proxy.dir).filter((f) => f.endsWith(".jsonl"));
    const report = await runCli(["report", join(proxy.dir, file as string)]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain("| Step F1 | no gold | ratio | higher |");
    expect(report.stdout).toContain("| Polls | 1 | calls | lower |");
    expect(report.stdout).toContain("| Agent calls | 4 | calls | lower |");
  }, 30_000);

  it("publishes only the tools marked read-only with --read-only", async () => {
    const proxy = await startProxy(["--read-only"]);
    const names = (await proxy.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("lookup_weather");
    expect(names).toContain("convert_currency");
    expect(names).not.toContain("save_note");
    const refused = await proxy.call("save_note", { text: "hello" });
    expect(refused.isError).toBe(true);
    expect(refused._meta?.["asynctool/error"]).toMatchObject({ code: "TOOL_NOT_FOUND" });
    expect(proxy.stderr()).toContain("--read-only: not publishing save_note");
    await proxy.client.close();
    expect(await endAndWaitForExit(proxy.child)).toBe(0);
  }, 30_000);

  it("ends the episode as error when the upstream dies in the middle of a call, and records and reports it", async () => {
    const proxy = await startProxy(["--latency", "0"]);
    // save_note "crash" makes the upstream exit while it holds the call.
    const crashed = await proxy.call("save_note", { text: "crash" });
    expect(crashed.isError).not.toBe(true);
    // The proxy cannot go on without its upstream: it ends the episode and stops, with status 1.
    expect(await proxy.exited).toBe(1);
    expect(proxy.stderr()).toContain("UPSTREAM_GONE");

    const [file] = readdirSync(proxy.dir).filter((f) => f.endsWith(".jsonl"));
    const recording = await readRecording(join(proxy.dir, file as string));
    expect(recording.end).toMatchObject({ status: "error" });
    expect(recording.end?.type === "end" ? recording.end.reason : "").toContain("closed its connection");
    const failed = recording.events.find((e) => e.type === "job" && e.status === "failed");
    expect(failed).toMatchObject({ tool: "save_note", error: { code: "UPSTREAM_GONE" } });
    const report = await runCli(["report", join(proxy.dir, file as string)]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain("**End:** stopped by a server error at t = 1 steps");
  }, 30_000);

  it("records a job in flight when the upstream dies, after the jobs it had answered, and reports the error end", async () => {
    const proxy = await startProxy(["--latency", "3"]);
    const weather = (await proxy.call("lookup_weather", { city: "Oslo" })).structuredContent as {
      job_id: string;
    };
    // The wait returns once the upstream has answered: the crash below comes after that answer.
    const waited = await proxy.call("wait_for_jobs", { job_ids: [weather.job_id] });
    expect(waited.structuredContent).toMatchObject({ jobs: [{ status: "completed", ended_at: 4 }] });
    await proxy.call("save_note", { text: "crash" }).catch(() => undefined); // step 5, due at step 8
    expect(await proxy.exited).toBe(1);

    const [file] = readdirSync(proxy.dir).filter((f) => f.endsWith(".jsonl"));
    const path = join(proxy.dir, file as string);
    const recording = await readRecording(path);
    expect(recording.end).toMatchObject({
      status: "error",
      reason: 'the upstream server "slow-test-server" closed its connection',
    });
    // The job in flight was not due yet when the episode ended: it is recorded as started only.
    const jobs = recording.events.filter((e) => e.type === "job");
    expect(jobs.map((e) => (e.type === "job" ? [e.tool, e.status] : []))).toEqual([
      ["lookup_weather", "working"],
      ["lookup_weather", "completed"],
      ["save_note", "working"],
    ]);
    // Nothing in the recording names the upstream's command line.
    expect(readFileSync(path, "utf8")).not.toContain(upstreamServer);
    const report = await runCli(["report", path]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain("**End:** stopped by a server error");
  }, 60_000);
});
