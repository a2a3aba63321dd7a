import { performance } from "node:perf_hooks";
import type { EndStatus } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import { ByteBudget } from "./budget.js";
import { capEvent } from "./field-caps.js";
import {
  type EndEvent,
  type EventInput,
  eventSchema,
  headerSchema,
  type RecordingEvent,
  type RecordingHeader,
} from "./format.js";
import { describeIssues } from "./issues.js";
import { jsonFieldsArePlain, LEAN_EVENT_SCHEMAS } from "./lean-schemas.js";

/** What the session writes its recording to: a file (writer.ts) or memory (memory-writer.ts). */
export interface RecordingSink {
  readonly header: RecordingHeader;
  /** The file written, or null for an in-memory sink. */
  readonly path: string | null;
  /** The seq the next event will get (= events written so far, the end line included). */
  readonly nextSeq: number;
  readonly closed: boolean;
  /** The error of the write that failed; once set, every write throws it without touching the disk. */
  readonly failed: AsyncToolError | null;
  /** Stamps seq, wall and t, and has the line written before it returns. Throws after close or failure. */
  write(event: EventInput): RecordingEvent;
  /**
   * Writes the end line and releases the file. Returns null (and does nothing) if already closed
   * or failed. `probe` marks a session that made no tool call (see EndEvent.probe).
   */
  close(status: EndStatus, reason?: string, marks?: { readonly probe?: boolean }): EndEvent | null;
}

export interface SinkOptions {
  header: RecordingHeader;
  /** The episode clock, for events that do not carry their own `t`. */
  episodeTime: () => number;
  /** Monotonic real ms, for `wall`. Default: performance.now. */
  now?: () => number;
  /** now() at the session's start. Default: now() when the sink opens. */
  wallOrigin?: number;
  /** Bytes the recording may take (the end line not counted); past it, RECORDING_BUDGET. Default: no limit. */
  maxBytes?: number;
}

/**
 * Stamping and the open → (failed) → closed lifecycle, shared by the file and memory sinks.
 * Subclasses only move whole lines; `emit` must have the line stored when it returns, or throw
 * an AsyncToolError RECORDING_WRITE.
 */
export abstract class StampingSink implements RecordingSink {
  readonly header: RecordingHeader;
  abstract readonly path: string | null;
  #seq = 0;
  #closed = false;
  #failed: AsyncToolError | null = null;
  /** The failure was the budget, not the storage: the end line is still written. */
  #endAfterFailure = false;
  readonly #budget: ByteBudget | undefined;
  readonly #now: () => number;
  readonly #origin: number;
  readonly #episodeTime: () => number;

  protected constructor(options: SinkOptions) {
    assertValidHeader(options.header);
    this.header = options.header;
    this.#now = options.now ?? (() => performance.now());
    this.#origin = options.wallOrigin ?? this.#now();
    this.#episodeTime = options.episodeTime;
    this.#budget = options.maxBytes === undefined ? undefined : new ByteBudget(options.maxBytes);
  }

  protected abstract emit(line: string): void;
  protected abstract release(): void;
  /** How the sink is named in messages. */
  protected abstract where(): string;

  get nextSeq(): number {
    return this.#seq;
  }
  get closed(): boolean {
    return this.#closed;
  }
  get failed(): AsyncToolError | null {
    return this.#failed;
  }

  /** Subclasses call this once, from their constructor, after their storage is ready. */
  protected writeHeader(): void {
    const line = `${JSON.stringify(this.header)}\n`;
    this.#budget?.charge(line, this.where());
    this.#emitOrFail(line);
  }

  write(event: EventInput): RecordingEvent {
    if (this.#failed) throw this.#failed;
    if (this.#closed) {
      throw new AsyncToolError(
        "RECORDING_WRITE",
        `The recording ${this.where()} is closed: an event came after the session ended (this is a bug in asynctool-mcp).`,
        { where: this.where() },
      );
    }
    if (event.type === "end") {
      throw new AsyncToolError(
        "RECORDING_INVALID",
        "An end event was passed to write(); end a recording with close(status, reason).",
      );
    }
    return this.#stampAndEmit(event);
  }

  close(status: EndStatus, reason?: string, marks?: { readonly probe?: boolean }): EndEvent | null {
    if (this.#closed) return null;
    this.#closed = true;
    let end: EndEvent | null = null;
    try {
      // A sink that already failed skips the end line: the log reads as cut short, which it is.
      if (!this.#failed || this.#endAfterFailure) {
        end = this.#stampAndEmit({
          type: "end",
          status,
          ...(reason === undefined ? {} : { reason }),
          ...(marks?.probe ? { probe: true as const } : {}),
        }) as EndEvent;
      }
    } finally {
      this.release();
    }
    return end;
  }

  #stampAndEmit(event: EventInput): RecordingEvent {
    const { type, t, ...rest } = event;
    const stamped = {
      type,
      seq: this.#seq,
      wall: roundMicro(Math.max(0, this.#now() - this.#origin)),
      t: t ?? this.#episodeTime(),
      ...rest,
    };
    // Checked here so the writer never leaves a line the reader would reject. The stamp comes
    // first in the line (seq, wall, t), which keeps a log readable in a terminal.
    // The fast path checks the JSON-valued fields by hand (a third of the cost of z.json(), which
    // was most of a tool call's time in the recorder) and the rest with the lean schema; the
    // line is the same. Whatever the fast path cannot vouch for goes through the full schema.
    const lean = LEAN_EVENT_SCHEMAS.get(type)?.safeParse(stamped);
    const checked =
      lean?.success && jsonFieldsArePlain(type, stamped) ? lean : eventSchema.safeParse(stamped);
    if (!checked.success) {
      throw new AsyncToolError(
        "RECORDING_INVALID",
        `A ${type} event would break the recording format and was not written: ${describeIssues(checked.error.issues)}`,
        { where: this.where(), seq: this.#seq },
      );
    }
    // The event as given is written, not the schema's copy: copying an own `__proto__` key (an
    // agent may send one) would set the copy's prototype and drop the key from the recording.
    let data = stamped as RecordingEvent;
    let line = `${JSON.stringify(data)}\n`;
    // Fields a client fills are cut to their caps (the event says which): see field-caps.ts.
    const capped = capEvent(data, line.length);
    if (capped !== undefined) {
      data = capped as RecordingEvent;
      line = `${JSON.stringify(data)}\n`;
    }
    if (type !== "end" && this.#budget !== undefined) {
      try {
        this.#budget.charge(line, this.where());
      } catch (error) {
        this.#failed = error as AsyncToolError;
        this.#endAfterFailure = true;
        throw error;
      }
    }
    this.#emitOrFail(line);
    this.#seq += 1;
    return data;
  }

  #emitOrFail(line: string): void {
    try {
      this.emit(line);
    } catch (error) {
      this.#failed =
        error instanceof AsyncToolError
          ? error
          : new AsyncToolError(
              "RECORDING_WRITE",
              `The recording ${this.where()} could not be written: ${error}`,
              {
                where: this.where(),
              },
            );
      throw this.#failed;
    }
  }
}

export function assertValidHeader(header: RecordingHeader): void {
  const checked = headerSchema.safeParse(header);
  if (!checked.success) {
    throw new AsyncToolError(
      "RECORDING_INVALID",
      `The recording header breaks the format: ${describeIssues(checked.error.issues)}`,
    );
  }
}

/** µs resolution is plenty, and keeps lines short. */
function roundMicro(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
