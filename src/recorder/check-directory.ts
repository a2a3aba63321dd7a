import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { join } from "node:path";
import { AsyncToolError } from "../errors.js";

/**
 * Makes sure recordings can be written before a server accepts anyone: creates the directory,
 * writes and removes a probe file. A benchmark must not find out after a session that it ran
 * unrecorded. Throws RECORDINGS_UNWRITABLE naming the directory and the cause.
 */
export function checkRecordingsDirectory(dir: string): void {
  const probe = join(dir, `.asynctool-probe-${randomBytes(6).toString("hex")}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(probe, "wx");
    try {
      // Enough bytes to hit a full disk, small enough to be instant.
      fs.writeSync(fd, Buffer.alloc(4096, 0x20));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.unlinkSync(probe);
  } catch (error) {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      // Nothing to clean up where nothing could be created.
    }
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const why: Record<string, string> = {
      EACCES: "permission denied",
      EPERM: "permission denied",
      EROFS: "the file system is read-only",
      ENOSPC: "the disk is full",
      EDQUOT: "the disk quota is used up",
      ENOTDIR: "a part of the path is a file, not a directory",
      EEXIST: "a file with that name is in the way",
    };
    throw new AsyncToolError(
      "RECORDINGS_UNWRITABLE",
      `cannot write recordings to ${dir}: ${why[code] ?? (error as Error).message}. Fix it, choose another directory with --recordings DIR, or run with --no-recordings.`,
      { where: dir },
    );
  }
}
