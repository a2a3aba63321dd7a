import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { Recording } from "../../src/recorder/format.js";
import { readRecording } from "../../src/recorder/reader.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { cliPath } from "../helpers/cli-process.js";
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
