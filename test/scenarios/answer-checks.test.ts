import { describe, expect, it } from "vitest";
import { getPath, type JsonValue } from "../../src/json.js";
import { offeredAlternatives } from "../../src/scenarios/alternatives.js";
import {
  checkAnswer,
  checkState,
  compileAnswerCheck,
  compileExpected,
  compileStateCheck,
  exampleAnswer,
  firstNumber,
  namedOptions,
  normalizeText,
} from "../../src/scenarios/answer-checks.js";
import {
  holdsJsonData,
  type NumberMention,
  numberMentions,
  sameQuantity,
  textWords,
  unwrapAnswer,
  wordRuns,
} from "../../src/scenarios/answer-text.js";
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

/**
 * Semantics an oracle run cannot see (its answers are built through the same code), pinned one
 * by one: the whole `$from` path, the exact tolerance boundary, where a regex may match.
 */
describe("answer-check semantics", () => {
  const searchResult = { flights: [{ id: "UA100", price: "230.00 EUR" }, { id: "DL210" }] };
  // Reads a step's result by the whole path, as the engine and the metrics do.
  const byPath: FromResolver = (step, path) => {
    if (step !== "search") return [];
    const value = getPath(searchResult, path);
    return value === undefined ? [] : [value as JsonValue];
  };
  const passes = (spec: Parameters<typeof compileAnswerCheck>[0], answer: string) =>
    checkAnswer(compileAnswerCheck(spec), answer, byPath).pass;

  it("$from reads the whole path, not only its first segment", () => {
    expect(compileExpected({ $from: "search.flights.0.id" })).toEqual({
      kind: "from",
      step: "search",
      path: ["flights", "0", "id"],
    });
    expect(passes({ exact: { $from: "search.flights.0.id" } }, "UA100")).toBe(true);
    expect(passes({ exact: { $from: "search.flights.1.id" } }, "UA100")).toBe(false);
    expect(passes({ normalized: { $from: "search.flights.1.id" } }, " dl210. ")).toBe(true);
    expect(passes({ contains: [{ $from: "search.flights.0.id" }] }, "Booked UA100.")).toBe(true);
    expect(exampleAnswer(compileAnswerCheck({ exact: { $from: "search.flights.1.id" } }), byPath)).toBe(
      "DL210",
    );
  });

  it("number: passes at exactly the tolerance, fails just past it, on both sides", () => {
    // 10 ± 0.5: both ends are exact in binary, so |answer − 10| is exactly 0.5 there.
    expect(passes({ number: 10, tolerance: 0.5 }, "10.5")).toBe(true);
    expect(passes({ number: 10, tolerance: 0.5 }, "9.5")).toBe(true);
    expect(passes({ number: 10, tolerance: 0.5 }, "10.5001")).toBe(false);
    expect(passes({ number: 10, tolerance: 0.5 }, "9.4999")).toBe(false);
    // The default tolerance is 1e-6: 5e-7 away passes, 2e-6 away fails, and 0 tolerance is exact.
    expect(passes({ number: 2 }, "2.0000005")).toBe(true);
    expect(passes({ number: 2 }, "2.000002")).toBe(false);
    expect(passes({ number: 2, tolerance: 0 }, "2")).toBe(true);
    expect(passes({ number: 2, tolerance: 0 }, "2.0000005")).toBe(false);
  });

  it("number: reads the first number of a text result, and nothing from a result that is not one", () => {
    expect(passes({ number: { $from: "search.flights.0.price" } }, "230 euros")).toBe(true);
    expect(passes({ number: { $from: "search.flights.0.price" } }, "231")).toBe(false);
    expect(passes({ number: { $from: "search.flights" } }, "2")).toBe(false); // a list is no number
    expect(checkAnswer(compileAnswerCheck({ number: 3 }), "three", byPath).detail).toBe(
      'no number in the answer "three"',
    );
    expect(checkAnswer(compileAnswerCheck({ number: 3 }), "4", byPath).detail).toBe('expected 3, got "4"');
  });

  it("regex searches the answer unless the pattern is anchored, case-sensitive without flags", () => {
    expect(passes({ regex: "BK\\d{4}", example: "BK1001" }, "Your code is BK1001.")).toBe(true);
    expect(passes({ regex: "^BK\\d{4}$", example: "BK1001" }, "Your code is BK1001.")).toBe(false);
    expect(passes({ regex: "^BK\\d{4}$", example: "BK1001" }, "BK10012")).toBe(false);
    expect(passes({ regex: "^BK\\d{4}$", example: "BK1001" }, "BK1001")).toBe(true);
    expect(passes({ regex: "bk\\d", example: "bk1" }, "BK1")).toBe(false);
    expect(checkAnswer(compileAnswerCheck({ regex: "^x$", example: "x" }), "y", byPath).detail).toBe(
      "answer does not match /^x$/",
    );
  });

  it("normalized and contains fold compatibility forms (NFKC) as well as case", () => {
    // U+FB01 (the "fi" ligature) and full-width letters and digits are NFKC-equal to ASCII.
    expect(normalizeText("\uFB01le \uFF21\uFF22 \uFF11\uFF12")).toBe("file ab 12");
    expect(passes({ normalized: "File AB 12" }, "\uFB01le \uFF21\uFF22 \uFF11\uFF12")).toBe(true);
    expect(passes({ contains: ["ab"] }, "\uFF21\uFF22")).toBe(true);
  });

  it("contains fails on the first value missing, naming it", () => {
    const outcome = checkAnswer(compileAnswerCheck({ contains: ["Paris", "Oslo"] }), "Paris", byPath);
    expect(outcome).toEqual({ pass: false, detail: "answer does not contain Oslo" });
    const unresolved = checkAnswer(compileAnswerCheck({ contains: [{ $from: "book.x" }] }), "x", byPath);
    expect(unresolved).toEqual({ pass: false, detail: "answer does not contain (no result)" });
    expect(
      exampleAnswer(compileAnswerCheck({ contains: ["a", { $from: "book.x" }] }), byPath),
    ).toBeUndefined();
    expect(exampleAnswer(compileAnswerCheck({ contains: "solo" }), byPath)).toBe("solo");
    expect(exampleAnswer(compileAnswerCheck({ contains: ["a", "b"] }), byPath)).toBe("a, b");
  });
});

describe("answer-check details", () => {
  it("reads numbers in every written form, and none that overflows", () => {
    expect(firstNumber("about .5 km")).toBe(0.5);
    expect(firstNumber("down -.25")).toBe(-0.25);
    expect(firstNumber("2.5e+3 rpm")).toBe(2500);
    expect(firstNumber("1E3")).toBe(1000);
    expect(firstNumber("12,345.5 km")).toBe(12345.5);
    expect(firstNumber("1e999")).toBeNull(); // Infinity is no answer
  });

  it("exact compares text: a number result as written, both sides trimmed of spaces and a final period", () => {
    expect(pass({ exact: { $from: "info.size" } }, "1024")).toBe(true);
    expect(pass({ exact: " Rome " }, "Rome")).toBe(true);
    // A final period is how a sentence ends, not part of the value (docs/scenario-format.md).
    expect(pass({ exact: "Rome" }, "Rome.")).toBe(true);
    expect(pass({ exact: "Rome" }, "Rome,x")).toBe(false);
    expect(pass({ exact: "Rome" }, "rome.")).toBe(false);
  });

  it("the oracle answers any-checks with 'done' and regex checks with their example", () => {
    expect(exampleAnswer(compileAnswerCheck({ any: true }), results)).toBe("done");
    expect(exampleAnswer(compileAnswerCheck({ regex: "x+", example: "xx" }), results)).toBe("xx");
    expect(exampleAnswer(compileAnswerCheck({ number: { $from: "book.total" } }), results)).toBe("555");
    expect(exampleAnswer(compileAnswerCheck({ exact: { $from: "nope.x" } }), results)).toBeUndefined();
  });
});

describe("state-check details", () => {
  const states = {
    filesystem: { files: { "/a/b.txt": "hi", "/a/c.txt": "yo" } },
    travel: { bookings: [{ booking_code: "BK1001", legs: ["SFO", "JFK"] }], note: null },
  };
  const check = (spec: Parameters<typeof compileStateCheck>[0]) =>
    checkState(compileStateCheck(spec), states, results);

  it("counts the keys of an object, and says when the path holds no collection", () => {
    expect(check({ path: ["filesystem", "files"], count: 2 }).pass).toBe(true);
    expect(check({ path: "travel.bookings.0.booking_code", count: 0 })).toEqual({
      pass: false,
      detail: "travel.bookings.0.booking_code has no items, expected 0",
    });
  });

  it("says what still exists", () => {
    expect(check({ path: ["filesystem", "files", "/a/b.txt"], exists: false })).toEqual({
      pass: false,
      detail: "filesystem.files./a/b.txt still exists",
    });
  });

  it("compares lists, null and objects without $from as literal JSON", () => {
    expect(check({ path: "travel.bookings.0.legs", equals: ["SFO", "JFK"] }).pass).toBe(true);
    expect(check({ path: "travel.bookings.0.legs", equals: ["JFK", "SFO"] })).toEqual({
      pass: false,
      detail: 'travel.bookings.0.legs is ["SFO","JFK"], expected ["JFK","SFO"]',
    });
    expect(check({ path: "travel.note", equals: null }).pass).toBe(true);
    expect(check({ path: "travel.bookings.0", equals: { booking_code: "BK1002" } }).pass).toBe(false);
  });
});

/**
 * A step done by several jobs has several candidate results (the metrics' resolver returns one
 * value per distinct result): a check passes when the answer or the state matches any one of
 * them, the later ones included, and its message names the first.
 */
describe("several candidate results", () => {
  const two: FromResolver = (step, path) => {
    const data: Record<string, JsonValue[]> = {
      "book.code": ["BK1001", "BK1002"],
      "book.total": [555, 560],
      "pick.team": ["finance", "support"],
    };
    return data[`${step}.${path.join(".")}`] ?? [];
  };
  const outcome = (spec: Parameters<typeof compileAnswerCheck>[0], answer: string) =>
    checkAnswer(compileAnswerCheck(spec), answer, two);

  it("passes an answer that states the second candidate, for every kind of check", () => {
    expect(outcome({ exact: { $from: "book.code" } }, "BK1002").pass).toBe(true);
    expect(outcome({ normalized: { $from: "book.code" } }, "bk1002").pass).toBe(true);
    expect(outcome({ normalized: { $from: "book.code" } }, "The booking is BK1002.").pass).toBe(true);
    expect(outcome({ number: { $from: "book.total" } }, "560").pass).toBe(true);
    expect(outcome({ contains: [{ $from: "book.code" }] }, "Booked BK1002 for you").pass).toBe(true);
    expect(
      outcome({ choice: { $from: "pick.team" }, options: ["finance", "support", "sales"] }, "support").pass,
    ).toBe(true);
  });

  it("fails an answer that states neither, naming the first candidate", () => {
    expect(outcome({ exact: { $from: "book.code" } }, "BK1003")).toEqual({
      pass: false,
      detail: 'expected BK1001, got "BK1003"',
    });
    expect(outcome({ number: { $from: "book.total" } }, "570")).toEqual({
      pass: false,
      detail: 'expected 555, got "570"',
    });
    expect(
      outcome({ choice: { $from: "pick.team" }, options: ["finance", "support", "sales"] }, "sales"),
    ).toEqual({ pass: false, detail: 'expected finance, got "sales"' });
  });

  it("a state equals-check passes on the second candidate and names the first when none matches", () => {
    const states = { travel: { code: "BK1002" } };
    const check = compileStateCheck({ path: "travel.code", equals: { $from: "book.code" } });
    expect(checkState(check, states, two).pass).toBe(true);
    expect(checkState(check, { travel: { code: "BK1003" } }, two)).toEqual({
      pass: false,
      detail: 'travel.code is "BK1003", expected "BK1001"',
    });
  });
});

/**
 * The word limit of each check kind at its exact bound: the value's words and 24 more pass, one
 * word more is a dump (docs/scenario-format.md, "Answer checks").
 */
describe("word limits at their bound", () => {
  const filler = (n: number) => " word".repeat(n);
  const said = (spec: Parameters<typeof compileAnswerCheck>[0], answer: string) =>
    checkAnswer(compileAnswerCheck(spec), answer, results);

  it("number: one number and 24 more words pass, 25 more fail", () => {
    expect(said({ number: 42 }, `42${filler(24)}`).pass).toBe(true);
    expect(said({ number: 42 }, `42${filler(25)}`)).toEqual({
      pass: false,
      detail: "the answer has 26 words for one number: a dump, not an answer",
    });
  });

  it("normalized: a one-word value and 24 more words pass, 25 more fail", () => {
    expect(said({ normalized: "Rome" }, `Rome${filler(24)}`).pass).toBe(true);
    expect(said({ normalized: "Rome" }, `Rome${filler(25)}`)).toEqual({
      pass: false,
      detail: "the answer has 26 words for 1 expected: a dump, not an answer",
    });
  });

  it("contains: the values' words and 24 more pass, 25 more fail", () => {
    expect(said({ contains: ["Rome"] }, `Rome${filler(24)}`).pass).toBe(true);
    expect(said({ contains: ["Rome"] }, `Rome${filler(25)}`)).toEqual({
      pass: false,
      detail: "the answer has 26 words for 1 expected: a dump, not an answer",
    });
  });

  it("choice: the longest option's words and 24 more pass, 25 more fail", () => {
    const spec = { choice: "finance", options: ["finance", "human resources"] };
    // The longest option has 2 words: the limit is 26, whichever option the answer names.
    expect(said(spec, `finance${filler(25)}`).pass).toBe(true);
    expect(said(spec, `finance${filler(26)}`)).toEqual({
      pass: false,
      detail: "the answer has 27 words to name one option: a dump, not an answer",
    });
  });
});

describe("compiling and normalizing", () => {
  it("a null expected value is a literal, not a $from", () => {
    expect(compileExpected(null)).toEqual({ kind: "literal", value: null });
  });

  it("the oracle answers a normalized check with its value", () => {
    expect(exampleAnswer(compileAnswerCheck({ normalized: "Rome" }), results)).toBe("Rome");
  });

  it("normalizeText keeps a sign as 'minus' and drops only real thousands separators", () => {
    expect(normalizeText("-8 and −3, a-b")).toBe("minus 8 and minus 3 a b");
    expect(normalizeText("5,300 km, 1,2 and 12,3456")).toBe("5300 km 1 2 and 12 3456");
  });

  it("firstNumber reads every decimal digit", () => {
    expect(firstNumber("3.25 kg")).toBe(3.25);
  });

  it("a count of an empty collection says 0 items, not 'no' items", () => {
    const states = { travel: { bookings: [] } };
    expect(checkState(compileStateCheck({ path: "travel.bookings", count: 1 }), states, results)).toEqual({
      pass: false,
      detail: "travel.bookings has 0 items, expected 1",
    });
  });
});

describe("hedges, dumps and options, one rule at a time", () => {
  const data: FromResolver = (step, path) => {
    const values: Record<string, JsonValue[]> = {
      "trip.data": [{ a: 1, b: 2 }],
      "stock.list": [[5]],
      "stock.none": [["x"]],
    };
    return values[`${step}.${path.join(".")}`] ?? [];
  };
  const outcome = (spec: Parameters<typeof compileAnswerCheck>[0], answer: string) =>
    checkAnswer(compileAnswerCheck(spec), answer, data);

  it("contains: one hedged value of several fails the answer", () => {
    expect(outcome({ contains: ["Rome", "Oslo"] }, "Rome or Paris, and Oslo")).toEqual({
      pass: false,
      detail: "the answer offers a value as one of alternatives: a hedge",
    });
    expect(outcome({ contains: ["Rome", "Oslo"] }, "Rome and Oslo").pass).toBe(true);
  });

  it("JSON in the answer is no dump when one of the expected values is itself JSON data", () => {
    expect(outcome({ contains: ["Rome", { $from: "trip.data" }] }, 'Rome {"a":1,"b":2}').pass).toBe(true);
    expect(outcome({ contains: ["Rome"] }, 'Rome {"a":1,"b":2}').pass).toBe(false);
  });

  it("normalized: an empty answer matches an empty expected value", () => {
    expect(outcome({ normalized: "" }, "").pass).toBe(true);
  });

  it("number: a result that is a list is no number, even a list of one number", () => {
    expect(outcome({ number: { $from: "stock.list" } }, "5").pass).toBe(false);
    // A result with no number at all matches nothing, 0 included.
    expect(outcome({ number: { $from: "stock.none" } }, "0").pass).toBe(false);
  });

  it("an offered option inside the stated value is not a rival; outside it, it is", () => {
    const check = {
      kind: "normalized" as const,
      expected: { kind: "literal" as const, value: "new york" },
      offered: ["york"],
    };
    expect(checkAnswer(check, "new york", data).pass).toBe(true);
    expect(checkAnswer(check, "in new york, not york", data)).toEqual({
      pass: false,
      detail: "the answer also names york, another option the instruction offers: a hedge",
    });
  });

  it("a rival counts when any of its words lies outside the value, the word right after it included", () => {
    const check = (offered: string[]) => ({
      kind: "normalized" as const,
      expected: { kind: "literal" as const, value: "new york" },
      offered,
    });
    // "york" inside the value's words (2–3) of a sentence is no rival.
    expect(checkAnswer(check(["york"]), "it is new york", data).pass).toBe(true);
    // "york" right after the value (words 0–1) is outside it.
    expect(checkAnswer(check(["york"]), "new york york", data).pass).toBe(false);
    // "york city" shares "york" with the value, but "city" (word 2) is outside it.
    expect(checkAnswer(check(["york city"]), "new york city", data)).toEqual({
      pass: false,
      detail: "the answer also names york city, another option the instruction offers: a hedge",
    });
  });

  it("contains: a rival must lie outside every value's places, not only one value's", () => {
    const check = {
      kind: "contains" as const,
      expected: [
        { kind: "literal" as const, value: "new york" },
        { kind: "literal" as const, value: "boston" },
      ],
      offered: ["york"],
    };
    // "york" is outside boston's places but inside new york's: no rival.
    expect(checkAnswer(check, "new york and boston", data).pass).toBe(true);
  });

  it("number: a conflicting value of the same quantity fails, though the right value also has another", () => {
    // $10 each and 10 units are both right; $12 each is the same quantity as $10 each.
    expect(outcome({ number: 10 }, "$10 each, 10 units, and $12 each")).toEqual({
      pass: false,
      detail: "the answer also states $12, a conflicting value of the same quantity",
    });
  });

  it("learns the instruction's alternatives from the literal values only: a $from value adds and drops none", () => {
    const offeredFor = (spec: Parameters<typeof compileAnswerCheck>[0]) => {
      const check = compileAnswerCheck(spec, "Is it Rome or here?");
      return check.kind === "contains" ? check.offered : undefined;
    };
    expect(offeredFor({ contains: ["Rome"] })).toEqual(["here"]);
    expect(offeredFor({ contains: ["Rome", { $from: "trip.data" }] })).toEqual(["here"]);
  });

  it("names each option once, reading a longer option's words only for it", () => {
    // "a b c" takes words 0–2; "c d" overlaps it at word 2, so it is not named as well.
    expect(namedOptions(textWords("a b c d"), ["a b c", "c d"])).toEqual(["a b c"]);
    // "x" stands outside the words of "a b" (1–2): both are named.
    expect(namedOptions(textWords("x a b"), ["a b", "x"])).toEqual(["a b", "x"]);
    // An option said twice is named once: repeating the choice is no second choice.
    expect(namedOptions(textWords("support, I said support"), ["finance", "support"])).toEqual(["support"]);
  });
});

describe("reading an answer", () => {
  it("unwraps a value from a fence, quotes, a lead-in and final punctuation, repeatedly", () => {
    expect(unwrapAnswer("```yaml\na: 1\n```")).toBe("a: 1");
    expect(unwrapAnswer("The answer is `2027-01-15`.")).toBe("2027-01-15");
    expect(unwrapAnswer("Answer: **“Rome”**!")).toBe("Rome");
    expect(unwrapAnswer("the final answer is 'x'")).toBe("x");
    expect(unwrapAnswer("Answers matter")).toBe("Answers matter");
    expect(unwrapAnswer("-8.")).toBe("-8");
    expect(unwrapAnswer('"a" and "b"')).toBe('a" and "b'); // one pair around the whole text goes
  });

  it("splits words keeping signs, decimals and whole numbers", () => {
    expect(textWords("Set −8 to 5,300 rpm, not 11.8!")).toEqual([
      "set",
      "minus",
      "8",
      "to",
      "5300",
      "rpm",
      "not",
      "11.8",
    ]);
    expect(textWords("2026-12-15.")).toEqual(["2026", "minus", "12", "minus", "15"]);
    expect(wordRuns(["a", "b", "a", "b"], ["a", "b"])).toEqual([0, 2]);
    expect(wordRuns(["a"], [])).toEqual([]);
  });

  it("finds numbers as whole tokens, with their mark and unit", () => {
    const read = (text: string) => numberMentions(text).map((m) => [m.value, m.marker, m.unit]);
    expect(read("The 91 PNCS shares cost $7,338.24.")).toEqual([
      [91, "", "pncs"],
      [7338.24, "$", ""],
    ]);
    expect(read("−38.59% or -$2 and +.5 km")).toEqual([
      [-38.59, "%", ""],
      [-2, "$", ""],
      [0.5, "", "km"],
    ]);
    expect(read("24.92°C, 5 € each, 1E3")).toEqual([
      [24.92, "", "°c"],
      [5, "€", "each"],
      [1000, "", ""],
    ]);
    expect(read("ORD6434 P11 v1.5 ORD-41822 2026-12-15 10:30 3/4 x_1 1e999")).toEqual([]);
  });

  it("tells values of the same quantity from others", () => {
    const same = (text: string) => {
      const [a, b] = numberMentions(text);
      return sameQuantity(text, a as NumberMention, b as NumberMention);
    };
    expect(same("$46 then $52")).toBe(true);
    expect(same("320 units, later 330 units")).toBe(true);
    expect(same("47.68 (48)")).toBe(true);
    expect(same("47 or 48 units")).toBe(true);
    expect(same("12% to 14 %")).toBe(true);
    expect(same("$7,338.24 for 91 shares")).toBe(false);
    expect(same("$7,338.24 (at $80.64 each)")).toBe(false);
    expect(same("320 units in 8 hours")).toBe(false);
    expect(same("24.92 °C is 76.86 °F")).toBe(false);
  });

  it("spots JSON data, not brackets in prose or JSON-like text", () => {
    expect(holdsJsonData('Result: {"total": 46}')).toBe(true);
    expect(holdsJsonData("[46, 52]")).toBe(true);
    expect(holdsJsonData('{"a": "}"} trailing')).toBe(true);
    expect(holdsJsonData("[46]")).toBe(false);
    expect(holdsJsonData("{}")).toBe(false);
    expect(holdsJsonData("Sophie (search) [on call] {maybe}")).toBe(false);
    expect(holdsJsonData("{ unclosed")).toBe(false);
  });

  it("finds the alternatives an instruction offers", () => {
    expect(offeredAlternatives("Which is higher: finance or support?", ["support"])).toEqual(["finance"]);
    expect(offeredAlternatives("Held in Atlanta or in Amsterdam.", ["Atlanta"])).toEqual(["amsterdam"]);
    expect(offeredAlternatives("Held in Atlanta or in Amsterdam.", ["Amsterdam"])).toEqual(["atlanta"]);
    expect(offeredAlternatives("Orders ORD6434 and (ORD5385), sold on 2026-12-01.", ["ORD6434"])).toEqual([
      "ORD5385",
    ]);
    expect(offeredAlternatives("Answer yes or no.", ["No"])).toEqual(["yes"]);
    expect(offeredAlternatives("Reduce 429/660 to lowest terms.", ["13/20"])).toEqual([]);
    expect(offeredAlternatives("Tue 2026-12-01 or 2026-12-08?", ["2026-12-08"])).toEqual(["2026-12-01"]);
    // An alternative inside another expected value, or only linking words, is no alternative.
    expect(offeredAlternatives("Paris or Paris Texas?", ["Paris", "Paris Texas"])).toEqual([]);
    expect(offeredAlternatives("x or in", ["x"])).toEqual([]);
  });

  it("a choice check names options longest first, and says what went wrong", () => {
    expect(namedOptions(textWords("Paris Texas, not Paris"), ["Paris", "Paris Texas"])).toEqual([
      "Paris Texas",
      "Paris",
    ]);
    const check = compileAnswerCheck({ choice: "Paris", options: ["Paris", "Paris Texas"] });
    expect(checkAnswer(check, "Paris Texas", results)).toEqual({
      pass: false,
      detail: 'expected Paris, got "Paris Texas"',
    });
    expect(checkAnswer(check, "Paris.", results).pass).toBe(true);
    expect(checkAnswer(check, "Lyon", results).detail).toBe(
      "the answer names none of the options (Paris, Paris Texas)",
    );
    expect(checkAnswer(check, "Paris or Paris Texas", results).detail).toBe(
      "the answer names Paris Texas and Paris: name exactly one option",
    );
    expect(checkAnswer(check, `${"word ".repeat(30)}Paris`, results).detail).toBe(
      "the answer has 31 words to name one option: a dump, not an answer",
    );
    expect(exampleAnswer(check, results)).toBe("Paris");
  });

  it("names the rule an answer broke", () => {
    const detail = (spec: Parameters<typeof compileAnswerCheck>[0], answer: string, instruction = "") =>
      checkAnswer(compileAnswerCheck(spec, instruction), answer, results).detail;
    expect(detail({ number: 46 }, '{"price": 46}')).toBe(
      "the answer pastes JSON data (a tool result): state the value instead",
    );
    expect(detail({ number: 46 }, "$46 or $52")).toBe(
      "the answer also states $52, a conflicting value of the same quantity",
    );
    expect(detail({ number: 46 }, `46 ${"word ".repeat(25)}`)).toBe(
      "the answer has 26 words for one number: a dump, not an answer",
    );
    expect(detail({ normalized: "no" }, "yes or no", "Answer yes or no.")).toBe(
      "the answer also names yes, another option the instruction offers: a hedge",
    );
    expect(detail({ normalized: "Ada" }, "Ada or Grace")).toBe(
      "the answer offers the value as one of alternatives: a hedge",
    );
    expect(detail({ normalized: "Ada" }, `Ada ${"word ".repeat(25)}`)).toBe(
      "the answer has 26 words for 1 expected: a dump, not an answer",
    );
    expect(detail({ contains: "Ada" }, `Ada ${"word ".repeat(25)}`)).toBe(
      "the answer has 26 words for 1 expected: a dump, not an answer",
    );
    expect(detail({ contains: "Ada" }, "either Ada")).toBe(
      "the answer offers a value as one of alternatives: a hedge",
    );
    expect(detail({ contains: "support" }, "support, not finance", "finance or support?")).toBe(
      "the answer also names finance, another option the instruction offers: a hedge",
    );
    // JSON is fine when the value is JSON.
    expect(detail({ normalized: '[{"a":1},{"a":2}]' }, '```json\n[{"a": 1}, {"a": 2}]\n```')).toBeUndefined();
  });
});
