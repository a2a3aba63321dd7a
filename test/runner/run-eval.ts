import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type EvalDeps, evalCommand } from "../../src/cli/eval.js";
import type { Recording } from "../../src/recorder/format.js";
import { readRecording } from "../../src/recorder/reader.js";
import type { SuiteReport } from "../../src/runner/suite-report.js";
import { captureOutput } from "../helpers/capture-output.js";

/** Runs `asynctool eval` in process, with backoff sleeps recorded instead of slept. */
export async function runEval(args: readonly string[], deps: EvalDeps = {}) {
  const io = captureOutput();
  let exit = 0;
  const sleeps: number[] = [];
  const command = evalCommand(
    io,
    (code) => {
      exit = Math.max(exit, code);
    },
    {
      env: {},
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      stderrIsTty: false,
      // Backoff jitter at its middle: a retry waits 3/4 of its exponential step.
      random: () => 0.5,
      invokedAs: "asynctool",
      ...deps,
    },
  ).exitOverride();
  let error: unknown;
  try {
    await command.parseAsync([...args], { from: "user" });
  } catch (caught) {
    error = caught;
  }
  return { io, exit, sleeps, error };
}

export async function recordingsIn(dir: string): Promise<Recording[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".jsonl")).sort();
  return Promise.all(names.map((n) => readRecording(join(dir, n))));
}

export async function reportIn(out: string): Promise<SuiteReport> {
  return JSON.parse(await readFile(join(out, "report.json"), "utf8")) as SuiteReport;
}

/** The runner's notes of a recording, by kind. */
export function notesOf(recording: Recording): { kind: string; [key: string]: unknown }[] {
  return recording.events.flatMap((e) =>
    e.type === "note" && e.data && typeof e.data === "object" && !Array.isArray(e.data) && "kind" in e.data
      ? [e.data as { kind: string }]
      : [],
  );
}

/** The arguments of an `eval` against the fake model over `suiteDir`, writing to `out`; `more` after them. */
export function evalArgsFor(
  fake: { readonly openaiBase: string },
  suiteDir: string,
  out: string,
  ...more: string[]
): string[] {
  return [
    "--provider",
    "openai",
    "--model",
    "m",
    "--base-url",
    fake.openaiBase,
    "--suite",
    suiteDir,
    "--out",
    out,
    ...more,
  ];
}
