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
    writeFileSync(file, largeRecordingText(scenario, 100_000));

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

    expect(recording.events.length).toBeGreaterThanOrEqual(99_900);
    expect(metrics.episodeSuccess).toBe(true);
    expect(metrics.duplicates).toBeGreaterThan(10_000);
    expect(json.length + markdown.length + html.length).toBeGreaterThan(0);
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
