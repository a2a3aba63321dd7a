import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AGENT_NAMES } from "../../src/agents/index.js";
import { main } from "../../src/cli/main.js";
import { accItemSchema, melPairSchema } from "../../src/exports/schemas.js";
import type { Recording } from "../../src/recorder/format.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { captureOutput } from "../helpers/capture-output.js";
import { FAULTS, knownFrom, type Runner, record, twoTaskScenario, view } from "./runs.js";

const root = mkdtempSync(join(tmpdir(), "asynctool-exports-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The scenario as a file, so the CLI finds it (its hash is that of the parsed file, as in the recordings).
const scenarioDir = join(root, "scenarios");
mkdirSync(scenarioDir);
const scenarioFile = join(scenarioDir, "exports-two-tasks.json");
writeFileSync(scenarioFile, JSON.stringify(twoTaskScenario().spec));
const scenario = await loadScenarioFile(scenarioFile);

// The faulty agent's guesses come from a sequential run made once, before both sets.
const known = knownFrom(view(scenario, await record(scenario, "sequential")));
const runners: Runner[] = [
  ...AGENT_NAMES,
  ...Object.entries(FAULTS).map(([name, fault]) => ({
    name: `faulty-${name.replace(/\W+/g, "-")}`,
    fault,
    known,
  })),
];

function toJsonl(recording: Recording): string {
  return [recording.header, ...recording.events].map((line) => `${JSON.stringify(line)}\n`).join("");
}

/** Every runner once, into a fresh directory: new sessions, new job ids, new start times. */
async function recordAll(name: string): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [i, runner] of runners.entries()) {
    const label = typeof runner === "string" ? runner : runner.name;
    writeFileSync(
      join(dir, `${String(i).padStart(2, "0")}-${label}.jsonl`),
      toJsonl(await record(scenario, runner)),
    );
  }
  return dir;
}

async function cli(args: string[]) {
  const io = captureOutput();
  const status = await main(args, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

const first = await recordAll("first");
const second = await recordAll("second");

describe("asynctool export", () => {
  it("acc: the same recordings made twice give byte-identical exports", async () => {
    const a = await cli(["export", "acc", first, "--out", join(root, "a.jsonl"), "--scenarios", scenarioDir]);
    const b = await cli([
      "export",
      "acc",
      second,
      "--out",
      join(root, "b.jsonl"),
      "--scenarios",
      scenarioDir,
    ]);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    const text = readFileSync(join(root, "a.jsonl"), "utf8");
    expect(readFileSync(join(root, "b.jsonl"), "utf8")).toBe(text);
    expect(b.stdout).toBe(a.stdout);
    // Job ids are random per session: none reaches the export, only start numbers.
    expect(text).not.toMatch(/job_[A-Za-z0-9_-]{6}/);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/); // and no dates
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    for (const line of lines) expect(accItemSchema.safeParse(line).success).toBe(true);
    // 10 runs × 2 tasks, less what cannot be asked: route's evidence is incomplete where weather was
    // never done or never seen (wrong argument, skipped, orphaned), stock's where the agent gave up.
    expect(lines.filter((l) => l.kind === "task")).toHaveLength(20 - 4);
    expect(a.stdout).toContain("| skipped | evidence-incomplete 4 |");
  });

  it("acc --successful-only keeps the episodes where every task succeeded with a grounded answer", async () => {
    const out = join(root, "ok.jsonl");
    const r = await cli([
      "export",
      "acc",
      first,
      "--out",
      out,
      "--successful-only",
      "--scenarios",
      scenarioDir,
      "--json",
    ]);
    expect(r.status).toBe(0);
    const stats = JSON.parse(r.stdout);
    // The three reference agents: two task items and one derived (fare took find's code) each.
    expect(stats).toMatchObject({ episodes: 10, items: 9, taskItems: 6, derivedItems: 3 });
    expect(stats.skipped["episode-not-successful"]).toBe(14);
  });

  it("mel: byte-identical across the two sets, one pair per failed run, and the cause-class table", async () => {
    const a = await cli([
      "export",
      "mel",
      first,
      "--out",
      join(root, "ma.jsonl"),
      "--scenarios",
      scenarioDir,
    ]);
    const b = await cli([
      "export",
      "mel",
      second,
      "--out",
      join(root, "mb.jsonl"),
      "--scenarios",
      scenarioDir,
    ]);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const text = readFileSync(join(root, "ma.jsonl"), "utf8");
    expect(readFileSync(join(root, "mb.jsonl"), "utf8")).toBe(text);
    const pairs = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(pairs).toHaveLength(Object.keys(FAULTS).length);
    for (const pair of pairs) {
      expect(melPairSchema.safeParse(pair).success).toBe(true);
      expect(pair.successful.episode).toBe("exports-two-tasks@1:sequential");
    }
    expect(a.stdout).toContain("7 pairs from 1 scenario-seed groups; 0 failed runs had no successful run");
    expect(a.stdout).toContain("| wrong or missing step | 2 |");
    expect(a.stdout).toContain("| dependency violation | 1 |");
  });

  it("a recording that cannot be read is reported with its code, the others are exported, and the exit status is 1", async () => {
    const dir = join(root, "bad");
    mkdirSync(dir);
    writeFileSync(join(dir, "broken.jsonl"), "not json\n");
    const r = await cli([
      "export",
      "acc",
      dir,
      first,
      "--out",
      join(root, "c.jsonl"),
      "--scenarios",
      scenarioDir,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error [RECORDING_INVALID]");
    expect(readFileSync(join(root, "c.jsonl"), "utf8")).toBe(readFileSync(join(root, "a.jsonl"), "utf8"));
  });

  it("--out is required (usage, exit 2)", async () => {
    const r = await cli(["export", "mel", first]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--out");
  });
});
