import fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RecordingEvent } from "../../src/recorder/format.js";
import { parseRecording, readRecording, streamRecording } from "../../src/recorder/reader.js";
import { rejected, tempDir, testHeader, thrown } from "./helpers.js";

const dir = tempDir();
const header = JSON.stringify(testHeader());
const note = (seq: number, extra: object = {}): string =>
  JSON.stringify({ type: "note", seq, wall: seq, t: 0, level: "info", message: `n${seq}`, ...extra });
const end = (seq: number): string =>
  JSON.stringify({ type: "end", seq, wall: seq, t: 0, status: "completed" });
const log = (...lines: string[]): string => `${lines.join("\n")}\n`;

/** The RECORDING_INVALID message for `text`, checked to name the source and `line`. */
function invalidAt(text: string, line: number): string {
  const error = thrown(() => parseRecording(text, "mem.jsonl"), "RECORDING_INVALID");
  expect(error.message).toContain(`mem.jsonl, line ${line}:`);
  expect(error.details).toMatchObject({ where: `mem.jsonl:${line}`, line });
  return error.message;
}

describe("parseRecording accepts", () => {
  it("a complete log", () => {
    const recording = parseRecording(log(header, note(0), note(1), end(2)), "mem");
    expect(recording.header).toEqual(testHeader());
    expect(recording.events.map((e: RecordingEvent) => e.seq)).toEqual([0, 1, 2]);
    expect(recording.end).toMatchObject({ type: "end", status: "completed" });
    expect(recording.truncated).toBe(false);
  });

  it("a log with no end line, as truncated", () => {
    const recording = parseRecording(log(header, note(0), note(1)), "mem");
    expect(recording).toMatchObject({ end: null, truncated: true });
    expect(recording.events).toHaveLength(2);
  });

  it("a header alone, as truncated", () => {
    expect(parseRecording(log(header), "mem")).toMatchObject({ events: [], end: null, truncated: true });
  });

  it("a torn last line (no newline, not JSON): dropped, log truncated", () => {
    const torn = note(2).slice(0, 20);
    const recording = parseRecording(`${log(header, note(0), note(1))}${torn}`, "mem");
    expect(recording.events).toHaveLength(2);
    expect(recording.truncated).toBe(true);
  });

  it("a complete last line that lost only its newline", () => {
    const recording = parseRecording(`${header}\n${note(0)}\n${end(1)}`, "mem");
    expect(recording).toMatchObject({ truncated: false, end: { seq: 1 } });
  });

  it("blank lines at the end, CRLF line ends and a BOM", () => {
    expect(parseRecording(`${log(header, note(0))}\n\n  \n`, "mem").events).toHaveLength(1);
    expect(parseRecording(`${header}\r\n${note(0)}\r\n${end(1)}\r\n`, "mem").truncated).toBe(false);
    expect(parseRecording(`\uFEFF${log(header, note(0))}`, "mem").events).toHaveLength(1);
  });
});

describe("parseRecording rejects", () => {
  it("an empty file: no header", () => {
    expect(invalidAt("", 1)).toMatch(/no header/);
    expect(invalidAt("\n\n", 1)).toMatch(/no header/);
  });

  it("a first line that is not a header", () => {
    expect(invalidAt(log(note(0)), 1)).toMatch(/must be the recording header.*"note" event/);
    expect(invalidAt(log("[1,2]"), 1)).toMatch(/must be the recording header/);
    expect(invalidAt('{"type":"hea', 1)).toMatch(/no header/);
  });

  it("another format", () => {
    const other = JSON.stringify({ ...testHeader(), format: "something-else" });
    expect(invalidAt(log(other), 1)).toMatch(/"something-else"/);
  });

  it("another version, with RECORDING_VERSION naming the versions this build reads", () => {
    const v2 = JSON.stringify({ ...testHeader(), version: 2 });
    const error = thrown(() => parseRecording(log(v2, note(0)), "mem.jsonl"), "RECORDING_VERSION");
    expect(error.message).toMatch(/mem\.jsonl is in recording format version 2; this build reads version 1/);
    expect(error.message).toContain("asynctool-mcp 0.1.0");
  });

  it("a header that breaks the schema, naming the field", () => {
    const bad = JSON.stringify({ ...testHeader(), mode: "eventually" });
    expect(invalidAt(log(bad), 1)).toMatch(/bad header: at mode:/);
  });

  it("an event that breaks the schema, naming the path", () => {
    const job = JSON.stringify({
      type: "job",
      seq: 0,
      wall: 0,
      t: 0,
      job: "j1",
      tool: "x",
      status: "working",
      step: { task: 1, step: "s" },
    });
    expect(invalidAt(log(header, job), 2)).toMatch(/bad job event: at step\.task:/);
    expect(invalidAt(log(header, note(0, { extra: true })), 2)).toMatch(/Unrecognized key: "extra"/);
    expect(invalidAt(log(header, note(0, { t: -1 })), 2)).toMatch(/at t:/);
  });

  it("an unknown or missing event type", () => {
    expect(invalidAt(log(header, note(0, { type: "progress" })), 2)).toMatch(/unknown event type "progress"/);
    expect(invalidAt(log(header, "{}"), 2)).toMatch(/not an event/);
    expect(invalidAt(log(header, "42"), 2)).toMatch(/not an event/);
  });

  it("a line that is not JSON, unless it is a torn last line", () => {
    expect(invalidAt(log(header, note(0), "{oops", note(1)), 3)).toMatch(/not valid JSON/);
    // With its newline, a broken last line was not torn by a crash.
    expect(invalidAt(log(header, note(0), "{oops"), 3)).toMatch(/not valid JSON/);
  });

  it("a gap, a repeat or a wrong start in seq", () => {
    expect(invalidAt(log(header, note(1)), 2)).toMatch(/seq is 1 where 0 was expected/);
    expect(invalidAt(log(header, note(0), note(2)), 3)).toMatch(/seq is 2 where 1 was expected/);
    expect(invalidAt(log(header, note(0), note(0)), 3)).toMatch(/seq is 0 where 1 was expected/);
  });

  it("anything after the end line, torn or not", () => {
    expect(invalidAt(log(header, end(0), note(1)), 3)).toMatch(/follows the end line \(line 2\)/);
    expect(invalidAt(log(header, end(0), end(1)), 3)).toMatch(/follows the end line/);
    expect(invalidAt(`${log(header, end(0))}{"ty`, 3)).toMatch(/follows the end line/);
  });

  it("a blank line before other lines", () => {
    expect(invalidAt(log(header, note(0), "", note(1)), 3)).toMatch(/blank/);
  });
});

describe("readRecording", () => {
  it("reads a file as parseRecording reads its text", async () => {
    const path = join(dir, "ok.jsonl");
    const text = `${log(header, note(0, { message: "ünïcödé ✓" }), note(1))}${note(2).slice(0, 9)}`;
    fs.writeFileSync(path, text);
    expect(await readRecording(path)).toEqual(parseRecording(text, path));
  });

  it("names the file and line in errors", async () => {
    const path = join(dir, "bad.jsonl");
    fs.writeFileSync(path, log(header, note(0), "nope"));
    const error = await rejected(readRecording(path), "RECORDING_INVALID");
    expect(error.message).toContain(`${path}, line 3:`);
  });

  it("reads a file in small chunks exactly as it parses the same text (lines split between reads)", async () => {
    const path = join(dir, "chunked.jsonl");
    // A BOM, characters of 2 to 4 bytes, a CRLF, and a torn last line.
    const text = `\ufeff${log(header, note(0, { message: "é€😀 and more" }), `${note(1)}\r`, note(2, { data: { k: "ß".repeat(40) } }))}{"type":"no`;
    fs.writeFileSync(path, text);
    const whole = parseRecording(text, path);
    expect(whole.events).toHaveLength(3);
    // Several lines end in one read from 150 bytes on: they are decoded together.
    for (const chunkBytes of [1, 2, 3, 7, 64, 150, 333, 1 << 20]) {
      expect(await readRecording(path, { chunkBytes })).toEqual(whole);
      expect(await readRecording(path, { chunkBytes, blocking: true })).toEqual(whole);
    }
  });

  it("streams a file's events one by one, in order, as readRecording reads them, and returns its frame", async () => {
    const path = join(dir, "streamed.jsonl");
    // A request with a `truncated` map: the hand check defers it to the schema, which accepts it.
    const request = JSON.stringify({
      type: "request",
      seq: 1,
      wall: 1,
      t: 0,
      call: 1,
      tool: "lookup",
      args: {},
      truncated: { args: 9000 },
    });
    fs.writeFileSync(path, log(header, note(0), request, note(2), end(3)));
    const seen: RecordingEvent[] = [];
    const frame = await streamRecording(path, (event) => seen.push(event), { chunkBytes: 50 });
    const whole = await readRecording(path);
    expect(seen).toEqual(whole.events);
    expect(seen.map((e) => e.type)).toEqual(["note", "request", "note", "end"]);
    expect(frame).toEqual({ header: whole.header, end: whole.end, truncated: false });
  });

  it("streams the events before a bad line, then fails at it", async () => {
    const path = join(dir, "streamed-bad.jsonl");
    fs.writeFileSync(path, log(header, note(0), note(1), note(5)));
    const seen: number[] = [];
    const error = await rejected(
      streamRecording(path, (event) => seen.push(event.seq)),
      "RECORDING_INVALID",
    );
    expect(error.message).toContain(`${path}, line 4: seq is 5 where 2 was expected`);
    expect(seen).toEqual([0, 1]);
  });

  it("fails with RECORDING_NOT_FOUND for a missing file or a directory", async () => {
    const missing = join(dir, "missing.jsonl");
    expect((await rejected(readRecording(missing), "RECORDING_NOT_FOUND")).message).toContain(missing);
    expect((await rejected(readRecording(dir), "RECORDING_NOT_FOUND")).message).toMatch(/directory/);
    // Blocking reads (report's) word the same refusals.
    expect(
      (await rejected(readRecording(missing, { blocking: true }), "RECORDING_NOT_FOUND")).message,
    ).toContain(missing);
    expect((await rejected(readRecording(dir, { blocking: true }), "RECORDING_NOT_FOUND")).message).toMatch(
      /directory/,
    );
  });

  it("fails with RECORDING_INVALID for an empty file", async () => {
    const path = join(dir, "empty.jsonl");
    fs.writeFileSync(path, "");
    expect((await rejected(readRecording(path), "RECORDING_INVALID")).message).toMatch(/line 1: .*no header/);
  });
});
