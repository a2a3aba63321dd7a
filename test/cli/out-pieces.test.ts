import { describe, expect, it } from "vitest";
import { type Output, outPieces } from "../../src/cli/output.js";

// A result in pieces goes out piece by piece where the output can write pieces, else whole.

function output(withWrite: boolean): Output & { outs: string[]; writes: string[] } {
  const outs: string[] = [];
  const writes: string[] = [];
  return {
    outs,
    writes,
    out: (text) => outs.push(text),
    err: () => {},
    isTty: false,
    ...(withWrite ? { write: (piece: string) => writes.push(piece) } : {}),
  };
}

describe("outPieces", () => {
  it("writes each piece as it is when the output writes pieces", () => {
    const io = output(true);
    outPieces(io, (write) => ["{", '"a": 1', "}\n"].forEach(write));
    expect(io.writes).toEqual(["{", '"a": 1', "}\n"]);
    expect(io.outs).toEqual([]);
  });

  it("joins the pieces into one result otherwise", () => {
    const io = output(false);
    outPieces(io, (write) => ["{", '"a": 1', "}\n"].forEach(write));
    expect(io.outs).toEqual(['{"a": 1}\n']);
  });
});
