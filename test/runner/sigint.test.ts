import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { cliPath } from "../helpers/cli-process.js";
import { type FakeModel, startFakeModel } from "./fake-model.js";
import { reportIn, runEval } from "./run-eval.js";
import { scenarioInput, solver, writeSuite } from "./suite-fixture.js";

let dir: string;
let fake: FakeModel | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-sigint-"));
  await writeSuite(join(dir, "suite"), [
    scenarioInput("alpha", "solo"),
    scenarioInput("beta", "solo"),
    scenarioInput("gamma", "solo"),
  ]);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("Ctrl-C on a real `asynctool eval` process", () => {
  it("drains on SIGINT, prints the --resume command, and that command completes the run", async () => {
    let child: ReturnType<typeof spawn> | undefined;
    let cutting = true;
    fake = await startFakeModel((request) => {
      // While beta's first request is pending, the user presses Ctrl-C.
      if (cutting && request.scenario === "beta" && request.turn === 1) {
        child?.kill("SIGINT");
        return { hang: true };
      }
      return solver()(request);
    });
    const args = (out: string) => [
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      (fake as FakeModel).openaiBase,
      "--suite",
      join(dir, "suite"),
      "--out",
      out,
      "--grace",
      "0",
    ];
    const out = join(dir, "cut");
    child = spawn(process.execPath, [cliPath, "eval", ...args(out)], {
      cwd: packageRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "" },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child?.once("exit", (c) => resolve(c)));
    expect(stderr).toContain("Interrupted: no new episode starts");
    // 130: the status a shell gives a process stopped by SIGINT.
    expect(code).toBe(130);
    const line = /Continue the run with:\n {2}(.+)\n/.exec(stderr)?.[1];
    expect(line).toBe(`node dist/cli.js eval ${args(out).join(" ")} --resume`);
    const partial = await reportIn(out);
    expect(partial.episodes.map((e) => e.scenario)).toEqual(["alpha"]);
    expect(partial.notRun).toBe(2);

    // The printed command, run as printed, finishes the run as an uninterrupted one would.
    cutting = false;
    const resumed = await runEval((line as string).split(" ").slice(3));
    expect(resumed.error).toBeUndefined();
    expect(resumed.exit).toBe(0);
    await runEval(args(join(dir, "whole")));
    const strip = (r: Awaited<ReturnType<typeof reportIn>>) => ({
      ...r,
      episodes: r.episodes.map(({ file: _file, summary: _summary, ...e }) => e),
    });
    expect(strip(await reportIn(out))).toEqual(strip(await reportIn(join(dir, "whole"))));
  });
});
