import { z } from "zod";
import { columnsOf } from "../data-format/csv.js";
import { roundTo } from "../numbers/rounding.js";
import { DomainError, type ToolContext } from "../shared/types.js";
import type { Cell } from "./fields.js";
import { MAX_SEED, nextSeed } from "./random.js";

/** The data_generation domain's state, and the lookups, checks and profiling its tools share. */

export const cell = z.union([z.string(), z.number().finite(), z.boolean(), z.null()]);
export const row = z.record(z.string(), cell);
export type Row = z.infer<typeof row>;
export const count = z.number().int().nonnegative();
export const seed = z.number().int().min(0).max(MAX_SEED);

export const datasetName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "use letters, digits, _ and - (at most 64), e.g. customers_2026");

export const dataGenerationStateSchema = z.strictObject({
  datasets: z
    .record(
      datasetName,
      z.strictObject({
        rows: z.array(row).default([]).describe("The records, in order."),
        seed: seed
          .nullable()
          .default(null)
          .describe("Seed the dataset was generated from; null for given data."),
      }),
    )
    .default({})
    .describe("Datasets by name, as generated (or given by the scenario)."),
  rng: seed
    .default(2026)
    .describe(
      "The generator's chain of seeds: a call without a seed draws its seed from this link (with the " +
        "episode's seed), then the chain advances. Default 2026.",
    ),
});

export type DataGenerationState = z.infer<typeof dataGenerationStateSchema>;
type Dataset = DataGenerationState["datasets"][string];

/**
 * The seed a call uses: its own, or one the episode draws from the next link of the state's chain
 * (which then advances), so a call without a seed gives other data in another episode.
 */
export function takeSeed(state: DataGenerationState, given: number | undefined, ctx: ToolContext): number {
  if (given !== undefined) return given;
  const link = state.rng;
  state.rng = nextSeed(link);
  return ctx.ids.seed(link);
}

export function findDataset(state: DataGenerationState, name: string): Dataset {
  const dataset = state.datasets[name];
  if (dataset && Object.hasOwn(state.datasets, name)) return dataset;
  const names = Object.keys(state.datasets).sort();
  const known = names.length > 0 ? `the datasets are ${names.join(", ")}` : "there are no datasets yet";
  throw new DomainError(
    "NOT_FOUND",
    `No dataset ${name}; ${known} (call list_datasets, or generate_dataset)`,
  );
}

export function requireNewName(state: DataGenerationState, name: string): void {
  if (Object.hasOwn(state.datasets, name)) {
    throw new DomainError(
      "ALREADY_EXISTS",
      `A dataset named ${name} exists already; choose another name, or pass overwrite: true to replace it`,
    );
  }
}

export function requireColumns(
  dataset: Dataset,
  name: string,
  wanted: readonly string[] | undefined,
): string[] {
  const columns = columnsOf(dataset.rows);
  const unknown = wanted?.find((c) => !columns.includes(c));
  if (unknown !== undefined) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `Dataset ${name} has no column ${unknown}; its columns are ${columns.join(", ") || "(none)"}`,
    );
  }
  return wanted ? [...wanted] : columns;
}

export const pick = (r: Row, columns: readonly string[]): Row =>
  Object.fromEntries(columns.map((c) => [c, r[c] ?? null]));

export const columnSummary = z.strictObject({
  column: z.string(),
  type: z.enum(["number", "string", "boolean", "mixed", "null"]),
  non_null: count,
  distinct: count,
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: z.number().nullable(),
});

export function summarize(rows: readonly Row[], column: string): z.infer<typeof columnSummary> {
  const values = rows.map((r) => r[column] ?? null).filter((v): v is Exclude<Cell, null> => v !== null);
  const types = new Set(values.map((v) => typeof v));
  const type =
    types.size === 0 ? "null" : types.size > 1 ? "mixed" : ([...types][0] as "number" | "string" | "boolean");
  const distinct = new Set(values.map((v) => JSON.stringify(v))).size;
  if (type !== "number" && type !== "string") {
    return { column, type, non_null: values.length, distinct, min: null, max: null, mean: null };
  }
  // Code-unit order for text (ISO dates sort as dates), the same on every machine.
  const sorted = [...(values as (number | string)[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mean =
    type === "number" ? roundTo((values as number[]).reduce((s, v) => s + v, 0) / values.length, 6) : null;
  return {
    column,
    type,
    non_null: values.length,
    distinct,
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
    mean,
  };
}
