import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_GRACE_MS } from "../../src/cli/exit.js";
import { cliPath } from "../helpers/cli-process.js";
import { declaredScenario, declaredScenarioFile } from "../helpers/scenarios.js";
import { largeRecordingText } from "../report/large-recording.js";

// A reader of the CLI's stdout that stalls for longer than the CLI's exit grace (cli.ts) still
// gets the whole result: the grace starts only once the output is written. Each command prints
// its result once its work is done, so the reader stalls from its first byte on, past the grace.

const dir = mkdtempSync(join(tmpdir(), "asynctool-stalled-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(join(dir, "scenarios"));
  mkdirSync(join(dir, "many"));
  writeFileSync(join(dir, "scenarios", "declared-test.json"), JSON.stringify(declaredScenarioFile()));
  const scenario = declaredScenario();
  writeFileSync(join(dir, "large.jsonl"), largeRecordingText(scenario, 3_000));
  writeFileSync(join(dir, "small.jsonl"), largeRecordingText(scenario, 30));
  for (let i = 0; i < 180; i++) copyFileSync(join(dir, "small.jsonl"), join(dir, "many", `r${i}.jsonl`));
});

/**
 * Runs the CLI into a shell pipe whose reader takes one byte (the CLI writes its result once its
 * work is done), stalls `stallMs`, then reads the rest: a real pipe, whose 64 KB is all the CLI
 * can hand over before it has to wait.
 */
function runStalled(args: readonly string[], stallMs: number): Promise<{ code: number; stdout: Buffer }> {
  const pipeline =
    '{ "$0" "$@"; echo "exit $?" >&2; } | { dd bs=1 count=1 2>/dev/null; sleep "$STALL"; cat; }';
  const child = spawn("sh", ["-c", pipeline, process.execPath, cliPath, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, STALL: String(stallMs / 1000) },
  });
  const chunks: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) =>
    child.once("close", () =>
      resolve({
        code: Number(/exit (\d+)\s*$/.exec(stderr)?.[1] ?? Number.NaN),
        stdout: Buffer.concat(chunks),
      }),
    ),
  );
}

/** The JSON the CLI prints (`JSON.stringify(value, null, 2)` and a newline), checked byte for byte. */
function expectWholeJson(stdout: Buffer): void {
  const text = stdout.toString("utf8");
  expect(text.length).toBeGreaterThan(100_000); // more than the pipe holds
  expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
}

describe("a reader that stalls longer than the CLI's exit grace", () => {
  it("gets the whole of `report --json` (written in pieces) and of the table over many recordings (written at once)", async () => {
    const stall = EXIT_GRACE_MS + 300;
    const scenarios = join(dir, "scenarios");
    const [one, many] = await Promise.all([
      runStalled(["report", "--json", "--scenarios", scenarios, join(dir, "large.jsonl")], stall),
      runStalled(["report", "--json", "--scenarios", scenarios, join(dir, "many")], stall),
    ]);
    expect(one.code).toBe(0);
    expectWholeJson(one.stdout);
    expect(many.code).toBe(0);
    expectWholeJson(many.stdout);
    expect(JSON.parse(many.stdout.toString()).recordings).toHaveLength(180);
  }, 30_000);
});
