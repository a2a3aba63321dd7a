import fs from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordingFileName } from "../../src/recorder/file-name.js";
import { createMemoryWriter } from "../../src/recorder/memory-writer.js";
import { readRecording } from "../../src/recorder/reader.js";
import { openRecordingWriter } from "../../src/recorder/writer.js";
import { lastEvent, tempDir, testHeader, thrown } from "./helpers.js";

const dir = tempDir();
let fileCount = 0;
const freshPath = (): string => join(dir, `run-${++fileCount}`, "session.jsonl");
const linesOf = (path: string): string[] => fs.readFileSync(path, "utf8").split("\n");
/** The events of a recording file so far, parsed (the header left out). */
const eventsOf = (path: string): Record<string, unknown>[] =>
  linesOf(path)
    .slice(1, -1)
    .map((line) => JSON.parse(line));

afterEach(() => {
  vi.restoreAllMocks();
});

/** A writer on a fake clock: `clock.wall` and `clock.t` are read at each write. */
function open(path = freshPath()) {
  const clock = { wall: 1000, t: 0 };
  const writer = openRecordingWriter({
    path,
    header: testHeader(),
    now: () => clock.wall,
    episodeTime: () => clock.t,
  });
  return { writer, clock, path };
}

describe("openRecordingWriter", () => {
  it("creates the missing directory and writes the header at once", () => {
    const { path } = open();
    expect(linesOf(path)).toEqual([JSON.stringify(testHeader()), ""]);
  });

  it("stamps seq, wall and t, and has each line on disk before write returns", () => {
    const { writer, clock, path } = open();
    clock.wall = 1250.5;
    clock.t = 1;
    writer.write({ type: "request", call: 1, tool: "search_flights", args: { from: "SFO" } });
    const request = eventsOf(path)[0];
    expect(request).toEqual({
      type: "request",
      seq: 0,
      wall: 250.5,
      t: 1,
      call: 1,
      tool: "search_flights",
      args: { from: "SFO" },
    });
    // The stamp first, then the event's fields in their order.
    expect(linesOf(path)[1]).toBe(
      '{"type":"request","seq":0,"wall":250.5,"t":1,"call":1,"tool":"search_flights","args":{"from":"SFO"}}',
    );

    clock.wall = 1300.1234567;
    // An event may carry its own episode time (a job that finished between two calls).
    writer.write({ type: "job", job: "j1", tool: "search_flights", status: "completed", t: 4 });
    const done = eventsOf(path)[1];
    expect(done).toMatchObject({ seq: 1, wall: 300.123, t: 4 });
    expect(linesOf(path)).toHaveLength(4);
    expect(writer.nextSeq).toBe(2);
  });

  it("measures wall from the given origin", () => {
    const writer = createMemoryWriter({
      header: testHeader(),
      now: () => 70,
      wallOrigin: 20,
      episodeTime: () => 0,
    });
    writer.write({ type: "notice", kind: "log", jobs: [] });
    expect(lastEvent(writer).wall).toBe(50);
  });

  it("writes the end line on close, once", () => {
    const { writer, clock, path } = open();
    writer.write({ type: "request", call: 1, tool: "list_tasks", args: {} });
    clock.t = 3;
    const end = writer.close("finished", "the agent called finish");
    expect(end).toMatchObject({
      type: "end",
      seq: 1,
      t: 3,
      status: "finished",
      reason: "the agent called finish",
    });
    expect(writer.closed).toBe(true);
    const before = fs.readFileSync(path, "utf8");
    expect(writer.close("error")).toBeNull();
    expect(fs.readFileSync(path, "utf8")).toBe(before);
  });

  it("refuses writes after close", () => {
    const { writer } = open();
    writer.close("completed");
    const error = thrown(() => writer.write({ type: "notice", kind: "log", jobs: [] }), "RECORDING_WRITE");
    expect(error.message).toMatch(/closed/);
  });

  it("refuses an end event passed to write", () => {
    const { writer } = open();
    thrown(() => writer.write({ type: "end", status: "completed" }), "RECORDING_INVALID");
    expect(writer.closed).toBe(false);
  });

  it("rejects an event that breaks the format without writing it or using up its seq", () => {
    const { writer, path } = open();
    const error = thrown(
      () => writer.write({ type: "request", call: 1, tool: "x", args: { n: Number.NaN } }),
      "RECORDING_INVALID",
    );
    expect(error.message).toMatch(/at args/);
    thrown(() => writer.write({ type: "request", call: 1, tool: "x", args: {}, t: -1 }), "RECORDING_INVALID");
    expect(writer.failed).toBeNull();
    writer.write({ type: "request", call: 1, tool: "x", args: {} });
    expect(eventsOf(path)[0]?.seq).toBe(0);
    expect(linesOf(path)).toHaveLength(3);
  });

  it("rejects a header that breaks the format", () => {
    const header = { ...testHeader(), seed: 1.5 };
    const path = freshPath();
    thrown(() => openRecordingWriter({ path, header, episodeTime: () => 0 }), "RECORDING_INVALID");
    expect(fs.existsSync(path)).toBe(false);
  });

  it("never touches an existing file", () => {
    const { path } = open();
    const error = thrown(
      () => openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0 }),
      "RECORDING_WRITE",
    );
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/already exists/);
    expect(linesOf(path)).toHaveLength(2);
  });

  it("fails with RECORDING_WRITE naming the file and the cause when the directory cannot be made", () => {
    // A parent that is a regular file gives ENOTDIR even as root, where permissions do not bite.
    const blocker = join(dir, "not-a-dir");
    fs.writeFileSync(blocker, "");
    const path = join(blocker, "sub", "session.jsonl");
    const error = thrown(
      () => openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0 }),
      "RECORDING_WRITE",
    );
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/ENOTDIR|EEXIST/);
    expect(error.details).toMatchObject({ where: path });
  });

  it("marks itself failed on a write error, and fails later writes without touching the disk", () => {
    const { writer, path } = open();
    writer.write({ type: "request", call: 1, tool: "list_tasks", args: {} });
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const spy = vi.spyOn(fs, "writeSync").mockImplementation(() => {
      throw full;
    });
    const error = thrown(() => writer.write({ type: "notice", kind: "log", jobs: [] }), "RECORDING_WRITE");
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/ENOSPC.*disk is full/);
    expect(writer.failed).toBe(error);
    expect(writer.nextSeq).toBe(1);

    const again = thrown(() => writer.write({ type: "notice", kind: "log", jobs: [] }), "RECORDING_WRITE");
    expect(again).toBe(error);
    expect(spy).toHaveBeenCalledTimes(1);

    // Closing a failed writer releases the file without an end line and without throwing.
    expect(writer.close("error")).toBeNull();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(writer.closed).toBe(true);
  });

  it("removes the file it created when the header cannot be written", () => {
    vi.spyOn(fs, "writeSync").mockImplementation(() => {
      throw Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" });
    });
    const path = freshPath();
    const error = thrown(
      () => openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0 }),
      "RECORDING_WRITE",
    );
    expect(error.message).toContain("EIO");
    expect(fs.existsSync(path)).toBe(false);
  });

  it("finishes a short write instead of leaving a torn line", () => {
    const { writer, path } = open();
    const real = fs.writeSync;
    let calls = 0;
    vi.spyOn(fs, "writeSync").mockImplementation(((
      fd: number,
      data: string | Buffer,
      offset: number,
      length: number,
    ) => {
      calls += 1;
      // The first write takes 4 bytes of the line; the rest is written from its bytes, counted
      // as bytes (the tool's name is a character of two).
      if (typeof data === "string") return real(fd, data.slice(0, 4));
      return real(fd, data, offset, length);
    }) as typeof fs.writeSync);
    writer.write({ type: "request", call: 1, tool: "é", args: {} });
    expect(calls).toBe(2);
    expect(linesOf(path)[1]).toBe('{"type":"request","seq":0,"wall":0,"t":0,"call":1,"tool":"é","args":{}}');
  });

  it("round-trips through the reader", async () => {
    const { writer, clock, path } = open();
    const events: Parameters<typeof writer.write>[0][] = [
      {
        type: "request",
        call: 1,
        tool: "search_flights",
        args: { from: "SFO", n: [1, null, "x"] },
      },
      {
        type: "job",
        job: "j1",
        tool: "search_flights",
        status: "working",
        call: 1,
        args: { from: "SFO" },
        latency: 3,
        finishAt: 4,
        step: { task: "book", step: "search" },
      },
      { type: "response", call: 1, isError: false, job: "j1", result: { status: "working" } },
      { type: "client_cancel", call: 2, reason: "user pressed stop" },
      { type: "job", job: "j1", tool: "search_flights", status: "cancelled", by: "client" },
      { type: "notice", kind: "resource_updated", jobs: ["j1"] },
      { type: "note", level: "warn", message: 'émoji ✓ and "quotes"\nnewline', data: { a: 1 } },
    ];
    for (const event of events) writer.write(event);
    const written = events.map((event, seq) => ({ ...event, seq, wall: 0, t: 0 }));
    clock.t = 9;
    const end = writer.close("disconnected");
    const recording = await readRecording(path);
    expect(recording.header).toEqual(testHeader());
    expect(recording.events).toEqual([...written, end]);
    expect(recording.end).toEqual(end);
    expect(recording.truncated).toBe(false);
  });
});

describe("in-memory writer", () => {
  it("keeps the lines, and reads back as the file writer's would", () => {
    let t = 0;
    const writer = createMemoryWriter({
      header: testHeader(),
      now: () => 5,
      wallOrigin: 0,
      episodeTime: () => t,
    });
    expect(writer.path).toBeNull();
    writer.write({ type: "request", call: 1, tool: "list_tasks", args: {} });
    const request = lastEvent(writer);
    t = 1;
    const end = writer.close("completed");
    expect(writer.lines).toEqual([
      JSON.stringify(testHeader()),
      JSON.stringify(request),
      JSON.stringify(end),
    ]);
    expect(writer.text()).toBe(`${writer.lines.join("\n")}\n`);
    expect(writer.recording()).toEqual({
      header: testHeader(),
      events: [request, end],
      end,
      truncated: false,
    });
    expect(writer.close("error")).toBeNull();
  });

  it("reads back as truncated while open", () => {
    const writer = createMemoryWriter({ header: testHeader(), episodeTime: () => 0 });
    writer.write({ type: "notice", kind: "log", jobs: [] });
    expect(writer.recording()).toMatchObject({ end: null, truncated: true });
  });

  it("can simulate a failed write at a given seq", () => {
    const writer = createMemoryWriter({ header: testHeader(), episodeTime: () => 0, failAtSeq: 1 });
    writer.write({ type: "notice", kind: "log", jobs: [] });
    const error = thrown(() => writer.write({ type: "notice", kind: "log", jobs: [] }), "RECORDING_WRITE");
    expect(writer.failed).toBe(error);
    expect(writer.lines).toHaveLength(2);
    expect(writer.close("error")).toBeNull();
    expect(writer.recording().truncated).toBe(true);
  });
});

describe("recordingFileName", () => {
  it("joins the start time (':' → '-'), scenario id and session id", () => {
    expect(recordingFileName(new Date("2026-06-02T09:14:03.512Z"), "travel-files-001", "s_7Yq2-kLm9")).toBe(
      "2026-06-02T09-14-03.512Z_travel-files-001_s_7Yq2-kLm9.jsonl",
    );
    expect(recordingFileName("2026-06-02T09:14:03.512Z", "a", "b")).toBe(
      "2026-06-02T09-14-03.512Z_a_b.jsonl",
    );
  });

  it("cannot be steered into another directory by an id", () => {
    const name = recordingFileName(new Date(0), "../../etc/x", "a/b c");
    expect(name).not.toContain("/");
    expect(name).toBe("1970-01-01T00-00-00.000Z_.._.._etc_x_a_b_c.jsonl");
  });
});
