import type { JsonValue } from "../../json.js";

/**
 * Reads JSON text, reporting a syntax error by line and column in our own words: JSON.parse's
 * messages differ between Node versions, and results must not. The text is checked here, then
 * JSON.parse builds the value (its number conversion and `__proto__` handling are the standard).
 */

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(line: number, column: number, reason: string) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = "JsonSyntaxError";
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

const MAX_DEPTH = 256;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function parseJsonText(text: string): JsonValue {
  let i = 0;

  const fail = (reason: string, at = i): never => {
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - (before.lastIndexOf("\n") + 1) + 1;
    throw new JsonSyntaxError(line, column, reason);
  };
  const found = (): string => (i >= text.length ? "the end of the text" : JSON.stringify(text[i]));
  const skipSpace = (): void => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };
  const expect = (ch: string, what: string): void => {
    skipSpace();
    if (text[i] !== ch) fail(`expected ${what} but found ${found()}`);
    i++;
  };

  const string = (): void => {
    const start = i;
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail("a string is never closed; end it with a double quote", start);
      const code = text.charCodeAt(i);
      if (code === 0x22) break;
      if (code < 0x20) fail("a control character inside a string; write it escaped, e.g. \\n");
      if (code === 0x5c) {
        const escaped = text[i + 1] ?? "";
        if (escaped === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            fail("\\u must be followed by 4 hex digits");
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escaped) || escaped === "") fail(`invalid escape \\${escaped} in a string`);
        i += 2;
        continue;
      }
      i++;
    }
    i++;
  };

  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
    skipSpace();
    const ch = text[i];
    if (ch === "{") {
      i++;
      skipSpace();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`expected a property name in double quotes but found ${found()}`);
        string();
        expect(":", "':' after a property name");
        value(depth + 1);
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(`expected ',' or '}' after a property value but found ${found()}`);
      }
    }
    if (ch === "[") {
      i++;
      skipSpace();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(`expected ',' or ']' after an array item but found ${found()}`);
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (ch !== undefined && /[-0-9]/.test(ch) && NUMBER.exec(text)) {
      const start = i;
      i = NUMBER.lastIndex;
      if (/[0-9.eE]/.test(text[i] ?? ""))
        fail("a malformed number (no leading zeros, digits after '.' and 'e')");
      // 1e999 is valid JSON syntax but Infinity, which no JSON result can carry.
      if (!Number.isFinite(Number(text.slice(start, i)))) fail("a number too large to represent", start);
      return;
    }
    fail(`expected a value (object, array, string, number, true, false or null) but found ${found()}`);
  };

  value(0);
  skipSpace();
  if (i < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
  return JSON.parse(text);
}
