import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AsyncToolError } from "../../src/errors.js";
import { readRecording } from "../../src/recorder/reader.js";
import { cliPath } from "../helpers/cli-process.js";
import { type FakeAnswer, type FakeModel, type FakeRequest, startFakeModel } from "./fake-model.js";
import { evalArgsFor, notesOf, recordingsIn, reportIn, runEval } from "./run-eval.js";
import { scenarioInput, solver, writeSuite } from "./suite-fixture.js";

let dir: string;
let fake: FakeModel | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-resume-"));
  await writeSuite(join(dir, "suite"), [scenarioInput("alpha"), scenarioInput("beta")]);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

const conversations = (requests: readonly FakeRequest[]) => requests.filter((r) => r.turn === 1).length;

describe("--resume in process", () => {
  it("skips complete episodes, refuses a second run without it, and a run of another model", async () => {
    fake = await startFakeModel(solver());
    const out = join(dir, "out");
    const args = evalArgsFor(fake, join(dir, "suite"), out);
    await runEval(args);
    expect(conversations(fake.requests)).toBe(2);
    const first = await reportIn(out);

    const again = await runEval(args);
    expect((again.error as AsyncToolError).code).toBe("RUN_EXISTS");
    const other = await runEval([...args.map((a) => (a === "m" ? "other-model" : a)), "--resume"]);
    expect((other.error as AsyncToolError).code).toBe("RUN_MISMATCH");
    expect((other.error as AsyncToolError).message).toContain('model "m" there, "other-model" now');

    const resumed = await runEval([...args, "--resume"]);
    expect(resumed.error).toBeUndefined();
    expect(conversations(fake.requests)).toBe(2);
    expect(resumed.io.stderr()).toContain("[1/2] alpha seed 1 async/step: done earlier, success");
    expect((await reportIn(out)).episodes).toEqual(first.episodes);
  });

  it("sets a recording cut short aside and runs its episode again, saying so", async () => {
    fake = await startFakeModel(solver());
    const out = join(dir, "out");
    const args = evalArgsFor(fake, join(dir, "suite"), out);
    await runEval(args);
    const names = (await readdir(join(out, "recordings"))).sort();
    const beta = names.find((n) => n.includes("_beta_")) as string;
    // As a killed run leaves it: no end line.
    const text = await readFile(join(out, "recordings", beta), "utf8");
    await writeFile(join(out, "recordings", beta), `${text.trimEnd().split("\n").slice(0, -1).join("\n")}\n`);

    await runEval([...args, "--resume"]);
    expect(conversations(fake.requests)).toBe(3);
    expect(await readdir(join(out, "set-aside"))).toEqual([beta]);
    const recordings = await recordingsIn(join(out, "recordings"));
    expect(recordings.map((r) => [r.header.scenario.id, r.end?.status])).toEqual([
      ["alpha", "completed"],
      ["beta", "completed"],
    ]);
    expect(notesOf(recordings[1] as (typeof recordings)[number])[0]).toMatchObject({
      kind: "set_aside",
      files: [beta],
    });
  });
});

describe("--resume after the process is killed mid-suite", () => {
  it("completes the remaining episodes without redoing finished ones", async () => {
    // Four episodes (two scenarios, two seeds); the third hangs in its second turn until the kill.
    let hang = true;
    let reachedHang: () => void = () => {};
    const hung = new Promise<void>((resolve) => {
      reachedHang = resolve;
    });
    const play = solver();
    fake = await startFakeModel((request): FakeAnswer => {
      if (hang && request.turn === 2 && conversations(fake?.requests ?? []) === 3) {
        reachedHang();
        return { hang: true };
      }
      return play(request);
    });
    const out = join(dir, "out");
    const args = [
      cliPath,
      "eval",
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      fake.openaiBase,
      "--suite",
      join(dir, "suite"),
      "--seeds",
      "2",
      "--out",
      out,
    ];
    const env = { ...process.env, OPENAI_API_KEY: "" };

    const first = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      first.once("exit", (_code, signal) => resolve(signal)),
    );
    await hung;
    const before = (await readdir(join(out, "recordings"))).sort();
    expect(before).toHaveLength(3);
    const partial = await readRecording(join(out, "recordings", before[2] as string));
    expect(partial.truncated).toBe(true);
    const finished = await Promise.all(
      before.slice(0, 2).map((n) => readFile(join(out, "recordings", n), "utf8")),
    );
    first.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    hang = false;
    const requestsBefore = fake.requests.length;
    const second = spawn(process.execPath, [...args, "--resume"], { stdio: ["ignore", "pipe", "pipe"], env });
    let stderr = "";
    second.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => second.once("exit", (c) => resolve(c)));
    expect(code, stderr).toBe(0);

    // Only the two unfinished episodes talked to the model again.
    expect(conversations(fake.requests.slice(requestsBefore))).toBe(2);
    expect(await readdir(join(out, "set-aside"))).toEqual([before[2]]);
    const after = (await readdir(join(out, "recordings"))).sort();
    expect(after).toHaveLength(4);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    for (const [i, name] of before.slice(0, 2).entries())
      expect(await readFile(join(out, "recordings", name), "utf8")).toBe(finished[i]);
    const report = await reportIn(out);
    expect(report.episodes.map((e) => [e.key, e.success])).toEqual([
      ["alpha.s1.async.step", true],
      ["beta.s1.async.step", true],
      ["alpha.s2.async.step", true],
      ["beta.s2.async.step", true],
    ]);
    expect(stderr).toContain("[1/4] alpha seed 1 async/step: done earlier");
    expect(stderr).toContain("[4/4] beta seed 2 async/step: success");
  }, 60_000);
});

describe("--resume --retry-failed", () => {
  it("runs again the episodes the endpoint failed, setting their recordings aside, and keeps the rest", async () => {
    let down = true;
    const play = solver();
    fake = await startFakeModel((request) =>
      down && request.scenario === "beta" ? { status: 503 } : play(request),
    );
    const out = join(dir, "out");
    const args = [...evalArgsFor(fake, join(dir, "suite"), out), "--max-retries", "0"];
    expect((await runEval(args)).exit).toBe(1);
    const failed = (await readdir(join(out, "recordings"))).find((n) => n.includes("_beta_")) as string;

    down = false;
    const plain = await runEval([...args, "--resume"]);
    expect(plain.io.stderr()).toContain("[2/2] beta seed 1 async/step: done earlier, failure");
    expect(conversations(fake.requests)).toBe(2);

    const again = await runEval([...args, "--resume", "--retry-failed"]);
    expect(again.exit).toBe(0);
    expect(conversations(fake.requests)).toBe(3);
    expect(await readdir(join(out, "set-aside"))).toEqual([failed]);
    expect((await reportIn(out)).episodes.map((e) => [e.key, e.success, e.stop])).toEqual([
      ["alpha.s1.async.step", true, null],
      ["beta.s1.async.step", true, null],
    ]);
  });
});
