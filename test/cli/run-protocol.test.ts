import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-process.js";
import { scenarioInput, writeSuite } from "../runner/suite-fixture.js";

/** `asynctool run --protocol tasks`: a reference agent through MCP Tasks, by the built CLI. */

const cli = runCli;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "asynctool-run-protocol-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("asynctool run --protocol", () => {
  it("documents --protocol in the help", async () => {
    const { code, stdout } = await cli(["run", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--protocol <name>");
    expect(stdout).toMatch(/choices: "jobs",\s+"tasks"/);
    expect(stdout).toContain("tasks/result");
    expect(stdout).toContain("asynctool run -a poller --protocol tasks");
  });

  it("implies --mode tasks and plays the episode through Tasks", async () => {
    const { code, stdout, stderr } = await cli(["run", "-a", "oracle", "--protocol", "tasks", "--json"]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as {
      mode: string;
      headline: { name: string; value: unknown }[];
    };
    expect(report.mode).toBe("tasks");
    expect(report.headline.find((h) => h.name === "episodeSuccess")?.value).toBe(true);
  });

  it("refuses another --mode with a USAGE error", async () => {
    const { code, stdout, stderr } = await cli([
      "run",
      "-a",
      "oracle",
      "--protocol",
      "tasks",
      "--mode",
      "async",
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "error [USAGE]: --protocol tasks needs the server in tasks mode; it does not go with --mode async.",
    );
  });

  it("runs a suite in tasks mode through Tasks", async () => {
    const suite = join(dir, "suite");
    await writeSuite(suite, [scenarioInput("alpha")]);
    const out = join(dir, "out");
    const { code, stdout, stderr } = await cli([
      "run",
      "-a",
      "sequential",
      "--protocol",
      "tasks",
      "--suite",
      suite,
      "-o",
      out,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/\| all \| tasks \| 1 \| 0 \| 1 \|/);
    expect(readdirSync(join(out, "recordings")).filter((f) => f.endsWith(".tasks.step.jsonl"))).toHaveLength(
      1,
    );
  });
});
