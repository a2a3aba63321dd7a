import { describe, expect, it } from "vitest";
import {
  checkAnswer,
  checkState,
  compileAnswerCheck,
  compileStateCheck,
  exampleAnswer,
  firstNumber,
  normalizeText,
} from "../../src/scenarios/answer-checks.js";
import type { FromResolver } from "../../src/scenarios/matchers.js";

const results: FromResolver = (step, path) => {
  const data: Record<string, Record<string, unknown>> = {
    book: { booking_code: "BK1001", total: 555 },
    info: { size: 1024 },
  };
  const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data[step]);
  return value === undefined ? [] : [value as string];
};

const pass = (spec: Parameters<typeof compileAnswerCheck>[0], answer: string) =>
  checkAnswer(compileAnswerCheck(spec), answer, results).pass;

describe("answer checks", () => {
  it("exact: the text, trimmed, or a step's result", () => {
    expect(pass({ exact: "Rome" }, "  Rome ")).toBe(true);
    expect(pass({ exact: "Rome" }, "rome")).toBe(false);
    expect(pass({ exact: { $from: "book.booking_code" } }, "BK1001")).toBe(true);
    expect(pass({ exact: { $from: "book.booking_code" } }, "BK1002")).toBe(false);
  });

  it("normalized: case, punctuation and spaces folded, but not signs", () => {
    expect(pass({ normalized: "Ada Lovelace" }, "ada  lovelace.")).toBe(true);
    expect(pass({ normalized: "New-York" }, "new york")).toBe(true);
    expect(pass({ normalized: "-8, 27" }, "8 27")).toBe(false);
    expect(pass({ normalized: "-8, 27" }, "−8 27")).toBe(true);
    expect(normalizeText("A  b.C!")).toBe("a b c");
    expect(pass({ contains: ["5300"] }, "Set it to 5,300 rpm.")).toBe(true);
    expect(pass({ normalized: "1,234,567" }, "1234567")).toBe(true);
    expect(pass({ normalized: "1,5" }, "15")).toBe(false);
  });

  it("number: the first number of the answer, within the tolerance", () => {
    expect(pass({ number: 1024 }, "The archive is 1,024 bytes.")).toBe(true);
    expect(pass({ number: { $from: "info.size" } }, "1024")).toBe(true);
    expect(pass({ number: 230, tolerance: 0.01 }, "230.004 EUR")).toBe(true);
    expect(pass({ number: 230, tolerance: 0.001 }, "230.004")).toBe(false);
    expect(pass({ number: 5 }, "five")).toBe(false);
    expect(firstNumber("-3.5e2 units")).toBe(-350);
    expect(firstNumber("none")).toBeNull();
  });

  it("contains: every value, in normalised text", () => {
    expect(pass({ contains: ["Paris", "Rome"] }, "rome, then PARIS")).toBe(true);
    expect(pass({ contains: ["Paris", "Oslo"] }, "rome, then PARIS")).toBe(false);
  });

  it("regex and any", () => {
    expect(pass({ regex: "^BK\\d+$", example: "BK1" }, "BK1001")).toBe(true);
    expect(pass({ regex: "^bk\\d+$", flags: "i", example: "bk1" }, "BK1001")).toBe(true);
    expect(pass({ any: true }, "whatever")).toBe(true);
  });

  it("fails with a reason a reader understands", () => {
    const outcome = checkAnswer(
      compileAnswerCheck({ exact: { $from: "book.booking_code" } }),
      "BK9",
      results,
    );
    expect(outcome).toEqual({ pass: false, detail: 'expected BK1001, got "BK9"' });
    const missing = checkAnswer(compileAnswerCheck({ exact: { $from: "nope.x" } }), "x", results);
    expect(missing.detail).toMatch(/comes from a step that has no result/);
  });

  it("gives the oracle an answer that passes", () => {
    const specs: Parameters<typeof compileAnswerCheck>[0][] = [
      { exact: { $from: "book.booking_code" } },
      { number: { $from: "book.total" } },
      { contains: ["a", "b"] },
      { regex: "x+", example: "xx" },
      { any: true },
    ];
    for (const spec of specs) {
      const check = compileAnswerCheck(spec);
      expect(checkAnswer(check, exampleAnswer(check, results) ?? "", results).pass).toBe(true);
    }
  });
});

describe("state checks", () => {
  const states = {
    filesystem: { files: { "/a/b.txt": "hi" } },
    travel: { bookings: [{ booking_code: "BK1001" }] },
  };
  const check = (spec: Parameters<typeof compileStateCheck>[0]) =>
    checkState(compileStateCheck(spec), states, results);

  it("exists, by a path whose keys hold slashes", () => {
    expect(check({ path: ["filesystem", "files", "/a/b.txt"], exists: true }).pass).toBe(true);
    expect(check({ path: ["filesystem", "files", "/a/c.txt"], exists: true })).toEqual({
      pass: false,
      detail: "filesystem.files./a/c.txt does not exist",
    });
    expect(check({ path: ["filesystem", "files", "/a/c.txt"], exists: false }).pass).toBe(true);
  });

  it("count and equals, with a literal or a step's result", () => {
    expect(check({ path: "travel.bookings", count: 1 }).pass).toBe(true);
    expect(check({ path: "travel.bookings", count: 2 }).detail).toBe(
      "travel.bookings has 1 items, expected 2",
    );
    expect(check({ path: "travel.bookings.0.booking_code", equals: "BK1001" }).pass).toBe(true);
    expect(
      check({ path: "travel.bookings.0.booking_code", equals: { $from: "book.booking_code" } }).pass,
    ).toBe(true);
    expect(check({ path: "travel.bookings.0", equals: { booking_code: "BK1001" } }).pass).toBe(true);
  });
});
