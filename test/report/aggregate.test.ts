import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import {
  type AggregateEntry,
  aggregate,
  aggregateJson,
  renderAggregateMarkdown,
} from "../../src/report/aggregate.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "../metrics/session.js";

const scenario = declaredScenario();

/** One run of the declared scenario: the oracle's schedule (M = 9, SWE 8/9), or a failure (SWE 0). */
function run(name: string, seed: number, succeed: boolean, client = "alpha"): AggregateEntry {
  const s = new Session(scenario, { seed, client: { name: client, version: "1" } });
  const a = s.call(1, "fetch", { key: "a" });
  const c = s.call(2, "fetch", { key: "c" });
  s.wait(3, [a]);
  const b = s.call(5, "combine", { left: "v-a", right: "b" });
  s.wait(6, [b, c]);
  s.answer(8, "chain", succeed ? "v-a+b" : "wrong");
  s.answer(9, "solo", "v-c");
  const recording = s.end();
  return { name, header: recording.header, metrics: computeMetrics(scenario, recording) };
}

describe("aggregate", () => {
  // alpha: seed 1 twice (1 success, 1 failure), seed 2 twice (2 successes); beta: one run.
  const entries = [
    run("a1.jsonl", 1, true),
    run("a2.jsonl", 1, false),
    run("a3.jsonl", 2, true),
    run("a4.jsonl", 2, true),
    run("b1.jsonl", 1, true, "beta"),
  ];

  it("groups by client, scenario, mode and clock, with pass^k when seeds repeat", () => {
    const table = aggregate(entries);
    expect(table.rows.map((r) => [r.client, r.episodes, r.distinctEpisodes])).toEqual([
      ["alpha", 4, 2],
      ["beta", 1, 1],
    ]);
    const alpha = table.rows[0];
    // 3 of 4 succeed. SWE per run: M*/M = 9/9 (M* = 9 by search; it was LB / M = 8/9), 0, 1, 1
    // → mean 3/4; sd = sqrt(((1 − 3/4)²·3 + (3/4)²) / 3) = sqrt((3/16 + 9/16) / 3) = sqrt(1/4) = 1/2.
    expect(alpha?.episodeSuccess).toBe(0.75);
    expect(alpha?.successWeightedEfficiency.mean).toBeCloseTo(3 / 4, 12);
    expect(alpha?.successWeightedEfficiency.sd).toBeCloseTo(1 / 2, 12);
    // Seed 1: n = 2, c = 1; seed 2: n = 2, c = 2. pass^1 = (1/2 + 1) / 2 = 3/4; pass^2 = (0 + 1) / 2 = 1/2.
    expect(alpha?.passK).toEqual([
      { k: 1, value: 0.75 },
      { k: 2, value: 0.5 },
    ]);
    // beta never repeats a seed: no pass^k, and one run has no sd.
    expect(table.rows[1]?.passK).toEqual([]);
    expect(table.rows[1]?.successWeightedEfficiency.sd).toBeNull();
  });

  it("gives each rate and efficiency its standard error, bootstrap interval and spread over seeds", () => {
    const alpha = aggregate(entries).rows[0];
    // Successes 1, 0, 1, 1: sd = 1/2, SE = sd / √4 = 1/4. Seed 1: 1/2, seed 2: 1 → mean 3/4,
    // sd = √(2 · (1/4)²) = √2/4.
    expect(alpha?.episodeSuccessSe).toBeCloseTo(1 / 4, 12);
    expect(alpha?.episodeSuccessOverSeeds?.mean).toBeCloseTo(3 / 4, 12);
    expect(alpha?.episodeSuccessOverSeeds?.sd).toBeCloseTo(Math.SQRT2 / 4, 12);
    // SWE 1, 0, 1, 1: the same spread.
    expect(alpha?.successWeightedEfficiency.se).toBeCloseTo(1 / 4, 12);
    // Intervals are percentile bootstraps of the values: within their range, and seeded.
    const ci = alpha?.episodeSuccessCi;
    expect(ci?.lower).toBeGreaterThanOrEqual(0);
    expect(ci?.upper).toBeLessThanOrEqual(1);
    expect(aggregate(entries).rows[0]?.episodeSuccessCi).toEqual(ci);
    expect(alpha?.taskSuccess).toBe(0.875);
    // beta: one run has no SE, interval or spread.
    expect(aggregate(entries).rows[1]).toMatchObject({
      episodeSuccess: 1,
      episodeSuccessSe: null,
      episodeSuccessCi: null,
      episodeSuccessOverSeeds: null,
    });
  });

  it("renders Markdown with eval's columns: SE, 95% CI, spread over seeds, mean ± sd, pass^k", () => {
    const md = renderAggregateMarkdown(aggregate(entries));
    expect(md).toContain(
      "| Client | Scenario | Mode | Clock | Episodes | Unfinished | Episode success | SE | 95% CI | Over seeds (mean ± sd) | Task success | Step F1 | SWE (mean ± sd) | SWE 95% CI | pass^1 | pass^2 |",
    );
    expect(md).toMatch(
      /\| alpha \| declared-test \| async \| step \| 4 \| 0 \| 0\.75 \| 0\.25 \| \[0\.25, 1\] \| 0\.75 ± 0\.354 \| 0\.875 \| 1 \| 0\.75 ± 0\.5 \| \[0\.25, 1\] \| 0\.75 \| 0\.5 \|/,
    );
    // beta: one success at M = M* = 9 (was LB / M = 8/9 = 0.889).
    expect(md).toContain(
      "| beta | declared-test | async | step | 1 | 0 | 1 | — | — | — | 1 | 1 | 1 | — | — | — |",
    );
    expect(md).toContain(
      "- a2.jsonl: declared-test seed 1, alpha, async/step · failure (1/2 tasks) · F1 1 · SWE 0 · M 9 steps",
    );
  });

  it("counts unfinished sessions per row, and labels them in JSON and in the recordings' lines", () => {
    const s = new Session(scenario, { seed: 1, client: { name: "alpha", version: "1" } });
    s.call(1, "fetch", { key: "a" });
    const live = s.truncate();
    const p = new Session(scenario, { seed: 1, client: { name: "alpha", version: "1" } });
    const probe = p.end("disconnected");
    const withUnfinished: AggregateEntry[] = [
      ...entries,
      { name: "a5.jsonl", header: live.header, metrics: computeMetrics(scenario, live) },
      { name: "a6.jsonl", header: probe.header, metrics: computeMetrics(scenario, probe), probe: true },
    ];
    const table = aggregate(withUnfinished);
    expect(table.rows.map((r) => [r.client, r.episodes, r.unfinished])).toEqual([
      ["alpha", 6, 2],
      ["beta", 1, 0],
    ]);
    const json = JSON.parse(aggregateJson(table)) as {
      rows: { unfinished: number }[];
      recordings: { name: string; end: { kind: string; unfinished: boolean; label: string } }[];
    };
    expect(json.rows.map((r) => r.unfinished)).toEqual([2, 0]);
    const ends = Object.fromEntries(json.recordings.map((r) => [r.name, r.end]));
    expect(ends["a1.jsonl"]).toEqual({
      status: "completed",
      kind: "completed",
      unfinished: false,
      label: "completed: every task answered by t = 9 steps",
    });
    expect(ends["a5.jsonl"]).toEqual({
      status: null,
      kind: "in-progress",
      unfinished: true,
      label: "in progress (no end recorded; last event at t = 1 steps)",
    });
    expect(ends["a6.jsonl"]).toMatchObject({ kind: "probe", unfinished: true });

    const md = renderAggregateMarkdown(table);
    expect(md).toMatch(/\| alpha \| declared-test \| async \| step \| 6 \| 2 \|/);
    expect(md).toContain("Unfinished: recordings whose session stopped before its episode ended");
    expect(md).toMatch(
      /- a5\.jsonl: .* · UNFINISHED: in progress \(no end recorded; last event at t = 1 steps\)\n/,
    );
    expect(md).not.toMatch(/- a1\.jsonl: .*UNFINISHED/);
  });

  it("renders deterministic JSON", () => {
    expect(aggregateJson(aggregate(entries))).toBe(aggregateJson(aggregate([...entries].reverse())));
  });
});
