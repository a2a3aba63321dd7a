import fs from "node:fs";
import { dirname } from "node:path";
import type { EpisodeNote } from "../agents/episode-connection.js";
import { AsyncToolError, messageOf } from "../errors.js";
import { isJsonObject, type JsonObject } from "../json.js";

/**
 * Against a running server the recording is the server's, and the runner cannot add to it: its
 * notes go to a runner log of its own, one per episode, JSONL written line by line like a
 * recording (a header naming the MCP session, the notes, an end line), so a killed run loses
 * nothing written and a log without its end line reads as cut short.
 */
export const RUNNER_LOG_FORMAT = "asynctool-runner-log";

export interface RunnerLogHeader extends JsonObject {
  type: "header";
  format: typeof RUNNER_LOG_FORMAT;
  version: 1;
  /** The MCP session id, which names the server's recording of the episode. */
  session: string | null;
}

export interface RunnerLog {
  readonly header: JsonObject;
  readonly notes: readonly JsonObject[];
  readonly complete: boolean;
}

export class RunnerLogWriter {
  readonly #fd: number;
  readonly #started = performance.now();

  constructor(
    readonly path: string,
    header: RunnerLogHeader,
  ) {
    try {
      fs.mkdirSync(dirname(path), { recursive: true });
      this.#fd = fs.openSync(path, "ax");
    } catch (error) {
      throw new AsyncToolError(
        "RECORDING_WRITE",
        `Cannot write the runner log ${path}: ${messageOf(error)}.`,
        { where: path },
      );
    }
    this.#line(header);
  }

  note(note: EpisodeNote): void {
    this.#line({
      type: "note",
      wall: this.#wall(),
      level: note.level,
      message: note.message,
      data: note.data,
    });
  }

  end(data: JsonObject): void {
    this.#line({ type: "end", wall: this.#wall(), ...data });
    fs.closeSync(this.#fd);
  }

  #wall(): number {
    return Math.round(performance.now() - this.#started);
  }

  #line(value: JsonObject): void {
    fs.writeSync(this.#fd, `${JSON.stringify(value)}\n`);
  }
}

/** Reads a runner log; a torn last line (a killed run) is dropped, as in a recording. */
export function readRunnerLog(path: string): RunnerLog | null {
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch {
    return null;
  }
  const lines: JsonObject[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isJsonObject(value)) lines.push(value);
    } catch {}
  }
  const header = lines[0];
  if (!header || header.format !== RUNNER_LOG_FORMAT) return null;
  return {
    header,
    notes: lines.filter((l) => l.type === "note" && isJsonObject(l.data)).map((l) => l.data as JsonObject),
    complete: lines[lines.length - 1]?.type === "end",
  };
}
