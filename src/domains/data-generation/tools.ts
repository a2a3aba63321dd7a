import { z } from "zod";
import { columnsOf, writeCsv } from "../data-format/csv.js";
import { roundTo } from "../numbers/rounding.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import { drawValue, FIELD_TYPES, fieldSchema, uuid } from "./fields.js";
import { MAX_SEED, Random } from "./random.js";
import {
  columnSummary,
  count,
  type DataGenerationState,
  dataGenerationStateSchema,
  datasetName,
  findDataset,
  pick,
  type Row,
  requireColumns,
  requireNewName,
  row,
  seed,
  summarize,
  takeSeed,
} from "./state.js";

export { dataGenerationStateSchema };

const seedArg = seed
  .optional()
  .describe(
    `Seed, 0 to ${MAX_SEED}: the same seed gives the same output. Default: a fresh seed, which the result ` +
      "reports so the call can be repeated.",
  );
const datasetArg = z.string().min(1).describe("Name of the dataset, e.g. customers (see list_datasets).");
const columnsArg = z
  .array(z.string().min(1))
  .min(1)
  .optional()
  .describe("Only these columns, in this order. Default: every column.");

function tool<A extends z.ZodObject>(
  spec: DomainTool<DataGenerationState, A>,
): DomainTool<DataGenerationState> {
  return defineTool(spec);
}

const PREVIEW = 5;

const generateDataset = tool({
  name: "generate_dataset",
  description:
    "Generates a dataset of synthetic records from field specifications and keeps it under a name, for the " +
    `other tools to read. Field types: ${FIELD_TYPES.join(", ")}. Values are drawn from a seeded generator ` +
    "(mulberry32), row by row and field by field, so the same seed and fields give the same data. Returns " +
    `{ dataset, row_count, columns, seed, preview } with the first ${PREVIEW} records as preview; read the rest ` +
    "with get_dataset_rows. Errors: ALREADY_EXISTS if a dataset has that name and overwrite is not set.",
  input: z.strictObject({
    name: datasetName.describe("Name to keep the dataset under, e.g. customers."),
    rows: z.number().int().min(1).max(1000).describe("How many records to generate, 1 to 1000."),
    fields: z
      .array(fieldSchema)
      .min(1)
      .max(20)
      .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, "give every field a different name")
      .describe(
        'The columns, in order, e.g. [{ "name": "id", "type": "sequence" }, { "name": "age", "type": "integer", ' +
          '"min": 18, "max": 90 }].',
      ),
    seed: seedArg,
    overwrite: z.boolean().default(false).describe("Replace a dataset of the same name. Default false."),
  }),
  output: z.strictObject({
    dataset: z.string(),
    row_count: count,
    columns: z.array(z.string()),
    seed,
    preview: z.array(row),
  }),
  readOnly: false,
  destructive: true,
  latency: { lognormal: { median: 5, p95: 12 } },
  run(state, args, ctx) {
    if (!args.overwrite) requireNewName(state, args.name);
    const used = takeSeed(state, args.seed, ctx);
    const random = new Random(used);
    const rows = Array.from({ length: args.rows }, (_, i) =>
      Object.fromEntries(args.fields.map((f) => [f.name, drawValue(f, random, i)])),
    );
    state.datasets[args.name] = { rows, seed: used };
    return {
      dataset: args.name,
      row_count: rows.length,
      columns: args.fields.map((f) => f.name),
      seed: used,
      preview: rows.slice(0, PREVIEW).map((r) => ({ ...r })),
    };
  },
});

const listDatasets = tool({
  name: "list_datasets",
  description:
    "Lists the datasets, sorted by name. Returns { datasets: [{ dataset, row_count, columns, seed }], count }, " +
    "seed being the one a dataset was generated from (null for data given by the scenario).",
  input: z.strictObject({}),
  output: z.strictObject({
    datasets: z.array(
      z.strictObject({
        dataset: z.string(),
        row_count: count,
        columns: z.array(z.string()),
        seed: seed.nullable(),
      }),
    ),
    count,
  }),
  readOnly: true,
  latency: 1,
  run(state) {
    const datasets = Object.keys(state.datasets)
      .sort()
      .map((name) => {
        const d = findDataset(state, name);
        return { dataset: name, row_count: d.rows.length, columns: columnsOf(d.rows), seed: d.seed };
      });
    return { datasets, count: datasets.length };
  },
});

const getDatasetRows = tool({
  name: "get_dataset_rows",
  description:
    "Reads a page of a dataset's records, in order. Returns { dataset, rows, count, total }: the records (only " +
    "the requested columns, if given), how many were returned, and how many the dataset holds. A page past the " +
    "end is empty, not an error. Errors: NOT_FOUND if no dataset has that name; INVALID_ARGUMENT if a requested " +
    "column does not exist.",
  input: z.strictObject({
    dataset: datasetArg,
    offset: z.number().int().nonnegative().default(0).describe("Records to skip first. Default 0."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe("Most records to return, 1 to 100. Default 20."),
    columns: columnsArg,
  }),
  output: z.strictObject({ dataset: z.string(), rows: z.array(row), count, total: count }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const dataset = findDataset(state, args.dataset);
    const columns = requireColumns(dataset, args.dataset, args.columns);
    const rows = dataset.rows.slice(args.offset, args.offset + args.limit).map((r) => pick(r, columns));
    return { dataset: args.dataset, rows, count: rows.length, total: dataset.rows.length };
  },
});

const sampleDataset = tool({
  name: "sample_dataset",
  description:
    "Draws a random sample of records without replacement (a seeded partial Fisher–Yates shuffle), optionally " +
    "keeping it as a new dataset. Returns { dataset, rows, count, seed, saved_as } with the records in the order " +
    "drawn and saved_as the new dataset's name or null. Errors: NOT_FOUND if no dataset has that name; " +
    "INVALID_ARGUMENT if size exceeds its record count; ALREADY_EXISTS if save_as names an existing dataset.",
  input: z.strictObject({
    dataset: datasetArg,
    size: z.number().int().min(1).max(100).describe("How many records to draw, 1 to 100."),
    seed: seedArg,
    save_as: datasetName
      .optional()
      .describe("Keep the sample as a new dataset of this name. Default: do not keep it."),
  }),
  output: z.strictObject({
    dataset: z.string(),
    rows: z.array(row),
    count,
    seed,
    saved_as: z.string().nullable(),
  }),
  readOnly: false,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args, ctx) {
    const dataset = findDataset(state, args.dataset);
    if (args.size > dataset.rows.length) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `Dataset ${args.dataset} has ${dataset.rows.length} records, fewer than the ${args.size} asked for; ask for at most ${dataset.rows.length}`,
      );
    }
    if (args.save_as !== undefined) requireNewName(state, args.save_as);
    const used = takeSeed(state, args.seed, ctx);
    const random = new Random(used);
    const order = dataset.rows.map((_, i) => i);
    for (let i = 0; i < args.size; i++) {
      const j = random.int(i, order.length - 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const rows = order.slice(0, args.size).map((i) => ({ ...(dataset.rows[i] as Row) }));
    if (args.save_as !== undefined)
      state.datasets[args.save_as] = { rows: rows.map((r) => ({ ...r })), seed: used };
    return { dataset: args.dataset, rows, count: rows.length, seed: used, saved_as: args.save_as ?? null };
  },
});

const summarizeDataset = tool({
  name: "summarize_dataset",
  description:
    "Profiles a dataset's columns. Returns { dataset, row_count, columns: [{ column, type, non_null, distinct, " +
    "min, max, mean }] }: type is number, string, boolean, mixed or null (no values); min and max are given for " +
    "number and string columns (text compared by code point, so YYYY-MM-DD dates sort as dates), mean for " +
    "number columns, rounded to 6 decimal places. Errors: NOT_FOUND if no dataset has that name; " +
    "INVALID_ARGUMENT if a requested column does not exist.",
  input: z.strictObject({ dataset: datasetArg, columns: columnsArg }),
  output: z.strictObject({ dataset: z.string(), row_count: count, columns: z.array(columnSummary) }),
  readOnly: true,
  latency: { lognormal: { median: 3, p95: 8 } },
  run(state, args) {
    const dataset = findDataset(state, args.dataset);
    const columns = requireColumns(dataset, args.dataset, args.columns);
    return {
      dataset: args.dataset,
      row_count: dataset.rows.length,
      columns: columns.map((c) => summarize(dataset.rows, c)),
    };
  },
});

const exportDataset = tool({
  name: "export_dataset",
  description:
    "Exports a dataset as CSV (a header line, then one line per record; null is an empty field) or as a JSON " +
    "array of objects (compact), e.g. to pass to csv_to_json or write_file. Returns { dataset, format, content, " +
    "columns, row_count }. Errors: NOT_FOUND if no dataset has that name; INVALID_ARGUMENT if a requested column " +
    "does not exist.",
  input: z.strictObject({
    dataset: datasetArg,
    format: z.enum(["csv", "json"]).default("csv").describe('"csv" (default) or "json".'),
    columns: columnsArg,
  }),
  output: z.strictObject({
    dataset: z.string(),
    format: z.enum(["csv", "json"]),
    content: z.string(),
    columns: z.array(z.string()),
    row_count: count,
  }),
  readOnly: true,
  latency: { lognormal: { median: 5, p95: 12 } },
  run(state, args) {
    const dataset = findDataset(state, args.dataset);
    const columns = requireColumns(dataset, args.dataset, args.columns);
    const rows = dataset.rows.map((r) => pick(r, columns));
    const content = args.format === "csv" ? writeCsv(columns, rows, ",") : JSON.stringify(rows);
    return { dataset: args.dataset, format: args.format, content, columns, row_count: rows.length };
  },
});

const generateRandomNumbers = tool({
  name: "generate_random_numbers",
  description:
    "Draws pseudo-random numbers, uniform between min and max (both included): whole numbers by default, or " +
    "decimals rounded to `decimals` places. unique (whole numbers only) draws without repeats. Returns { numbers, " +
    "count, seed }. Errors: INVALID_ARGUMENT if unique is asked for more numbers than the range holds.",
  input: z
    .strictObject({
      count: z.number().int().min(1).max(1000).describe("How many numbers, 1 to 1000."),
      min: z
        .number()
        .finite()
        .min(-1e12)
        .max(1e12)
        .default(0)
        .describe("Smallest possible value. Default 0."),
      max: z
        .number()
        .finite()
        .min(-1e12)
        .max(1e12)
        .default(100)
        .describe("Largest possible value. Default 100."),
      integers: z.boolean().default(true).describe("Whole numbers (default) or decimals."),
      decimals: z
        .number()
        .int()
        .min(0)
        .max(6)
        .default(2)
        .describe("Decimal places when integers is false. Default 2."),
      unique: z.boolean().default(false).describe("No value twice (whole numbers only). Default false."),
      seed: seedArg,
    })
    .refine((a) => a.max >= a.min, { message: "max must be at least min", path: ["max"] })
    .refine((a) => a.integers || !a.unique, {
      message: "unique works only with integers: true",
      path: ["unique"],
    })
    .refine((a) => !a.integers || (Number.isInteger(a.min) && Number.isInteger(a.max)), {
      message: "with integers: true, min and max must be whole numbers",
      path: ["min"],
    }),
  output: z.strictObject({ numbers: z.array(z.number()), count, seed }),
  readOnly: false,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args, ctx) {
    const span = args.max - args.min + 1;
    if (args.unique && args.count > span) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${args.min} to ${args.max} holds only ${span} whole numbers, fewer than the ${args.count} unique ones asked for; widen the range or ask for fewer`,
      );
    }
    const used = takeSeed(state, args.seed, ctx);
    const random = new Random(used);
    const numbers: number[] = [];
    const seen = new Set<number>();
    while (numbers.length < args.count) {
      if (!args.integers) {
        const value = roundTo(args.min + random.next() * (args.max - args.min), args.decimals);
        numbers.push(Math.min(args.max, Math.max(args.min, value)));
        continue;
      }
      const value = random.int(args.min, args.max);
      // Redrawing repeats stays cheap: at most 1000 values, so even count = span takes a few thousand draws.
      if (args.unique && seen.has(value)) continue;
      seen.add(value);
      numbers.push(value);
    }
    return { numbers, count: numbers.length, seed: used };
  },
});

const ID_FORMATS = ["uuid", "hex", "numeric", "alphanumeric"] as const;
const ALPHABETS: Record<string, string> = {
  hex: "0123456789abcdef",
  numeric: "0123456789",
  alphanumeric: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
};

const generateIdentifiers = tool({
  name: "generate_identifiers",
  description:
    "Generates distinct pseudo-random identifiers: version 4 UUIDs, or strings of `length` hex digits, decimal " +
    "digits or letters and digits, each after an optional prefix (a prefix of INV- gives identifiers that start INV-). Returns { ids, " +
    "count, seed }.",
  input: z.strictObject({
    count: z.number().int().min(1).max(100).describe("How many identifiers, 1 to 100."),
    format: z
      .enum(ID_FORMATS)
      .default("uuid")
      .describe(`${ID_FORMATS.join(", ")}. Default uuid.`),
    length: z
      .number()
      .int()
      .min(4)
      .max(64)
      .default(12)
      .describe("Characters after the prefix, 4 to 64 (not used for uuid). Default 12."),
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{0,16}$/, "use at most 16 letters, digits, _ or -")
      .default("")
      .describe('Put before each identifier, such as INV-. Default "".'),
    seed: seedArg,
  }),
  output: z.strictObject({ ids: z.array(z.string()), count, seed }),
  readOnly: false,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args, ctx) {
    const used = takeSeed(state, args.seed, ctx);
    const random = new Random(used);
    const alphabet = ALPHABETS[args.format] ?? "";
    const draw = (): string =>
      args.format === "uuid"
        ? uuid(random)
        : Array.from({ length: args.length }, () => alphabet[random.int(0, alphabet.length - 1)]).join("");
    // At least 10^4 possible values for 100 ids, so redrawing a repeat is rare and quick.
    const ids = new Set<string>();
    while (ids.size < args.count) ids.add(args.prefix + draw());
    return { ids: [...ids], count: ids.size, seed: used };
  },
});

export const dataGeneration = defineDomain({
  name: "data_generation",
  category: "Data Generation",
  description:
    "Synthetic data: seeded generation of named datasets (people, places, numbers, dates...), sampling, " +
    "profiling and export, plus random numbers and identifiers. Reproducible: the same calls give the same data.",
  state: dataGenerationStateSchema,
  tools: [
    generateDataset,
    listDatasets,
    getDatasetRows,
    sampleDataset,
    summarizeDataset,
    exportDataset,
    generateRandomNumbers,
    generateIdentifiers,
  ],
});
