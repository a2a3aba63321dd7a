import fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { readRecording } from "../../src/recorder/reader.js";
import { createRecordingFile, discardRecordingFile, openRecordingWriter } from "../../src/recorder/writer.js";
import { tempDir, testHeader, thrown } from "./helpers.js";

const dir = tempDir();
let fileCount = 0;
const freshPath = (): string => join(dir, `made-${++fileCount}`, "session.jsonl");

/** The AsyncToolError a promise rejects with; fails the test if it resolves or rejects otherwise. */
async function rejected(promise: Promise<unknown>): Promise<AsyncToolError> {
  const error = await promise.then(
    () => new Error("resolved"),
    (e: unknown) => e,
  );
  if (error instanceof AsyncToolError) return error;
  throw error;
}

describe("createRecordingFile (the file made in the thread pool)", () => {
  it("makes the directory and an empty file, which the writer then writes as its own", async () => {
    const path = freshPath();
    const fd = await createRecordingFile(path);
    expect(fs.readFileSync(path, "utf8")).toBe("");
    const writer = openRecordingWriter({ path, fd, header: testHeader(), episodeTime: () => 0 });
    writer.write({ type: "request", call: 1, tool: "list_tasks", args: {} });
    writer.flush();
    writer.close("finished");
    await writer.released();
    const recording = await readRecording(path);
    expect(recording.header).toEqual(testHeader());
    expect(recording.end).toMatchObject({ status: "finished" });
  });

  it("makes again a directory removed since its first file", async () => {
    const path = freshPath();
    await discardRecordingFile(await createRecordingFile(path), path);
    fs.rmSync(join(path, ".."), { recursive: true });
    const fd = await createRecordingFile(path);
    expect(fs.existsSync(path)).toBe(true);
    await discardRecordingFile(fd, path);
    expect(fs.existsSync(path)).toBe(false);
  });

  it("never touches an existing file, and says so as the synchronous writer does", async () => {
    const path = freshPath();
    const writer = openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0 });
    writer.close("finished");
    await writer.released();
    const before = fs.readFileSync(path, "utf8");
    const error = await rejected(createRecordingFile(path));
    const sync = thrown(
      () => openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0 }),
      "RECORDING_WRITE",
    );
    expect(error.code).toBe("RECORDING_WRITE");
    expect(error.message).toBe(sync.message);
    expect(error.details).toEqual(sync.details);
    expect(fs.readFileSync(path, "utf8")).toBe(before);
  });

  it("fails with the synchronous writer's RECORDING_WRITE when the directory cannot be made", async () => {
    // A parent that is a regular file gives ENOTDIR even as root, where permissions do not bite.
    const blocker = join(dir, "blocker");
    fs.writeFileSync(blocker, "");
    const path = join(blocker, "sub", "session.jsonl");
    const error = await rejected(createRecordingFile(path));
    const sync = thrown(
      () => openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0 }),
      "RECORDING_WRITE",
    );
    expect(error.message).toBe(sync.message);
    expect(error.message).toContain(path);
  });

  it("removes the file it was handed when the header breaks the format", async () => {
    const path = freshPath();
    const fd = await createRecordingFile(path);
    const header = { ...testHeader(), seed: 1.5 };
    thrown(() => openRecordingWriter({ path, fd, header, episodeTime: () => 0 }), "RECORDING_INVALID");
    expect(fs.existsSync(path)).toBe(false);
  });
});
