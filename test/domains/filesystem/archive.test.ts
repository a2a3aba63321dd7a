import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lzDecode, lzEncode, packArchive, unpackArchive } from "../../../src/domains/filesystem/archive.js";

// Small alphabets make long matches and overlapping runs likely; NUL is the token marker.
const repetitive = fc.string({
  unit: fc.constantFrom("a", "b", "\n", "\0", "é", "😀", ";", ","),
  maxLength: 400,
});
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), repetitive);

describe("LZ coding", () => {
  it("decodes what it encodes", () => {
    fc.assert(fc.property(anyText, (text) => lzDecode(lzEncode(text)) === text));
  });

  it("codes runs and repeats as back-references, and escapes NUL", () => {
    expect(lzEncode("")).toBe("");
    expect(lzEncode("abc")).toBe("abc");
    expect(lzEncode("a\0b")).toBe("a\0;b");
    expect(lzEncode("a".repeat(100))).toBe("a\x001,2r;"); // one literal, then 99 (2r) copied from 1 back
    expect(lzEncode("hello world, hello world")).toBe("hello world, \0d,b;");
  });

  it("never splits a surrogate pair", () => {
    const text = "😀x😀x😀x😀x😀x";
    expect(lzDecode(lzEncode(text))).toBe(text);
  });
});

describe("archives", () => {
  it("unpack what they pack", () => {
    const members = fc.array(
      fc.record({
        name: fc.string({ unit: "grapheme-ascii", minLength: 1 }).filter((n) => !/[\t\n]/.test(n)),
        content: anyText,
      }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(members, (m) => {
        expect(unpackArchive(packArchive(m))).toEqual(m);
      }),
    );
  });

  it("start with a readable header", () => {
    expect(
      packArchive([
        { name: "a.txt", content: "hi" },
        { name: "dir/b.txt", content: "é" },
      ]),
    ).toBe("ATZ1\na.txt\t2\ndir/b.txt\t2\n\nhié");
    expect(packArchive([])).toBe("ATZ1\n\n");
    expect(unpackArchive("ATZ1\n\n")).toEqual([]);
  });

  it("refuse text that is not an archive", () => {
    expect(() => unpackArchive("hello")).toThrow(/not an ATZ1 archive/);
  });
});
