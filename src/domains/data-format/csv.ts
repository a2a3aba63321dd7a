import type { JsonValue } from "../../json.js";

/**
 * A small strict CSV reader and writer (RFC 4180 with a choice of delimiter), shared by the
 * data_format, data_management and data_generation domains. Strict: a stray quote or an
 * unterminated quoted field is an error naming its line, never silently repaired.
 */

export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
    this.line = line;
  }
}

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted field may span lines). */
  readonly line: number;
  readonly fields: string[];
}

/** Splits CSV text into records. Blank lines are skipped; CRLF and LF both end a line. */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    if (text[i] === "\n" || text[i] === "\r") {
      i += text.startsWith("\r\n", i) ? 2 : 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          if (i >= text.length) {
            throw new CsvSyntaxError(opened, 'a quoted field is never closed; end it with a "');
          }
          const ch = text[i] as string;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === "\n") line++;
          field += ch;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
          throw new CsvSyntaxError(
            line,
            `unexpected ${JSON.stringify(next)} after a closing quote; write a quote inside a quoted field as ""`,
          );
        }
      } else {
        while (i < text.length && text[i] !== delimiter && text[i] !== "\n" && text[i] !== "\r") {
          if (text[i] === '"') {
            throw new CsvSyntaxError(
              line,
              'a quote inside an unquoted field; quote the whole field and double the quote ("")',
            );
          }
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] !== delimiter) break;
      i++;
    }
    records.push({ line: start, fields });
  }
  return records;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A CSV field as a JSON value: decimal numbers without leading zeros become numbers (so "007"
 * stays a string), true/false become booleans, an empty field becomes null.
 */
export function inferCell(field: string): JsonValue {
  if (field === "") return null;
  if (field === "true") return true;
  if (field === "false") return false;
  if (NUMBER.test(field)) {
    const n = Number(field);
    if (Number.isFinite(n)) return n;
  }
  return field;
}

function cellText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function quote(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * CSV text with a header line: null and missing values are empty fields, objects and arrays
 * their JSON text; fields are quoted only when they must be. Lines end with \n, the last too.
 */
export function writeCsv(
  columns: readonly string[],
  rows: readonly Record<string, JsonValue>[],
  delimiter: string,
): string {
  const line = (cells: readonly string[]): string =>
    `${cells.map((c) => quote(c, delimiter)).join(delimiter)}\n`;
  return line(columns) + rows.map((row) => line(columns.map((c) => cellText(row[c])))).join("");
}

/** The keys of the rows in order of first appearance. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
