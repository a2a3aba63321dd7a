import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { packageRoot } from "../../src/paths.js";
import { captureOutput } from "../helpers/capture-output.js";
import { cliPath } from "../helpers/cli-process.js";

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { cwd: packageRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("asynctool validate", () => {
  it("exits 0 on the shipped scenarios and lists what it found", async () => {
    const { code, stdout } = await cli(["validate", "scenarios/"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /ok {4}scenarios\/examples\/travel-and-files\.yaml {2}travel-and-files: 3 tasks, 6 steps, domains travel, filesystem/,
    );
    expect(stdout).toMatch(
      /ok {4}scenarios\/asynctool-v2\/asynctool-v2-0712\.json {2}asynctool-v2-0712: [23] tasks/,
    );
    // The examples (3) and asynctool-v2 (712).
    expect(stdout).toMatch(/715 files checked: 715 valid, 0 invalid\./);
  });

  it("exits 1 on a broken file and names the path of the error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-validate-"));
    const file = join(dir, "some-broken.yaml");
    writeFileSync(
      file,
      [
        "id: broken",
        "title: Broken",
        "domains: { travel: {} }",
        "tasks:",
        "  - id: a",
        "    instruction: Search.",
        "    steps:",
        "      - { id: s, tool: search_flights, args: { from: SFO, to: JFK, date: 20261203 } }",
        "    answer: { any: true }",
      ].join("\n"),
    );
    const { code, stdout } = await cli(["validate", file]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${file}:8:`);
    expect(stdout).toMatch(
      /tasks\[0\]\.steps\[0\]\.args\.date: the tool's input schema never accepts the value 20261203/,
    );
    expect(stdout).toMatch(/1 file checked: 0 valid, 1 invalid\./);
  });

  it("reports as JSON, and a missing path as an error", async () => {
    const io = captureOutput();
    expect(
      await main(
        ["validate", join(packageRoot, "scenarios", "examples", "weather-and-rates.yaml"), "--json"],
        io,
      ),
    ).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject([
      { valid: true, scenario: { id: "weather-and-rates", tasks: 2 } },
    ]);
    const missing = captureOutput();
    expect(await main(["validate", "/no/such/dir"], missing)).toBe(1);
    expect(missing.stderr()).toMatch(
      /^error \[SCENARIO_NOT_FOUND\]: \/no\/such\/dir: no such file or directory/,
    );
  });
});

describe("asynctool list", () => {
  it("lists the shipped scenarios", async () => {
    const io = captureOutput();
    expect(await main(["list"], io)).toBe(0);
    expect(io.stdout()).toMatch(/^ID +TASKS +STEPS +DEPTH +DOMAINS +TITLE/);
    expect(io.stdout()).toMatch(/weather-and-rates +2 +4 +2 +\(declared tools\)/);
  });

  it("lists the built-in domains and their tools", async () => {
    const io = captureOutput();
    expect(await main(["list", "--domains"], io)).toBe(0);
    expect(io.stdout()).toMatch(/^filesystem \(Filesystem\): /m);
    expect(io.stdout()).toMatch(/search_flights\(from, to, date, max_price\) +read-only/);
  });
});

describe("the command line", () => {
  it.each([["validate"], ["list"], ["serve"]])("%s has --help", async (command) => {
    const io = captureOutput();
    expect(await main([command, "--help"], io)).toBe(0);
    expect(io.stdout()).toMatch(new RegExp(`^Usage: asynctool ${command} `));
  });

  it("exits 2 on wrong usage, saying what is wrong", async () => {
    const io = captureOutput();
    expect(await main(["serve", "--mode", "eager"], io)).toBe(2);
    expect(io.stderr()).toMatch(
      /option '-m, --mode <mode>' argument 'eager' is invalid\. Allowed choices are async, sync, instant/,
    );
    const unknown = captureOutput();
    expect(await main(["frobnicate"], unknown)).toBe(2);
    expect(unknown.stderr()).toMatch(/unknown command 'frobnicate'/);
  });
});
