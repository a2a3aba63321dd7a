import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { readRecording } from "../../src/recorder/reader.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { cliPath, startHttpCli, stopProcess } from "../helpers/cli-process.js";
import { connectInMemory } from "../helpers/in-memory.js";
import { expectTwoLookupsRecording, runTwoLookups } from "../helpers/two-lookups-session.js";

const scenarioFile = join(packageRoot, "test", "fixtures", "scenarios", "two-lookups.yaml");

async function onlyRecording(dir: string) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
  expect(files).toHaveLength(1);
  return readRecording(join(dir, files[0] as string));
}

describe("an episode end to end, with the SDK's Client", () => {
  it("in memory", async () => {
    const { client, server } = await connectInMemory({ scenario: await loadScenarioFile(scenarioFile) });
    await runTwoLookups(client);
    expectTwoLookupsRecording((server.session.sink as MemoryRecordingWriter).recording(), "test-client");
  });

  it("over stdio, spawning `node dist/cli.js serve`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-stdio-"));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cliPath, "serve", "--scenario", scenarioFile, "--recordings", dir, "--log-level", "warn"],
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-e2e", version: "1.0.0" });
    await client.connect(transport);
    await runTwoLookups(client);
    await client.close();
    expectTwoLookupsRecording(await onlyRecording(dir), "stdio-e2e");
  });

  it("over Streamable HTTP on a free port", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-http-"));
    const server = await startHttpCli([
      "--scenario",
      scenarioFile,
      "--recordings",
      dir,
      "--log-level",
      "warn",
    ]);
    try {
      const client = new Client({ name: "http-e2e", version: "1.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(server.url));
      await client.connect(transport);
      await runTwoLookups(client);
      await transport.terminateSession();
      await client.close();
    } finally {
      expect(await stopProcess(server.child)).toBe(0);
    }
    expectTwoLookupsRecording(await onlyRecording(dir), "http-e2e");
  });
});
