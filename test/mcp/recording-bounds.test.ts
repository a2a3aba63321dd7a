import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { LINK_CHECK_INTERVAL_MS } from "../../src/recorder/link-check.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { readRecording } from "../../src/recorder/reader.js";
import { buildReport } from "../../src/report/build.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { connectInMemory, textOf } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

/** A session whose recording reaches its budget, or whose file goes away, ends clearly. */

function capturedLogger() {
  const lines: { level: number; msg: string; err?: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

/**
 * A session recording to a directory of its own that answered one call, then lost the directory.
 * The sink's clock is the test's: the deletion check's interval passes when the test says so.
 */
async function sessionWhoseDirectoryIsGone() {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-gone-"));
  const { logger, lines } = capturedLogger();
  const realTime = new FakeRealTime();
  const connected = await connectInMemory({
    scenario: declaredScenario(),
    recordingsDir: dir,
    logger,
    realTime,
  });
  expect((await connected.call("list_tasks")).isError).toBeFalsy();
  rmSync(dir, { recursive: true });
  return { ...connected, lines, realTime };
}

describe("a session's recording", () => {
  it("ends the episode as error with RECORDING_BUDGET when it reaches its budget, end line written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-budget-"));
    const { call } = await connectInMemory({
      scenario: declaredScenario(),
      recordingsDir: dir,
      limits: { maxRecordingBytes: 20_000 },
    });
    // Each call records its ~4 kB key twice (request and job): the budget is reached within 5 calls.
    const key = "k".repeat(4_000);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await call("fetch", { key }));
    const codes = answers.map((a) => (a._meta?.["asynctool/error"] as { code?: string } | undefined)?.code);
    const first = codes.indexOf("RECORDING_BUDGET");
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(5);
    expect(textOf(answers[first] as never)).toMatch(
      /^\[RECORDING_BUDGET\] This session's recording reached its budget of 20000 bytes, so the episode has ended/,
    );
    expect(codes.slice(first + 1).every((c) => c === "EPISODE_OVER")).toBe(true);
    const [file] = readdirSync(dir);
    const recording = await readRecording(join(dir, file as string));
    expect(recording.end).toMatchObject({ status: "error" });
    expect(recording.end?.reason).toMatch(/^the recording reached its budget: /);
  });

  it("fails the session clearly, with the error logged, at its first call once the check's interval has passed after its recordings directory is deleted", async () => {
    const { call, lines, realTime } = await sessionWhoseDirectoryIsGone();
    // Within the interval the file is not looked at: the call is answered (its lines, like those of
    // every call answered before the deletion, went with the file).
    realTime.advance(LINK_CHECK_INTERVAL_MS - 1);
    expect((await call("list_tasks")).isError).toBeFalsy();
    expect(lines.find((l) => l.msg === "recording failed")).toBeUndefined();
    realTime.advance(1);
    const answer = await call("list_tasks");
    expect(answer.isError).toBe(true);
    expect(textOf(answer)).toMatch(
      /^\[RECORDING_WRITE\] Cannot write the recording .*: it was deleted while the session ran/,
    );
    expect((await call("list_tasks")).isError).toBe(true);
    const logged = lines.find((l) => l.msg === "recording failed");
    expect(logged?.level).toBeGreaterThanOrEqual(40); // warn or worse
    expect(logged?.err).toMatch(/it was deleted while the session ran/);
    const ended = lines.find((l) => l.msg === "episode ended") as { status?: string } | undefined;
    expect(ended?.status).toBe("error");
  });

  it("fails the session at its end when its recording was deleted within the interval: the end line is always checked", async () => {
    const { server, call, lines } = await sessionWhoseDirectoryIsGone();
    expect((await call("list_tasks")).isError).toBeFalsy();
    const sink = server.session.sink;
    await server.mcp.close();
    await expect(sink?.released()).resolves.toBeUndefined();
    expect(sink?.failed?.message).toMatch(/it was deleted while the session ran/);
    expect(lines.find((l) => l.msg === "recording could not be closed")?.err).toMatch(
      /it was deleted while the session ran/,
    );
  });

  it("marks a cut argument in the recording and says so in the report", async () => {
    const scenario = declaredScenario();
    const { server, client, call } = await connectInMemory({ scenario });
    // One fetch with a 20,000-character key: its args ({"key":"…"}, 20,010 characters) pass the
    // 16,384 cap in the request and in the job it starts, so two events are cut.
    await call("fetch", { key: "k".repeat(20_000) });
    const recording = (server.session.sink as MemoryRecordingWriter).recording();
    await client.close();
    const cut = recording.events.filter((e) => "truncated" in e && e.truncated !== undefined);
    expect(cut.map((e) => [e.type, (e as { truncated?: unknown }).truncated])).toEqual([
      ["request", { args: 20_010 }],
      ["job", { args: 20_010 }],
    ]);
    const note =
      "2 events of the recording had fields cut to the recording's caps (args): what the client sent there is not recorded in full.";
    const metrics = computeMetrics(scenario, recording);
    expect(metrics.notes).toContain(note);
    expect(renderMarkdown(buildReport(scenario, recording, metrics))).toContain(`- ${note}`);
  });
});
