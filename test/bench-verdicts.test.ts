import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// The bench is plain JavaScript outside the package (bench/); its modules are loaded as they run.
const bench = (path: string) => import(new URL(`../bench/${path}`, import.meta.url).href);
const { meets, metPerRepetition, metCount } = await bench("lib/verdict.mjs");
const { row } = await bench("lib/figure.mjs");
const { growthRow } = await bench("lib/growth.mjs");
const { renderMarkdown, renderGoals, rowStatus, speedText } = await bench("lib/table.mjs");
const { fixedDocument, measureSpeed } = await bench("lib/speed.mjs");

const atLeast = { on: "ratio", op: ">=", target: 0.9, text: "ratio ≥ 0.9" };
const atMost5 = { on: "value", op: "<=", target: 5, text: "< 5 s" };

describe("bench verdicts: each repetition against the goal", () => {
  it("checks a repetition's own ratio, value or difference, and every goal of a list", () => {
    expect(meets(atLeast, { value: 1, ratio: 0.9 })).toBe(true);
    expect(meets(atLeast, { value: 1, ratio: 0.89 })).toBe(false);
    expect(meets(atMost5, { value: 5.01, ratio: 0.1 })).toBe(false);
    const both = [
      { on: "value", op: "<=", target: 2, text: "≤ 2 ms" },
      { on: "ratio", op: "<=", target: 1, text: "≤ setTimeout + 1 ms" },
    ];
    expect(meets(both, { value: 1.5, ratio: 0.5 })).toBe(true);
    expect(meets(both, { value: 1.5, ratio: 1.2 })).toBe(false);
    expect(meets(both, { value: 2.5, ratio: 0.5 })).toBe(false);
    const diff = { on: "baselineDiff", op: "<=", target: 1, text: "≤ base + 1" };
    expect(meets(diff, { value: 9, baselineDiff: 1 })).toBe(true);
    expect(meets(diff, { value: 9, baselineDiff: 1.5 })).toBe(false);
    // A figure the repetition did not give meets nothing.
    expect(meets(atLeast, { value: 1, ratio: undefined })).toBe(false);
    expect(meets(atMost5, { value: Number.NaN })).toBe(false);
  });

  it("gives one verdict per repetition, in the order measured", () => {
    expect(
      metPerRepetition(atLeast, {
        value: [90, 80, 100],
        baseline: [100, 100, 100],
        ratio: [0.9, 0.8, 1],
      }),
    ).toEqual([true, false, true]);
    expect(metPerRepetition(atMost5, { value: [4.5, 5.4, 4.9, 5.1, 6] })).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
    const diff = { on: "baselineDiff", op: "<=", target: 1, text: "" };
    expect(metPerRepetition(diff, { value: [3, 5], baseline: [2.5, 3] })).toEqual([true, false]);
    expect(metCount({ metPerRep: [true, false, true, true, false] })).toEqual({ met: 3, of: 5 });
    expect(metCount({ met: true })).toBeNull();
  });

  it("a row keeps its repetitions and counts them, its verdict still on the medians", () => {
    // Ratios 1.2, 0.7, 0.95, 0.8, 1.0: the median (0.95) meets ≥ 0.9, three repetitions of five do.
    const r = row({
      id: "x",
      measure: "calls/s",
      unit: "calls/s",
      value: [120, 70, 95, 80, 100],
      baseline: [100, 100, 100, 100, 100],
      baselineLabel: "bare",
      goal: atLeast,
    });
    expect(r.met).toBe(true);
    expect(r.metPerRep).toEqual([true, false, true, false, true]);
    expect(r.value.values).toEqual([120, 70, 95, 80, 100]);
    expect(r.baseline.values).toEqual([100, 100, 100, 100, 100]);
    expect(r.ratio.values).toEqual([1.2, 0.7, 0.95, 0.8, 1]);
    expect(rowStatus(r)).toBe("met in 3 of 5 repetitions");
  });

  it("a verdict on the median can disagree with most repetitions, and the count shows it", () => {
    // An even count: the median of 4.8, 4.9, 5.2, 5.3 is 5.05, missed, while two of four met.
    const r = row({ id: "r", measure: "report", unit: "CPU-s", value: [5.3, 4.8, 5.2, 4.9], goal: atMost5 });
    expect(r.met).toBe(false);
    expect(rowStatus(r)).toBe("**missed**; met in 2 of 4 repetitions");
    // A difference row (lateness): its ratio column is value − baseline, per repetition.
    const late = row({
      id: "l",
      measure: "p99",
      unit: "ms",
      value: [1.5, 1.9, 3],
      baseline: [1, 0.5, 2.5],
      difference: true,
      goal: [
        { on: "value", op: "<=", target: 2, text: "≤ 2 ms" },
        { on: "ratio", op: "<=", target: 1, text: "≤ setTimeout + 1 ms" },
      ],
    });
    // Medians 1.9 ms and +0.5 ms meet both goals; only the first repetition met both on its own.
    expect(late.met).toBe(true);
    expect(late.metPerRep).toEqual([true, false, false]);
    expect(rowStatus(late)).toBe("met in 1 of 3 repetitions");
  });

  it("a row without a goal, or with one repetition, or from an older run, shows the verdict alone", () => {
    expect(row({ id: "n", measure: "m", unit: "", value: [1, 2] }).metPerRep).toBeUndefined();
    expect(rowStatus(row({ id: "n", measure: "m", unit: "", value: [1, 2] }))).toBe("");
    expect(rowStatus(row({ id: "o", measure: "m", unit: "s", value: [6], goal: atMost5 }))).toBe(
      "**missed**",
    );
    expect(rowStatus({ met: true })).toBe("met");
    expect(rowStatus({ met: false })).toBe("**missed**");
  });

  it("a growth row counts each repetition's own slope", () => {
    const plot = {
      id: "g",
      title: "G",
      xLabel: "n",
      yLabel: "ms",
      points: [
        [10, 1],
        [100, 10],
        [1000, 100],
      ],
    };
    const repetitions = [
      [
        [10, 1],
        [100, 10],
        [1000, 100],
      ], // slope 1
      [
        [10, 1],
        [100, 100],
        [1000, 10_000],
      ], // slope 2
      [
        [10, 1],
        [100, 5],
        [1000, 25],
      ], // slope log10(5) ≈ 0.70
    ];
    const g = growthRow(plot, { op: "<=", target: 1.1, text: "slope ≤ 1.1" }, repetitions);
    expect(g.met).toBe(true);
    expect(g.slopes.map((s: number) => Math.round(s * 100) / 100)).toEqual([1, 2, 0.7]);
    expect(g.metPerRep).toEqual([true, false, true]);
    expect(rowStatus(g)).toBe("met in 2 of 3 repetitions");
    expect(growthRow(plot, { op: "<=", target: 1.1, text: "" }).metPerRep).toBeUndefined();
  });
});

/** A run of the current bench with the rows of figure 2 and 6, as the goals table reads them. */
function runOf(rows: object[], extra: object = {}) {
  return {
    bench: 2,
    date: "2026-12-07T06:26:00.000Z",
    machine: { cpu: "AMD EPYC", cores: 2, ramGiB: 23.5, node: "v20", os: "Linux" },
    command: "npm run bench",
    options: { reps: 5 },
    loadBefore: [1, 2, 3],
    loadAfter: [1, 1, 1],
    seconds: 400,
    figures: [{ n: 2, ok: true, rows }],
    ...extra,
  };
}

const throughput = (clients: number, ratios: number[]) =>
  row({
    id: `2 http ${clients}`,
    measure: `calls/s over HTTP, ${clients} lean clients`,
    unit: "calls/s",
    value: ratios.map((x) => x * 1000),
    baseline: ratios.map(() => 1000),
    baselineLabel: "bare SDK echo",
    goal: atLeast,
  });

describe("bench table: how often each goal was met", () => {
  it("the goals table gives each row's count beside the verdict on the medians", () => {
    const rows = [
      throughput(1, [0.8, 0.95, 0.85, 0.92, 0.7]), // median 0.85: missed, met in 2
      throughput(8, [0.5, 0.6, 0.7, 0.8, 0.85]), // met in 0
      throughput(64, [1.3, 0.8, 1.1, 1.2, 1.6]), // met in 4
    ];
    const goals = renderGoals(runOf(rows));
    expect(goals).toContain(
      "| 0.85 / 0.70 / 1.20 | ratio ≥ 0.9 | **not met**; met in 2 / 0 / 4 of 5 repetitions |",
    );
    const allMet = renderGoals(
      runOf([
        throughput(1, [1, 1, 0.8, 1, 1]),
        throughput(8, [1, 1, 1, 1, 1]),
        throughput(64, [1, 1, 1, 1, 1]),
      ]),
    );
    expect(allMet).toContain("| ratio ≥ 0.9 | met in 4 / 5 / 5 of 5 repetitions |");
  });

  it("rows with as many repetitions as each other share one total, others give their own", () => {
    const rows = [throughput(1, [1, 1, 0.5]), throughput(8, [1, 0.5]), throughput(64, [1, 1, 1])];
    expect(renderGoals(runOf(rows))).toContain("met in 2 of 3 / 1 of 2 / 3 of 3 repetitions |");
  });

  it("the header says how to read the counts, and the per-row table shows them", () => {
    const md = renderMarkdown(runOf([throughput(1, [0.8, 0.95, 0.85, 0.92, 0.7])]));
    expect(md).toContain("A verdict is on the medians; beside it, in how many repetitions");
    expect(md).toMatch(/\| ratio ≥ 0\.9 \| \*\*missed\*\*; met in 2 of 5 repetitions \|$/m);
  });

  it("a run that kept no repetitions renders as it did before (the table in docs/performance.md)", () => {
    const old = throughput(1, [0.8, 0.95, 0.85, 0.92, 0.7]);
    delete (old as { metPerRep?: boolean[] }).metPerRep;
    const md = renderMarkdown(runOf([old]));
    expect(md).not.toContain("met in");
    expect(md).not.toContain("A verdict is on the medians");
    expect(md).not.toContain("fixed workload");
    expect(md).toMatch(/\| ratio ≥ 0\.9 \| \*\*missed\*\* \|$/m);
  });
});

describe("bench header: the machine's speed at the start and at the end", () => {
  it("gives the fixed workload's CPU time at both ends and one fstat's", () => {
    const speed = {
      start: { workMs: 451.2, roundsMs: [], fstatUs: 3.27 },
      end: { workMs: 536.4, roundsMs: [], fstatUs: 3.25 },
    };
    expect(speedText(speed)).toBe(
      "; a fixed workload (bench/lib/speed.mjs) took 451 ms of CPU at the start, 536 ms at the end; one fstat 3.27 µs and 3.25 µs",
    );
    const md = renderMarkdown(runOf([], { speed }));
    expect(md).toContain(
      "at the start, 1 1 1 at the end; a fixed workload (bench/lib/speed.mjs) took 451 ms",
    );
    expect(speedText({ start: null, end: speed.end })).toBe(
      "; a fixed workload (bench/lib/speed.mjs) took 536 ms of CPU at the end (not timed at the start); one fstat 3.25 µs",
    );
    expect(speedText(undefined)).toBe("");
  });

  it("the workload is the same document every time, and is timed", () => {
    const text = JSON.stringify(fixedDocument());
    expect(JSON.stringify(fixedDocument())).toBe(text);
    expect(text.length).toBe(441_877);
    const tiny = measureSpeed({ rounds: 2, passes: 1, fstats: 100 });
    expect(tiny.roundsMs).toHaveLength(2);
    expect(tiny.workMs).toBeCloseTo(tiny.roundsMs[0] + tiny.roundsMs[1], 6);
    expect(tiny.workMs).toBeGreaterThan(0);
    expect(tiny.fstatUs).toBeGreaterThan(0);
  });
});

describe("bench --help", () => {
  it("says how to read the counts and the fixed workload", async () => {
    const runner = new URL("../bench/run.mjs", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [runner, "--help"]);
    expect(stdout).toContain('"met in 4 of\n  5 repetitions"');
    expect(stdout).toContain("the CPU time of a fixed workload (bench/lib/speed.mjs");
  });
});
