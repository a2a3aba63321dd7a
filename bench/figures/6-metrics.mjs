// Figure 6. Scoring large recordings: a 1,000,000-event recording read and scored (readRecording
// + computeMetrics), against ten times the same for 100,000 events (linear growth means a ratio
// of 1); and the report of a 100,000-event recording (read + metrics + buildReport +
// renderMarkdown), against the floor of reading it at all: JSON.parse of every line.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { declaredScenario, writeLargeRecording } from "../lib/large-recording.mjs";

const { readRecording } = await load("recorder/reader.js");
const { computeMetrics } = await load("metrics/index.js");
const { buildReport } = await load("report/build.js");
const { renderMarkdown } = await load("report/markdown.js");

await runFigure("Scoring large recordings", async ({ reps, quick }) => {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-metrics-"));
  const scenario = declaredScenario();
  const small = quick ? 10_000 : 100_000;
  const large = quick ? 100_000 : 1_000_000;
  const files = {};
  for (const n of [small, large]) {
    files[n] = join(dir, `large-${n}.jsonl`);
    writeLargeRecording(files[n], scenario, n);
  }
  const time = (fn) => {
    const t0 = performance.now();
    const value = fn();
    return [performance.now() - t0, value];
  };
  const score = async (n) => {
    const t0 = performance.now();
    const recording = await readRecording(files[n]);
    const t1 = performance.now();
    const metrics = computeMetrics(scenario, recording);
    const t2 = performance.now();
    if (!metrics.episodeSuccess) throw new Error("the large recording did not score as a success");
    return { recording, metrics, readMs: t1 - t0, metricsMs: t2 - t1 };
  };
  const parseOnly = (n) =>
    time(() => {
      let lines = 0;
      for (const line of readFileSync(files[n], "utf8").split("\n")) {
        if (line) {
          JSON.parse(line);
          lines += 1;
        }
      }
      return lines;
    })[0];

  const smallScore = [];
  const largeScore = [];
  const report = [];
  const parse = [];
  const detail = { small: [], large: [] };
  try {
    await score(small); // warm-up
    const largeReps = quick ? 1 : Math.max(1, Math.min(reps, 3));
    for (let r = 0; r < Math.max(reps, largeReps); r++) {
      const s = await score(small);
      const [renderMs] = time(() => renderMarkdown(buildReport(scenario, s.recording, s.metrics)));
      parse.push(parseOnly(small));
      report.push((s.readMs + s.metricsMs + renderMs) / 1000);
      detail.small.push({ read: s.readMs, metrics: s.metricsMs, report: renderMs });
      log(
        `${small} events: read ${s.readMs.toFixed(0)} ms, metrics ${s.metricsMs.toFixed(0)} ms, report ${renderMs.toFixed(0)} ms`,
      );
      if (r < largeReps) {
        s.recording = null;
        const l = await score(large);
        smallScore.push((s.readMs + s.metricsMs) / 1000);
        largeScore.push((l.readMs + l.metricsMs) / 1000);
        detail.large.push({ read: l.readMs, metrics: l.metricsMs });
        log(`${large} events: read ${l.readMs.toFixed(0)} ms, metrics ${l.metricsMs.toFixed(0)} ms`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (xs, k) => {
    const s = xs.map((x) => x[k]).sort((a, b) => a - b);
    return Math.round(s[Math.floor((s.length - 1) / 2)]);
  };
  const k = (n) => `${n / 1000}k`;
  return {
    rows: [
      row({
        id: "6 score",
        measure: `score ${k(large)} events (read + metrics)`,
        unit: "s",
        value: largeScore,
        baseline: smallScore.map((x) => x * (large / small)),
        baselineLabel: `${large / small} × ${k(small)} events`,
        goal: [
          { on: "value", op: "<=", target: 10, text: "≤ 10 s" },
          { on: "ratio", op: "<=", target: 1.3, text: "ratio ≤ 1.3 (linear)" },
        ],
        note: `read ${med(detail.large, "read")} ms + metrics ${med(detail.large, "metrics")} ms`,
      }),
      row({
        id: "6 report",
        measure: `report of ${k(small)} events (read + metrics + report)`,
        unit: "s",
        value: report,
        baseline: parse.map((ms) => ms / 1000),
        baselineLabel: "JSON.parse of every line",
        goal: { on: "value", op: "<=", target: 2, text: "≤ 2 s" },
        note: `read ${med(detail.small, "read")} ms + metrics ${med(detail.small, "metrics")} ms + report ${med(detail.small, "report")} ms`,
      }),
    ],
  };
});
