import { AsyncToolError } from "../errors.js";

/**
 * Bytes one session's recording may take, the header included and the end line not (a
 * recording stopped by its budget still ends with its end line). Past it the write is refused
 * with RECORDING_BUDGET and the episode ends `error`: with the caps on each field, this bounds
 * what one client can add to the disk per session.
 */
export const RECORDING_BUDGET_DEFAULT = 16 * 1024 * 1024;

export class ByteBudget {
  #used = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.#used;
  }

  /** Counts the line, or throws RECORDING_BUDGET (counting nothing) when it does not fit. */
  charge(line: string, where: string): void {
    const bytes = Buffer.byteLength(line, "utf8");
    if (this.#used + bytes > this.limit) {
      throw new AsyncToolError(
        "RECORDING_BUDGET",
        `This session's recording reached its budget of ${this.limit} bytes, so the episode has ended; start a new session (the server's operator can raise --max-recording-bytes).`,
        { where, retryable: false },
      );
    }
    this.#used += bytes;
  }
}

/** The end reason of an episode whose recording refused an event. */
export function recordingFailureReason(error: unknown): string {
  if (error instanceof AsyncToolError && error.code === "RECORDING_BUDGET")
    return `the recording reached its budget: ${error.message}`;
  return `the recording could not be written: ${error instanceof Error ? error.message : String(error)}`;
}
