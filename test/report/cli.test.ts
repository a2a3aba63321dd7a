import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Output } from "../../src/cli/output.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session, type SessionOptions } from "../metrics/session.js";

const scenario = declaredScenario();
const root = mkdtempSync(join(tmpdir(), "asynctool-report-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The declared scenario as a file: its parsed spec, which loads back to the same content hash. */
const scenarioDir = join(root, "scenarios");
mkdirSync(scenarioDir);
const scenarioFile = join(scenarioDir, "declared-test.json");
writeFileSync(scenarioFile, JSON.stringify(scenario.spec, null, 2));

function capture(): Output & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    isTty: false,
    out(text: string) {
      io.stdout += text.endsWith("\n") ? text : `${text}\n`;
    },
    err(text: string) {
      io.stderr += text.endsWith("\n") ? text : `${text}\n`;
    },
  };
  return io;
}

/** Writes a solved (or failed) run of the declared scenario and returns its path. */
function writeRun(path: string, options: SessionOptions & { succeed?: boolean } = {}): string {
  const s = new Session(scenario, options);
  const a = s.call(1, "fetch", { key: "a" });
  const c = s.call(2, "fetch", { key: "c" });
  s.wait(3, [a]);
  const b = s.call(5, "combine", { left: "v-a", right: "b" });
  s.wait(6, [b, c]);
  s.answer(8, "chain", options.succeed === false ? "wrong" : "v-a+b");
  s.answer(9, "solo", "v-c");
  s.end();
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, s.writer.text());
  return path;
}

describe("asynctool report", () => {
  it("loads back the scenario file with the recorded hash", async () => {
    expect((await loadScenarioFile(scenarioFile)).hash).toBe(scenario.hash);
  });

  it("prints one recording's full report as Markdown by default", async () => {
    const file = writeRun(join(root, "one", "run.jsonl"));
    const io = capture();
    expect(await main(["report", file, "--scenarios", scenarioDir], io)).toBe(0);
    expect(io.stdout).toContain("# AsyncTool report: Declared tools for engine tests");
    expect(io.stdout).toContain("| Episode success | yes | yes/no | higher |");
    expect(io.stderr).toBe("");
  });

  it("prints JSON with --json, and writes the HTML page with --html", async () => {
    const file = writeRun(join(root, "two", "run.jsonl"));
    const html = join(root, "out", "nested", "report.html");
    const io = capture();
    expect(await main(["report", file, "--scenarios", scenarioDir, "--json", "--html", html], io)).toBe(0);
    const report = JSON.parse(io.stdout) as { format: string; metrics: { episodeSuccess: boolean } };
    expect(report.format).toBe("asynctool-report");
    expect(report.metrics.episodeSuccess).toBe(true);
    expect(readFileSync(html, "utf8")).toContain('<svg id="timeline"');
    expect(io.stderr).toMatch(/Wrote .*report\.html/);
  });

  it("keeps the per-call fields out of the JSON unless --detail asks for them", async () => {
    const file = writeRun(join(root, "eight", "run.jsonl"));
    const plain = capture();
    expect(await main(["report", file, "--scenarios", scenarioDir, "--json"], plain)).toBe(0);
    const summary = JSON.parse(plain.stdout);
    expect(summary).toMatchObject({ detail: false, omitted: expect.arrayContaining(["timeline.calls"]) });
    expect(summary.timeline.calls).toBeUndefined();
    expect(summary.timeline.jobs.length).toBeGreaterThan(0);
    const detailed = capture();
    expect(await main(["report", file, "--scenarios", scenarioDir, "--json", "--detail"], detailed)).toBe(0);
    const detail = JSON.parse(detailed.stdout);
    expect(detail.detail).toBe(true);
    expect(detail.timeline.calls.length).toBeGreaterThan(0);
    const markdown = capture();
    expect(await main(["report", file, "--scenarios", scenarioDir, "--detail"], markdown)).not.toBe(0);
    expect(markdown.stderr).toMatch(/--detail .*--json/);
  });

  it("writes the same HTML bytes wherever the page goes (the definitions link is relative)", async () => {
    const file = writeRun(join(root, "seven", "run.jsonl"));
    const near = join(root, "seven", "report.html");
    const far = join(root, "elsewhere", "deep", "down", "report.html");
    expect(await main(["report", file, "--scenarios", scenarioDir, "--html", near], capture())).toBe(0);
    expect(await main(["report", file, "--scenarios", scenarioDir, "--html", far], capture())).toBe(0);
    const html = readFileSync(near, "utf8");
    expect(readFileSync(far, "utf8")).toBe(html);
    expect(html).toContain('href="docs/metrics.md#headline-figures"');
    expect(html).not.toContain(root);
  });

  it("finds the scenario through the file the header names, without --scenarios", async () => {
    const file = writeRun(join(root, "three", "run.jsonl"), { scenarioFile });
    const io = capture();
    expect(await main(["report", file, "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout).scenario.id).toBe("declared-test");
  });

  it("aggregates a directory into one table, with pass^k when seeds repeat", async () => {
    const dir = join(root, "many");
    writeRun(join(dir, "a.jsonl"), { seed: 1 });
    writeRun(join(dir, "b.jsonl"), { seed: 1, succeed: false });
    writeRun(join(dir, "sub", "c.jsonl"), { seed: 2 });
    writeRun(join(dir, "sub", "d.jsonl"), { seed: 2 });
    const io = capture();
    expect(await main(["report", dir, "--scenarios", scenarioDir], io)).toBe(0);
    expect(io.stdout).toContain("| Client | Scenario | Mode | Clock | Episodes |");
    expect(io.stdout).toContain("| Client | Scenario | Mode | Clock | Episodes | Unfinished |");
    expect(io.stdout).toContain("| dsl | declared-test | async | step | 4 | 0 | 0.75 |");
    expect(io.stdout).toContain("- sub/c.jsonl: declared-test seed 2");

    const json = capture();
    expect(await main(["report", dir, "--scenarios", scenarioDir, "--json"], json)).toBe(0);
    const table = JSON.parse(json.stdout) as { rows: { passK: { k: number; value: number }[] }[] };
    expect(table.rows[0]?.passK).toEqual([
      { k: 1, value: 0.75 },
      { k: 2, value: 0.5 },
    ]);
  });

  it("leaves out an empty file found in a directory (a session killed before its episode started), and says so", async () => {
    const dir = join(root, "with-empty");
    writeRun(join(dir, "a.jsonl"), { seed: 1 });
    writeRun(join(dir, "b.jsonl"), { seed: 1 });
    writeFileSync(join(dir, "killed.jsonl"), "");
    const io = capture();
    expect(await main(["report", dir, "--scenarios", scenarioDir, "--json"], io)).toBe(0);
    const table = JSON.parse(io.stdout) as { recordings: { file?: string; name?: string }[] };
    expect(table.recordings).toHaveLength(2);
    expect(io.stderr).toContain(
      "Left out 1 empty recording file (sessions whose server stopped between initialize and initialized: no episode started).",
    );
    expect(io.stderr).not.toContain("error [");

    // Named on its own, it is read, and the reader says what is wrong with it.
    const alone = capture();
    expect(await main(["report", join(dir, "killed.jsonl"), "--scenarios", scenarioDir], alone)).toBe(1);
    expect(alone.stderr).toContain("the file is empty: no header line");
  });

  it("labels an in-progress recording in its report (Markdown and JSON), and counts probes and live sessions as unfinished", async () => {
    const live = new Session(scenario);
    live.call(1, "fetch", { key: "a" });
    live.truncate();
    const dir = join(root, "unfinished");
    mkdirSync(dir, { recursive: true });
    const liveFile = join(dir, "live.jsonl");
    writeFileSync(liveFile, live.writer.text());
    const probe = new Session(scenario);
    probe.writer.close("disconnected", undefined, { probe: true });
    writeFileSync(join(dir, "probe.jsonl"), probe.writer.text());
    writeRun(join(dir, "done.jsonl"));

    const md = capture();
    expect(await main(["report", liveFile, "--scenarios", scenarioDir], md)).toBe(0);
    expect(md.stdout).toContain("**End:** in progress (no end recorded; last event at t = 1 steps).");
    expect(md.stdout).toContain("> **Unfinished session:**");
    const json = capture();
    expect(await main(["report", liveFile, "--scenarios", scenarioDir, "--json"], json)).toBe(0);
    expect(JSON.parse(json.stdout).end).toMatchObject({
      kind: "in-progress",
      unfinished: true,
      label: "in progress (no end recorded; last event at t = 1 steps)",
    });

    // The probe is left out by default; the live session still counts as unfinished.
    const table = capture();
    expect(await main(["report", dir, "--scenarios", scenarioDir], table)).toBe(0);
    expect(table.stdout).toContain("| dsl | declared-test | async | step | 2 | 1 |");
    expect(table.stdout).toContain("- live.jsonl: ");
    expect(table.stdout).toMatch(/- live\.jsonl: .* · UNFINISHED: in progress/);
    const all = capture();
    expect(await main(["report", dir, "--scenarios", scenarioDir, "--include-probes", "--json"], all)).toBe(
      0,
    );
    const parsed = JSON.parse(all.stdout) as {
      rows: { episodes: number; unfinished: number }[];
      recordings: { name: string; end: { kind: string; unfinished: boolean } }[];
    };
    expect(parsed.rows.map((r) => [r.episodes, r.unfinished])).toEqual([[3, 2]]);
    expect(parsed.recordings.map((r) => [r.name, r.end.kind, r.end.unfinished])).toEqual([
      ["done.jsonl", "completed", false],
      ["live.jsonl", "in-progress", true],
      ["probe.jsonl", "probe", true],
    ]);
  });

  it("scores the other recordings when one cannot be read, and exits 1", async () => {
    const dir = join(root, "mixed");
    writeRun(join(dir, "good.jsonl"));
    writeFileSync(join(dir, "bad.jsonl"), "not json\n");
    const io = capture();
    expect(await main(["report", dir, "--scenarios", scenarioDir], io)).toBe(1);
    expect(io.stderr).toMatch(/error \[RECORDING_INVALID\]: .*bad\.jsonl/);
    expect(io.stdout).toContain("- good.jsonl:");
  });

  it("refuses a scenario whose content changed since the session (SCENARIO_MISMATCH)", async () => {
    const changedDir = join(root, "changed");
    mkdirSync(changedDir);
    writeFileSync(
      join(changedDir, "declared-test.json"),
      JSON.stringify({ ...scenario.spec, title: "Edited since" }),
    );
    const file = writeRun(join(root, "four", "run.jsonl"));
    const io = capture();
    expect(await main(["report", file, "--scenarios", changedDir], io)).toBe(1);
    expect(io.stderr).toMatch(
      /error \[SCENARIO_MISMATCH\]: .*declared-test.*changed after the session.*--scenarios DIR/,
    );
  });

  it("says where it looked when no scenario has the recording's id", async () => {
    const empty = join(root, "empty");
    mkdirSync(empty);
    const file = writeRun(join(root, "five", "run.jsonl"));
    const io = capture();
    expect(await main(["report", file, "--scenarios", empty], io)).toBe(1);
    expect(io.stderr).toMatch(/error \[SCENARIO_NOT_FOUND\]: .*"declared-test".*--scenarios DIR/);
  });

  it("rejects --json with --markdown, and --html with several recordings, as usage errors", async () => {
    const file = writeRun(join(root, "six", "run.jsonl"));
    const io = capture();
    expect(await main(["report", file, "--json", "--markdown", "--scenarios", scenarioDir], io)).toBe(2);
    const html = join(root, "never.html");
    expect(await main(["report", file, file, "--html", html, "--scenarios", scenarioDir], capture())).toBe(2);
    expect(existsSync(html)).toBe(false);
  });
});
