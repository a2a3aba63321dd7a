import { performance } from "node:perf_hooks";
import type { EndStatus } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import { ByteBudget } from "./budget.js";
import { plainEventLine } from "./event-line.js";
import { capEvent, SHORTEST_CAP } from "./field-caps.js";
import {
  type EndEvent,
  type EventInput,
  eventSchema,
  headerSchema,
  type RecordingEvent,
  type RecordingHeader,
} from "./format.js";
import { describeIssues } from "./issues.js";
import { headerFits, jsonFieldsArePlain, LEAN_EVENT_SCHEMAS, plainEventFits } from "./lean-schemas.js";

/** What the session writes its recording to: a file (writer.ts) or memory (memory-writer.ts). */
export interface RecordingSink {
  readonly header: RecordingHeader;
  /** The file written, or null for an in-memory sink. */
  readonly path: string | null;
  /** The seq the next event will get (= events stamped so far, the end line included). */
  readonly nextSeq: number;
  readonly closed: boolean;
  /** The error of the write that failed; once set, every write throws it without touching the disk. */
  readonly failed: AsyncToolError | null;
  /**
   * Stamps seq, wall and t, checks the event and has its line written before it returns; with
   * `groupCommit`, queues the line instead, to be written by the next `flush` (see SinkOptions).
   * Throws after close or failure. Returns nothing: the stamped event is an object that most
   * lines need not be built as (the observer, when there is one, is given it).
   */
  write(event: EventInput): void;
  /**
   * Writes every queued line, in seq order, with one write. Throws (and the sink is failed) if
   * that write fails. A no-op without `groupCommit`, where nothing is ever queued.
   */
  flush(): void;
  /**
   * Holds group commit's safety net while a caller that flushes before it acts runs without
   * awaiting: the lines queued meanwhile go out with its own flush, so no turn of the event loop
   * is scheduled for them. Each `holdFlush` is paired with one `unholdFlush`, which schedules the
   * safety net if lines are still queued (the caller went on to await). A no-op without
   * `groupCommit`.
   */
  holdFlush(): void;
  unholdFlush(): void;
  /**
   * Writes the queued lines and the end line (one write) and starts releasing the file. Returns
   * null (and does nothing) if already closed. `probe` marks a session that made no tool call
   * (see EndEvent.probe). The lines are written when it returns; `released()` says when the file
   * is synced and closed.
   */
  close(status: EndStatus, reason?: string, marks?: { readonly probe?: boolean }): EndEvent | null;
  /**
   * Settles once close() has released the storage (a file fsynced and closed, off the event
   * loop); rejects with RECORDING_WRITE if that failed. Resolved before close() as well.
   */
  released(): Promise<void>;
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
  /**
   * Group commit: write() stamps, checks and queues the line, and `flush()` writes all queued
   * lines with one write. The owner flushes where durability is owed: an episode session flushes
   * right before an answer leaves (so a call's request, job and response lines go in one write,
   * still on disk before the answer). Lines no answer is waiting on (a job ending on a timer, a
   * note) are flushed by a safety net at the next turn of the event loop (setImmediate), so they
   * wait at most one turn. Default false: every write() is written at once.
   */
  groupCommit?: boolean;
  /** Told when a flush that no caller was waiting on (the safety net's) failed; the sink is failed. */
  onDeferredFailure?: (error: AsyncToolError) => void;
  /**
   * Told of every event once it is stamped and stored (or queued, with group commit), the end
   * line included: the live view's feed (live-recordings.ts). It must not throw; if it does, the
   * error is ignored, since a watcher must never stop a recording.
   */
  observe?: (event: RecordingEvent) => void;
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
  readonly #groupCommit: boolean;
  readonly #onDeferredFailure: ((error: AsyncToolError) => void) | undefined;
  readonly #observe: ((event: RecordingEvent) => void) | undefined;
  /** Lines stamped and checked but not yet written (group commit only). */
  #queued: string[] = [];
  #flushScheduled = false;
  /** Callers holding the safety net (see holdFlush). */
  #holds = 0;
  #released: Promise<void> = Promise.resolve();

  /** `headerChecked`: the subclass has checked the header already (the file writer, before creating its file). */
  protected constructor(options: SinkOptions, headerChecked = false) {
    if (!headerChecked) assertValidHeader(options.header);
    this.header = options.header;
    this.#now = options.now ?? (() => performance.now());
    this.#origin = options.wallOrigin ?? this.#now();
    this.#episodeTime = options.episodeTime;
    this.#budget = options.maxBytes === undefined ? undefined : new ByteBudget(options.maxBytes);
    this.#groupCommit = options.groupCommit === true;
    this.#onDeferredFailure = options.onDeferredFailure;
    this.#observe = options.observe;
  }

  /**
   * Stores whole lines (one or more, each ending in a newline), or throws RECORDING_WRITE. Returns
   * their UTF-8 bytes when it counted them (a file counts what it writes), else undefined.
   */
  protected abstract emit(lines: string): number | undefined;
  /** Releases the storage once the end line is written; a file syncs and closes off the event loop. */
  protected abstract release(): Promise<void>;
  /** How the sink is named in messages. */
  protected abstract where(): string;

  /** The sink's monotonic clock (`SinkOptions.now`, or performance.now), for a subclass's own timing. */
  protected get now(): () => number {
    return this.#now;
  }

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
    this.#budget?.charge(line, this.where(), NOTHING_QUEUED);
    this.#emitOrFail(line);
  }

  write(event: EventInput): void {
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
    this.#stampAndEmit(event, false);
  }

  flush(): void {
    if (this.#queued.length === 0) return;
    const lines = this.#queued.join("");
    this.#queued = [];
    // A storage failure has been reported already: what was queued after it is not written.
    if (this.#failed && !this.#endAfterFailure) throw this.#failed;
    this.#emitOrFail(lines);
  }

  holdFlush(): void {
    this.#holds += 1;
  }

  unholdFlush(): void {
    this.#holds -= 1;
    if (this.#holds === 0 && this.#queued.length > 0) this.#scheduleFlush();
  }

  close(status: EndStatus, reason?: string, marks?: { readonly probe?: boolean }): EndEvent | null {
    if (this.#closed) return null;
    this.#closed = true;
    let end: EndEvent | null = null;
    // The end line is written by the flush below: no turn of the event loop is scheduled for it.
    this.#holds += 1;
    try {
      // A sink that already failed skips the end line: the log reads as cut short, which it is.
      if (!this.#failed || this.#endAfterFailure) {
        end = this.#stampAndEmit(
          {
            type: "end",
            status,
            ...(reason === undefined ? {} : { reason }),
            ...(marks?.probe ? { probe: true as const } : {}),
          },
          true,
        ) as EndEvent;
      }
      // The lines still queued and the end line: one write.
      this.flush();
    } finally {
      this.#holds -= 1;
      this.#queued = [];
      const released = this.release();
      // Nobody may ask: an unhandled rejection must not take the process down.
      released.catch(() => {});
      this.#released = released;
    }
    return end;
  }

  released(): Promise<void> {
    return this.#released;
  }

  /**
   * Stamps, checks and stores the event's line. `wanted`: the caller needs the stamped event
   * (returned); otherwise undefined is returned when the line was built without it.
   */
  #stampAndEmit(event: EventInput, wanted: boolean): RecordingEvent | undefined {
    const type = event.type;
    // The clocks are read in this order (wall, then the episode's), as they always were.
    const wall = roundMicro(Math.max(0, this.#now() - this.#origin));
    const t = event.t ?? this.#episodeTime();
    // A tool call's lines are built in one pass, checked as they are serialised (event-line.ts),
    // when no one needs the stamped object: the same bytes, without it. A line long enough for a
    // field to be past its cap is looked at as the general path does; if one is, that path cuts it.
    if (!wanted && this.#observe === undefined) {
      const line = plainEventLine(type, this.#seq, wall, t, event);
      if (line !== undefined && (line.length <= SHORTEST_CAP || capEvent(event, line.length) === undefined)) {
        this.#store(type, line);
        this.#seq += 1;
        return undefined;
      }
    }
    // The stamp's keys first, then the event's in their order (its own `type` and `t` keep the
    // places taken here); one object, not a rest copy of the event and then another.
    const stamped = { type, seq: this.#seq, wall, t, ...(event as object) };
    stamped.t = t;
    // Checked here so the writer never leaves a line the reader would reject. The stamp comes
    // first in the line (seq, wall, t), which keeps a log readable in a terminal.
    // The fast path checks the JSON-valued fields by hand (a third of the cost of z.json(), which
    // was most of a tool call's time in the recorder) and the rest with the lean schema; the
    // line is the same. Whatever the fast path cannot vouch for goes through the full schema.
    // A tool call's own events (request, job, response) are checked by hand first, the same
    // rules without a schema parse; what that check cannot vouch for goes on to the schemas.
    if (!plainEventFits(type, stamped)) {
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
    this.#store(type, line);
    this.#seq += 1;
    if (this.#observe) {
      try {
        this.#observe(data);
      } catch {
        // A watcher's failure is its own: the recording goes on.
      }
    }
    return data;
  }

  /** Charges the line to the budget (the end line is not), then queues or writes it. */
  #store(type: string, line: string): void {
    if (type !== "end" && this.#budget !== undefined) {
      try {
        this.#budget.charge(line, this.where(), this.#queued);
      } catch (error) {
        this.#failed = error as AsyncToolError;
        this.#endAfterFailure = true;
        throw error;
      }
    }
    if (this.#groupCommit) {
      this.#queued.push(line);
      if (this.#holds === 0) this.#scheduleFlush();
    } else {
      this.#emitOrFail(line);
    }
  }

  /**
   * The safety net of group commit: lines no answer flushes (a job ending on a timer, a note, the
   * request of a call that waits) are written at the next turn of the event loop. Durability
   * never rests on it: whoever owes a line to disk before acting flushes it itself.
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (this.#closed) return;
      try {
        this.flush();
      } catch (error) {
        this.#onDeferredFailure?.(error as AsyncToolError);
      }
    });
  }

  #emitOrFail(line: string): void {
    try {
      const bytes = this.emit(line);
      // Counted once written, from the string written (one flat string for a flush's lines), or
      // taken from the writer, which counted them to check that its write was whole.
      this.#budget?.settle(line, bytes);
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

/** The header is charged before anything is queued. */
const NOTHING_QUEUED: readonly string[] = [];

export function assertValidHeader(header: RecordingHeader): void {
  if (headerFits(header)) return;
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
