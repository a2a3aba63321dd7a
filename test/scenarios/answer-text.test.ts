import { describe, expect, it } from "vitest";
import {
  hedged,
  holdsJsonData,
  type NumberMention,
  numberMentions,
  sameQuantity,
  textWords,
  unwrapAnswer,
  wordLimit,
  wordRuns,
} from "../../src/scenarios/answer-text.js";

/** How the answer checks read an answer (src/scenarios/answer-text.ts); each expectation worked out by hand. */
describe("unwrapAnswer", () => {
  it("removes each kind of quote and emphasis around the whole text", () => {
    expect(unwrapAnswer('"Rome"')).toBe("Rome");
    expect(unwrapAnswer("'Rome'")).toBe("Rome");
    expect(unwrapAnswer("\u201cRome\u201d")).toBe("Rome");
    expect(unwrapAnswer("\u2018Rome\u2019")).toBe("Rome");
    expect(unwrapAnswer("\u00abRome\u00bb")).toBe("Rome");
    expect(unwrapAnswer("`Rome`")).toBe("Rome");
    expect(unwrapAnswer("**Rome**")).toBe("Rome");
    expect(unwrapAnswer("*Rome*")).toBe("Rome");
    expect(unwrapAnswer("** Rome **")).toBe("Rome");
  });

  it("keeps a lone mark that only looks like a pair, and empties a bare pair", () => {
    expect(unwrapAnswer("*")).toBe("*");
    expect(unwrapAnswer('"')).toBe('"');
    expect(unwrapAnswer('""')).toBe("");
    expect(unwrapAnswer('"Rome')).toBe('"Rome');
    expect(unwrapAnswer('Rome"')).toBe('Rome"');
  });

  it("removes a code fence, with or without a language or a last newline", () => {
    expect(unwrapAnswer("```\n46\n```")).toBe("46");
    expect(unwrapAnswer("```text\n 46 \n```")).toBe("46");
    expect(unwrapAnswer("```\n46```")).toBe("46");
    expect(unwrapAnswer("```\n```")).toBe("");
    expect(unwrapAnswer("x ```\n46\n```")).toBe("x ```\n46\n```");
  });

  it("removes a lead-in and the punctuation at the end, repeatedly", () => {
    expect(unwrapAnswer("The answer is: 46")).toBe("46");
    expect(unwrapAnswer("THE FINAL ANSWER IS 46")).toBe("46");
    expect(unwrapAnswer("Final answer: 46")).toBe("46");
    expect(unwrapAnswer("Answer :46")).toBe("46");
    expect(unwrapAnswer("The answer isn't 46")).toBe("The answer isn't 46");
    expect(unwrapAnswer("46 ?!;")).toBe("46");
    expect(unwrapAnswer('  The answer is "**`46`**".  ')).toBe("46");
    expect(unwrapAnswer("```\nAnswer: 'Rome'.\n```")).toBe("Rome");
  });
});

describe("textWords and wordRuns", () => {
  it("folds case, drops punctuation, keeps signs, decimals and whole thousands", () => {
    expect(textWords("Café AU Lait")).toEqual(["café", "au", "lait"]);
    expect(textWords("−8 and -3 but x-ray")).toEqual(["minus", "8", "and", "minus", "3", "but", "x", "ray"]);
    expect(textWords("1,234,567 and 12,34 and 1,2345")).toEqual([
      "1234567",
      "and",
      "12",
      "34",
      "and",
      "1",
      "2345",
    ]);
    expect(textWords("3.14, v.2 and end.")).toEqual(["3.14", "v", "2", "and", "end"]);
    expect(textWords("$5 + 6 = 11 #1")).toEqual(["5", "6", "11", "1"]);
    expect(textWords("  ")).toEqual([]);
  });

  it("finds a run of words at every start, up to the last word", () => {
    expect(wordRuns(["a", "b"], ["b"])).toEqual([1]);
    expect(wordRuns(["a", "b"], ["a", "b"])).toEqual([0]);
    expect(wordRuns(["a", "b"], ["b", "c"])).toEqual([]);
    expect(wordRuns(["a"], ["a", "b"])).toEqual([]);
    expect(wordRuns(["b", "a", "b", "a"], ["b", "a"])).toEqual([0, 2]);
  });

  it("allows the value's words and 24 more", () => {
    expect(wordLimit(0)).toBe(24);
    expect(wordLimit(3)).toBe(27);
  });
});

describe("numberMentions", () => {
  const read = (text: string) => numberMentions(text).map((m) => [m.value, m.marker, m.unit]);

  it("gives where each number starts and ends", () => {
    expect(numberMentions("Cost: $1,200.50 each.")).toEqual([
      { value: 1200.5, marker: "$", unit: "each", start: 6, end: 15 },
    ]);
    expect(numberMentions("5")).toEqual([{ value: 5, marker: "", unit: "", start: 0, end: 1 }]);
  });

  it("reads signs before and after a currency sign", () => {
    expect(read("-5, \u22125, $-5, $\u22125, +5")).toEqual([
      [-5, "", ""],
      [-5, "", ""],
      [-5, "$", ""],
      [-5, "$", ""],
      [5, "", ""],
    ]);
  });

  it("reads thousands, decimals, a leading point and exponents", () => {
    expect(read("1,234,567 1,23 .25 0.5 2E-2 1e+2 3e2")).toEqual([
      [1234567, "", ""],
      [1, "", ""],
      [23, "", ""],
      [0.25, "", ""],
      [0.5, "", ""],
      [0.02, "", ""],
      [100, "", ""],
      [300, "", ""],
    ]);
  });

  it("takes a mark after the number, with or without a space", () => {
    expect(read("5 % 6€ 7 £ 8¥ 9$")).toEqual([
      [5, "%", ""],
      [6, "€", ""],
      [7, "£", ""],
      [8, "¥", ""],
      [9, "$", ""],
    ]);
  });

  it("takes the word after as a unit, but no connective, and for money only a rate word", () => {
    expect(read("5kg, 6 µm, 7 m/s, 8 or 9 to 10 and 11 vs 12 versus 13 nor 14 maybe 15 perhaps")).toEqual([
      [5, "", "kg"],
      [6, "", "µm"],
      [7, "", "m/s"],
      [8, "", ""],
      [9, "", ""],
      [10, "", ""],
      [11, "", ""],
      [12, "", ""],
      [13, "", ""],
      [14, "", ""],
      [15, "", ""],
    ]);
    expect(read("$1 per $2 apiece $3 a $4 an $5 every $6 average $7 apples $8 each 9% more")).toEqual([
      [1, "$", "per"],
      [2, "$", "apiece"],
      [3, "$", "a"],
      [4, "$", "an"],
      [5, "$", "every"],
      [6, "$", "average"],
      [7, "$", ""],
      [8, "$", "each"],
      [9, "%", "more"],
    ]);
    expect(read("5  kg")).toEqual([[5, "", ""]]);
  });

  it("skips digits that are part of a name, a date, a time or a fraction", () => {
    // "5.a": no digit after the point, so a number, and "." is no unit.
    expect(read("A#5 x5 _5 a-5 a.5 a/5 a:5 5.a")).toEqual([[5, "", ""]]);
    expect(read("#5 (5) 5-6 5/6 5:6 5.6.7")).toEqual([
      [5, "", ""],
      [5, "", ""],
    ]);
  });
});

describe("sameQuantity", () => {
  const same = (text: string, swap = false) => {
    const [a, b] = numberMentions(text) as [NumberMention, NumberMention];
    return swap ? sameQuantity(text, b, a) : sameQuantity(text, a, b);
  };

  it("takes the same mark and unit as one quantity", () => {
    expect(same("5 kg then 6 kg")).toBe(true);
    expect(same("5 kg then 6 lb")).toBe(false);
    expect(same("5% then 6")).toBe(false);
    // The same unit (none) with another mark is another quantity.
    expect(same("$5 then 6")).toBe(false);
  });

  it("takes numbers joined by a hedge or a range as one quantity, in either order", () => {
    for (const join of [
      ",",
      ";",
      "/",
      "~",
      " - ",
      "\u2013",
      "\u2014",
      "or",
      "to",
      "and",
      "or maybe",
      "or perhaps",
      "or about",
      ", or",
      "and about",
      "OR",
    ]) {
      expect(same(`$46 ${join} 47 units`), join).toBe(true);
      expect(same(`$46 ${join} 47 units`, true), join).toBe(true);
    }
    expect(same("$46 47 units")).toBe(true);
    expect(same("12 % or 13 units")).toBe(true);
    expect(same("$46% or 47 units")).toBe(true);
    expect(same("$46 then 47 units")).toBe(false);
    expect(same("$46 then 47 units", true)).toBe(false);
    expect(same("$46 or about then 47 units")).toBe(false);
    // A percent sign is dropped only right after the first number.
    expect(same("$46 % or 47 units")).toBe(true);
    expect(same("$46 or % 47 units")).toBe(false);
  });
});

describe("hedged", () => {
  it("finds the value right after 'or' or 'either', or right before 'or'", () => {
    expect(hedged(textWords("finance or support"), ["support"])).toBe(true);
    expect(hedged(textWords("finance or support"), ["finance"])).toBe(true);
    expect(hedged(textWords("either support, or not"), ["support"])).toBe(true);
    expect(hedged(textWords("support and finance"), ["support"])).toBe(false);
    expect(hedged(textWords("or so, support"), ["support"])).toBe(false);
    expect(hedged(textWords("support it, or not"), ["support"])).toBe(false);
    // Any place counts: the second "support" stands in a hedge.
    expect(hedged(textWords("support. finance or support"), ["support"])).toBe(true);
    expect(hedged(textWords("x y or z"), ["x", "y"])).toBe(true);
  });
});

describe("holdsJsonData", () => {
  it("finds an object with a key or a list of two values, wherever it starts", () => {
    expect(holdsJsonData('{"a": 1}')).toBe(true);
    expect(holdsJsonData("[1, 2]")).toBe(true);
    expect(holdsJsonData("[[1], [2]]")).toBe(true);
    expect(holdsJsonData('[1] then {"a": {"b": [1]}}')).toBe(true);
    expect(holdsJsonData("{ not json } [1, 2]")).toBe(true);
  });

  it("skips brackets and escaped quotes inside strings", () => {
    expect(holdsJsonData('{"a": "]}\\"}"}')).toBe(true);
    expect(holdsJsonData('["]", "["]')).toBe(true);
  });

  it("finds no data in an empty object, one value, or unclosed brackets", () => {
    expect(holdsJsonData("{}")).toBe(false);
    expect(holdsJsonData("[]")).toBe(false);
    expect(holdsJsonData("[1]")).toBe(false);
    expect(holdsJsonData('["a"')).toBe(false);
    expect(holdsJsonData("[1, 2")).toBe(false);
    expect(holdsJsonData("")).toBe(false);
  });
});
