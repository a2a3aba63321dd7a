import fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RECORDING_CAPS, truncationNote } from "../../src/recorder/field-caps.js";
import { createMemoryWriter } from "../../src/recorder/memory-writer.js";
import { readRecording } from "../../src/recorder/reader.js";
import { openRecordingWriter } from "../../src/recorder/writer.js";
import { lastEvent, tempDir, testHeader, thrown } from "./helpers.js";

/** What a recording keeps of what a client sends, and the budget on its size. */

const dir = tempDir();
/** An event's optional fields, whatever its type. */
type Loose = { type: string; truncated?: Record<string, number>; args?: unknown; tool?: string };
let n = 0;

describe("per-field caps", () => {
  it("cuts an argument, a tool name and a note past their caps, and marks each cut", () => {
    const writer = createMemoryWriter({ header: testHeader(), episodeTime: () => 0 });
    const big = "x".repeat(900_000);
    writer.write({ type: "request", call: 1, tool: "lookup", args: { key: big } });
    const request = lastEvent(writer) as Loose;
    // The args' JSON is {"key":"xxx…"}: 900,000 + 10 characters.
    expect(request.truncated).toEqual({ args: 900_010 });
    expect(request.args).toEqual({ $truncated: `{"key":"${"x".repeat(512 - 8)}` });
    const name = "t".repeat(10_000);
    writer.write({ type: "request", call: 2, tool: name, args: {} });
    const unknown = lastEvent(writer) as Loose;
    expect(unknown.truncated).toEqual({ tool: 10_000 });
    expect(unknown.tool).toBe(`${"t".repeat(256)}… (cut from 10000 characters)`);
    writer.write({
      type: "note",
      level: "info",
      message: `resource read: asynctool://jobs/${big}`,
    });
    const note = lastEvent(writer) as Loose;
    expect(note.truncated).toEqual({ message: 900_032 });
    writer.write({
      type: "job",
      job: "j1",
      tool: "lookup",
      status: "working",
      call: 1,
      args: { key: big },
      latency: 1,
      finishAt: 1,
    });
    const job = lastEvent(writer) as Loose;
    expect(job.truncated).toEqual({ args: 900_010 });
    // Every line is bounded by the caps, and the log reads back.
    for (const line of writer.lines) expect(line.length).toBeLessThan(RECORDING_CAPS.json);
    const recording = writer.recording();
    expect(recording.events).toHaveLength(4);
    expect(truncationNote(recording.events)).toBe(
      "4 events of the recording had fields cut to the recording's caps (args, message, tool): what the client sent there is not recorded in full.",
    );
  });

  it("leaves fields within their caps alone, with no mark", () => {
    const writer = createMemoryWriter({ header: testHeader(), episodeTime: () => 0 });
    const args = { key: "y".repeat(RECORDING_CAPS.json - 10) }; // exactly the cap in JSON
    writer.write({ type: "request", call: 1, tool: "lookup", args });
    const request = lastEvent(writer) as Loose;
    expect(request.args).toEqual(args);
    expect(request.truncated).toBeUndefined();
    expect(truncationNote(writer.recording().events)).toBeUndefined();
  });
});

describe("the byte budget", () => {
  it("refuses the event past the budget with RECORDING_BUDGET, then still writes the end line", () => {
    const writer = createMemoryWriter({
      header: testHeader(),
      episodeTime: () => 0,
      now: () => 0,
      maxBytes: 2_000,
    });
    const headerBytes = writer.lines[0]?.length ?? 0;
    // Each note line is {"type":"note","seq":N,"wall":0,"t":0,"level":"info","message":"…"} + \n:
    // 66 bytes of frame (seq < 10), a 200-byte message and the newline, 267 bytes in all; the
    // header line takes its length + 1.
    let written = 0;
    const error = thrown(() => {
      for (;;) {
        writer.write({ type: "note", level: "info", message: "m".repeat(200) });
        written += 1;
      }
    }, "RECORDING_BUDGET");
    expect(written).toBe(Math.floor((2_000 - headerBytes - 1) / 267));
    expect(error.message).toBe(
      "This session's recording reached its budget of 2000 bytes, so the episode has ended; start a new session (the server's operator can raise --max-recording-bytes).",
    );
    expect(writer.failed).toBe(error);
    // Further writes are refused without counting; the end line is exempt from the budget.
    thrown(() => writer.write({ type: "notice", kind: "log", jobs: [] }), "RECORDING_BUDGET");
    expect(writer.close("error", "the recording reached its budget")).toMatchObject({
      type: "end",
      seq: written,
    });
    const text = writer.text();
    expect(Buffer.byteLength(text) - (writer.lines.at(-1)?.length ?? 0) - 1).toBeLessThanOrEqual(2_000);
    expect(writer.recording().end).toMatchObject({ status: "error" });
  });
});

describe("the recording file going away", () => {
  // Looked at before every write (interval 0, on a clock that stands still): the interval itself
  // is link-check.test.ts's.
  const open = () => {
    const path = join(dir, `gone-${++n}`, "session.jsonl");
    const writer = openRecordingWriter({
      path,
      header: testHeader(),
      episodeTime: () => 0,
      now: () => 0,
      linkCheckMs: 0,
    });
    writer.write({ type: "notice", kind: "log", jobs: [] });
    return { path, writer };
  };

  it("fails the next write when the file was deleted, saying so", () => {
    const { path, writer } = open();
    fs.rmSync(join(path, ".."), { recursive: true });
    const error = thrown(() => writer.write({ type: "notice", kind: "log", jobs: [] }), "RECORDING_WRITE");
    expect(error.message).toBe(
      `Cannot write the recording ${path}: it was deleted while the session ran, so its events would be lost; keep the recordings directory in place while the server runs.`,
    );
    expect(writer.failed).toBe(error);
    expect(writer.close("error")).toBeNull();
  });

  it("fails the next write when the file was replaced by another", async () => {
    const { path, writer } = open();
    fs.writeFileSync(`${path}.other`, "someone else's file\n");
    fs.renameSync(`${path}.other`, path);
    const error = thrown(() => writer.write({ type: "notice", kind: "log", jobs: [] }), "RECORDING_WRITE");
    expect(error.message).toMatch(/it was replaced by another file while the session ran/);
    expect(fs.readFileSync(path, "utf8")).toBe("someone else's file\n");
  });

  it("writes on into a file moved elsewhere, whose events are still read there", async () => {
    const { path, writer } = open();
    const moved = `${path}.moved`;
    fs.renameSync(path, moved);
    writer.write({ type: "notice", kind: "log", jobs: [] });
    writer.close("finished");
    expect((await readRecording(moved)).events).toHaveLength(3);
  });

  it("writes on while the file stays where it is", async () => {
    const { path, writer } = open();
    writer.write({ type: "notice", kind: "log", jobs: [] });
    writer.close("finished");
    expect((await readRecording(path)).events).toHaveLength(3);
  });
});
