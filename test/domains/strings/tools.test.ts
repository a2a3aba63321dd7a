import { describe, expect, it } from "vitest";
import { strings } from "../../../src/domains/strings/tools.js";
import { harness, toolOf } from "../harness.js";

const st = () => harness(strings, {});

describe("strings state", () => {
  it("is empty, and refuses anything else", () => {
    expect(strings.state.parse({})).toEqual({});
    expect(strings.state.safeParse({ buffer: "" }).success).toBe(false);
  });
});

describe("reverse_string", () => {
  it("reverses characters, keeping emoji whole", () => {
    expect(st().call("reverse_string", { text: "héllo 👋" })).toEqual({ result: "👋 olléh", length: 7 });
    expect(st().call("reverse_string", { text: "" })).toEqual({ result: "", length: 0 });
  });

  it("reverses words, collapsing whitespace", () => {
    expect(st().call("reverse_string", { text: " one two\n three ", unit: "words" })).toEqual({
      result: "three two one",
      length: 13,
    });
  });
});

describe("change_case", () => {
  it.each([
    ["upper", "straße", "STRASSE"],
    ["lower", "Hello WORLD", "hello world"],
    ["title", "the qUICK  brown-fox", "The Quick  Brown-fox"],
    ["sentence", "hELLO World", "Hello world"],
    ["snake", "userID from XMLParser", "user_id_from_xml_parser"],
    ["kebab", "Hello, World 2026!", "hello-world-2026"],
    ["camel", "first_name value", "firstNameValue"],
    ["pascal", "order-total amount", "OrderTotalAmount"],
    ["snake", "  ", ""],
  ])("%s: %j → %j", (to, text, result) => {
    expect(st().call("change_case", { text, case: to })).toEqual({ result });
  });

  it("refuses an unknown case in its schema", () => {
    expect(toolOf(strings, "change_case").input.safeParse({ text: "a", case: "shouty" }).success).toBe(false);
  });
});

describe("analyze_text", () => {
  it("counts the parts of a text", () => {
    expect(st().call("analyze_text", { text: "Hello, hello world!\nIt is 2026.\n" })).toEqual({
      characters: 32,
      letters: 19,
      digits: 4,
      whitespace: 6,
      words: 6,
      unique_words: 5,
      lines: 2,
      is_palindrome: false,
    });
  });

  it("recognizes palindromes, ignoring case, spaces and punctuation", () => {
    expect(st().call("analyze_text", { text: "A man, a plan, a canal: Panama" }).is_palindrome).toBe(true);
    expect(st().call("analyze_text", { text: "Été" }).is_palindrome).toBe(true);
    expect(st().call("analyze_text", { text: "?!" }).is_palindrome).toBe(false);
  });

  it("counts an empty text as nothing", () => {
    expect(st().call("analyze_text", { text: "" })).toEqual({
      characters: 0,
      letters: 0,
      digits: 0,
      whitespace: 0,
      words: 0,
      unique_words: 0,
      lines: 0,
      is_palindrome: false,
    });
  });
});

describe("find_occurrences", () => {
  it("finds non-overlapping occurrences at character positions", () => {
    expect(st().call("find_occurrences", { text: "aaaa", substring: "aa" })).toEqual({
      count: 2,
      positions: [0, 2],
    });
    expect(st().call("find_occurrences", { text: "👋 banana", substring: "an" })).toEqual({
      count: 2,
      positions: [3, 5],
    });
    expect(st().call("find_occurrences", { text: "abc", substring: "x" })).toEqual({
      count: 0,
      positions: [],
    });
  });

  it("optionally ignores case", () => {
    expect(st().call("find_occurrences", { text: "Ab ab AB", substring: "ab" }).count).toBe(1);
    expect(
      st().call("find_occurrences", { text: "Ab ab AB", substring: "ab", ignore_case: true }).positions,
    ).toEqual([0, 3, 6]);
  });

  it("refuses an empty substring in its schema", () => {
    expect(toolOf(strings, "find_occurrences").input.safeParse({ text: "a", substring: "" }).success).toBe(
      false,
    );
  });
});

describe("replace_substring", () => {
  it("replaces every occurrence, or the first few", () => {
    expect(
      st().call("replace_substring", { text: "colour, Colour", find: "colour", replace: "color" }),
    ).toEqual({
      result: "color, Colour",
      replacements: 1,
    });
    expect(
      st().call("replace_substring", {
        text: "colour, Colour",
        find: "colour",
        replace: "color",
        ignore_case: true,
      }),
    ).toEqual({ result: "color, color", replacements: 2 });
    expect(
      st().call("replace_substring", { text: "a-b-c-d", find: "-", replace: "", max_replacements: 2 }),
    ).toEqual({ result: "abc-d", replacements: 2 });
    expect(st().call("replace_substring", { text: "abc", find: "x", replace: "y" })).toEqual({
      result: "abc",
      replacements: 0,
    });
  });

  it("fails when the result would be too long", () => {
    const error = st().fail(
      "replace_substring",
      { text: "a".repeat(100_000), find: "a", replace: "b".repeat(20) },
      "INVALID_ARGUMENT",
    );
    expect(error.message).toMatch(
      /would be 2000000 characters, over the limit of 1000000; work on a shorter text/,
    );
  });
});

describe("split_string", () => {
  it("splits at a separator", () => {
    expect(st().call("split_string", { text: "a, b,,c" })).toEqual({ parts: ["a", " b", "", "c"], count: 4 });
    expect(st().call("split_string", { text: "a, b,,c", trim: true, remove_empty: true })).toEqual({
      parts: ["a", "b", "c"],
      count: 3,
    });
    expect(st().call("split_string", { text: "k=v=w", separator: "=", max_parts: 2 })).toEqual({
      parts: ["k", "v=w"],
      count: 2,
    });
  });

  it("splits into characters with an empty separator", () => {
    expect(st().call("split_string", { text: "a👋b", separator: "" })).toEqual({
      parts: ["a", "👋", "b"],
      count: 3,
    });
    expect(st().call("split_string", { text: "abcd", separator: "", max_parts: 2 }).parts).toEqual([
      "a",
      "bcd",
    ]);
    expect(st().call("split_string", { text: "", separator: "" })).toEqual({ parts: [], count: 0 });
  });
});

describe("join_strings", () => {
  it("joins with a separator", () => {
    expect(st().call("join_strings", { parts: ["2026", "12", "03"], separator: "-" })).toEqual({
      result: "2026-12-03",
      length: 10,
    });
    expect(st().call("join_strings", { parts: ["a", "👋"] })).toEqual({ result: "a👋", length: 2 });
  });

  it("fails when the result would be too long, and refuses no parts in its schema", () => {
    const parts = Array.from({ length: 11 }, () => "x".repeat(100_000));
    expect(st().fail("join_strings", { parts }, "INVALID_ARGUMENT").message).toMatch(
      /over the limit of 1000000/,
    );
    expect(toolOf(strings, "join_strings").input.safeParse({ parts: [] }).success).toBe(false);
  });
});

describe("extract_substring", () => {
  it("extracts by character positions, capping end", () => {
    expect(st().call("extract_substring", { text: "hello", start: 1, end: 3 })).toEqual({
      result: "el",
      start: 1,
      end: 3,
      length: 2,
    });
    expect(st().call("extract_substring", { text: "👋hello", start: 1 })).toEqual({
      result: "hello",
      start: 1,
      end: 6,
      length: 5,
    });
    expect(st().call("extract_substring", { text: "abc", start: 3, end: 10 })).toEqual({
      result: "",
      start: 3,
      end: 3,
      length: 0,
    });
  });

  it("fails when start is past the end or end is before start", () => {
    expect(st().fail("extract_substring", { text: "abc", start: 4 }, "INVALID_ARGUMENT").message).toMatch(
      /start 4 is past the end of the text, which has 3 characters; give start ≤ 3/,
    );
    expect(
      st().fail("extract_substring", { text: "abc", start: 2, end: 1 }, "INVALID_ARGUMENT").message,
    ).toMatch(/end 1 is before start 2; give an end at or after start/);
    expect(toolOf(strings, "extract_substring").input.safeParse({ text: "a", start: -1 }).success).toBe(
      false,
    );
  });
});

describe("strings as a whole", () => {
  it("has only read-only tools", () => {
    for (const t of strings.tools) expect(t.readOnly).toBe(true);
  });

  it("composes: a result field feeds the next call", () => {
    const h = st();
    const { parts } = h.call("split_string", { text: "ada lovelace", separator: " " });
    const { result } = h.call("join_strings", { parts: parts.reverse(), separator: ", " });
    expect(h.call("change_case", { text: result, case: "title" }).result).toBe("Lovelace, Ada");
  });

  it("is deterministic: the same calls give the same results", () => {
    const run = () => {
      const h = st();
      return [
        h.call("change_case", { text: "Hello World", case: "snake" }),
        h.call("analyze_text", { text: "Never odd or even" }),
        h.call("replace_substring", { text: "aXbXc", find: "x", replace: "-", ignore_case: true }),
        h.fail("extract_substring", { text: "", start: 1 }, "INVALID_ARGUMENT").message,
      ];
    };
    expect(run()).toEqual(run());
  });
});
