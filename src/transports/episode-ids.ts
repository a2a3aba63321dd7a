import { closeSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { recordingFileSuffix } from "../recorder/file-name.js";

/**
 * The episode ids this process has opened, so that an id is never opened twice: a second
 * episode under one id would leave two recordings with one session id, and its client would go
 * on talking to a fresh episode without noticing. Bounded, because the ids are the clients'
 * choice: an unbounded set would be memory any client could grow at will. Past the bound the
 * oldest ids are forgotten; their recordings (when recorded) still refuse them.
 */
export class UsedEpisodeIds {
  readonly #ids = new Set<string>();

  constructor(readonly max = 100_000) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    this.#ids.add(id);
    // A Set iterates in insertion order: the first is the oldest.
    for (const oldest of this.#ids) {
      if (this.#ids.size <= this.max) break;
      this.#ids.delete(oldest);
    }
  }
}

/** Enough of a recording's start to hold its header line, which names the session. */
const HEADER_BYTES = 64 * 1024;

/**
 * The name of a recording of session `id` in `dir`, if there is one: an episode that ran under
 * this id before the process started (a restart, or another process sharing the directory).
 * Read once when an episode opens, not per request: a listing, and the header of the few files
 * whose name ends as the id's do. A directory that cannot be listed holds none.
 */
export function recordingOfSession(dir: string, id: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const suffix = `_${recordingFileSuffix(id)}`;
  return names.find((name) => name.endsWith(suffix) && headerNames(join(dir, name), id));
}

/** Whether the recording's header names session `id`; a header that cannot be read counts as yes. */
function headerNames(path: string, id: string): boolean {
  let text: string;
  try {
    const fd = openSync(path, "r");
    try {
      const buffer = Buffer.alloc(HEADER_BYTES);
      text = buffer.subarray(0, readSync(fd, buffer, 0, HEADER_BYTES, 0)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return true;
  }
  const newline = text.indexOf("\n");
  try {
    const header = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as { session?: unknown };
    return header.session === id;
  } catch {
    // Cut inside the header (or not JSON): its name is all we know, and it matches.
    return true;
  }
}
