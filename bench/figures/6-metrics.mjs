// Figure 6. The `report` command on large recordings, timed whole: `asynctool report --json`
// in a process of its own (start-up, reading, metrics, the JSON written), its CPU time and peak
// RSS from its own resource usage at exit, on recordings of 10⁴, 10⁵ and 10⁶ events
// (bench/lib/large-recording.mjs), the sizes run in an order rotated per repetition. The 10⁶
// figure is compared with ten times the 10⁵ one (1: linear growth), and the three sizes give
// the recording-size plot of the growth figures.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { log, row, runFigure } from "../lib/figure.mjs";
import { growthRow } from "../lib/growth.mjs";
import { declaredScenario, declaredScenarioFile, writeLargeRecording } from "../lib/large-recording.mjs";
import { runMeasured } from "../lib/measured.mjs";
import { median } from "../lib/stats.mjs";
import { rotated } from "../lib/throughput.mjs";

await runFigure("The report command on large recordings", async ({ reps: wanted, quick }) => {
  const reps = quick ? 1 : Math.min(wanted, 3);
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-report-"));
  const scenarios = join(dir, "scenarios");
  mkdirSync(scenarios);
  writeFileSync(join(scenarios, "declared-test.json"), JSON.stringify(declaredScenarioFile()));
  const scenario = declaredScenario();
  const sizes = quick ? [1_000, 10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const files = {};
  for (const n of sizes) {
    files[n] = join(dir, `large-${n}.jsonl`);
    writeLargeRecording(files[n], scenario, n);
  }
  const report = (n) => runMeasured(["report", "--json", "--scenarios", scenarios, files[n]]);
  const got = Object.fromEntries(sizes.map((n) => [n, []]));
  try {
    await report(sizes[0]); // warm-up (the file cache, the build's modules)
    for (let r = 0; r < reps; r++) {
      for (const n of rotated(sizes, r)) {
        const m = await report(n);
        got[n].push(m);
        log(
          `rep ${r + 1}, ${n} events: ${m.cpuS.toFixed(2)} CPU-s, ${m.wallMs.toFixed(0)} ms wall, peak RSS ${m.peakRssMiB.toFixed(0)} MiB, ${(m.outputBytes / 1e6).toFixed(1)} MB of output`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [, mid, large] = sizes;
  const pick = (n, k) => got[n].map((m) => m[k]);
  const k = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1000}k`);
  const plot = {
    id: "recording-size",
    title: "The report command against recording size",
    xLabel: "events in the recording",
    yLabel: "CPU-s of `report --json`",
    points: sizes.map((n) => [n, median(pick(n, "cpuS"))]),
  };
  return {
    rows: [
      row({
        id: "6 report cpu",
        measure: `\`report --json\` on ${k(large)} events, whole process: CPU time`,
        unit: "CPU-s",
        value: pick(large, "cpuS"),
        baseline: pick(mid, "cpuS").map((s) => s * (large / mid)),
        baselineLabel: `${large / mid} × ${k(mid)} events`,
        goal: { on: "value", op: "<=", target: 5, text: "< 5 s" },
        extra: { outputMB: median(pick(large, "outputBytes")) / 1e6 },
        note: `wall ${(median(pick(large, "wallMs")) / 1000).toFixed(1)} s, ${(median(pick(large, "outputBytes")) / 1e6).toFixed(1)} MB of output (${k(mid)} events: ${(median(pick(mid, "outputBytes")) / 1e6).toFixed(1)} MB); a ratio of 1 is linear growth`,
      }),
      row({
        id: "6 report rss",
        measure: `\`report --json\` on ${k(large)} events, whole process: peak RSS`,
        unit: "MiB",
        value: pick(large, "peakRssMiB"),
        baseline: pick(mid, "peakRssMiB"),
        baselineLabel: `${k(mid)} events`,
        // 500 MB, in the row's unit (MiB: 476.8).
        goal: { on: "value", op: "<=", target: 500e6 / 2 ** 20, text: "< 500 MB" },
      }),
      growthRow(
        plot,
        { op: "<=", target: 1.1, text: "slope ≤ 1.1" },
        Array.from({ length: reps }, (_, r) => sizes.map((n) => [n, got[n][r].cpuS])),
      ),
    ],
    growth: [plot],
  };
});
