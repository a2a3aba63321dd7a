import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { dataFormat } from "../../../src/domains/data-format/tools.js";
import { harness, toolOf } from "../harness.js";

const df = () => harness(dataFormat, {});

const CSV =
  'name,age,city,zip,member\nAda,36,"London, UK",007,true\n"Lovelace, ""Ada""",,Paris,75001,false\n';

describe("data_format state", () => {
  it("is empty, and refuses anything else", () => {
    expect(dataFormat.state.parse({})).toEqual({});
    expect(dataFormat.state.safeParse({ cache: {} }).success).toBe(false);
  });
});

describe("csv_to_json", () => {
  it("parses quoted fields and infers types, keeping leading zeros as text", () => {
    const rows = [
      { name: "Ada", age: 36, city: "London, UK", zip: "007", member: true },
      { name: 'Lovelace, "Ada"', age: null, city: "Paris", zip: 75001, member: false },
    ];
    expect(df().call("csv_to_json", { csv: CSV })).toEqual({
      rows,
      columns: ["name", "age", "city", "zip", "member"],
      row_count: 2,
      json: JSON.stringify(rows),
    });
  });

  it("keeps every value a string without infer_types", () => {
    expect(df().call("csv_to_json", { csv: "a,b\n1,\n", infer_types: false }).rows).toEqual([
      { a: "1", b: "" },
    ]);
  });

  it("names columns without a header, and takes other delimiters, CRLF and blank lines", () => {
    expect(df().call("csv_to_json", { csv: "1;x\r\n\r\n2;y", delimiter: ";", header: false })).toEqual({
      rows: [
        { column_1: 1, column_2: "x" },
        { column_1: 2, column_2: "y" },
      ],
      columns: ["column_1", "column_2"],
      row_count: 2,
      json: '[{"column_1":1,"column_2":"x"},{"column_1":2,"column_2":"y"}]',
    });
    expect(df().call("csv_to_json", { csv: "a\tb\nx y\t-1.5e3\n", delimiter: "\t" }).rows).toEqual([
      { a: "x y", b: -1500 },
    ]);
  });

  it("keeps line breaks inside quoted fields, and gives a header alone no rows", () => {
    expect(df().call("csv_to_json", { csv: 'note\n"two\nlines"\n' }).rows).toEqual([{ note: "two\nlines" }]);
    expect(df().call("csv_to_json", { csv: "a,b\n" })).toMatchObject({ rows: [], row_count: 0, json: "[]" });
  });

  it.each([
    ['a,b\n1,"2\n3,4\n', /malformed at line 2: a quoted field is never closed; end it with a "/],
    [
      'a,b\n1,"2"x\n',
      /malformed at line 2: unexpected "x" after a closing quote; write a quote inside a quoted field as ""/,
    ],
    ['a,b\n1,2"3\n', /malformed at line 2: a quote inside an unquoted field; quote the whole field/],
    [
      "a,b\n1,2\n3\n",
      /malformed at line 3: it has 1 fields but there are 2 columns; quote fields that contain/,
    ],
    ['a,b\n"x\ny",1,2\n', /malformed at line 2: it has 3 fields/],
    ["a,,c\n1,2,3\n", /column 2 of the header \(line 1\) has no name; name every column/],
    ["a,b,a\n1,2,3\n", /names column "a" twice; give columns distinct names/],
    ["\n\n", /the CSV has no lines; give at least a header line/],
  ])("fails on malformed CSV %j, naming the line", (csv, message) => {
    expect(df().fail("csv_to_json", { csv }, "INVALID_ARGUMENT").message).toMatch(message);
  });

  it("refuses an unknown delimiter and empty text in its schema", () => {
    const input = toolOf(dataFormat, "csv_to_json").input;
    expect(input.safeParse({ csv: "a", delimiter: ":" }).success).toBe(false);
    expect(input.safeParse({ csv: "" }).success).toBe(false);
  });
});

describe("json_to_csv", () => {
  it("writes a header and quotes only where needed", () => {
    const json = JSON.stringify([
      { name: "Ada", note: 'says "hi", twice', n: 1.5 },
      { name: "Alan", tags: ["a", "b"], ok: true, n: null },
    ]);
    expect(df().call("json_to_csv", { json })).toEqual({
      csv: 'name,note,n,tags,ok\nAda,"says ""hi"", twice",1.5,,\nAlan,,,"[""a"",""b""]",true\n',
      columns: ["name", "note", "n", "tags", "ok"],
      row_count: 2,
    });
  });

  it("takes a single object, chosen columns and another delimiter", () => {
    expect(
      df().call("json_to_csv", { json: '{"a": 1, "b": "x;y"}', delimiter: ";", columns: ["b", "a"] }),
    ).toEqual({
      csv: 'b;a\n"x;y";1\n',
      columns: ["b", "a"],
      row_count: 1,
    });
  });

  it("writes an empty array as nothing, or as the header of the columns asked for", () => {
    expect(df().call("json_to_csv", { json: "[]" })).toEqual({ csv: "", columns: [], row_count: 0 });
    expect(df().call("json_to_csv", { json: "[]", columns: ["a", "b"] })).toEqual({
      csv: "a,b\n",
      columns: ["a", "b"],
      row_count: 0,
    });
  });

  it("round-trips with csv_to_json", () => {
    const h = df();
    const { json } = h.call("csv_to_json", { csv: CSV });
    expect(h.call("json_to_csv", { json }).csv).toBe(CSV);
  });

  it("fails on invalid JSON with its line and column", () => {
    expect(df().fail("json_to_csv", { json: '[{"a": 1},\n {"a": 2,}]' }, "INVALID_ARGUMENT").message).toBe(
      'json is not valid JSON: line 2, column 10: expected a property name in double quotes but found "}"; ' +
        "fix the text there and call again",
    );
  });

  it("fails on something that is not an array of objects, or an absent column", () => {
    expect(df().fail("json_to_csv", { json: '[{"a": 1}, 2]' }, "INVALID_ARGUMENT").message).toMatch(
      /array of objects, but item 1 is number; give one object per row/,
    );
    expect(df().fail("json_to_csv", { json: '"text"' }, "INVALID_ARGUMENT").message).toMatch(
      /but it is string/,
    );
    expect(
      df().fail("json_to_csv", { json: '[{"a": 1}]', columns: ["b"] }, "INVALID_ARGUMENT").message,
    ).toMatch(/no object has a key "b"; choose columns among a/);
  });
});

describe("json_to_yaml and yaml_to_json", () => {
  it("converts JSON to YAML 1.2", () => {
    const json = '{"name": "Ada", "langs": ["en", "fr"], "born": 1815, "active": false, "note": "yes: no"}';
    const { yaml } = df().call("json_to_yaml", { json });
    expect(yaml).toBe('name: Ada\nlangs:\n  - en\n  - fr\nborn: 1815\nactive: false\nnote: "yes: no"\n');
    expect(YAML.parse(yaml)).toEqual(JSON.parse(json));
  });

  it("converts YAML to JSON, keeping yes and dates as text", () => {
    expect(df().call("yaml_to_json", { yaml: "a: 1\nb: [x, yes]\nc: 2026-12-03\nd: ~\n" })).toEqual({
      value: { a: 1, b: ["x", "yes"], c: "2026-12-03", d: null },
      json: '{"a":1,"b":["x","yes"],"c":"2026-12-03","d":null}',
      type: "object",
    });
    expect(df().call("yaml_to_json", { yaml: "# nothing\n" })).toEqual({
      value: null,
      json: "null",
      type: "null",
    });
    expect(df().call("yaml_to_json", { yaml: "- 1\n- 2\n" }).type).toBe("array");
  });

  it("round-trips", () => {
    const h = df();
    const json = '{"rows":[{"id":1,"tags":[]},{"id":2,"tags":["a"]}],"empty":{},"text":"multi\\nline"}';
    const { yaml } = h.call("json_to_yaml", { json });
    expect(h.call("yaml_to_json", { yaml }).json).toBe(json);
  });

  it("fails on invalid JSON", () => {
    expect(df().fail("json_to_yaml", { json: "{'a': 1}" }, "INVALID_ARGUMENT").message).toMatch(
      /line 1, column 2: expected a property name in double quotes/,
    );
  });

  it.each([
    ["a: [1,\nb: 2", /malformed at line \d+, column \d+: .+; fix the text there/],
    ["a: 1\na: 2\n", /malformed at line 2, column 1: Map keys must be unique/],
    ["a: 1\n---\nb: 2\n", /holds 2 documents \(separated by ---\); give one document per call/],
    ["a: .inf\n", /\.inf or \.nan, which JSON cannot represent/],
  ])("fails on YAML %j", (yaml, message) => {
    expect(df().fail("yaml_to_json", { yaml }, "INVALID_ARGUMENT").message).toMatch(message);
  });

  it("refuses alias bombs", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    expect(df().fail("yaml_to_json", { yaml: lines.join("\n") }, "INVALID_ARGUMENT").message).toMatch(
      /expands aliases \(\*name\) too many times/,
    );
  });
});

describe("format_json", () => {
  it("pretty-prints, compacts and sorts keys", () => {
    const json = '{ "b": 1, "a": { "d": [1, 2], "c": null } }';
    expect(df().call("format_json", { json })).toEqual({
      json: '{\n  "b": 1,\n  "a": {\n    "d": [\n      1,\n      2\n    ],\n    "c": null\n  }\n}',
      characters: 75,
    });
    expect(df().call("format_json", { json, indent: 0, sort_keys: true })).toEqual({
      json: '{"a":{"c":null,"d":[1,2]},"b":1}',
      characters: 32,
    });
  });

  it("fails on invalid JSON", () => {
    expect(df().fail("format_json", { json: "[1, 2" }, "INVALID_ARGUMENT").message).toMatch(
      /line 1, column 6: expected ',' or '\]' after an array item but found the end of the text/,
    );
  });
});

describe("validate_json", () => {
  it("accepts valid JSON and names its type", () => {
    expect(df().call("validate_json", { text: ' {"a": [1, -2.5e3, "\\u00e9"]} ' })).toEqual({
      valid: true,
      type: "object",
      error: null,
      line: null,
      column: null,
    });
    expect(df().call("validate_json", { text: "null" }).type).toBe("null");
  });

  it.each([
    ["", 1, 1, /expected a value/],
    ['{"a": 1,}', 1, 9, /expected a property name/],
    ['{"a" 1}', 1, 6, /expected ':' after a property name/],
    ["[1 2]", 1, 4, /expected ',' or '\]'/],
    ['{\n  "a": tru\n}', 2, 8, /expected a value/],
    ["01", 1, 2, /malformed number/],
    ["1.", 1, 2, /malformed number/],
    ['"abc', 1, 1, /string is never closed/],
    ['"a\tb"', 1, 3, /control character/],
    ['"\\x"', 1, 2, /invalid escape \\x/],
    ['"\\u12"', 1, 2, /4 hex digits/],
    ["1e999", 1, 1, /too large/],
    ["{} []", 1, 4, /unexpected "\[" after the end of the JSON value/],
    ["// comment\n1", 1, 1, /expected a value/],
  ])("reports %j as invalid at line %d, column %d", (text, line, column, error) => {
    const result = df().call("validate_json", { text });
    expect(result).toMatchObject({ valid: false, type: null, line, column });
    expect(result.error).toMatch(error);
  });

  it("refuses nesting deeper than 256 levels", () => {
    expect(df().call("validate_json", { text: `${"[".repeat(300)}${"]".repeat(300)}` }).error).toMatch(
      /nesting deeper than 256/,
    );
  });
});

describe("extract_json_value", () => {
  const json = '{"users": [{"name": "Ada", "langs": ["en"]}, {"name": "Alan", "age": null}], "2026": true}';

  it.each([
    ["users[1].name", "Alan", "string"],
    ["users.0.langs", ["en"], "array"],
    ["$.users[0].langs[0]", "en", "string"],
    ["users[1].age", null, "null"],
    ["2026", true, "boolean"],
    ["$", JSON.parse(json), "object"],
  ])("reads %s", (path, value, type) => {
    expect(df().call("extract_json_value", { json, path })).toEqual({ path, value, type });
  });

  it("fails on a missing part of the path, saying what is there", () => {
    expect(df().fail("extract_json_value", { json, path: "users[2].name" }, "NOT_FOUND").message).toBe(
      "$.users has 2 items, so there is no [2]; use an index below 2",
    );
    expect(df().fail("extract_json_value", { json, path: "users[0].email" }, "NOT_FOUND").message).toBe(
      '$.users[0] has no "email": its keys are name, langs; correct the path',
    );
    expect(
      df().fail("extract_json_value", { json, path: "users[0].name.first" }, "NOT_FOUND").message,
    ).toMatch(/has no "first": it is string/);
  });

  it("fails on invalid JSON, and refuses a malformed path in its schema", () => {
    df().fail("extract_json_value", { json: "{", path: "a" }, "INVALID_ARGUMENT");
    const input = toolOf(dataFormat, "extract_json_value").input;
    for (const path of ["", "a..b", ".a", "a[x]", "a[0"])
      expect(input.safeParse({ json, path }).success).toBe(false);
  });
});

describe("data_format as a whole", () => {
  it("has only read-only tools", () => {
    for (const t of dataFormat.tools) expect(t.readOnly).toBe(true);
  });

  it("is deterministic: the same calls give the same results", () => {
    const run = () => {
      const h = df();
      const { json } = h.call("csv_to_json", { csv: CSV });
      return [
        json,
        h.call("json_to_yaml", { json }),
        h.call("format_json", { json, sort_keys: true }),
        h.call("extract_json_value", { json, path: "[1].zip" }),
        h.fail("csv_to_json", { csv: 'a\n"' }, "INVALID_ARGUMENT").message,
      ];
    };
    expect(run()).toEqual(run());
  });
});
