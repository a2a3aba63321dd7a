import YAML from "yaml";
import { z } from "zod";
import { isJsonObject, type JsonObject, type JsonValue } from "../../json.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import { CsvSyntaxError, columnsOf, inferCell, parseCsv, writeCsv } from "./csv.js";
import { JsonSyntaxError, parseJsonText } from "./json-text.js";

/** Longest text accepted or produced: results are sent to the agent and recorded. */
const MAX_TEXT = 1_000_000;

// Stateless: every tool is a pure function of its arguments.
export const dataFormatStateSchema = z.strictObject({});
export type DataFormatState = z.infer<typeof dataFormatStateSchema>;

const delimiterArg = z
  .enum([",", ";", "\t", "|"])
  .default(",")
  .describe('Field delimiter: ",", ";", "\\t" (tab) or "|". Default ",".');
const jsonArg = (what: string) =>
  z.string().min(1).max(MAX_TEXT).describe(`${what}, as JSON text (e.g. the json field of csv_to_json).`);

const row = z.record(z.string(), z.json());
const count = z.number().int().nonnegative();

function readJson(text: string, what = "json"): JsonValue {
  try {
    return parseJsonText(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${what} is not valid JSON: ${error.message}; fix the text there and call again`,
    );
  }
}

function requireSize(text: string, what: string): string {
  if (text.length > MAX_TEXT) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `the ${what} would be ${text.length} characters, over the limit of ${MAX_TEXT}; convert the data in smaller parts`,
    );
  }
  return text;
}

function typeName(value: JsonValue): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function tool<A extends z.ZodObject>(spec: DomainTool<DataFormatState, A>): DomainTool<DataFormatState> {
  return defineTool(spec);
}

const csvToJson = tool({
  name: "csv_to_json",
  description:
    "Parses CSV text (RFC 4180: fields containing the delimiter, quotes or line breaks are quoted, a quote " +
    "inside is doubled) into rows. With header (default) the first line names the columns; without, columns " +
    "are column_1, column_2... With infer_types (default) decimal numbers without leading zeros become numbers, " +
    "true/false booleans and empty fields null; otherwise every value is a string. Blank lines are skipped. " +
    "Returns { rows: [{ column: value }], columns, row_count, json } where json is the rows as compact JSON text. " +
    "Errors: INVALID_ARGUMENT if the CSV is malformed (an unclosed quote, a stray quote, a line whose field " +
    "count differs from the header's: the message names the line), has no lines, or its header has an empty " +
    "or repeated column name.",
  input: z.strictObject({
    csv: z.string().min(1).max(MAX_TEXT).describe("The CSV text, e.g. name,age\\nAda,36\\n."),
    delimiter: delimiterArg,
    header: z.boolean().default(true).describe("Whether the first line names the columns. Default true."),
    infer_types: z
      .boolean()
      .default(true)
      .describe(
        "Turn numbers, true/false and empty fields into JSON numbers, booleans and null. Default true.",
      ),
  }),
  output: z.strictObject({
    rows: z.array(row),
    columns: z.array(z.string()),
    row_count: count,
    json: z.string(),
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    let records: ReturnType<typeof parseCsv>;
    try {
      records = parseCsv(args.csv, args.delimiter);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      throw new DomainError("INVALID_ARGUMENT", `the CSV is malformed at ${error.message}`);
    }
    const first = records[0];
    if (!first)
      throw new DomainError("INVALID_ARGUMENT", "the CSV has no lines; give at least a header line");
    const columns = args.header ? first.fields : first.fields.map((_, i) => `column_${i + 1}`);
    const blank = columns.findIndex((c) => c.trim() === "");
    if (blank >= 0) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `column ${blank + 1} of the header (line ${first.line}) has no name; name every column`,
      );
    }
    const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
    if (repeated !== undefined) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `the header (line ${first.line}) names column ${JSON.stringify(repeated)} twice; give columns distinct names`,
      );
    }
    const rows = (args.header ? records.slice(1) : records).map((record) => {
      if (record.fields.length !== columns.length) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          `the CSV is malformed at line ${record.line}: it has ${record.fields.length} fields but there are ` +
            `${columns.length} columns; quote fields that contain the delimiter`,
        );
      }
      const out: Record<string, JsonValue> = {};
      columns.forEach((c, i) => {
        const field = record.fields[i] ?? "";
        out[c] = args.infer_types ? inferCell(field) : field;
      });
      return out;
    });
    const json = requireSize(JSON.stringify(rows), "json");
    return { rows, columns, row_count: rows.length, json };
  },
});

const jsonToCsv = tool({
  name: "json_to_csv",
  description:
    "Writes an array of JSON objects as CSV text with a header line (a single object is one row). Columns are " +
    "the given ones in that order, or every key in order of first appearance. null and missing values become " +
    "empty fields, nested objects and arrays their JSON text; fields are quoted only when needed, and lines end " +
    "with \\n. Returns { csv, columns, row_count }. Errors: INVALID_ARGUMENT if json is not valid JSON (the " +
    "message gives the line and column), is not an array of objects (it names the first item that is not), or " +
    "a requested column appears in no object.",
  input: z.strictObject({
    json: jsonArg("The rows: an array of objects"),
    delimiter: delimiterArg,
    columns: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("The columns to write, in this order. Default: every key, in order of first appearance."),
  }),
  output: z.strictObject({ csv: z.string(), columns: z.array(z.string()), row_count: count }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    const value = readJson(args.json);
    const items = Array.isArray(value) ? value : [value];
    const bad = items.findIndex((item) => !isJsonObject(item));
    if (bad >= 0) {
      const where = Array.isArray(value)
        ? `item ${bad} is ${typeName(items[bad] ?? null)}`
        : `it is ${typeName(value)}`;
      throw new DomainError(
        "INVALID_ARGUMENT",
        `json must be an array of objects, but ${where}; give one object per row`,
      );
    }
    const rows = items as JsonObject[];
    const all = columnsOf(rows);
    // With no rows there is nothing to check the columns against: they make the header alone.
    const missing = rows.length > 0 ? args.columns?.find((c) => !all.includes(c)) : undefined;
    if (missing !== undefined) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `no object has a key ${JSON.stringify(missing)}; choose columns among ${all.join(", ") || "(none)"}`,
      );
    }
    const columns = args.columns ?? all;
    // No columns at all (an empty array): no header line either.
    const csv = columns.length === 0 ? "" : requireSize(writeCsv(columns, rows, args.delimiter), "csv");
    return { csv, columns, row_count: rows.length };
  },
});

const jsonToYaml = tool({
  name: "json_to_yaml",
  description:
    "Converts JSON text to YAML 1.2 (block style, 2-space indent; strings quoted only where YAML needs it). " +
    "Returns { yaml }. Errors: INVALID_ARGUMENT if json is not valid JSON (the message gives the line and column).",
  input: z.strictObject({ json: jsonArg("The value to convert") }),
  output: z.strictObject({ yaml: z.string() }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    const yaml = YAML.stringify(readJson(args.json), { indent: 2, lineWidth: 0 });
    return { yaml: requireSize(yaml, "yaml") };
  },
});

const yamlToJson = tool({
  name: "yaml_to_json",
  description:
    "Parses one YAML 1.2 document (core schema: no dates, yes/no are strings) into JSON. Returns { value, json, " +
    "type }: the parsed value, the same as compact JSON text, and its type (object, array, string, number, " +
    "boolean or null; an empty document is null). Errors: INVALID_ARGUMENT if the YAML is malformed (the message " +
    "gives the line and column), holds several documents, or a value JSON cannot carry (.inf, .nan).",
  input: z.strictObject({
    yaml: z.string().max(MAX_TEXT).describe("The YAML text, e.g. name: Ada\\nage: 36\\n."),
  }),
  output: z.strictObject({
    value: z.json(),
    json: z.string(),
    type: z.enum(["object", "array", "string", "number", "boolean", "null"]),
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    const docs = YAML.parseAllDocuments(args.yaml);
    if (docs.length > 1) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `the YAML holds ${docs.length} documents (separated by ---); give one document per call`,
      );
    }
    const doc = docs[0];
    const problem = doc?.errors[0];
    if (problem) {
      const [line, column] = [problem.linePos?.[0].line ?? 1, problem.linePos?.[0].col ?? 1];
      const reason = (problem.message.split(" at line ")[0] ?? problem.code).trim();
      throw new DomainError(
        "INVALID_ARGUMENT",
        `the YAML is malformed at line ${line}, column ${column}: ${reason}; fix the text there and call again`,
      );
    }
    let value: JsonValue;
    try {
      value = (doc?.toJS({ maxAliasCount: 100 }) ?? null) as JsonValue;
    } catch {
      // The yaml package refuses alias expansions that would explode ("billion laughs").
      throw new DomainError(
        "INVALID_ARGUMENT",
        "the YAML expands aliases (*name) too many times; write the repeated values out or use fewer aliases",
      );
    }
    // JSON.stringify would turn Infinity and NaN into null silently: refuse them instead.
    if (hasNonFinite(value)) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        "the YAML holds .inf or .nan, which JSON cannot represent; write the value as a string or a finite number",
      );
    }
    return { value, json: requireSize(JSON.stringify(value), "json"), type: typeName(value) as "object" };
  },
});

function hasNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (isJsonObject(value)) return Object.values(value).some(hasNonFinite);
  return false;
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  // Code-unit order, the same everywhere (localeCompare is not).
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as JsonValue);
  return out;
}

const formatJson = tool({
  name: "format_json",
  description:
    "Re-formats JSON text: pretty-printed with the given indent, or compact with indent 0, optionally with " +
    "object keys sorted (by code point, at every depth). Returns { json, characters }. Errors: INVALID_ARGUMENT " +
    "if json is not valid JSON (the message gives the line and column).",
  input: z.strictObject({
    json: jsonArg("The JSON to format"),
    indent: z
      .number()
      .int()
      .min(0)
      .max(8)
      .default(2)
      .describe("Spaces per level, 0 to 8; 0 is compact. Default 2."),
    sort_keys: z.boolean().default(false).describe("Sort object keys at every depth. Default false."),
  }),
  output: z.strictObject({ json: z.string(), characters: count }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const value = readJson(args.json);
    const json = requireSize(
      JSON.stringify(args.sort_keys ? sortKeys(value) : value, null, args.indent || undefined),
      "json",
    );
    return { json, characters: json.length };
  },
});

const validateJson = tool({
  name: "validate_json",
  description:
    "Checks whether a text is valid JSON (RFC 8259, nothing lenient: no comments, trailing commas or single " +
    "quotes). Invalid JSON is a normal result, not an error. Returns { valid, type, error, line, column }: type " +
    "is the top-level type (object, array, string, number, boolean, null) when valid, else null; error, line " +
    "and column say what is wrong and where when invalid, else null.",
  input: z.strictObject({
    text: z.string().max(MAX_TEXT).describe('The text to check, e.g. {"a": 1}.'),
  }),
  output: z.strictObject({
    valid: z.boolean(),
    type: z.enum(["object", "array", "string", "number", "boolean", "null"]).nullable(),
    error: z.string().nullable(),
    line: z.number().int().positive().nullable(),
    column: z.number().int().positive().nullable(),
  }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    try {
      const value = parseJsonText(args.text);
      return { valid: true, type: typeName(value) as "object", error: null, line: null, column: null };
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      return { valid: false, type: null, error: error.reason, line: error.line, column: error.column };
    }
  },
});

/** `users[0].name`, `users.0.name` or `$.users[0]`: keys and array indexes. */
const PATH = /^(\$|\$?\[\d+\]|[^.[\]]+|\$\.[^.[\]]+)(\.[^.[\]]+|\[\d+\])*$/;

function pathSegments(path: string): string[] {
  const body = path.startsWith("$") ? path.slice(1) : path;
  return [...body.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? "");
}

const extractJsonValue = tool({
  name: "extract_json_value",
  description:
    "Reads the value at a path inside JSON text. A path is keys separated by dots with [n] for array items " +
    "(0-based), e.g. users[0].name; users.0.name and a leading $ also work, and $ alone is the whole value. " +
    "Returns { path, value, type } with type one of object, array, string, number, boolean, null. Errors: " +
    "INVALID_ARGUMENT if json is not valid JSON (the message gives the line and column); NOT_FOUND if the path " +
    "does not exist (the message names the part that is missing and what is there).",
  input: z.strictObject({
    json: jsonArg("The JSON to read"),
    path: z
      .string()
      .regex(PATH, "write the path as keys and [n] indexes, e.g. users[0].name")
      .describe("Where to read, e.g. users[0].name ($ for the whole value)."),
  }),
  output: z.strictObject({
    path: z.string(),
    value: z.json(),
    type: z.enum(["object", "array", "string", "number", "boolean", "null"]),
  }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    let current = readJson(args.json);
    let at = "$";
    for (const segment of pathSegments(args.path)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : undefined;
      if (Array.isArray(current) && index !== undefined) {
        if (index >= current.length) {
          throw new DomainError(
            "NOT_FOUND",
            `${at} has ${current.length} items, so there is no [${index}]; use an index below ${current.length}`,
          );
        }
        current = current[index] as JsonValue;
        at = `${at}[${index}]`;
      } else if (isJsonObject(current) && Object.hasOwn(current, segment)) {
        current = current[segment] as JsonValue;
        at = `${at}.${segment}`;
      } else {
        const keys = isJsonObject(current) ? Object.keys(current) : [];
        const there = isJsonObject(current)
          ? `its keys are ${keys.join(", ") || "(none)"}`
          : `it is ${typeName(current)}`;
        throw new DomainError(
          "NOT_FOUND",
          `${at} has no ${JSON.stringify(segment)}: ${there}; correct the path`,
        );
      }
    }
    return { path: args.path, value: current, type: typeName(current) as "object" };
  },
});

export const dataFormat = defineDomain({
  name: "data_format",
  category: "DataFormat",
  description:
    "Converts and inspects data formats: CSV, JSON and YAML. Stateless: every tool is a pure function.",
  state: dataFormatStateSchema,
  tools: [csvToJson, jsonToCsv, jsonToYaml, yamlToJson, formatJson, validateJson, extractJsonValue],
});
