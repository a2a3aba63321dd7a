import { z } from "zod";
import { DomainError } from "../shared/types.js";

/**
 * The tables of the data_management domain: their state schema and the checks and comparisons
 * its tools share. A table holds flat records keyed by one column; declaring `columns` gives it a
 * schema (unknown fields and wrong types are refused), leaving it null keeps it schemaless.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const identifier = (what: string) =>
  z
    .string()
    .regex(
      IDENTIFIER,
      `a ${what} starts with a letter or _, then letters, digits or _ (at most 64), e.g. order_id`,
    );

export const cellSchema = z.union([z.string(), z.number().finite(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof cellSchema>;
export type Row = Record<string, Cell>;

export const COLUMN_TYPES = ["string", "number", "boolean"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

const tableSchema = z.strictObject({
  key: identifier("column name")
    .default("id")
    .describe("The column whose value (a string or a number) identifies a record. Default id."),
  columns: z
    .record(identifier("column name"), z.enum(COLUMN_TYPES))
    .nullable()
    .default(null)
    .describe("Column types (string, number, boolean), or null (default) for a table that takes any fields."),
  rows: z
    .array(z.record(identifier("field name"), cellSchema))
    .default([])
    .describe("The records, in order."),
  readonly: z.boolean().default(false).describe("Whether tools may only read the table. Default false."),
  next_id: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe("Next id to mint for a record inserted without one; ids already taken are skipped. Default 1."),
});

export type Table = z.infer<typeof tableSchema>;

export const dataManagementStateSchema = z
  .strictObject({
    tables: z.record(identifier("table name"), tableSchema).default({}).describe("The tables, by name."),
  })
  .superRefine((state, ctx) => {
    for (const [name, table] of Object.entries(state.tables)) {
      const seen = new Set<string>();
      table.rows.forEach((row, i) => {
        const id = row[table.key];
        const path = ["tables", name, "rows", i];
        if (typeof id !== "string" && typeof id !== "number") {
          ctx.addIssue({
            code: "custom",
            path,
            message: `the record has no ${table.key}, its key (a string or number)`,
          });
        } else if (seen.has(String(id))) {
          ctx.addIssue({
            code: "custom",
            path,
            message: `${table.key} ${id} appears twice; keys must be unique`,
          });
        } else seen.add(String(id));
        const problem = fieldProblem(table, row);
        if (problem) ctx.addIssue({ code: "custom", path, message: problem });
      });
    }
  });

export type DataManagementState = z.infer<typeof dataManagementStateSchema>;

export function sameKey(a: Cell | undefined, b: string | number): boolean {
  return (typeof a === "string" || typeof a === "number") && String(a) === String(b);
}

function typeOf(value: Cell): string {
  return value === null ? "null" : typeof value;
}

/** Why the fields do not fit the table's declared columns, or undefined when they do. */
export function fieldProblem(table: Table, fields: Row): string | undefined {
  if (table.columns === null) return undefined;
  for (const [field, value] of Object.entries(fields)) {
    const type = table.columns[field];
    if (type === undefined) {
      if (field === table.key) continue;
      return `there is no column ${field}; the columns are ${knownColumns(table).join(", ")}`;
    }
    if (value !== null && typeof value !== type) {
      return `column ${field} holds ${type}s, not ${typeOf(value)} ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

/** The table's columns: the key first, then the declared ones, or else every field of its rows. */
export function knownColumns(table: Table): string[] {
  const names = new Set([table.key]);
  if (table.columns !== null) for (const c of Object.keys(table.columns)) names.add(c);
  else for (const row of table.rows) for (const c of Object.keys(row)) names.add(c);
  return [...names];
}

export function findTable(state: DataManagementState, name: string): Table {
  const table = state.tables[name];
  if (table && Object.hasOwn(state.tables, name)) return table;
  const names = Object.keys(state.tables).sort();
  const known = names.length > 0 ? `the tables are ${names.join(", ")}` : "there are no tables";
  throw new DomainError(
    "NOT_FOUND",
    `No table ${name}; ${known} (call list_tables, or create_table to make one)`,
  );
}

export function requireWritable(table: Table, name: string): void {
  if (table.readonly) {
    throw new DomainError(
      "PERMISSION_DENIED",
      `Table ${name} is read-only; copy the records you need into a new table (create_table, insert_record) and change that`,
    );
  }
}

/** Refuses a column the table does not have; a schemaless table with no rows yet has any column. */
export function requireColumn(table: Table, name: string, column: string): void {
  if (table.columns === null && table.rows.length === 0) return;
  const columns = knownColumns(table);
  if (!columns.includes(column)) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `Table ${name} has no column ${column}; its columns are ${columns.join(", ")}`,
    );
  }
}

export function findRecordIndex(table: Table, name: string, id: string | number): number {
  const index = table.rows.findIndex((row) => sameKey(row[table.key], id));
  if (index < 0) {
    throw new DomainError(
      "NOT_FOUND",
      `Table ${name} has no record with ${table.key} ${id}; call query_table to find the records`,
    );
  }
  return index;
}

const RANK: Record<string, number> = { number: 0, string: 1, boolean: 2 };

/** Sort order: numbers, then strings (by code unit, the same on every machine), then booleans; null last. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const rank = (RANK[typeof a] ?? 0) - (RANK[typeof b] ?? 0);
  if (rank !== 0) return rank;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const OPERATORS = ["eq", "ne", "lt", "lte", "gt", "gte", "contains", "in"] as const;

export const conditionSchema = z
  .strictObject({
    column: z.string().min(1).describe("The column to test, e.g. status."),
    op: z
      .enum(OPERATORS)
      .default("eq")
      .describe(
        "eq, ne, lt, lte, gt, gte (numbers with numbers, text with text), contains (text, ignoring case), in " +
          "(value is a list). Default eq.",
      ),
    value: z
      .union([cellSchema, z.array(cellSchema)])
      .describe("What to compare with: a string, number, boolean or null; a list for in."),
  })
  .superRefine((c, ctx) => {
    if ((c.op === "in") !== Array.isArray(c.value)) {
      const message =
        c.op === "in" ? "in needs a list value, e.g. [1, 2]" : `${c.op} needs a single value, not a list`;
      ctx.addIssue({ code: "custom", path: ["value"], message });
    } else if (c.op === "contains" && typeof c.value !== "string") {
      ctx.addIssue({ code: "custom", path: ["value"], message: "contains needs a text value" });
    } else if (
      ["lt", "lte", "gt", "gte"].includes(c.op) &&
      typeof c.value !== "number" &&
      typeof c.value !== "string"
    ) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `${c.op} needs a number or a text value` });
    }
  });

export type Condition = z.infer<typeof conditionSchema>;

export const whereArg = z
  .array(conditionSchema)
  .max(20)
  .default([])
  .describe(
    'Conditions a record must all meet, e.g. [{ "column": "age", "op": "gte", "value": 18 }]. Default: none.',
  );

function test(value: Cell, c: Condition): boolean {
  const target = c.value;
  if (Array.isArray(target)) return target.some((t) => t === value);
  switch (c.op) {
    case "eq":
      return value === target;
    case "ne":
      return value !== target;
    case "contains":
      return typeof value === "string" && value.toLowerCase().includes(String(target).toLowerCase());
    default: {
      if (value === null || typeof value !== typeof target) return false;
      const order = compareCells(value, target);
      return c.op === "lt" ? order < 0 : c.op === "lte" ? order <= 0 : c.op === "gt" ? order > 0 : order >= 0;
    }
  }
}

/** The rows meeting every condition, after checking that each condition names a real column. */
export function selectRows(table: Table, name: string, where: readonly Condition[]): Row[] {
  for (const c of where) requireColumn(table, name, c.column);
  return table.rows.filter((row) => where.every((c) => test(row[c.column] ?? null, c)));
}

/** A copy of the row holding only the given columns (null where it has none). */
export function project(row: Row, columns: readonly string[] | undefined): Row {
  if (columns === undefined) return { ...row };
  return Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
}
