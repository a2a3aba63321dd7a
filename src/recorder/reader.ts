import { isAscii } from "node:buffer";
import { readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { AsyncToolError } from "../errors.js";
import {
  type EndEvent,
  headerSchema,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
  type RecordingEvent,
  type RecordingFrame,
  type RecordingHeader,
} from "./format.js";
import { describeIssues } from "./issues.js";
import { LEAN_EVENT_SCHEMAS, parsedEventFits } from "./lean-schemas.js";

/** The format versions this build reads. A new version gets its own fixture folder and parser. */
export const READABLE_VERSIONS: readonly number[] = [RECORDING_VERSION];

// One schema per type: a direct lookup is cheaper than the union, and names an unknown type
// plainly. JSON-valued fields are not re-checked: what JSON.parse returns is JSON by construction,
// and z.json()'s recursive union was two thirds of the time spent reading a large log.
const EVENT_SCHEMAS = LEAN_EVENT_SCHEMAS;

const NEWLINE = 0x0a;

/**
 * Bytes read at a time. The lines a read ends are decoded as one string: at 64 KiB it is an
 * ordinary young object, freed by the next scavenge, where a string of 512 KiB went to the large
 * object space, a fresh mapping each time (about 37,000 of `report`'s page faults on 10⁶ events),
 * and one over about 1 MB outside the heap, freed late.
 */
const CHUNK_BYTES = 1 << 16;

export interface ReadRecordingOptions {
  /** Bytes read at a time (default CHUNK_BYTES); tests make it small to split lines across reads. */
  readonly chunkBytes?: number;
  /**
   * Read each chunk synchronously, for a process with nothing else to do meanwhile (`report`): a
   * promised read costs a trip through the thread pool and a promise per chunk, about 0.1 CPU-s of
   * the 2,000 reads of a 134 MB recording. A server must not block its event loop: the default.
   */
  readonly blocking?: boolean;
}

/**
 * Reads a recording file in one pass, line by line, from a stream: the file's bytes are never
 * all in memory at once (only the events parsed from them), so reading costs the recording's
 * events plus one chunk. Works on the bytes, so a log larger than the longest JS string still
 * reads, and a line is decoded only once whole (a character split between reads is safe).
 */
export async function readRecording(path: string, options: ReadRecordingOptions = {}): Promise<Recording> {
  const events: RecordingEvent[] = [];
  const frame = await streamRecording(path, (event) => events.push(event), options);
  return { header: frame.header, events, end: frame.end, truncated: frame.truncated };
}

/**
 * Reads a recording as `readRecording` does, checking every line the same way, but keeps no
 * event: each is handed to `onEvent` in order as soon as its line is read, so reading costs what
 * the caller keeps of them plus one chunk. The events handed over are the caller's to keep or edit.
 */
export async function streamRecording(
  path: string,
  onEvent: (event: RecordingEvent) => void,
  options: ReadRecordingOptions = {},
): Promise<RecordingFrame> {
  const parser = new Parser(path, onEvent);
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw unreadable(path, error);
  }
  // One buffer for every read: what outlives a read (the carried start of a line, the decoded
  // text) is copied out of it, so no read allocates.
  const buffer = Buffer.allocUnsafe(Math.max(1, options.chunkBytes ?? CHUNK_BYTES));
  /** The start of a line whose newline has not been read yet. */
  let carry: Buffer | null = null;
  let lineNo = 1;
  try {
    for (;;) {
      let bytesRead: number;
      try {
        bytesRead = options.blocking
          ? readSync(handle.fd, buffer, 0, buffer.length, null)
          : (await handle.read(buffer, 0, buffer.length, null)).bytesRead;
      } catch (error) {
        throw unreadable(path, error);
      }
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      const last = chunk.lastIndexOf(NEWLINE);
      if (last === -1) {
        carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
        continue;
      }
      // Every line the chunk ends, decoded in one call rather than one a line (a third of the
      // reading time on small events): a newline byte is never part of a multi-byte character,
      // so cutting the bytes at one never splits a character. A line begun in the previous
      // chunk is joined and decoded on its own, so the rest of the chunk is not copied to join it.
      let from = 0;
      if (carry !== null) {
        const first = chunk.indexOf(NEWLINE);
        parser.line(decodeLine(Buffer.concat([carry, chunk.subarray(0, first)]), lineNo), lineNo);
        lineNo += 1;
        carry = null;
        from = first + 1;
      }
      if (from <= last) {
        const text = decodeLine(chunk.subarray(from, last), lineNo);
        let start = 0;
        for (;;) {
          const end = text.indexOf("\n", start);
          parser.line(end === -1 ? text.slice(start) : text.slice(start, end), lineNo);
          lineNo += 1;
          if (end === -1) break;
          start = end + 1;
        }
      }
      if (last + 1 < chunk.length) carry = Buffer.from(chunk.subarray(last + 1));
    }
  } finally {
    await handle.close();
  }
  if (carry !== null && carry.length > 0) parser.tail(decodeLine(carry, lineNo), lineNo);
  return parser.finish();
}

/**
 * The text of lines (UTF-8); the file's first loses a byte order mark an editor may have put
 * there. Bytes that are all ASCII, as nearly all of a recording is, decode as Latin-1: the same
 * text, copied rather than decoded (the UTF-8 decoder was a tenth of `report`'s time on 10⁶ events).
 */
function decodeLine(bytes: Buffer, lineNo: number): string {
  const bom = lineNo === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) return bytes.toString("utf8", 3);
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

function unreadable(path: string, error: unknown): AsyncToolError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT" || code === "ENOTDIR"
      ? "no such file"
      : code === "EISDIR"
        ? "it is a directory, not a recording file"
        : `it could not be read (${error instanceof Error ? error.message : String(error)})`;
  return new AsyncToolError("RECORDING_NOT_FOUND", `No recording at ${path}: ${why}.`, {
    where: path,
    cause: code,
  });
}

/** Parses a recording held in memory; `source` names it in error messages. */
export function parseRecording(text: string, source: string): Recording {
  const events: RecordingEvent[] = [];
  const parser = new Parser(source, (event) => events.push(event));
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 1;
  for (;;) {
    const end = text.indexOf("\n", start);
    if (end === -1) break;
    parser.line(text.slice(start, end), lineNo++);
    start = end + 1;
  }
  if (start < text.length) parser.tail(text.slice(start), lineNo);
  const frame = parser.finish();
  return { header: frame.header, events, end: frame.end, truncated: frame.truncated };
}

class Parser {
  readonly #source: string;
  readonly #onEvent: (event: RecordingEvent) => void;
  #header: RecordingHeader | null = null;
  /** Events read so far: the next one's expected seq. */
  #count = 0;
  #end: EndEvent | null = null;
  #endLine = 0;
  /** The first of a run of blank lines: fine at the end of the file, an error before another line. */
  #blankFrom = 0;

  constructor(source: string, onEvent: (event: RecordingEvent) => void) {
    this.#source = source;
    this.#onEvent = onEvent;
  }

  /** A line that ended with a newline. */
  line(text: string, lineNo: number): void {
    if (isBlank(text)) {
      if (this.#blankFrom === 0) this.#blankFrom = lineNo;
      return;
    }
    this.#accept(text, lineNo, false);
  }

  /** The last line, which has no newline: if it is not JSON, it is a write torn by a crash. */
  tail(text: string, lineNo: number): void {
    if (isBlank(text)) return;
    this.#accept(text, lineNo, true);
  }

  finish(): RecordingFrame {
    if (this.#header === null) this.#fail(1, "the file is empty: no header line");
    const end = this.#end;
    return { header: this.#header, end, truncated: end === null };
  }

  #accept(text: string, lineNo: number, isTail: boolean): void {
    if (this.#blankFrom !== 0)
      this.#fail(this.#blankFrom, "the line is blank, and only the end of a file may be");
    if (this.#end !== null) {
      this.#fail(
        lineNo,
        `a line follows the end line (line ${this.#endLine}); the end line must be the last`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (isTail && this.#header !== null) {
        // Dropped, and the log reads as cut short: the writer acknowledges an event only after
        // its whole line is written, so nothing acknowledged is lost.
        return;
      }
      const what = this.#header === null ? "no header: the line is not valid JSON" : "not valid JSON";
      this.#fail(lineNo, `${what} (${error instanceof Error ? error.message : String(error)})`);
    }
    if (this.#header === null) this.#readHeader(value);
    else this.#readEvent(value, lineNo);
  }

  #readHeader(value: unknown): void {
    const type = isObject(value) ? value.type : undefined;
    if (type !== "header") {
      const found = typeof type === "string" ? `a "${type}" event` : "no header";
      this.#fail(1, `the first line must be the recording header, but it is ${found}`);
    }
    const obj = value as Record<string, unknown>;
    if (obj.format !== RECORDING_FORMAT) {
      this.#fail(1, `the header's format is ${JSON.stringify(obj.format)}, not "${RECORDING_FORMAT}"`);
    }
    if (obj.version !== RECORDING_VERSION) {
      throw new AsyncToolError(
        "RECORDING_VERSION",
        `${this.#source} is in recording format version ${JSON.stringify(obj.version)}; this build reads version ${READABLE_VERSIONS.join(", ")}. Read it with the asynctool-mcp release that wrote it${writtenBy(obj.server)}.`,
        { where: `${this.#source}:1`, version: obj.version, readable: READABLE_VERSIONS },
      );
    }
    const parsed = headerSchema.safeParse(value);
    if (!parsed.success) this.#fail(1, `bad header: ${describeIssues(parsed.error.issues)}`);
    this.#header = parsed.data;
  }

  #readEvent(value: unknown, lineNo: number): void {
    const type = isObject(value) ? value.type : undefined;
    const schema = typeof type === "string" ? EVENT_SCHEMAS.get(type) : undefined;
    if (schema === undefined) {
      const found =
        typeof type === "string" ? `unknown event type "${type}"` : "not an event (no string `type`)";
      this.#fail(lineNo, `${found}; known types: ${[...EVENT_SCHEMAS.keys()].join(", ")}`);
    }
    // A tool call's events (nearly all of a log) checked by hand first: the schema parse was a
    // quarter of the reading time. The hand check never passes what the schema refuses
    // (test/recorder/plain-event-check.test.ts); when unsure it defers to the schema, which also
    // words the refusal.
    if (!parsedEventFits(type as string, value as Record<string, unknown>)) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) this.#fail(lineNo, `bad ${type} event: ${describeIssues(parsed.error.issues)}`);
    }
    // The parsed value itself, not zod's copy: the schemas have no defaults or transforms, and
    // the copy cost time and memory on large logs.
    const event = value as RecordingEvent;
    const expected = this.#count;
    if (event.seq !== expected) {
      this.#fail(
        lineNo,
        `seq is ${event.seq} where ${expected} was expected (seq counts events from 0, without gaps)`,
      );
    }
    this.#count += 1;
    if (event.type === "end") {
      this.#end = event;
      this.#endLine = lineNo;
    }
    this.#onEvent(event);
  }

  #fail(lineNo: number, what: string): never {
    throw new AsyncToolError("RECORDING_INVALID", `${this.#source}, line ${lineNo}: ${what}.`, {
      where: `${this.#source}:${lineNo}`,
      line: lineNo,
    });
  }
}

function writtenBy(server: unknown): string {
  if (!isObject(server) || typeof server.version !== "string") return "";
  return ` (${typeof server.name === "string" ? server.name : "server"} ${server.version})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isBlank(text: string): boolean {
  // Cheap first: almost every line starts with "{".
  return text.charCodeAt(0) !== 0x7b && text.trim() === "";
}
