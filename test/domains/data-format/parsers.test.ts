import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnsOf, inferCell, parseCsv, writeCsv } from "../../../src/domains/data-format/csv.js";
import { JsonSyntaxError, parseJsonText } from "../../../src/domains/data-format/json-text.js";

const finite = (value: unknown): boolean =>
  typeof value === "number"
    ? Number.isFinite(value)
    : typeof value !== "object" || value === null || Object.values(value).every(finite);

/** Ours accepts what JSON.parse accepts, except numbers that overflow to Infinity, which no result can carry. */
const acceptsLikeJsonParse = (text: string): boolean => {
  let standard = true;
  try {
    standard = finite(JSON.parse(text));
  } catch {
    standard = false;
  }
  let ours = true;
  try {
    parseJsonText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonSyntaxError);
    ours = false;
  }
  return ours === standard;
};

describe("parseJsonText", () => {
  it("reads any JSON value JSON.stringify writes", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(parseJsonText(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it("accepts exactly what JSON.parse accepts, on mutated JSON", () => {
    const mutated = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom("", ",", "]", "}", '"', "0", "-", ".", "e", " ", "\\", "\n", "t"),
      )
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + 1);
      });
    fc.assert(fc.property(mutated, (text) => acceptsLikeJsonParse(text)));
  });

  it("accepts exactly what JSON.parse accepts, on arbitrary short text", () => {
    const alphabet = fc.constantFrom(...'{}[]:,"\\ -+.0123456789eEtrufalsn\n\tx/u'.split(""));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 12 }), (text) => acceptsLikeJsonParse(text)),
    );
  });

  it("refuses numbers that overflow", () => {
    expect(() => parseJsonText("[1, -2e308]")).toThrow("line 1, column 5: a number too large to represent");
    expect(parseJsonText("5e-324")).toBe(5e-324);
  });

  it("counts lines and columns from 1", () => {
    expect(() => parseJsonText('{\n  "a": 1\n  "b": 2\n}')).toThrow("line 3, column 3: expected ',' or '}'");
  });
});

describe("CSV", () => {
  const cell = fc.oneof(
    fc.string(),
    fc.constantFrom("a,b", 'say "hi"', "two\nlines", "cr\r\nlf", " padded ", ""),
  );
  const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 5 });

  it("reads back what it writes, for every delimiter", () => {
    fc.assert(
      fc.property(table, fc.constantFrom(",", ";", "\t", "|"), (rows, delimiter) => {
        const columns = ["a", "b", "c"];
        const objects = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? ""])));
        const text = writeCsv(columns, objects, delimiter);
        // A row of one empty field is a blank line, which the reader skips: compare the non-blank rows.
        const written = [columns, ...rows].filter((r) => !(r.length === 1 && r[0] === ""));
        expect(parseCsv(text, delimiter).map((r) => r.fields)).toEqual(written);
      }),
    );
  });

  it("gives each record the line it starts on", () => {
    expect(parseCsv('a\n"x\ny"\n\nz\n', ",")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 2, fields: ["x\ny"] },
      { line: 5, fields: ["z"] },
    ]);
  });

  it("infers numbers, booleans and null, leaving everything else as text", () => {
    expect(["12", "-0.5", "1e3", "007", "1.", "+1", "true", "True", "", " 1"].map(inferCell)).toEqual([
      12,
      -0.5,
      1000,
      "007",
      "1.",
      "+1",
      true,
      "True",
      null,
      " 1",
    ]);
  });

  it("lists columns in order of first appearance", () => {
    expect(columnsOf([{ b: 1 }, { a: 1, b: 2 }, { c: 3 }])).toEqual(["b", "a", "c"]);
  });
});
