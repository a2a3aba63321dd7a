// A CLI command timed whole, as a user runs it: `asynctool <args…>` in a child process of its
// own (bench/lib/cli-child.mjs, no IPC channel, no flags of the bench's), its CPU time and peak
// RSS read from the process's own resource usage at exit, its output counted and discarded.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cliChild = new URL("./cli-child.mjs", import.meta.url).pathname;
let runs = 0;

/** Runs the command; resolves { wallMs, cpuS, peakRssMiB, outputBytes }, or rejects on a non-zero exit. */
export function runMeasured(args) {
  const usageFile = join(tmpdir(), `asynctool-bench-usage-${process.pid}-${++runs}.json`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cliChild, ...args], {
      env: { ...process.env, BENCH_USAGE_FILE: usageFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let outputBytes = 0;
    let errors = "";
    child.stdout.on("data", (chunk) => {
      outputBytes += chunk.length;
    });
    child.stderr.on("data", (chunk) => {
      errors += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) {
        reject(new Error(`asynctool ${args.join(" ")} exited with ${code}: ${errors.slice(0, 500)}`));
        return;
      }
      const usage = JSON.parse(readFileSync(usageFile, "utf8"));
      rmSync(usageFile, { force: true });
      resolve({
        wallMs,
        cpuS: (usage.userUs + usage.systemUs) / 1e6,
        peakRssMiB: usage.maxRssKiB / 1024,
        outputBytes,
      });
    });
  });
}
