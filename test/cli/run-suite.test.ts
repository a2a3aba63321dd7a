import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-process.js";
import { scenarioInput, writeSuite } from "../runner/suite-fixture.js";

/** `asynctool run --suite`, through the built CLI: help, output directory, refusal, error codes. */

const cli = runCli;

let dir: string;
let suite: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "asynctool-run-suite-"));
  suite = join(dir, "suite");
  await writeSuite(suite, [scenarioInput("alpha"), scenarioInput("gamma", "solo")]);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("asynctool run --suite", () => {
  it("documents its flags in the help", async () => {
    const { code, stdout } = await cli(["run", "--help"]);
    expect(code).toBe(0);
    for (const flag of ["--suite <dir>", "--seeds <list>", "-o, --out <dir>", "--force"]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain("oracle, sequential, poller");
    expect(stdout).toContain("agent_stopped");
    expect(stdout).toContain("asynctool run --agent oracle --suite scenarios/asynctool-v2 --seeds 1,2");
  });

  it("writes the recordings and the table to --out, the table to stdout, progress to stderr", async () => {
    const out = join(dir, "out");
    const { code, stdout, stderr } = await cli([
      "run",
      "--agent",
      "sequential",
      "--suite",
      suite,
      "--seeds",
      "1,2",
      "-o",
      out,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("# AsyncTool: reference/sequential");
    expect(stdout).toMatch(/\| all \| async \| 4 \| 0 \| 1 \|/);
    // No model played: the table has no turns or tokens to show.
    expect(stdout).not.toContain("| Turns |");
    expect(stdout).not.toContain("0 turns");
    expect(stderr).toContain("Running the sequential agent: 4 episodes (2 scenarios, seeds 1,2, step clock)");
    expect(stderr).toMatch(/\[4\/4\] gamma seed 2 async\/step: success \(1\/1 tasks\)\n/);
    const recordings = readdirSync(join(out, "recordings")).sort();
    expect(recordings).toHaveLength(4);
    expect(recordings.filter((f) => f.endsWith("_alpha_alpha.s2.async.step.jsonl"))).toHaveLength(1);
    expect(readFileSync(join(out, "report.md"), "utf8")).toBe(stdout);
    const json = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { episodes: unknown[] };
    expect(json.episodes).toHaveLength(4);
  });

  it("refuses an output directory that is not empty, and --force replaces the run it holds", async () => {
    const out = join(dir, "taken");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    const refused = await cli(["run", "-a", "oracle", "--suite", suite, "-o", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error \[RUN_OUTPUT_EXISTS\]: .*is not empty.*--force/);
    expect(existsSync(join(out, "recordings"))).toBe(false);

    const first = await cli(["run", "-a", "oracle", "--suite", suite, "-o", out, "--force"]);
    expect(first.code, first.stderr).toBe(0);
    const again = await cli(["run", "-a", "oracle", "--suite", suite, "-o", out, "--force"]);
    expect(again.code, again.stderr).toBe(0);
    // The earlier run's recordings are replaced, not added to; other files are left alone.
    expect(readdirSync(join(out, "recordings"))).toHaveLength(2);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
  });

  it("gives AGENT_UNKNOWN with the known agents, and SEEDS_INVALID with the format", async () => {
    const agent = await cli(["run", "--agent", "genius", "--suite", suite, "-o", join(dir, "a")]);
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain("error [AGENT_UNKNOWN]");
    expect(agent.stderr).toContain("oracle, sequential, poller");
    const seeds = await cli([
      "run",
      "--agent",
      "oracle",
      "--suite",
      suite,
      "--seeds",
      "1..3",
      "-o",
      join(dir, "s"),
    ]);
    expect(seeds.code).toBe(1);
    expect(seeds.stderr).toContain("error [SEEDS_INVALID]");
    expect(seeds.stderr).toContain("e.g. --seeds 1,2,3");
    expect(existsSync(join(dir, "s"))).toBe(false);
  });

  it("keeps the one-episode flags apart from --suite", async () => {
    const mixed = await cli(["run", "-a", "oracle", "--suite", suite, "--seed", "2", "-o", join(dir, "m")]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("error [USAGE]: --seed (use --seeds) is for one episode");
    const alone = await cli(["run", "-a", "oracle", "--seeds", "1,2"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("error [USAGE]: --seeds goes with --suite.");
  });

  it("still runs one episode without --suite", async () => {
    const { code, stdout } = await cli(["run", "--agent", "oracle", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).scenario.id).toBe("travel-and-files");
  });
});
