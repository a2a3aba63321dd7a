import { z } from "zod";
import { writeCsv } from "../data-format/csv.js";
import { roundTo } from "../numbers/rounding.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import {
  type Cell,
  COLUMN_TYPES,
  cellSchema,
  compareCells,
  type DataManagementState,
  dataManagementStateSchema,
  fieldProblem,
  findRecordIndex,
  findTable,
  identifier,
  knownColumns,
  project,
  type Row,
  requireColumn,
  requireWritable,
  sameKey,
  selectRows,
  type Table,
  whereArg,
} from "./table.js";

export { dataManagementStateSchema };

const count = z.number().int().nonnegative();
const recordOut = z.record(z.string(), cellSchema);
const keyValue = z.union([z.string(), z.number()]);

const tableArg = z.string().min(1).describe("Name of the table, e.g. customers (see list_tables).");
const recordIdArg = z
  .union([z.string().min(1), z.number()])
  .describe("The record's key value (a number or text), as insert_record or query_table return it.");
const fieldsArg = (what: string) =>
  z
    .record(identifier("field name"), cellSchema)
    .describe(
      `${what}: field names to values (string, number, boolean or null), e.g. { "name": "Ada", "age": 36 }.`,
    );
const columnsArg = z
  .array(z.string().min(1))
  .min(1)
  .optional()
  .describe("Only these columns, in this order. Default: every column.");

function refuseFields(table: Table, name: string, fields: Row): void {
  const problem = fieldProblem(table, fields);
  if (problem) {
    throw new DomainError("INVALID_ARGUMENT", `Table ${name} refuses the record: ${problem}; fix the fields`);
  }
}

/**
 * Ids come from the table's counter, so the same calls mint the same ids; taken ones are skipped.
 * Unlike the other domains' ids they are not drawn from the episode's seed: a table's key is an
 * auto-increment a client can read off the table, as in a real database, and the generated suites
 * (asynctool-v1, asynctool-v2) check such keys by value.
 */
function mintId(table: Table): number {
  for (;;) {
    const id = table.next_id++;
    if (!table.rows.some((row) => sameKey(row[table.key], id))) return id;
  }
}

function tool<A extends z.ZodObject>(
  spec: DomainTool<DataManagementState, A>,
): DomainTool<DataManagementState> {
  return defineTool(spec);
}

const listTables = tool({
  name: "list_tables",
  description:
    "Lists the tables, sorted by name. Returns { tables: [{ table, key, columns, row_count, readonly }], count }: " +
    "key is the column that identifies records, columns the declared columns (or, for a schemaless table, the " +
    "fields its records have), readonly whether the table may only be read.",
  input: z.strictObject({}),
  output: z.strictObject({
    tables: z.array(
      z.strictObject({
        table: z.string(),
        key: z.string(),
        columns: z.array(z.string()),
        row_count: count,
        readonly: z.boolean(),
      }),
    ),
    count,
  }),
  readOnly: true,
  latency: 1,
  run(state) {
    const tables = Object.keys(state.tables)
      .sort()
      .map((name) => {
        const table = findTable(state, name);
        const columns = knownColumns(table);
        return {
          table: name,
          key: table.key,
          columns,
          row_count: table.rows.length,
          readonly: table.readonly,
        };
      });
    return { tables, count: tables.length };
  },
});

const createTable = tool({
  name: "create_table",
  description:
    "Creates an empty table. With columns, the table has a schema: records may hold only those fields, each of " +
    "its type (null is always allowed), and missing fields are stored as null; without, it takes any fields. " +
    "Returns { table, key, columns, created: true }. Errors: ALREADY_EXISTS if a table of that name exists.",
  input: z.strictObject({
    table: identifier("table name").describe("Name of the new table, e.g. orders."),
    key: identifier("column name")
      .default("id")
      .describe(
        "The column that identifies a record (a string or number); minted as 1, 2, 3... when an inserted record has none. Default id.",
      ),
    columns: z
      .record(identifier("column name"), z.enum(COLUMN_TYPES))
      .optional()
      .describe(
        'Column types: string, number or boolean, e.g. { "name": "string", "total": "number" }. Default: schemaless.',
      ),
  }),
  output: z.strictObject({
    table: z.string(),
    key: z.string(),
    columns: z.array(z.string()),
    created: z.literal(true),
  }),
  readOnly: false,
  idempotent: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    if (Object.hasOwn(state.tables, args.table)) {
      throw new DomainError(
        "ALREADY_EXISTS",
        `Table ${args.table} exists already; insert into it, or create the new table under another name`,
      );
    }
    const table: Table = {
      key: args.key,
      columns: args.columns ?? null,
      rows: [],
      readonly: false,
      next_id: 1,
    };
    state.tables[args.table] = table;
    return { table: args.table, key: args.key, columns: knownColumns(table), created: true };
  },
});

const insertRecord = tool({
  name: "insert_record",
  description:
    "Inserts one record into a table. A record without its key field (or with it null) gets the next id from " +
    "the table's counter (1, 2, 3...). Returns { table, record_id, record } with the record as stored. Errors: " +
    "NOT_FOUND if the table does not exist; ALREADY_EXISTS if a record has that key (use update_record to change " +
    "it); PERMISSION_DENIED if the table is read-only; INVALID_ARGUMENT if a field is not a column of the table, " +
    "has the wrong type, or the key is neither a string nor a number.",
  input: z.strictObject({ table: tableArg, record: fieldsArg("The record") }),
  output: z.strictObject({ table: z.string(), record_id: keyValue, record: recordOut }),
  readOnly: false,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args) {
    const table = findTable(state, args.table);
    requireWritable(table, args.table);
    const { [table.key]: given = null, ...fields } = args.record;
    if (typeof given === "boolean") {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `the key ${table.key} must be a string or a number, not ${given}`,
      );
    }
    refuseFields(table, args.table, given === null ? fields : args.record);
    if (given !== null && table.rows.some((row) => sameKey(row[table.key], given))) {
      throw new DomainError(
        "ALREADY_EXISTS",
        `Table ${args.table} already has a record with ${table.key} ${given}; call update_record to change it, ` +
          `or leave ${table.key} out to get a new id`,
      );
    }
    if (given === null && table.columns?.[table.key] === "string") {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `Table ${args.table} has text keys, so minted numbers do not fit; give the record a ${table.key}`,
      );
    }
    const id = given ?? mintId(table);
    // Declared columns the record leaves out are stored as null, so every row has every column.
    const declared = Object.keys(table.columns ?? {}).filter((c) => c !== table.key);
    const record: Row = { [table.key]: id, ...Object.fromEntries(declared.map((c) => [c, null])), ...fields };
    table.rows.push(record);
    return { table: args.table, record_id: id, record: { ...record } };
  },
});

const queryTable = tool({
  name: "query_table",
  description:
    "Finds the records of a table that meet all the conditions, optionally sorted (numbers before text, text by " +
    "code point, nulls last; ties keep table order) and paged. Returns { table, rows, count, total }: the page of " +
    "records (only the requested columns, if given), how many it holds, and how many matched in all. No match " +
    "is not an error. Errors: NOT_FOUND if the table does not exist; INVALID_ARGUMENT if a condition, order_by " +
    "or a requested column names a column the table does not have.",
  input: z.strictObject({
    table: tableArg,
    where: whereArg,
    order_by: z.string().min(1).optional().describe("Sort by this column. Default: table order."),
    descending: z.boolean().default(false).describe("Sort from the largest value down. Default false."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe("Most records to return, 1 to 1000. Default 100."),
    offset: z.number().int().nonnegative().default(0).describe("Matching records to skip first. Default 0."),
    columns: columnsArg,
  }),
  output: z.strictObject({ table: z.string(), rows: z.array(recordOut), count, total: count }),
  readOnly: true,
  latency: { lognormal: { median: 3, p95: 8 } },
  run(state, args) {
    const table = findTable(state, args.table);
    for (const c of [...(args.order_by ? [args.order_by] : []), ...(args.columns ?? [])]) {
      requireColumn(table, args.table, c);
    }
    const matched = selectRows(table, args.table, args.where);
    const column = args.order_by;
    if (column !== undefined) {
      const sign = args.descending ? -1 : 1;
      matched.sort((a, b) => {
        const [x, y] = [a[column] ?? null, b[column] ?? null];
        // Nulls stay last in either direction.
        return x === null || y === null ? compareCells(x, y) : sign * compareCells(x, y);
      });
    }
    const rows = matched
      .slice(args.offset, args.offset + args.limit)
      .map((row) => project(row, args.columns));
    return { table: args.table, rows, count: rows.length, total: matched.length };
  },
});

const updateRecord = tool({
  name: "update_record",
  description:
    "Changes fields of one record, leaving the others as they are (null clears a field). Returns { table, " +
    "record_id, record } with the record as now stored. Errors: NOT_FOUND if the table or the record does not " +
    "exist; PERMISSION_DENIED if the table is read-only; INVALID_ARGUMENT if the changes alter the key, or a " +
    "field is not a column of the table or has the wrong type.",
  input: z.strictObject({
    table: tableArg,
    record_id: recordIdArg,
    changes: fieldsArg("The fields to change")
      .refine((c) => Object.keys(c).length > 0, "give at least one field to change")
      .describe('Field names to new values, e.g. { "status": "shipped" }.'),
  }),
  output: z.strictObject({ table: z.string(), record_id: keyValue, record: recordOut }),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args) {
    const table = findTable(state, args.table);
    const index = findRecordIndex(table, args.table, args.record_id);
    requireWritable(table, args.table);
    const record = table.rows[index] as Row;
    const id = record[table.key] as string | number;
    if (Object.hasOwn(args.changes, table.key) && args.changes[table.key] !== id) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `the key ${table.key} of a record cannot change; delete_record and insert_record it under the new key`,
      );
    }
    refuseFields(table, args.table, args.changes);
    Object.assign(record, args.changes);
    return { table: args.table, record_id: id, record: { ...record } };
  },
});

const deleteRecord = tool({
  name: "delete_record",
  description:
    "Deletes one record. Returns { table, record_id, deleted: true, record } with the record as it was. Errors: " +
    "NOT_FOUND if the table or the record does not exist; PERMISSION_DENIED if the table is read-only.",
  input: z.strictObject({ table: tableArg, record_id: recordIdArg }),
  output: z.strictObject({
    table: z.string(),
    record_id: keyValue,
    deleted: z.literal(true),
    record: recordOut,
  }),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const table = findTable(state, args.table);
    const index = findRecordIndex(table, args.table, args.record_id);
    requireWritable(table, args.table);
    const [record = {}] = table.rows.splice(index, 1);
    return { table: args.table, record_id: record[table.key] as string | number, deleted: true, record };
  },
});

const AGGREGATES = ["count", "sum", "avg", "min", "max"] as const;

function aggregate(rows: readonly Row[], operation: (typeof AGGREGATES)[number], column?: string): Cell {
  const values = column === undefined ? [] : rows.map((r) => r[column] ?? null).filter((v) => v !== null);
  if (operation === "count") return column === undefined ? rows.length : values.length;
  if (operation === "sum" || operation === "avg") {
    const text = values.find((v) => typeof v !== "number");
    if (text !== undefined) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${operation} needs numbers, but column ${column} holds ${JSON.stringify(text)}; choose a numeric column or use count`,
      );
    }
    const sum = (values as number[]).reduce((s, v) => s + v, 0);
    if (operation === "sum") return roundTo(sum, 6);
    return values.length === 0 ? null : roundTo(sum / values.length, 6);
  }
  const types = new Set(values.map((v) => typeof v));
  if (types.size > 1) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `column ${column} mixes ${[...types].sort().join(" and ")} values, so ${operation} is undefined; filter with where first`,
    );
  }
  const sorted = [...values].sort(compareCells);
  return (operation === "min" ? sorted[0] : sorted[sorted.length - 1]) ?? null;
}

const aggregateTable = tool({
  name: "aggregate_table",
  description:
    "Computes count, sum, avg, min or max of a column over the records that meet the conditions, overall and, " +
    "with group_by, per distinct value of another column. count without a column counts records, with one its " +
    "non-null values; the others ignore nulls. sum and avg are rounded to 6 decimal places; sum of nothing is 0, " +
    "avg/min/max of nothing null. Returns { table, operation, column, result, row_count, groups: [{ group, " +
    "result, row_count }] } with groups sorted by value (empty without group_by). Errors: NOT_FOUND if the table " +
    "does not exist; INVALID_ARGUMENT if a column is unknown, sum/avg meets a non-number, or min/max meets " +
    "mixed types.",
  input: z
    .strictObject({
      table: tableArg,
      operation: z.enum(AGGREGATES).describe(`The aggregate: ${AGGREGATES.join(", ")}.`),
      column: z.string().min(1).optional().describe("The column to aggregate; required except for count."),
      where: whereArg,
      group_by: z.string().min(1).optional().describe("Also give the aggregate per value of this column."),
    })
    .refine((a) => a.operation === "count" || a.column !== undefined, {
      message: "give the column to aggregate (only count works without one)",
      path: ["column"],
    }),
  output: z.strictObject({
    table: z.string(),
    operation: z.enum(AGGREGATES),
    column: z.string().nullable(),
    result: cellSchema,
    row_count: count,
    groups: z.array(z.strictObject({ group: cellSchema, result: cellSchema, row_count: count })),
  }),
  readOnly: true,
  latency: { lognormal: { median: 3, p95: 8 } },
  run(state, args) {
    const table = findTable(state, args.table);
    for (const c of [args.column, args.group_by]) if (c !== undefined) requireColumn(table, args.table, c);
    const rows = selectRows(table, args.table, args.where);
    const groupBy = args.group_by;
    const groups: { group: Cell; result: Cell; row_count: number }[] = [];
    if (groupBy !== undefined) {
      const byValue = new Map<string, { group: Cell; rows: Row[] }>();
      for (const row of rows) {
        const group = row[groupBy] ?? null;
        const key = JSON.stringify(group); // tells 1 from "1"
        const entry = byValue.get(key) ?? { group, rows: [] };
        entry.rows.push(row);
        byValue.set(key, entry);
      }
      for (const { group, rows: members } of [...byValue.values()].sort((a, b) =>
        compareCells(a.group, b.group),
      )) {
        groups.push({
          group,
          result: aggregate(members, args.operation, args.column),
          row_count: members.length,
        });
      }
    }
    return {
      table: args.table,
      operation: args.operation,
      column: args.column ?? null,
      result: aggregate(rows, args.operation, args.column),
      row_count: rows.length,
      groups,
    };
  },
});

const exportTable = tool({
  name: "export_table",
  description:
    "Exports the records of a table that meet the conditions, as CSV (a header line, then one line per record; " +
    "null is an empty field) or as a JSON array of objects (compact). Returns { table, format, content, columns, " +
    "row_count }. Errors: NOT_FOUND if the table does not exist; INVALID_ARGUMENT if a condition or a requested " +
    "column names a column the table does not have.",
  input: z.strictObject({
    table: tableArg,
    format: z.enum(["csv", "json"]).default("csv").describe('"csv" (default) or "json".'),
    where: whereArg,
    columns: columnsArg,
  }),
  output: z.strictObject({
    table: z.string(),
    format: z.enum(["csv", "json"]),
    content: z.string(),
    columns: z.array(z.string()),
    row_count: count,
  }),
  readOnly: true,
  latency: { lognormal: { median: 5, p95: 12 } },
  run(state, args) {
    const table = findTable(state, args.table);
    for (const c of args.columns ?? []) requireColumn(table, args.table, c);
    const columns = args.columns ?? knownColumns(table);
    const rows = selectRows(table, args.table, args.where).map((row) => project(row, columns));
    const content = args.format === "csv" ? writeCsv(columns, rows, ",") : JSON.stringify(rows);
    return { table: args.table, format: args.format, content, columns, row_count: rows.length };
  },
});

export const dataManagement = defineDomain({
  name: "data_management",
  category: "Data Management",
  description:
    "A small database: tables of flat records with a key column, optional column types and read-only tables; " +
    "insert, query, update, delete, aggregate and export. Minted ids are 1, 2, 3... per table.",
  state: dataManagementStateSchema,
  tools: [
    listTables,
    createTable,
    insertRecord,
    queryTable,
    updateRecord,
    deleteRecord,
    aggregateTable,
    exportTable,
  ],
});
