import { describe, expect, it } from "vitest";
import { AGENT_NAMES, runAgent } from "../../src/agents/index.js";
import { connectInMemory } from "../../src/client/connect.js";
import { exampleScenariosDir } from "../../src/paths.js";
import type { RecordingEvent } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";

const scenarios = (await loadScenariosAt(exampleScenariosDir)).flatMap((o) =>
  o.scenario ? [o.scenario] : [],
);

async function run(
  agent: (typeof AGENT_NAMES)[number],
  scenario: Scenario,
  mode: "async" | "sync" | "instant" = "async",
  seed = 1,
) {
  const connection = await connectInMemory(
    {
      scenario,
      seed,
      mode,
      clock: "step",
      recordingsDir: null,
      server: { name: "asynctool-mcp", version: "test" },
      sessionId: `s-${agent}`,
    },
    { name: agent, version: "1" },
  );
  const summary = await runAgent(agent, connection.tools, { scenario, seed, mode, clock: "step" });
  const sink = connection.server?.session.sink as MemoryRecordingWriter;
  const recording = sink.recording();
  await connection.close();
  return { summary, recording };
}

function lastAnswerAt(events: readonly RecordingEvent[]): number {
  return Math.max(
    ...events.flatMap((e) => (e.type === "request" && e.tool === "submit_answer" ? [e.t] : [])),
  );
}

describe.each(scenarios.map((s) => [s.id, s] as const))("reference agents on %s", (_id, scenario) => {
  it.each(AGENT_NAMES)("%s answers every task and ends the episode", async (agent) => {
    const { summary, recording } = await run(agent, scenario);
    expect(summary.finished).toBe(true);
    expect(summary.toolErrors).toBe(0);
    expect(recording.end?.status).toBe("completed");
  });

  it("the sequential agent takes exactly the sequential bound: Σ(d + 1) + |T|", async () => {
    const { recording } = await run("sequential", scenario);
    const d = Object.values(recording.header.schedule).flatMap((row) => Object.values(row));
    expect(lastAnswerAt(recording.events)).toBe(d.reduce((a, b) => a + b + 1, 0) + scenario.tasks.length);
  });

  it("the oracle never polls, and the poller does", async () => {
    const oracle = await run("oracle", scenario);
    const poller = await run("poller", scenario);
    const polls = (events: readonly RecordingEvent[]) =>
      events.filter((e) => e.type === "request" && e.tool === "check_job").length;
    expect(polls(oracle.recording.events)).toBe(0);
    expect(polls(poller.recording.events)).toBeGreaterThan(0);
    expect(lastAnswerAt(oracle.recording.events)).toBeLessThanOrEqual(lastAnswerAt(poller.recording.events));
  });

  it.each(["sync", "instant"] as const)("every agent also finishes in the %s mode", async (mode) => {
    for (const agent of AGENT_NAMES) {
      const { summary } = await run(agent, scenario, mode);
      expect(summary.finished).toBe(true);
    }
  });
});
