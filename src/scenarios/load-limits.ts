import { open } from "node:fs/promises";
import { AsyncToolError } from "../errors.js";

/**
 * Limits on loading scenario files. A suite is often downloaded from someone else, so what it
 * holds must not be able to stall or exhaust the loader: a huge file, deep nesting (which took
 * parsers seconds, then overflowed the stack) or a link to /dev/zero.
 */
export interface LoadLimits {
  /** Largest scenario file read, in bytes. */
  readonly maxBytes: number;
  /** Deepest nesting of objects and lists (flow brackets and YAML indentation alike). */
  readonly maxDepth: number;
  /** Follow symbolic links found inside a suite directory (refused otherwise). */
  readonly followSymlinks: boolean;
}

export const LOAD_LIMIT_DEFAULTS: LoadLimits = {
  // The largest shipped scenario is about 40 kB: 4 MiB leaves a hundred times the room.
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  followSymlinks: false,
};

export function loadLimits(given: Partial<LoadLimits> | undefined): LoadLimits {
  return { ...LOAD_LIMIT_DEFAULTS, ...given };
}

/**
 * The file's text, read only if it is a regular file no larger than `maxBytes` (a device or a
 * FIFO has no size to check, so it is refused). The size is checked again while reading, for a
 * file that grows.
 */
export async function readScenarioText(path: string, maxBytes: number): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AsyncToolError(
      "SCENARIO_NOT_FOUND",
      code === "ENOENT"
        ? `${path}: no such file; give the path of a .yaml or .json scenario, or a directory of them`
        : `${path}: cannot be read (${code ?? (error as Error).message})`,
      { where: path },
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new AsyncToolError("SCENARIO_NOT_FOUND", `${path}: not a regular file, so it is not read`, {
        where: path,
      });
    if (info.size > maxBytes) throw tooLarge(path, String(info.size), maxBytes);
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > maxBytes) throw tooLarge(path, `more than ${maxBytes}`, maxBytes);
      if (filled === buffer.length) break;
    }
    return buffer.subarray(0, filled).toString("utf8");
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, size: string, maxBytes: number): AsyncToolError {
  return new AsyncToolError(
    "SCENARIO_TOO_LARGE",
    `${path}: ${size} bytes, over the limit of ${maxBytes} bytes for a scenario file; split it, or raise the limit with --max-scenario-bytes if the file is trusted`,
    { where: path },
  );
}

/**
 * Throws SCENARIO_PARSE, at the line and column where it happens, when objects and lists nest
 * deeper than `maxDepth`. A scan of the text before any parser sees it: in JSON, brackets
 * outside strings; in YAML also the block structure (one level per indentation step or
 * `- ` marker), with quoted scalars and comments skipped as a YAML reader would at a token's
 * start. It never undercounts JSON; for YAML it errs towards counting (a bracket inside a block
 * scalar counts), which only matters for text deeper than any scenario.
 */
export function assertNestingWithin(text: string, file: string, json: boolean, maxDepth: number): void {
  let flow = 0;
  const indents: number[] = [];
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let i = 0;
  const fail = (at: number): never => {
    const where = `${file}:${line}:${at - lineStart + 1}`;
    throw new AsyncToolError(
      "SCENARIO_PARSE",
      `${where}: nested more than ${maxDepth} levels deep, which no scenario needs; the file is not parsed`,
      { where },
    );
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line += 1;
      lineStart = i + 1;
      atLineStart = true;
      i += 1;
      continue;
    }
    if (atLineStart && !json && flow === 0) {
      atLineStart = false;
      // Block structure: the indentation, then any `- ` markers each open a level.
      let j = i;
      while (text.charCodeAt(j) === 0x20) j += 1;
      const rest = text.charCodeAt(j);
      if (rest !== 0x0a && rest !== 0x23 && rest !== 0x0d && j < text.length) {
        const indent = j - i;
        while (indents.length > 0 && (indents.at(-1) as number) >= indent) indents.pop();
        indents.push(indent);
        let dashes = 0;
        while (
          text.charCodeAt(j) === 0x2d &&
          (text.charCodeAt(j + 1) === 0x20 || text.charCodeAt(j + 1) === 0x0a)
        ) {
          dashes += 1;
          j += 2;
          while (text.charCodeAt(j) === 0x20) j += 1;
        }
        if (indents.length + dashes > maxDepth) fail(j);
      }
      i = j;
      continue;
    }
    atLineStart = false;
    const before = i === lineStart ? 0x20 : text.charCodeAt(i - 1);
    const tokenStart =
      json || before === 0x20 || before === 0x09 || "[{,:-".includes(String.fromCharCode(before));
    if (c === 0x22 && tokenStart) {
      // A double-quoted string, with backslash escapes (JSON's and YAML's).
      i += 1;
      while (i < text.length && text.charCodeAt(i) !== 0x22) {
        if (text.charCodeAt(i) === 0x5c) i += 1;
        else if (text.charCodeAt(i) === 0x0a) {
          line += 1;
          lineStart = i + 1;
        }
        i += 1;
      }
      i += 1;
      continue;
    }
    if (!json && c === 0x27 && tokenStart) {
      // A single-quoted YAML scalar: '' is its only escape.
      i += 1;
      while (i < text.length && !(text.charCodeAt(i) === 0x27 && text.charCodeAt(i + 1) !== 0x27)) {
        if (text.charCodeAt(i) === 0x27) i += 1;
        else if (text.charCodeAt(i) === 0x0a) {
          line += 1;
          lineStart = i + 1;
        }
        i += 1;
      }
      i += 1;
      continue;
    }
    if (!json && c === 0x23 && (before === 0x20 || before === 0x09 || i === lineStart)) {
      // A comment, to the end of the line.
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i += 1;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      flow += 1;
      if (flow + indents.length > maxDepth) fail(i);
    } else if ((c === 0x5d || c === 0x7d) && flow > 0) {
      flow -= 1;
    }
    i += 1;
  }
}
