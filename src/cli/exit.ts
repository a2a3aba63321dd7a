import type { Writable } from "node:stream";

/**
 * How long the CLI lets a finished command's leftovers (a stopped server's sockets or timers)
 * hold the process once its output is written, before it exits anyway.
 */
export const EXIT_GRACE_MS = 1_000;

/** The clock's `setTimeout`, as `exitOnceWritten` uses it (a test passes its own). */
export type ScheduleExit = (run: () => void, ms: number) => { unref(): unknown };

/**
 * Resolves once everything written to `stream` so far has been handed to the system: at once
 * when nothing is waiting, else when a write queued behind the waiting ones completes (writes
 * complete in order). A reader of a pipe that stalls keeps it waiting, as it would keep any
 * Unix tool blocked in write(2); one that goes away fails the writes, which resolves it too.
 */
export function written(stream: Writable): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/**
 * Ends the process with `code` once the output is written: it exits by itself when nothing else
 * is pending, and `exit` ends it `graceMs` later when something (a server's handles) still holds
 * it. The grace starts only once the output has reached its reader, so a reader that stalls
 * longer than it never loses the end of a result.
 */
export async function exitOnceWritten(
  code: number,
  streams: readonly Writable[],
  exit: (code: number) => void,
  graceMs = EXIT_GRACE_MS,
  schedule: ScheduleExit = setTimeout,
): Promise<void> {
  await Promise.all(streams.map(written));
  schedule(() => exit(code), graceMs).unref();
}
