import type { Scenario } from "../scenarios/scenario.js";
import type { EndEvent, Recording, RecordingEvent, RecordingHeader } from "./format.js";

/**
 * The recordings being written, held in memory for whoever watches them (the dashboard): each
 * session's header and events so far, fed by the sink as it writes (SinkOptions.observe) or by
 * a tail of another process's files (recordings-tail.ts). Watchers are told which session
 * changed; they read its recording so far when they draw. Ended sessions are kept, the most
 * recent `keepEnded` of them, so that a page opened after the end still shows the episode.
 */

export interface LiveRecording {
  /** The key of the session in the registry: the header's session id, made unique. */
  readonly id: string;
  readonly header: RecordingHeader;
  /** The scenario it runs, or null when it could not be found (the page says so). */
  readonly scenario: Scenario | null;
  /** Why the scenario is missing, when it is. */
  readonly scenarioProblem: string | null;
  /** Events so far, the end line included once written. */
  readonly events: readonly RecordingEvent[];
  readonly end: EndEvent | null;
  /** Grows by one per event: a cheap key for what was drawn last. */
  readonly version: number;
  /**
   * When its file was last written (epoch ms, the file's modification time), for a recording
   * followed from another process's file; null for the sessions this process records itself,
   * which cannot stop without it knowing. A writer that dies (a stdio server killed by its
   * client, a crash) writes no end line: silence is all a follower can see of it.
   */
  readonly lastWriteAt: number | null;
  /** The recording so far, as the reader would give it (a log without end line reads as cut short). */
  recording(): Recording;
}

export type LiveChange = (id: string) => void;

/** Feeds a session its events in seq order; `id` is its key in the registry. */
export type LiveFeed = ((event: RecordingEvent) => void) & { readonly id: string };

export const KEEP_ENDED_DEFAULT = 50;

class Entry implements LiveRecording {
  readonly events: RecordingEvent[] = [];
  end: EndEvent | null = null;
  version = 0;
  lastWriteAt: number | null = null;

  constructor(
    readonly id: string,
    readonly header: RecordingHeader,
    readonly scenario: Scenario | null,
    readonly scenarioProblem: string | null,
  ) {}

  recording(): Recording {
    return { header: this.header, events: [...this.events], end: this.end, truncated: this.end === null };
  }
}

export class LiveRecordings {
  readonly #entries = new Map<string, Entry>();
  /** How many of the entries have ended (an entry is only ever removed once ended). */
  #ended = 0;
  readonly #listeners = new Set<LiveChange>();
  readonly #keepEnded: number;

  constructor(options: { readonly keepEnded?: number } = {}) {
    this.#keepEnded = options.keepEnded ?? KEEP_ENDED_DEFAULT;
  }

  /**
   * Registers a session whose recording starts with `header`, and returns the function that
   * feeds it its events in seq order (an event out of order is ignored: a watcher must never
   * see a log the reader would refuse).
   */
  open(header: RecordingHeader, scenario: Scenario | null, scenarioProblem: string | null = null): LiveFeed {
    let id = header.session;
    for (let n = 2; this.#entries.has(id); n++) id = `${header.session}-${n}`;
    const entry = new Entry(id, header, scenario, scenario ? null : scenarioProblem);
    this.#entries.set(id, entry);
    this.#changed(id);
    const feed = (event: RecordingEvent) => {
      if (entry.end !== null || event.seq !== entry.events.length) return;
      entry.events.push(event);
      entry.version += 1;
      if (event.type === "end") {
        entry.end = event;
        this.#ended += 1;
        this.#forgetOldEnded();
      }
      this.#changed(id);
    };
    return Object.assign(feed, { id });
  }

  /** Notes when the file of a session followed from another process was last written (epoch ms). */
  written(id: string, atMs: number): void {
    const entry = this.#entries.get(id);
    if (!entry || entry.lastWriteAt === atMs) return;
    entry.lastWriteAt = atMs;
    this.#changed(id);
  }

  get(id: string): LiveRecording | undefined {
    return this.#entries.get(id);
  }

  /** Every session held: those still running first (newest first), then the ended ones (newest first). */
  list(): LiveRecording[] {
    const all = [...this.#entries.values()].reverse();
    return [...all.filter((e) => e.end === null), ...all.filter((e) => e.end !== null)];
  }

  /** Calls `listener` with a session's id whenever it is added or gets an event; returns the unsubscribe. */
  watch(listener: LiveChange): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(id: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(id);
      } catch {
        // One watcher's failure does not stop the feed of the others, nor the recording.
      }
    }
  }

  /**
   * Drops the oldest ended sessions past `keepEnded`: a long-running server holds a bounded set.
   * Called as each session ends, so there is at most one too many: ended entries are counted as
   * they end, and the walk stops at the oldest ended one (sessions end roughly in the order they
   * opened, so it is usually the first entry), rather than listing every session the server holds
   * at each end.
   */
  #forgetOldEnded(): void {
    let excess = this.#ended - this.#keepEnded;
    if (excess <= 0) return;
    for (const entry of this.#entries.values()) {
      if (entry.end === null) continue;
      this.#entries.delete(entry.id);
      this.#ended -= 1;
      if (--excess === 0) return;
    }
  }
}
