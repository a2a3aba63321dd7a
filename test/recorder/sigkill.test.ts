import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { tempDir, testHeader } from "./helpers.js";

const dir = tempDir();
const child = fileURLToPath(new URL("./sigkill-child.mjs", import.meta.url));
const KILL_AFTER = 200;

it("loses no acknowledged event when the writing process is SIGKILLed", async () => {
  const path = join(dir, "killed.jsonl");
  const proc = spawn(process.execPath, [child, path, JSON.stringify(testHeader())], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const acked: number[] = [];
  let pending = "";
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    proc.on("exit", (_code, signal) => resolve(signal)),
  );
  proc.stdout.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) acked.push(Number(line.replace(/^ack /, "")));
    if (acked.length >= KILL_AFTER && !proc.killed) proc.kill("SIGKILL");
  });

  const signal = await exited;
  expect(stderr).toBe("");
  expect(signal).toBe("SIGKILL");
  expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(acked).toEqual(acked.map((_, i) => i));

  const recording = await readRecording(path);
  expect(recording.truncated).toBe(true);
  expect(recording.end).toBeNull();
  // The reader has checked that seq runs 0, 1, 2... so holding seq n means holding all before it.
  const seqs = new Set(recording.events.map((event) => event.seq));
  expect(acked.filter((seq) => !seqs.has(seq))).toEqual([]);
  expect(recording.events.length).toBeGreaterThanOrEqual(acked.length);
});
