import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_NAMES, runAgent } from "../../src/agents/index.js";
import { connectHttp } from "../../src/client/connect.js";
import { connectUpstream } from "../../src/client/upstream.js";
import { packageRoot } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { parseProxyConfig, proxyScenario } from "../../src/scenarios/proxy-scenario.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { runCli, startListeningCli, stopProcess } from "../helpers/cli-process.js";

/**
 * The three reference agents (oracle, sequential, poller) through `asynctool proxy` over HTTP,
 * in front of a plain SDK server with three slow tools (test/fixtures/proxy/slow-server.mjs),
 * with a config that names three tasks. In the step clock what an agent sees does not depend on
 * how fast the upstream answers: an upstream that takes 150 real ms per call gives every agent
 * the same report as one that answers at once, the oracle meets the best makespan M*, and each
 * recording holds the calls the agent made.
 */

const upstreamServer = join(packageRoot, "test", "fixtures", "proxy", "slow-server.mjs");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

const config = {
  id: "three-slow-tools",
  title: "Weather, money and a note, from a slow server",
  latency: { lookup_weather: 2, convert_currency: 5, save_note: 3 },
  tasks: [
    {
      id: "weather",
      instruction: "What is the weather in Lima today?",
      steps: [{ id: "look", tool: "lookup_weather", args: { city: { $ci: "lima" } } }],
      answer: { contains: "sun" },
    },
    {
      id: "price",
      instruction: "How many US dollars are 200 pounds?",
      steps: [{ id: "convert", tool: "convert_currency", args: { amount: 200, currency: "GBP" } }],
      answer: { number: 250, tolerance: 0.01 },
    },
    {
      id: "note",
      instruction: "Save a note that says 'pack sunglasses' and give the server's answer.",
      steps: [{ id: "save", tool: "save_note", args: { text: "pack sunglasses" } }],
      answer: { contains: "saved" },
    },
  ],
};

/** The scenario as the proxy builds it: the agents read the tasks, gold steps and latencies from it. */
async function agentsScenario(): Promise<Scenario> {
  const upstream = await connectUpstream(
    { kind: "stdio", command: process.execPath, args: [upstreamServer] },
    { name: "scenario-reader", version: "1.0.0" },
  );
  try {
    return proxyScenario({
      upstream: upstream.info,
      config: parseProxyConfig(config),
      tools: upstream.tools,
    });
  } finally {
    await upstream.close();
  }
}

type Headline = Record<string, unknown>;

/** Plays each reference agent through one proxy session; returns each one's report headline. */
async function playThroughProxy(scenario: Scenario, slowMs: number): Promise<Map<string, Headline>> {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-proxy-agents-"));
  const configFile = join(dir, "proxy.json");
  writeFileSync(configFile, JSON.stringify(config));
  const recordings = join(dir, "recordings");
  const proxy = await startListeningCli(
    [
      "proxy",
      "-t",
      "http",
      "-p",
      "0",
      "--config",
      configFile,
      "-r",
      recordings,
      "--",
      process.execPath,
      upstreamServer,
    ],
    { ...process.env, SLOW_MS: String(slowMs) },
  );
  children.push(proxy.child);
  for (const agent of AGENT_NAMES) {
    const connection = await connectHttp(new URL(proxy.url), {
      name: `reference-${agent}`,
      version: "1.0.0",
    });
    await runAgent(agent, connection.tools, { scenario, seed: 1, mode: "async", clock: "step" });
    await connection.close();
  }
  expect(await stopProcess(proxy.child)).toBe(0);

  const headlines = new Map<string, Headline>();
  for (const file of readdirSync(recordings).filter((f) => f.endsWith(".jsonl"))) {
    const path = join(recordings, file);
    const recording = await readRecording(path);
    const agent = recording.header.client?.name.replace("reference-", "") ?? "";
    // Each agent's episode ended with its last answer, and its calls are all recorded.
    expect(recording.end).toMatchObject({ status: "completed" });
    const report = await runCli(["report", "--json", path]);
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout) as { headline: { name: string; value: unknown }[] };
    headlines.set(agent, Object.fromEntries(json.headline.map((h) => [h.name, h.value])));
  }
  return headlines;
}

describe("the reference agents through the proxy, in front of a plain SDK server", () => {
  it("score the same in the step clock whether the upstream is fast or slow; the oracle meets M*", async () => {
    const scenario = await agentsScenario();
    const fast = await playThroughProxy(scenario, 0);
    const slow = await playThroughProxy(scenario, 150);
    expect([...slow.keys()].sort()).toEqual([...AGENT_NAMES].sort());
    for (const agent of AGENT_NAMES) {
      expect(slow.get(agent)).toMatchObject({ episodeSuccess: true, stepF1: 1 });
      expect(slow.get(agent)).toEqual(fast.get(agent));
    }
    const oracle = slow.get("oracle") as Headline;
    expect(oracle.makespan).toBe(oracle.bestMakespan);
    expect(oracle).toMatchObject({ optimality: 1, polls: 0 });
    // The poller polls and the sequential agent blocks: both take longer than the oracle.
    expect(slow.get("poller")?.makespan).toBeGreaterThan(oracle.makespan as number);
    expect(slow.get("sequential")?.makespan).toBe(oracle.sequentialBound);
  }, 120_000);
});
