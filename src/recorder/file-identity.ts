import fs from "node:fs";
import { AsyncToolError } from "../errors.js";

/** Which file an open recording is: the device and inode of its descriptor when it was opened. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

export function identityOf(fd: number): FileIdentity {
  const { dev, ino } = fs.fstatSync(fd);
  return { dev, ino };
}

/**
 * Throws RECORDING_WRITE when the file being written has no name left: it was deleted (with its
 * directory, say) or replaced (another file renamed over it). Writes would still succeed, into a
 * file nobody can read, so calls would answer OK while their events are lost. One fstat per
 * write: the descriptor's link count says it without looking the path up (a stat of the path
 * cost a few µs more per call); the path is looked at only to word the error. A file moved or
 * renamed elsewhere keeps its link and is written on: its events are not lost.
 */
export function assertStillAt(fd: number, path: string, identity: FileIdentity): void {
  if (fs.fstatSync(fd).nlink > 0) return;
  const now = fs.statSync(path, { throwIfNoEntry: false });
  const replaced = now !== undefined && (now.dev !== identity.dev || now.ino !== identity.ino);
  throw new AsyncToolError(
    "RECORDING_WRITE",
    `Cannot write the recording ${path}: it was ${replaced ? "replaced by another file" : "deleted"} while the session ran, so its events would be lost; keep the recordings directory in place while the server runs.`,
    { where: path, cause: replaced ? "replaced" : "deleted", retryable: false },
  );
}
