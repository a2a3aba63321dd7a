import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as ModernClient } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { describe, expect, it } from "vitest";
import { runAgent } from "../../src/agents/index.js";
import { agentTools } from "../../src/client/sdk-tools.js";
import { computeMetrics } from "../../src/metrics/index.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath } from "../helpers/cli-process.js";
import { modernAgentTools } from "../helpers/modern-agent-tools.js";

const MODERN = "2026-07-28";

/** `asynctool serve` over stdio as a child process, recording into `dir`. */
function serveStdio(dir: string, extra: string[] = []): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    [
      cliPath,
      "serve",
      "--scenario",
      "travel-and-files",
      "--seed",
      "1",
      "--clock",
      "step",
      "--recordings",
      dir,
    ].concat(["--log-level", "warn"], extra),
    { stdio: ["pipe", "pipe", "pipe"] },
  );
}

async function onlyRecording(dir: string) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
  expect(files).toHaveLength(1);
  return readRecording(join(dir, files[0] as string));
}

describe("stdio serves both protocol eras: the first message picks one", () => {
  it("plays a whole episode with a v2 client pinned to 2026-07-28, scored as the same actions over the handshake", async () => {
    const scenario = (await Catalogue.load([exampleScenariosDir])).get("travel-and-files");
    const episode = { scenario, seed: 1, mode: "async" as const, clock: "step" as const };

    const modernDir = mkdtempSync(join(tmpdir(), "asynctool-stdio-modern-"));
    const modernChild = serveStdio(modernDir, ["--one-episode"]);
    const modern = new ModernClient(
      { name: "modern-stdio", version: "2" },
      { versionNegotiation: { mode: { pin: MODERN } } },
    );
    // The helper transport detaches on close and lets the test wait for the server's own exit.
    await modern.connect(new ChildStdioTransport(modernChild) as never);
    expect(modern.getNegotiatedProtocolVersion()).toBe(MODERN);
    const modernRun = await runAgent("oracle", modernAgentTools(modern), episode);
    await modern.close();
    expect(await endAndWaitForExit(modernChild)).toBe(0);
    expect(modernRun.finished).toBe(true);

    const legacyDir = mkdtempSync(join(tmpdir(), "asynctool-stdio-legacy-"));
    const legacyChild = serveStdio(legacyDir, ["--one-episode"]);
    const legacy = new Client({ name: "legacy-stdio", version: "1" });
    await legacy.connect(new ChildStdioTransport(legacyChild));
    const legacyRun = await runAgent("oracle", agentTools(legacy), episode);
    await legacy.close();
    expect(await endAndWaitForExit(legacyChild)).toBe(0);
    expect(legacyRun.calls).toBe(modernRun.calls);

    const a = await onlyRecording(modernDir);
    const b = await onlyRecording(legacyDir);
    // The header says the era and the client named in the envelope; nothing that scores reads it.
    expect(a.header.options?.protocol).toBe(MODERN);
    expect(a.header.client?.name).toBe("modern-stdio");
    expect(b.header.options?.protocol).toBeUndefined();
    expect(a.end?.status).toBe("completed");
    expect(b.end?.status).toBe("completed");
    const metrics = computeMetrics(scenario, a);
    expect(metrics.episodeSuccess).toBe(true);
    expect(metrics).toEqual(computeMetrics(scenario, b));
  });

  it("refuses a handshake after a modern opening, naming the revision it speaks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-stdio-mixed-"));
    const child = serveStdio(dir);
    const modern = new ModernClient(
      { name: "first", version: "2" },
      { versionNegotiation: { mode: { pin: MODERN } } },
    );
    const transport = new ChildStdioTransport(child);
    await modern.connect(transport as never);
    expect((await modern.listTools()).tools.map((t) => t.name)).toContain("wait_for_jobs");
    // The same connection now opened the 2025 way: the modern server answers with the
    // unsupported-version error that names 2026-07-28.
    const answer = new Promise<unknown>((resolve) => {
      transport.onmessage = (message) => {
        if ((message as { id?: unknown }).id === "late-initialize") resolve(message);
      };
    });
    await transport.send({
      jsonrpc: "2.0",
      id: "late-initialize",
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "late", version: "1" } },
    });
    expect(JSON.stringify(await answer)).toContain(MODERN);
    expect(await endAndWaitForExit(child)).toBe(0);
  });

  it("plays episode after episode for a modern client, as it does for a handshake client", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-stdio-modern-series-"));
    const child = serveStdio(dir, ["--seed", "5"]);
    const scenario = (await Catalogue.load([exampleScenariosDir])).get("travel-and-files");
    const client = new ModernClient(
      { name: "modern-series", version: "2" },
      { versionNegotiation: { mode: { pin: MODERN } } },
    );
    await client.connect(new ChildStdioTransport(child) as never);
    const tools = modernAgentTools(client);
    const firstRun = await runAgent("oracle", tools, { scenario, seed: 5, mode: "async", clock: "step" });
    expect(firstRun).toMatchObject({ finished: true, toolErrors: 0 });
    // The instructions say episodes follow one another.
    expect(client.getInstructions()).toMatch(/episode after episode/);
    const secondRun = await runAgent("oracle", tools, { scenario, seed: 6, mode: "async", clock: "step" });
    expect(secondRun).toMatchObject({ finished: true, toolErrors: 0 });
    await client.close();
    expect(await endAndWaitForExit(child)).toBe(0);

    const recordings = await Promise.all(
      readdirSync(dir)
        .filter((name) => name.endsWith(".jsonl"))
        .map((name) => readRecording(join(dir, name))),
    );
    recordings.sort((a, b) => a.header.seed - b.header.seed);
    // The second episode began at its first request: no third one, as nothing called after it.
    expect(recordings.map((r) => r.header.seed)).toEqual([5, 6]);
    expect(new Set(recordings.map((r) => r.header.session)).size).toBe(2);
    for (const recording of recordings) {
      expect(recording.header.options?.protocol).toBe(MODERN);
      expect(recording.header.client?.name).toBe("modern-series");
      expect(recording.end?.status).toBe("completed");
      const metrics = computeMetrics(scenario, recording);
      expect(metrics.episodeSuccess).toBe(true);
      expect(metrics.optimality).toBe(1);
    }
  }, 120_000);
});
