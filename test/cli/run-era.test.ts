import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { runCli } from "../helpers/cli-process.js";
import { scenarioInput, writeSuite } from "../runner/suite-fixture.js";

/** `asynctool run --era 2026-07-28`: a reference agent in the modern era, by the built CLI. */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "asynctool-run-era-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Report {
  mode: string;
  headline: { name: string; value: unknown }[];
}

const headline = (report: Report, name: string) => report.headline.find((h) => h.name === name)?.value;

describe("asynctool run --era", () => {
  it("documents --era and its examples in the help", async () => {
    const { code, stdout } = await runCli(["run", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--era <version>");
    expect(stdout).toMatch(/choices: "2025-11-25",\s+"2026-07-28"/);
    expect(stdout).toContain("asynctool run -a oracle --era 2026-07-28 -t http --protocol tasks");
  });

  it.each([
    ["http", "tasks"],
    ["stdio", "tasks"],
    ["stdio", "jobs"],
  ])(
    "plays the oracle over %s through %s in the modern era, recorded as 2026-07-28",
    async (transport, protocol) => {
      const recordings = join(dir, `${transport}-${protocol}`);
      const { code, stdout, stderr } = await runCli([
        "run",
        "-a",
        "oracle",
        "--era",
        "2026-07-28",
        "-t",
        transport,
        "--protocol",
        protocol,
        "-s",
        "travel-and-files",
        "--clock",
        "step",
        "-r",
        recordings,
        "--json",
      ]);
      expect(code, stderr).toBe(0);
      const report = JSON.parse(stdout) as Report;
      expect(report.mode).toBe(protocol === "tasks" ? "tasks" : "async");
      expect(headline(report, "episodeSuccess")).toBe(true);
      // travel-and-files, seed 1: the oracle meets M* through either protocol (test/client/tasks-extension-tools.test.ts).
      expect(headline(report, "makespan")).toBe(headline(report, "bestMakespan"));
      const files = readdirSync(recordings).filter((f) => f.endsWith(".jsonl"));
      expect(files).toHaveLength(1);
      const recording = await readRecording(join(recordings, files[0] as string));
      expect(recording.header.options?.protocol).toBe("2026-07-28");
      expect(recording.header.client?.name).toBe("asynctool-oracle");
      const viaTasks = recording.events.some((e) => e.type === "request" && e.via === "tasks");
      expect(viaTasks).toBe(protocol === "tasks");
    },
  );

  it("refuses the in-memory transport with a USAGE error naming the transports that serve the era", async () => {
    const { code, stdout, stderr } = await runCli(["run", "-a", "oracle", "--era", "2026-07-28"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "error [USAGE]: The 2026-07-28 era is served over HTTP (episode URLs) and stdio",
    );
    expect(stderr).toContain("add -t http or -t stdio");
  });

  it("refuses --era 2026-07-28 with --suite (a suite runs in this process)", async () => {
    const suite = join(dir, "suite");
    await writeSuite(suite, [scenarioInput("alpha")]);
    const { code, stderr } = await runCli([
      "run",
      "-a",
      "oracle",
      "--era",
      "2026-07-28",
      "--suite",
      suite,
      "-o",
      join(dir, "out"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("error [USAGE]: --era 2026-07-28 does not go with --suite");
  });
});
