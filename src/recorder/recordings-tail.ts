import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Scenario } from "../scenarios/scenario.js";
import { headerSchema, type RecordingEvent, type RecordingHeader } from "./format.js";
import { LEAN_EVENT_SCHEMAS } from "./lean-schemas.js";
import type { LiveFeed, LiveRecordings } from "./live-recordings.js";

/**
 * Follows the recordings another process writes into a directory (a stdio server that Claude
 * Desktop started, say) and feeds them to a LiveRecordings, as the sink feeds the server's own.
 * Files are read from where the last read stopped; only whole lines are taken, so a line being
 * written is read once complete. A file that breaks the format stops being followed (`report`
 * says why). At the start only the `recent` newest files are followed: a directory of old
 * recordings is not read in full; every file that appears later is. Each read also notes the
 * file's modification time: a writer that died writes no end line, and its silence is how the
 * dashboard tells (snapshot.ts, `silence`).
 */

export type ScenarioLookup = (
  header: RecordingHeader,
  file: string,
) => Promise<{ readonly scenario: Scenario | null; readonly problem: string | null }>;

interface Followed {
  offset: number;
  carry: string;
  feed: LiveFeed | null;
  broken: boolean;
}

export class RecordingsTail {
  readonly #dir: string;
  readonly #live: LiveRecordings;
  readonly #lookup: ScenarioLookup;
  readonly #files = new Map<string, Followed>();
  readonly #recent: number;
  #first = true;
  #busy: Promise<void> | null = null;

  constructor(dir: string, live: LiveRecordings, lookup: ScenarioLookup, recent = 20) {
    this.#dir = dir;
    this.#live = live;
    this.#lookup = lookup;
    this.#recent = recent;
  }

  /** Reads what was added since the last scan; scans never overlap (a second call joins the first). */
  scan(): Promise<void> {
    this.#busy ??= this.#scan().finally(() => {
      this.#busy = null;
    });
    return this.#busy;
  }

  async #scan(): Promise<void> {
    const names = (await readdir(this.#dir).catch(() => [] as string[])).filter((n) => n.endsWith(".jsonl"));
    let wanted = names.map((n) => join(this.#dir, n));
    if (this.#first) {
      this.#first = false;
      const times = await Promise.all(
        wanted.map(async (file) => ({ file, at: (await stat(file).catch(() => null))?.mtimeMs ?? 0 })),
      );
      const newest = new Set(
        times
          .sort((a, b) => b.at - a.at)
          .slice(0, this.#recent)
          .map((t) => t.file),
      );
      // The older files are known but not followed.
      for (const file of wanted)
        if (!newest.has(file)) this.#files.set(file, { offset: 0, carry: "", feed: null, broken: true });
      wanted = [...newest];
    }
    for (const file of wanted) {
      let followed = this.#files.get(file);
      if (!followed) {
        followed = { offset: 0, carry: "", feed: null, broken: false };
        this.#files.set(file, followed);
      }
      if (!followed.broken) await this.#read(file, followed);
    }
  }

  async #read(file: string, followed: Followed): Promise<void> {
    const handle = await open(file, "r").catch(() => null);
    if (!handle) return;
    let text = "";
    let writtenAt: number | null = null;
    try {
      let buffer = Buffer.alloc(1 << 16);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, followed.offset);
        if (bytesRead === 0) break;
        // Whole lines only: a character split between reads waits with its line.
        const chunk = buffer.subarray(0, bytesRead);
        const last = chunk.lastIndexOf(0x0a);
        if (last === -1) {
          // A line longer than the buffer (a result of 262,144 characters is allowed): read it
          // with a larger one. A shorter read is the end of the file, a line still being written.
          if (bytesRead < buffer.length) break;
          buffer = Buffer.alloc(buffer.length * 2);
          continue;
        }
        text += chunk.subarray(0, last + 1).toString("utf8");
        followed.offset += last + 1;
      }
      // After the reads: a line written meanwhile makes it later, never earlier, than what was read.
      writtenAt = (await handle.stat()).mtimeMs;
    } finally {
      await handle.close();
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "" || followed.broken) continue;
      await this.#line(file, followed, line);
    }
    if (followed.feed !== null && writtenAt !== null) this.#live.written(followed.feed.id, writtenAt);
  }

  async #line(file: string, followed: Followed, line: string): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      followed.broken = true;
      return;
    }
    if (followed.feed === null) {
      const header = headerSchema.safeParse(value);
      if (!header.success) {
        followed.broken = true;
        return;
      }
      const { scenario, problem } = await this.#lookup(header.data, file);
      followed.feed = this.#live.open(header.data, scenario, problem);
      return;
    }
    const type = (value as { type?: unknown } | null)?.type;
    const schema = typeof type === "string" ? LEAN_EVENT_SCHEMAS.get(type) : undefined;
    if (!schema?.safeParse(value).success) {
      followed.broken = true;
      return;
    }
    followed.feed(value as RecordingEvent);
  }
}
