import { AsyncToolError } from "../errors.js";

/**
 * Bytes one session's recording may take, the header included and the end line not (a
 * recording stopped by its budget still ends with its end line). Past it the write is refused
 * with RECORDING_BUDGET and the episode ends `error`: with the caps on each field, this bounds
 * what one client can add to the disk per session.
 */
export const RECORDING_BUDGET_DEFAULT = 16 * 1024 * 1024;

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair, two units, takes 4). */
const MOST_BYTES_PER_UNIT = 3;

/**
 * Counts a recording's bytes against its limit. A line is refused exactly when the bytes of the
 * lines charged before it and its own exceed the limit; but the exact count is taken from what
 * the sink writes (`settle`), not line by line: a line is built as a rope of small strings, and
 * counting its UTF-8 bytes on its own made V8 flatten it into a copy that the write then copied
 * again. A line is charged by an upper bound of its bytes; only when the bound does not fit are
 * the lines charged since the last write counted exactly.
 */
export class ByteBudget {
  /** Exact bytes of what was written (settled). */
  #used = 0;
  /** An upper bound of the bytes of the lines charged since the last settle. */
  #pending = 0;

  constructor(readonly limit: number) {}

  /**
   * Counts the line, or throws RECORDING_BUDGET (counting nothing) when it does not fit.
   * `unsettled`: the lines charged since the last `settle` (queued, not written yet).
   */
  charge(line: string, where: string, unsettled: readonly string[]): void {
    const bound = line.length * MOST_BYTES_PER_UNIT;
    if (this.#used + this.#pending + bound <= this.limit) {
      this.#pending += bound;
      return;
    }
    let pending = 0;
    for (let i = 0; i < unsettled.length; i++) pending += Buffer.byteLength(unsettled[i] as string, "utf8");
    const bytes = Buffer.byteLength(line, "utf8");
    if (this.#used + pending + bytes > this.limit) {
      this.#pending = pending;
      throw new AsyncToolError(
        "RECORDING_BUDGET",
        `This session's recording reached its budget of ${this.limit} bytes, so the episode has ended; start a new session (the server's operator can raise --max-recording-bytes).`,
        { where, retryable: false },
      );
    }
    this.#pending = pending + bytes;
  }

  /**
   * The lines charged since the last settle were written, as `written` (all of them, in one
   * string, and nothing charged after them; after the end line, nothing is charged any more).
   * `bytes`: their UTF-8 bytes, when the caller has counted them already.
   */
  settle(written: string, bytes = Buffer.byteLength(written, "utf8")): void {
    this.#used += bytes;
    this.#pending = 0;
  }
}

/** The end reason of an episode whose recording refused an event. */
export function recordingFailureReason(error: unknown): string {
  if (error instanceof AsyncToolError && error.code === "RECORDING_BUDGET")
    return `the recording reached its budget: ${error.message}`;
  return `the recording could not be written: ${error instanceof Error ? error.message : String(error)}`;
}
