import fs from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LINK_CHECK_INTERVAL_MS } from "../../src/recorder/link-check.js";
import { createRecordingFile, openRecordingWriter } from "../../src/recorder/writer.js";
import { tempDir, testHeader, thrown } from "./helpers.js";

/**
 * The check that a recording's file is still where it was opened (not deleted, not replaced) is
 * made at most once per interval of the sink's clock, and always on the header and the end line.
 * The clock is the test's: nothing here reads real time.
 */

const dir = tempDir();
let n = 0;
const notice = { type: "notice" as const, kind: "log", jobs: [] as string[] };

/** A writer on a clock the test moves (`clock.t`), and the fstat calls made since `fstats.reset()`. */
function open(linkCheckMs?: number) {
  const path = join(dir, `link-${++n}.jsonl`);
  const clock = { t: 0 };
  const fstats = vi.spyOn(fs, "fstatSync");
  const writer = openRecordingWriter({
    path,
    header: testHeader(),
    episodeTime: () => 0,
    now: () => clock.t,
    ...(linkCheckMs === undefined ? {} : { linkCheckMs }),
  });
  return { path, clock, writer, fstats };
}

const deletedMessage = (path: string) =>
  `Cannot write the recording ${path}: it was deleted while the session ran, so its events would be lost; keep the recordings directory in place while the server runs.`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the deleted-recording check, once per interval", () => {
  it("is 100 ms by default", () => {
    expect(LINK_CHECK_INTERVAL_MS).toBe(100);
  });

  it("looks at the file when the header is written, then makes no fstat until the interval has passed", () => {
    const { clock, writer, fstats } = open();
    // The header's check, the one fstat of the open.
    expect(fstats).toHaveBeenCalledTimes(1);
    fstats.mockClear();
    for (clock.t = 0; clock.t < 100; clock.t += 0.5) writer.write(notice);
    expect(fstats).not.toHaveBeenCalled();
    clock.t = 100;
    writer.write(notice);
    expect(fstats).toHaveBeenCalledTimes(1);
    // The next is due 100 ms after that check, not after the header's.
    clock.t = 199.999;
    writer.write(notice);
    expect(fstats).toHaveBeenCalledTimes(1);
    clock.t = 200;
    writer.write(notice);
    expect(fstats).toHaveBeenCalledTimes(2);
    writer.close("finished");
  });

  it("catches a deletion at the first write once the interval has passed, not before", () => {
    const { path, clock, writer } = open();
    fs.unlinkSync(path);
    clock.t = 99.999;
    writer.write(notice);
    expect(writer.failed).toBeNull();
    clock.t = 100;
    const error = thrown(() => writer.write(notice), "RECORDING_WRITE");
    expect(error.message).toBe(deletedMessage(path));
    expect(error.details).toEqual({ where: path, cause: "deleted", retryable: false });
    expect(writer.failed).toBe(error);
    expect(writer.close("error")).toBeNull();
  });

  it("catches a replacement at the first write once the interval has passed, not before", () => {
    const { path, clock, writer } = open();
    fs.writeFileSync(`${path}.other`, "someone else's file\n");
    fs.renameSync(`${path}.other`, path);
    clock.t = 50;
    writer.write(notice);
    expect(writer.failed).toBeNull();
    clock.t = 150;
    const error = thrown(() => writer.write(notice), "RECORDING_WRITE");
    expect(error.message).toBe(
      `Cannot write the recording ${path}: it was replaced by another file while the session ran, so its events would be lost; keep the recordings directory in place while the server runs.`,
    );
    expect(error.details).toEqual({ where: path, cause: "replaced", retryable: false });
    expect(fs.readFileSync(path, "utf8")).toBe("someone else's file\n");
  });

  it("always looks at the file for the end line, within the interval too", () => {
    const { path, clock, writer, fstats } = open();
    writer.write(notice);
    fstats.mockClear();
    fs.unlinkSync(path);
    clock.t = 1;
    const error = thrown(() => writer.close("finished"), "RECORDING_WRITE");
    expect(error.message).toBe(deletedMessage(path));
    expect(fstats).toHaveBeenCalledTimes(1);
    expect(writer.failed).toBe(error);
  });

  it("looks at the end line with group commit too, where the queued lines and the end go in one write", () => {
    const path = join(dir, `link-${++n}.jsonl`);
    const writer = openRecordingWriter({
      path,
      header: testHeader(),
      episodeTime: () => 0,
      now: () => 0,
      groupCommit: true,
    });
    writer.holdFlush();
    writer.write(notice);
    fs.unlinkSync(path);
    thrown(() => writer.close("finished"), "RECORDING_WRITE");
    writer.unholdFlush();
  });

  it("always looks at the file for the header: a file deleted between its creation and its first write fails the open", async () => {
    const path = join(dir, `link-${++n}.jsonl`);
    const fd = await createRecordingFile(path);
    fs.unlinkSync(path);
    const error = thrown(
      () => openRecordingWriter({ path, fd, header: testHeader(), episodeTime: () => 0, now: () => 0 }),
      "RECORDING_WRITE",
    );
    expect(error.message).toBe(deletedMessage(path));
  });

  it("reads performance.now when it is given no clock (here stopped by a stub: no real time is read)", () => {
    const stopped = vi.spyOn(performance, "now").mockReturnValue(5_000);
    const path = join(dir, `link-${++n}.jsonl`);
    const fstats = vi.spyOn(fs, "fstatSync");
    const writer = openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0 });
    fstats.mockClear();
    for (let i = 0; i < 5; i++) writer.write(notice);
    expect(fstats).not.toHaveBeenCalled();
    stopped.mockReturnValue(5_000 + LINK_CHECK_INTERVAL_MS);
    writer.write(notice);
    expect(fstats).toHaveBeenCalledTimes(1);
    writer.close("finished");
  });

  it("looks before every write with an interval of 0", () => {
    const { path, writer, fstats } = open(0);
    fstats.mockClear();
    for (let i = 0; i < 5; i++) writer.write(notice);
    expect(fstats).toHaveBeenCalledTimes(5);
    fs.unlinkSync(path);
    const error = thrown(() => writer.write(notice), "RECORDING_WRITE");
    expect(error.message).toBe(deletedMessage(path));
  });

  it("fails at the first write due after a deletion, whatever the times of the writes (model)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (interval, steps, deleteAt) => {
          const { path, clock, writer, fstats } = open(interval);
          const deletedBefore = deleteAt % (steps.length + 1);
          // The model: a check at the header (t = 0), then at each write at or past the due time.
          let dueAt = interval;
          let checks = 0;
          let expectedFailure = -1;
          fstats.mockClear();
          for (let i = 0; i < steps.length; i++) {
            if (i === deletedBefore) fs.unlinkSync(path);
            clock.t += steps[i] as number;
            if (clock.t >= dueAt) {
              checks += 1;
              dueAt = clock.t + interval;
              if (i >= deletedBefore) {
                expectedFailure = i;
                thrown(() => writer.write(notice), "RECORDING_WRITE");
                break;
              }
            }
            writer.write(notice);
          }
          expect(fstats.mock.calls.length).toBe(checks);
          if (expectedFailure === -1) {
            // Not caught by a write: the close catches it if the file was deleted.
            if (deletedBefore < steps.length) thrown(() => writer.close("finished"), "RECORDING_WRITE");
            else writer.close("finished");
          }
          fstats.mockRestore();
        },
      ),
      { numRuns: 60 },
    );
  });
});
