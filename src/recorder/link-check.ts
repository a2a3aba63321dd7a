import fs from "node:fs";
import { AsyncToolError } from "../errors.js";

/**
 * How long, on the sink's monotonic clock, a recording is written without looking whether its
 * file is still there (`LinkCheck`). A deletion is never atomic with the calls: the events of
 * every call answered before it are lost with the file anyway, so a call answered shortly after
 * it is no worse off; what the check owes is that the session does not go on for long writing
 * where nobody reads. 100 ms is below what a person notices, and at 2,000 calls/s a session pays
 * its fstat once per ~200 calls instead of once per call.
 */
export const LINK_CHECK_INTERVAL_MS = 100;

/**
 * Throws RECORDING_WRITE when the file being written has no name left: it was deleted (with its
 * directory, say) or replaced (another file renamed over it). Writes would still succeed, into a
 * file nobody can read, so calls would answer OK while their events are lost. One fstat: the
 * descriptor's link count says it without looking the path up (a stat of the path cost a few µs
 * more per call); the path is looked at only to word the error: a file there is another file,
 * since ours has no name left and its inode, held open by us, cannot be given to a new one. A
 * file moved or renamed elsewhere keeps its link and is written on: its events are not lost.
 */
export function assertStillAt(fd: number, path: string): void {
  if (fs.fstatSync(fd).nlink > 0) return;
  const replaced = fs.statSync(path, { throwIfNoEntry: false }) !== undefined;
  throw new AsyncToolError(
    "RECORDING_WRITE",
    `Cannot write the recording ${path}: it was ${replaced ? "replaced by another file" : "deleted"} while the session ran, so its events would be lost; keep the recordings directory in place while the server runs.`,
    { where: path, cause: replaced ? "replaced" : "deleted", retryable: false },
  );
}

/**
 * `assertStillAt` at most once per `intervalMs` of `now`: every system call costs this host a
 * TLB flush, and the check was one per write. The first check is always made; `force` makes one
 * whatever the time (the end line: a session's last word on its file). A check skipped costs a
 * read of the clock, no system call.
 */
export class LinkCheck {
  readonly #fd: number;
  readonly #path: string;
  readonly #now: () => number;
  readonly #intervalMs: number;
  /** now() from which the next check is due; -Infinity: the first is due at once. */
  #dueAt = Number.NEGATIVE_INFINITY;

  constructor(fd: number, path: string, now: () => number, intervalMs: number) {
    this.#fd = fd;
    this.#path = path;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  check(force: boolean): void {
    const now = this.#now();
    if (!force && now < this.#dueAt) return;
    assertStillAt(this.#fd, this.#path);
    this.#dueAt = now + this.#intervalMs;
  }
}
