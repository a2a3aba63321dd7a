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
 * Throws RECORDING_WRITE when the path no longer names the file being written: it was deleted
 * (with its directory, say) or replaced. Writes would still succeed, into a file nobody can
 * read, so calls would answer OK while their events are lost. One stat per line.
 */
export function assertStillAt(path: string, identity: FileIdentity): void {
  const now = fs.statSync(path, { throwIfNoEntry: false });
  if (now !== undefined && now.dev === identity.dev && now.ino === identity.ino) return;
  throw new AsyncToolError(
    "RECORDING_WRITE",
    `Cannot write the recording ${path}: it was ${now === undefined ? "deleted" : "replaced by another file"} while the session ran, so its events would be lost; keep the recordings directory in place while the server runs.`,
    { where: path, cause: now === undefined ? "deleted" : "replaced", retryable: false },
  );
}
