import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { runAgent } from "../../src/agents/index.js";
import { agentTools } from "../../src/client/sdk-tools.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { defaultScenarioFile } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath } from "../helpers/cli-process.js";

/**
 * Claude Desktop keeps one stdio server for the whole conversation: after an episode ends, the
 * next call must start the next one (the same scenario with the next seed), not refuse.
 */
describe("a stdio server plays episode after episode on one connection", () => {
  it("records two episodes of the oracle in a row, each its own recording, both scoring", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-series-"));
    const child = spawn(
      process.execPath,
      [cliPath, "serve", "--recordings", dir, "--clock", "step", "--seed", "5", "--log-level", "warn"],
      { stdio: "pipe" },
    );
    const client = new Client({ name: "series-e2e", version: "1" });
    await client.connect(new ChildStdioTransport(child));
    const scenario = await loadScenarioFile(defaultScenarioFile);
    const tools = agentTools(client);

    const firstRun = await runAgent("oracle", tools, { scenario, seed: 5, mode: "async", clock: "step" });
    expect(firstRun).toMatchObject({ finished: true, toolErrors: 0 });
    const secondRun = await runAgent("oracle", tools, { scenario, seed: 6, mode: "async", clock: "step" });
    expect(secondRun).toMatchObject({ finished: true, toolErrors: 0 });
    // A third episode began only if something called after the second ended: nothing did.
    const extra = (await client.callTool({ name: "list_tasks", arguments: {} })) as CallToolResult;
    expect(extra.isError).toBeFalsy();

    await client.close();
    expect(await endAndWaitForExit(child)).toBe(0);

    const files = readdirSync(dir)
      .filter((name) => name.endsWith(".jsonl"))
      .map((name) => join(dir, name));
    const recordings = await Promise.all(files.map((file) => readRecording(file)));
    recordings.sort((a, b) => a.header.seed - b.header.seed);
    expect(recordings.map((r) => r.header.seed)).toEqual([5, 6, 7]);
    expect(new Set(recordings.map((r) => r.header.session)).size).toBe(3);
    const [first, second, third] = recordings;
    for (const recording of [first, second]) {
      expect(recording?.header.client).toEqual({ name: "series-e2e", version: "1" });
      expect(recording?.end?.status).toBe("completed");
      const metrics = computeMetrics(scenario, recording as NonNullable<typeof recording>);
      expect(metrics.episodeSuccess).toBe(true);
      expect(metrics.optimality).toBe(1);
    }
    // The third episode began with that list_tasks and ended when the client left.
    expect(third?.end?.status).toBe("disconnected");
    // Spawns server processes: room for a loaded machine.
  }, 120_000);
});
