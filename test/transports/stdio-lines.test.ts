import { EventEmitter } from "node:events";
import type { Readable, Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES, screenLines } from "../../src/transports/stdio-lines.js";

/** What the screen did, in order: messages handed on (with their line) and what it wrote back. */
type Happened = ["deliver", string, string] | ["reply", string] | ["end"];

/** Feeds `chunks` to a screen, as stdin's `data` events, and returns what it did. */
function screened(chunks: readonly Uint8Array[]): Happened[] {
  const happened: Happened[] = [];
  const input = new EventEmitter();
  const output = {
    write(text: string) {
      happened.push(["reply", text]);
      return true;
    },
  };
  screenLines(input as unknown as Readable, output as unknown as Writable, {
    deliver: (message, line) => happened.push(["deliver", JSON.stringify(message), line]),
    end: () => happened.push(["end"]),
  });
  for (const chunk of chunks) input.emit("data", Buffer.from(chunk));
  input.emit("end");
  return happened;
}

/** The stream cut at `cuts` (byte offsets, in any order). */
function cut(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, to));
    from = to;
  }
  return chunks;
}

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

/** One line's content: a JSON-RPC message, text that is not one, blank space, or raw bytes (invalid UTF-8 too). */
const lineContent = fc.oneof(
  fc
    .record({
      id: fc.oneof(fc.nat(), fc.string({ maxLength: 6, unit: "grapheme" })),
      method: fc.constantFrom("ping", "tools/call", "notifications/x"),
      q: fc.string({ maxLength: 12, unit: "grapheme" }),
    })
    .map(({ id, method, q }) => bytesOf(JSON.stringify({ jsonrpc: "2.0", id, method, params: { q } }))),
  fc.string({ maxLength: 12, unit: "grapheme" }).map(bytesOf),
  fc.constantFrom("", " ", "\t", "{}", "[]", "null").map(bytesOf),
  fc.uint8Array({ maxLength: 8 }),
);

/** Lines ended by \n or \r\n, and maybe a last one with no newline yet. */
const stream = fc
  .tuple(
    fc.array(fc.tuple(lineContent, fc.constantFrom("\n", "\r\n")), { maxLength: 8 }),
    fc.option(lineContent, { nil: undefined }),
  )
  .map(([lines, last]) =>
    Buffer.concat([...lines.flatMap(([content, end]) => [content, bytesOf(end)]), last ?? new Uint8Array(0)]),
  )
  .map((buffer) => new Uint8Array(buffer));

describe("the stdio line screen", () => {
  it("does the same whatever chunks the lines come in: a line whole in its chunk is read in place", () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        // One byte per chunk takes every line through the joined path; one chunk, through the
        // in-place path; random cuts mix the two.
        const byByte = screened(Array.from(bytes, (b) => Uint8Array.of(b)));
        expect(screened([bytes])).toEqual(byByte);
        expect(screened(cut(bytes, cuts))).toEqual(byByte);
      }),
      { numRuns: 400 },
    );
  });

  it("hands on a message with its line, and answers what is not one", () => {
    const happened = screened([
      bytesOf('{"jsonrpc":"2.0","id":1,"method":"ping"}\r\n\nnope\n[1]\n{"id":"x"}\n'),
    ]);
    expect(happened).toEqual([
      ["deliver", '{"jsonrpc":"2.0","id":1,"method":"ping"}', '{"jsonrpc":"2.0","id":1,"method":"ping"}\n'],
      ["reply", expect.stringContaining('"id":null,"error":{"code":-32700')],
      [
        "reply",
        expect.stringContaining('"id":null,"error":{"code":-32600,"message":"Invalid Request: batches'),
      ],
      ["reply", expect.stringContaining('"id":"x","error":{"code":-32600')],
      ["end"],
    ]);
  });

  it("answers a line past the limit once its newline comes, and reads the next line as usual", () => {
    const piece = new Uint8Array(1024 * 1024).fill(0x61);
    const chunks = [
      ...Array.from({ length: MAX_LINE_BYTES / piece.length + 1 }, () => piece),
      bytesOf('aaa\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n'),
    ];
    expect(screened(chunks)).toEqual([
      ["reply", expect.stringContaining(`a line longer than ${MAX_LINE_BYTES} bytes`)],
      ["deliver", '{"jsonrpc":"2.0","id":2,"method":"ping"}', '{"jsonrpc":"2.0","id":2,"method":"ping"}\n'],
      ["end"],
    ]);
  });
});
