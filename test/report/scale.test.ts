import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { packageRoot } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { buildReport, reportJson } from "../../src/report/build.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { largeRecordingText } from "./large-recording.js";

const scenario = declaredScenario();
const dir = mkdtempSync(join(tmpdir(), "asynctool-scale-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * That a 100,000-event recording is read, scored and rendered whole. How fast is a benchmark's
 * question (`npm run bench`), not a test's: the timings are only written to
 * test-output/scale-timings.json for whoever is curious.
 */
describe("scoring a large recording", () => {
  it("reads, scores and renders 100,000 events", async () => {
    const file = join(dir, "large.jsonl");
    const text = largeRecordingText(scenario, 100_000);
    writeFileSync(file, text);

    const t0 = performance.now();
    const recording = await readRecording(file);
    const t1 = performance.now();
    const metrics = computeMetrics(scenario, recording);
    const t2 = performance.now();
    const report = buildReport(scenario, recording, metrics);
    const tb = performance.now();
    const json = reportJson(report);
    const tj = performance.now();
    const markdown = renderMarkdown(report);
    const tm = performance.now();
    const html = renderHtml(report);
    const t3 = performance.now();

    // Every line after the header is an event, and each one was read.
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(99_900);
    expect(recording.events.length).toBe(lines.length - 1);
    expect(metrics.episodeSuccess).toBe(true);
    // The generator starts one fetch per round over 4 keys, then fetch a and c once more to
    // solve the tasks: every fetch but the first of each key repeats a call (fetches − 4), less
    // one: step c is matched to the earliest c call whose result was seen before solo's answer
    // (round 5's, waited for), since the first c call (round 1) was never seen and would leave
    // the answer ungrounded (metrics.md §3); a matched call is no duplicate (fetches − 5).
    // Rounds alternate a wait (every 5th round) with two wasted polls while c or another step
    // was ready: one busy-wait run per other round.
    const fetches = recording.events.filter((e) => e.type === "request" && e.tool === "fetch").length;
    const rounds = fetches - 2;
    const duplicates = fetches - 5;
    const busyWaitRuns = rounds - Math.ceil(rounds / 5);
    expect(metrics.duplicates).toBe(duplicates);
    expect(metrics.busyWaitRuns).toBe(busyWaitRuns);
    // Each rendering carries those figures whole: nothing dropped on the way.
    expect(JSON.parse(json).metrics).toMatchObject({ duplicates, busyWaitRuns });
    // The JSON grows with tasks and jobs, not calls: no array in it is longer than the jobs (there
    // are about three calls per job here); the per-call fields come with --detail.
    const jobCount = report.timeline.jobs.length;
    const longest = (value: unknown): number =>
      Array.isArray(value)
        ? Math.max(value.length, ...value.map(longest))
        : value !== null && typeof value === "object"
          ? Math.max(0, ...Object.values(value).map(longest))
          : 0;
    expect(report.timeline.calls.length).toBeGreaterThan(2 * jobCount);
    expect(longest(JSON.parse(json))).toBeLessThanOrEqual(jobCount);
    expect(JSON.parse(reportJson(report, { detail: true })).timeline.calls).toHaveLength(
      report.timeline.calls.length,
    );
    expect(markdown).toContain(`| Duplicate calls | ${duplicates} | calls | lower |`);
    expect(markdown).toContain(`| Busy-wait runs | ${busyWaitRuns} | runs | lower |`);
    expect(html).toContain(`data-metric="duplicates" data-value="${duplicates}"`);
    expect(html).toContain(`data-metric="busyWaitRuns" data-value="${busyWaitRuns}"`);
    const timings = {
      events: recording.events.length,
      readMs: Math.round(t1 - t0),
      metricsMs: Math.round(t2 - t1),
      buildReportMs: Math.round(tb - t2),
      jsonMs: Math.round(tj - tb),
      markdownMs: Math.round(tm - tj),
      htmlMs: Math.round(t3 - tm),
      totalMs: Math.round(t3 - t0),
    };
    mkdirSync(join(packageRoot, "test-output"), { recursive: true });
    writeFileSync(
      join(packageRoot, "test-output", "scale-timings.json"),
      `${JSON.stringify(timings, null, 2)}\n`,
    );
  });
});
