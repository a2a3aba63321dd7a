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
    ...(withWrite
      ? {
          write: async (piece: string) => {
            writes.push(piece);
          },
        }
      : {}),
  };
}

describe("outPieces", () => {
  it("writes each piece as it is when the output writes pieces", async () => {
    const io = output(true);
    await outPieces(io, ["{", '"a": 1', "}\n"]);
    expect(io.writes).toEqual(["{", '"a": 1', "}\n"]);
    expect(io.outs).toEqual([]);
  });

  it("joins the pieces into one result otherwise", async () => {
    const io = output(false);
    await outPieces(io, ["{", '"a": 1', "}\n"]);
    expect(io.outs).toEqual(['{"a": 1}\n']);
  });
});
