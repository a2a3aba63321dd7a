import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFolded } from "../../src/cli/read-folded.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { extractInputs } from "../../src/metrics/inputs.js";
import { readRecording } from "../../src/recorder/reader.js";
import { buildReport, reportJson, reportJsonPieces } from "../../src/report/build.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { largeRecordingText } from "./large-recording.js";

// `report` folds a recording as it streams (cli/read-folded.ts) instead of keeping its events:
// what it scores and prints must be what the whole recording gives.

const scenario = declaredScenario();
const dir = mkdtempSync(join(tmpdir(), "asynctool-folded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const full = largeRecordingText(scenario, 3_000);
const lines = full.trimEnd().split("\n");
const capped = lines.findIndex((line) => line.includes('"type":"request"'));
/** The same session cut short (no end line), and one whose request had a field cut to the caps. */
const variants: Record<string, string> = {
  complete: full,
  "cut short": `${lines.slice(0, -1).join("\n")}\n`,
  "with a capped field": `${lines
    .map((line, i) =>
      i === capped ? line.replace('"type":"request"', '"type":"request","truncated":{"args":9000}') : line,
    )
    .join("\n")}\n`,
};

async function both(name: string, text: string) {
  const file = join(dir, `${name.replaceAll(" ", "-")}.jsonl`);
  writeFileSync(file, text);
  const recording = await readRecording(file);
  const folded = (await readFolded(file)).scoredAgainst(scenario);
  return { recording, folded };
}

describe("a recording folded as it streams", () => {
  it("the capped-field variant does carry a capped field (the case is not vacuous)", () => {
    expect(variants["with a capped field"]).toContain('"truncated":{"args":9000}');
  });

  for (const [name, text] of Object.entries(variants)) {
    it(`scores and reports exactly as the whole recording: ${name}`, async () => {
      const { recording, folded } = await both(name, text);
      expect(folded.header).toEqual(recording.header);
      expect(folded.end).toEqual(recording.end);
      expect(folded.truncated).toBe(recording.truncated);
      const metrics = computeMetrics(scenario, recording);
      const foldedMetrics = computeMetrics(scenario, folded);
      expect(foldedMetrics).toEqual(metrics);
      if (name === "with a capped field")
        expect(foldedMetrics.notes.join(" ")).toMatch(/1 event of the recording had fields cut .*\(args\)/);
      const report = buildReport(scenario, recording, metrics);
      const foldedReport = buildReport(scenario, folded, foldedMetrics);
      expect(reportJson(foldedReport, { detail: true })).toBe(reportJson(report, { detail: true }));
      expect(renderMarkdown(foldedReport)).toBe(renderMarkdown(report));
      // What `report --json` writes, piece by piece.
      for (const detail of [false, true])
        expect([...reportJsonPieces(foldedReport, { detail })].join("")).toBe(reportJson(report, { detail }));
    });
  }

  it("keeps calls and jobs but not what the agent received (a lean fold)", async () => {
    const { recording, folded } = await both("complete", full);
    const inputs = extractInputs(scenario, folded);
    expect(inputs.calls).toHaveLength(recording.events.filter((e) => e.type === "request").length);
    expect(inputs.jobs.length).toBeGreaterThan(0);
    expect(inputs.jobs.every((job) => job.result !== undefined)).toBe(true);
    expect(inputs.calls.every((call) => call.response?.result === undefined)).toBe(true);
    const whole = extractInputs(scenario, recording);
    expect(whole.calls.some((call) => call.response?.result !== undefined)).toBe(true);
  });

  it("is scored against the scenario it was found for, and no other", async () => {
    const { folded } = await both("complete", full);
    const other = declaredScenario();
    expect(() => computeMetrics(other, folded)).toThrow(/scenario it was folded for/);
  });
});
