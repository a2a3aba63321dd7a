import { AsyncToolError } from "../errors.js";
import type { Recording } from "./format.js";
import { parseRecording } from "./reader.js";
import { type SinkOptions, StampingSink } from "./sink.js";

export interface MemoryWriterOptions extends SinkOptions {
  /** Make the write of this seq fail with RECORDING_WRITE, to test how callers handle a full disk. */
  failAtSeq?: number;
}

/** A RecordingSink that keeps its lines in memory: for tests, and for sessions run without a recording. */
export class MemoryRecordingWriter extends StampingSink {
  readonly path = null;
  readonly #lines: string[] = [];
  readonly #failAtSeq: number | undefined;

  constructor(options: MemoryWriterOptions) {
    super(options);
    this.#failAtSeq = options.failAtSeq;
    this.writeHeader();
  }

  /** Every line written so far, the header first, without newlines. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The log as a file would hold it. */
  text(): string {
    return this.#lines.map((line) => `${line}\n`).join("");
  }

  /** The log read back through the reader, exactly as `readRecording` would give it. */
  recording(): Recording {
    return parseRecording(this.text(), this.where());
  }

  protected emit(lines: string): undefined {
    // Several lines when the sink groups its writes (SinkOptions.groupCommit).
    const each = lines.endsWith("\n") ? lines.slice(0, -1).split("\n") : lines.split("\n");
    // The header is line 0 and event n is line n + 1.
    const first = this.#lines.length;
    const failAt = this.#failAtSeq === undefined ? -1 : this.#failAtSeq + 1;
    if (failAt >= first && failAt < first + each.length) {
      throw new AsyncToolError(
        "RECORDING_WRITE",
        `Cannot write the recording ${this.where()}: simulated failure at seq ${this.#failAtSeq}.`,
        { where: this.where(), cause: "simulated", retryable: false },
      );
    }
    this.#lines.push(...each);
  }

  protected release(): Promise<void> {
    return Promise.resolve();
  }

  protected where(): string {
    return "(in-memory recording)";
  }
}

export function createMemoryWriter(options: MemoryWriterOptions): MemoryRecordingWriter {
  return new MemoryRecordingWriter(options);
}
