import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cliPath } from "../helpers/cli-process.js";

/** Runs the CLI with its stdout's read end closed before it writes (`asynctool … | head -0`). */
function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  // Closed at once: the child has not started yet, so its first write meets a closed pipe.
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

describe("a reader that closes stdout early", () => {
  for (const args of [["--help"], ["serve", "--help"], ["list"]]) {
    it(`asynctool ${args.join(" ")} stops quietly, without an EPIPE stack trace`, async () => {
      const { code, stderr } = await runWithClosedStdout(args);
      expect(stderr).not.toContain("EPIPE");
      expect(stderr).not.toContain("Unhandled");
      expect(code).toBe(0);
    }, 60_000);
  }
});
