import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { Recording } from "../../src/recorder/format.js";
import { readRecording } from "../../src/recorder/reader.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { cliPath, startHttpCli, stopProcess } from "../helpers/cli-process.js";
import { expectThreeAnswersScored, runThreeAnswers, threeAnswersFile } from "../helpers/three-answers.js";

async function onlyRecording(dir: string): Promise<Recording> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
  expect(files).toHaveLength(1);
  return readRecording(join(dir, files[0] as string));
}

function spawnServer(dir: string, extra: readonly string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      cliPath,
      "serve",
      "--scenario",
      threeAnswersFile,
      "--recordings",
      dir,
      "--log-level",
      "warn",
      ...extra,
    ],
    stderr: "pipe",
  });
  return transport;
}

describe("calls in flight over stdio, spawning `node dist/cli.js serve`", () => {
  it("counts three answers submitted as parallel calls in one turn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-nolost-stdio-"));
    const client = new Client({ name: "nolost-stdio", version: "1" });
    await client.connect(spawnServer(dir));
    const replies = await runThreeAnswers(client);
    expect(replies.map((r) => r.isError ?? false)).toEqual([false, false, false]);
    await client.close();
    expectThreeAnswersScored(await loadScenarioFile(threeAnswersFile), await onlyRecording(dir));
  });

  it("answers a wait in flight on SIGTERM, and records it before the end line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-nolost-sigterm-"));
    // Wall clock, 100× slower and a wait cap of 10 minutes: nothing ends by itself during the test.
    const transport = spawnServer(dir, ["--clock", "wall", "--time-scale", "100", "--wait-cap-ms", "600000"]);
    const client = new Client({ name: "nolost-sigterm", version: "1" });
    await client.connect(transport);
    const started = (await client.callTool({ name: "lookup", arguments: { key: "a" } })) as CallToolResult;
    const job = (started.structuredContent as { job_id: string }).job_id;
    const waiting = client.callTool({ name: "wait_for_jobs", arguments: { job_ids: [job] } });
    // The server reads stdin in order: once list_jobs is answered, the wait before it is in flight.
    await client.callTool({ name: "list_jobs", arguments: {} });
    const pid = transport.pid as number;
    process.kill(pid, "SIGTERM");
    const waited = (await waiting) as CallToolResult;
    expect(waited.isError).toBeFalsy();
    expect(waited.structuredContent).toMatchObject({ timed_out: false, still_working: [job] });
    await client.close();
    const recording = await onlyRecording(dir);
    expect(recording.end).toMatchObject({ status: "interrupted" });
    const waitResponse = recording.events.find((e) => e.type === "response" && e.call === 2);
    expect(waitResponse).toMatchObject({ isError: false });
    const calls = recording.events.flatMap((e) =>
      e.type === "request" || e.type === "response" ? [e.call] : [],
    );
    expect(calls.sort()).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

/** Reads JSON-RPC messages off an SSE response body, one at a time. */
function sseMessages(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return async function next(): Promise<{ id?: number; result?: Record<string, unknown>; error?: unknown }> {
    for (;;) {
      const match = /^data: (.*)$/m.exec(buffer);
      if (match) {
        buffer = buffer.slice((match.index ?? 0) + match[0].length);
        return JSON.parse(match[1] as string);
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("the stream ended without an answer");
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

describe("calls in flight over Streamable HTTP, spawning `node dist/cli.js serve -t http`", () => {
  it("answers a wait in flight on SIGTERM with a JSON-RPC result, recorded before the end line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-nolost-http-sigterm-"));
    const server = await startHttpCli([
      "--scenario",
      threeAnswersFile,
      "--recordings",
      dir,
      "--log-level",
      "warn",
      "--clock",
      "wall",
      "--time-scale",
      "100",
      "--wait-cap-ms",
      "600000",
    ]);
    const client = new Client({ name: "nolost-http-sigterm", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL(server.url));
    await client.connect(transport);
    const started = (await client.callTool({ name: "lookup", arguments: { key: "a" } })) as CallToolResult;
    const job = (started.structuredContent as { job_id: string }).job_id;
    // One batch, read in order: once list_jobs (id 2) is answered, the wait (id 1) is in flight.
    const response = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": transport.sessionId as string,
        "mcp-protocol-version": transport.protocolVersion as string,
      },
      body: JSON.stringify([
        {
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "wait_for_jobs", arguments: { job_ids: [job] } },
        },
        { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_jobs", arguments: {} } },
      ]),
    });
    const next = sseMessages(response.body as ReadableStream<Uint8Array>);
    expect((await next()).id).toBe(2);
    const exited = stopProcess(server.child, "SIGTERM");
    const answer = await next();
    expect(answer).toMatchObject({
      id: 1,
      result: { structuredContent: { timed_out: false, still_working: [job] } },
    });
    expect(await exited).toBe(0);
    const recording = await onlyRecording(dir);
    expect(recording.end).toMatchObject({ status: "interrupted" });
    const calls = recording.events.flatMap((e) =>
      e.type === "request" || e.type === "response" ? [e.call] : [],
    );
    expect(calls.sort()).toEqual([1, 1, 2, 2, 3, 3]);
  });
});
