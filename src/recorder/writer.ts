import fs from "node:fs";
import { dirname } from "node:path";
import { AsyncToolError } from "../errors.js";
import { LINK_CHECK_INTERVAL_MS, LinkCheck } from "./link-check.js";
import { assertValidHeader, type RecordingSink, type SinkOptions, StampingSink } from "./sink.js";

export type { RecordingSink, SinkOptions } from "./sink.js";

export interface RecordingWriterOptions extends SinkOptions {
  /** The file to create; its directory is created if missing. An existing file is never touched. */
  path: string;
  /** The file-writing functions: node:fs by default; tests pass their own to count or fail writes. */
  io?: RecordingIo;
  /**
   * The file at `path`, already created by `createRecordingFile`: written as if this function
   * had created it (and removed if its header cannot be written).
   */
  fd?: number;
  /**
   * How long (ms of `now`) writes go without looking whether the file was deleted or replaced:
   * the first write after it fails. Default LINK_CHECK_INTERVAL_MS; 0 looks before every write.
   * The header and the end line are always looked at.
   */
  linkCheckMs?: number;
}

/** What the writer writes the file with once it is open. */
export interface RecordingIo {
  /**
   * node:fs's writeSync in its two forms: the lines as a string (what every write tries first:
   * no buffer is made for them), and the bytes left after a short write.
   */
  writeSync(fd: number, data: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void;
  /** Closing a file whose lines are synced takes microseconds: done on the event loop (see `release`). */
  closeSync(fd: number): void;
}

/**
 * Creates the recording file and writes its header. Lines are written with synchronous writes,
 * each of whole lines: one per event, or one per flush with `groupCommit` (all the lines queued
 * since the last). A caller that has its lines written before answering the call that caused
 * them loses nothing it acknowledged, even to SIGKILL (the page cache outlives the process).
 * Closing writes the end line at once and fsyncs and closes the file off the event loop.
 */
export function openRecordingWriter(options: RecordingWriterOptions): RecordingSink {
  const { path } = options;
  let fd: number;
  if (options.fd === undefined) {
    // Checked before a file is made for it (the sink, told so, does not check it again).
    assertValidHeader(options.header);
    try {
      fs.mkdirSync(dirname(path), { recursive: true });
      // "ax": a second header appended to an existing log would make it unreadable.
      fd = fs.openSync(path, "ax");
    } catch (error) {
      throw writeError(path, error);
    }
  } else {
    fd = options.fd;
  }
  try {
    if (options.fd !== undefined) assertValidHeader(options.header);
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

/** Directories this process has made (or found) for its recordings: one mkdir each is enough. */
const madeDirectories = new Set<string>();

/**
 * Creates the recording file at `path` (and its directory, once per directory) in libuv's thread
 * pool, and resolves its descriptor for `openRecordingWriter`'s `fd`. Creating a file blocks its
 * thread for about a millisecond on an ext4 disk (20 µs on tmpfs): done here, the event loop (the
 * other sessions' calls and timers) does not wait for it. An existing file is never touched.
 * Rejects with the RECORDING_WRITE that `openRecordingWriter` throws for the same failure.
 */
export async function createRecordingFile(path: string): Promise<number> {
  const dir = dirname(path);
  try {
    if (!madeDirectories.has(dir)) await makeDirectory(dir);
    try {
      return await createExclusive(path);
    } catch (error) {
      // The directory was removed since it was made: made again, as for a first recording.
      if (!isFsError(error) || error.code !== "ENOENT") throw error;
      await makeDirectory(dir);
      return await createExclusive(path);
    }
  } catch (error) {
    throw writeError(path, error);
  }
}

/** Closes and removes a file `createRecordingFile` made that no recording was written to. */
export function discardRecordingFile(fd: number, path: string): Promise<void> {
  return new Promise((resolve) => fs.close(fd, () => fs.unlink(path, () => resolve())));
}

function makeDirectory(dir: string): Promise<void> {
  return new Promise((resolve, reject) =>
    fs.mkdir(dir, { recursive: true }, (error) => {
      if (error) return reject(error);
      madeDirectories.add(dir);
      resolve();
    }),
  );
}

function createExclusive(path: string): Promise<number> {
  // "ax": a second header appended to an existing log would make it unreadable.
  return new Promise((resolve, reject) =>
    fs.open(path, "ax", (error, fd) => (error ? reject(error) : resolve(fd))),
  );
}

class FileRecordingWriter extends StampingSink {
  readonly path: string;
  readonly #fd: number;
  readonly #link: LinkCheck;
  readonly #io: RecordingIo;

  constructor(options: RecordingWriterOptions, fd: number) {
    super(options, true);
    this.path = options.path;
    this.#fd = fd;
    // node:fs itself, not its functions: a spy set on fs later still sees the writes.
    this.#io = options.io ?? fs;
    // The sink's clock (the tests' in tests).
    this.#link = new LinkCheck(fd, this.path, this.now, options.linkCheckMs ?? LINK_CHECK_INTERVAL_MS);
    this.writeHeader();
  }

  protected emit(lines: string): number {
    // Deleted or replaced since it was opened: fail rather than write where nobody reads. Looked
    // at on the first write (the header), then at most once per interval, and at the end line
    // (written once the sink is closed), so that a session ends saying its file is gone.
    this.#link.check(this.closed);
    try {
      // One write of the string in practice; a short write (disk nearly full) is finished from
      // the bytes rather than left torn. The count is returned: the budget settles with it.
      const first = this.#io.writeSync(this.#fd, lines);
      const length = Buffer.byteLength(lines, "utf8");
      if (first === length) return length;
      const bytes = Buffer.from(lines, "utf8");
      let done = first;
      while (done < bytes.length) done += this.#io.writeSync(this.#fd, bytes, done, bytes.length - done);
      return length;
    } catch (error) {
      throw writeError(this.path, error);
    }
  }

  protected release(): Promise<void> {
    const io = this.#io;
    const fd = this.#fd;
    if (this.failed) {
      // The failure is already reported; closing is best effort.
      try {
        io.closeSync(fd);
      } catch {}
      return Promise.resolve();
    }
    // The fsync is not needed against SIGKILL (the page cache outlives the process), but a clean
    // end should also survive a power cut. It runs on libuv's thread pool: an fsync takes
    // milliseconds, which the event loop (other sessions' calls and timers) does not wait for.
    // The close that follows is synchronous: a trip to the pool costs the event loop more than
    // the close itself (waking a pool thread and being woken by it, about 100 µs of the main
    // thread's CPU on a loaded machine, against a few µs for closing a synced file).
    return new Promise((resolve, reject) => {
      io.fsync(fd, (syncError) => {
        const fatal =
          syncError && syncError.code !== "EINVAL" && syncError.code !== "ENOTSUP" ? syncError : null;
        let closeError: unknown = null;
        try {
          io.closeSync(fd);
        } catch (error) {
          closeError = error;
        }
        const error = fatal ?? closeError;
        if (error) reject(writeError(this.path, error));
        else resolve();
      });
    });
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
