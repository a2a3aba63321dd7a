import fs from "node:fs";
import { dirname } from "node:path";
import { AsyncToolError } from "../errors.js";
import { assertStillAt, type FileIdentity, identityOf } from "./file-identity.js";
import { assertValidHeader, type RecordingSink, type SinkOptions, StampingSink } from "./sink.js";

export type { RecordingSink, SinkOptions } from "./sink.js";

export interface RecordingWriterOptions extends SinkOptions {
  /** The file to create; its directory is created if missing. An existing file is never touched. */
  path: string;
}

/**
 * Creates the recording file and writes its header. Each event is one synchronous write of a
 * whole line, done before write() returns: a caller that records an event before answering the
 * call that caused it loses nothing it acknowledged, even to SIGKILL.
 */
export function openRecordingWriter(options: RecordingWriterOptions): RecordingSink {
  const { path } = options;
  assertValidHeader(options.header);
  let fd: number;
  try {
    fs.mkdirSync(dirname(path), { recursive: true });
    // "ax": a second header appended to an existing log would make it unreadable.
    fd = fs.openSync(path, "ax");
  } catch (error) {
    throw writeError(path, error);
  }
  try {
    return new FileRecordingWriter(options, fd);
  } catch (error) {
    // The header could not be written: remove the empty file rather than leave a log that
    // reads as "no header".
    try {
      fs.closeSync(fd);
      fs.unlinkSync(path);
    } catch {}
    throw error;
  }
}

class FileRecordingWriter extends StampingSink {
  readonly path: string;
  readonly #fd: number;
  readonly #identity: FileIdentity;

  constructor(options: RecordingWriterOptions, fd: number) {
    super(options);
    this.path = options.path;
    this.#fd = fd;
    this.#identity = identityOf(fd);
    this.writeHeader();
  }

  protected emit(line: string): void {
    // Deleted or replaced since it was opened: fail now rather than write where nobody reads.
    assertStillAt(this.path, this.#identity);
    const bytes = Buffer.from(line, "utf8");
    try {
      // One write in practice; a short write (disk nearly full) is finished rather than left torn.
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(this.#fd, bytes, done, bytes.length - done);
    } catch (error) {
      throw writeError(this.path, error);
    }
  }

  protected release(): void {
    if (this.failed) {
      // The failure is already reported; closing is best effort.
      try {
        fs.closeSync(this.#fd);
      } catch {}
      return;
    }
    try {
      // Not needed against SIGKILL (the page cache outlives the process), but a clean end
      // should also survive a power cut.
      fs.fsyncSync(this.#fd);
    } catch (error) {
      if (!isFsError(error) || (error.code !== "EINVAL" && error.code !== "ENOTSUP")) {
        fs.closeSync(this.#fd);
        throw writeError(this.path, error);
      }
    }
    try {
      fs.closeSync(this.#fd);
    } catch (error) {
      throw writeError(this.path, error);
    }
  }

  protected where(): string {
    return this.path;
  }
}

const HINTS: Record<string, string> = {
  EACCES: "the directory is not writable: fix its permissions or record to another directory",
  EPERM: "the directory is not writable: fix its permissions or record to another directory",
  EROFS: "the file system is read-only: record to another directory",
  ENOSPC: "the disk is full: free some space or record to another disk",
  EDQUOT: "the disk quota is exhausted: free some space or record to another disk",
  ENOENT: "a directory on the path is missing and could not be created: check the path",
  ENOTDIR: "a component of the path is a file, not a directory: choose another path",
  EISDIR: "the path is a directory: give a file name",
  EEXIST: "a file already exists there, and a recording is never overwritten: choose another name",
};

function writeError(path: string, error: unknown): AsyncToolError {
  const code = isFsError(error) ? error.code : undefined;
  const cause = error instanceof Error ? error.message : String(error);
  const hint = (code && HINTS[code]) ?? "check the path, its permissions and the free space";
  return new AsyncToolError("RECORDING_WRITE", `Cannot write the recording ${path}: ${cause}; ${hint}.`, {
    where: path,
    cause: code ?? cause,
    retryable: false,
  });
}

function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}
