import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { packageRoot } from "../../src/paths.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { buildReport } from "../../src/report/build.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { connectInMemory } from "../helpers/in-memory.js";
import { runTwoLookups } from "../helpers/two-lookups-session.js";

/**
 * A log the real MCP server wrote (a real SDK client, in memory), scored end to end. The script
 * (test/helpers/two-lookups-session.ts), step clock, d(slow) = 5, d(fast) = 1, δ = 1:
 *   1 slow_lookup a → job #1 [1, 6)    2 fast_lookup b → job #2 [2, 3)    3 slow_lookup zzz → job #3
 *   4 cancel job #3 (at 4)   5 wait any → answered at 5 with job #2   6 wait all → job #1 at 6
 *   7 answer fast            8 answer slow
 * S = (5+1) + (1+1) + 2 = 10; CP(slow) = 6 + 1 = 7, CP(fast) = 2 + 1 = 3; M = 8.
 * M* = 7 (by search; by hand: slow at 1 (ends 6), fast at 2 (ends 3), a wait at 3 lands at 3,
 * answer fast at 4, a wait at 5 lands at 6, answer slow at 7 = CP(slow)). Was LB = 7 too.
 */
describe("a recording written by the MCP server", () => {
  it("is scored as worked out by hand", async () => {
    const scenario = await loadScenarioFile(
      join(packageRoot, "test", "fixtures", "scenarios", "two-lookups.yaml"),
    );
    const { server, client } = await connectInMemory({ scenario });
    await runTwoLookups(client);
    const recording = (server.session.sink as MemoryRecordingWriter).recording();
    await client.close();

    const m = computeMetrics(scenario, recording);
    expect(m.episodeSuccess).toBe(true);
    // 3 scenario-tool calls, 2 matched (the zzz look-up is no gold step): P = 2/3, R = 1, F1 = 4/5.
    expect(m.stepPrecision).toBeCloseTo(2 / 3, 12);
    expect(m.stepRecall).toBe(1);
    expect(m.stepF1).toBeCloseTo(0.8, 12);
    expect([m.sequentialBound, m.bestMakespan, m.makespan]).toEqual([10, 7, 8]);
    expect(m.speedup).toBe(1.25);
    expect(m.optimality).toBe(7 / 8);
    expect(m.normalizedEfficiency).toBeCloseTo(2 / 3, 12);
    expect(m.successWeightedEfficiency).toBe(7 / 8);
    // In flight: #1 5 + #2 1 + #3 1 (cancelled at 4) = 7 over 8; at most 2 at once.
    expect(m.meanConcurrency).toBe(7 / 8);
    expect(m.peakConcurrency).toBe(2);
    // Both waits found their job already done: no idle.
    expect(m.idleShare).toBe(0);
    // Pickups: #2 finished 3, seen 5 → 2; #1 finished 6, seen 6 → 0.
    expect(m.pickupLatencyMean).toBe(1);
    expect(m.pickupLatencyP95).toBe(2);
    // The cancelled job is no orphan; nothing repeated.
    expect([m.orphans, m.duplicates, m.polls, m.agentCalls]).toEqual([0, 0, 0, 8]);
    expect(m.pollEfficiency).toBeNull();
    // slow → fast at 2, when slow's only step was already started: productive.
    expect([m.switches, m.productiveSwitchShare]).toEqual([1, 1]);
    // slow 8 / 7, fast 7 / 3.
    expect(m.worstTaskStretch).toBeCloseTo(7 / 3, 12);

    const report = buildReport(scenario, recording, m);
    expect(report.timeline.jobs.map((j) => [j.job, j.outcome, j.lane])).toEqual([
      [1, "completed", 0],
      [2, "completed", 1],
      [3, "cancelled", 2],
    ]);
    expect(renderMarkdown(report)).toContain("| Episode success | yes | yes/no | higher |");
  });
});
