import { PEOPLE } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";
import { drawValue, type FieldSpec } from "./fields.js";
import { Random } from "./random.js";
import { type Row, summarize } from "./state.js";

/**
 * Helpers of the data_generation templates: preset datasets in the episode state, and the
 * domain's own generator (mulberry32) and drawing code, so expected values are exactly what the
 * tools return.
 */

interface DataGenerationState {
  datasets: Record<string, { rows: Row[]; seed: number | null }>;
  rng: number;
}

export function datasets(ctx: TemplateContext): DataGenerationState["datasets"] {
  return (ctx.state("data_generation") as unknown as DataGenerationState).datasets;
}

/** A dataset given by the scenario (not generated: seed null). */
export function preset(ctx: TemplateContext, name: string, rows: Row[]): Row[] {
  datasets(ctx)[name] = { rows, seed: null };
  return rows;
}

export const seedFor = (ctx: TemplateContext): number => ctx.int(1_000, 99_999);

/** What generate_dataset stores for these fields, row count and seed. */
export function generateRows(fields: readonly FieldSpec[], count: number, seed: number): Row[] {
  const random = new Random(seed);
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(fields.map((f) => [f.name, drawValue(f, random, i)])),
  );
}

/** What sample_dataset draws: a seeded partial Fisher–Yates shuffle. */
export function sampleRows(rows: readonly Row[], size: number, seed: number): Row[] {
  const random = new Random(seed);
  const order = rows.map((_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = random.int(i, order.length - 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.slice(0, size).map((i) => rows[i] as Row);
}

/** What generate_random_numbers draws for whole numbers. */
export function drawInts(count: number, min: number, max: number, unique: boolean, seed: number): number[] {
  const random = new Random(seed);
  const out: number[] = [];
  const seen = new Set<number>();
  while (out.length < count) {
    const value = random.int(min, max);
    if (unique && seen.has(value)) continue;
    seen.add(value);
    out.push(value);
  }
  return out;
}

export function meanOf(rows: readonly Row[], column: string): number {
  return summarize(rows, column).mean ?? 0;
}

export const field = (row: Row | undefined, column: string): string => String(row?.[column] ?? "");

/** The field specs as the user states them: only the keys they name are matched. */
export function fieldMatchers(fields: readonly FieldSpec[], stated: Record<string, readonly string[]> = {}) {
  return fields.map((f) => {
    const keys = ["name", "type", ...(stated[f.name] ?? [])];
    return Object.fromEntries(keys.map((k) => [k, (f as Record<string, unknown>)[k]]));
  });
}

export const DEPARTMENTS = ["Sales", "Engineering", "Support", "Finance", "Marketing"];

/** Three datasets of one family (survey_river_a...) with distinct record counts; largest first. */
export function surveyFamily(ctx: TemplateContext) {
  const words = ctx.sample(["river", "forest", "harbor", "meadow", "summit", "canyon", "island"], 3);
  const counts = ctx.sample([6, 9, 12, 15, 18, 21, 24, 27, 30], 3);
  const family = words.map((w, i) => {
    const count = counts[i] ?? 5;
    const name = `survey_${w}_${ctx.tag}`;
    const rows = Array.from({ length: count }, (_, r) => ({ respondent: r + 1, score: ctx.int(1, 10) }));
    preset(ctx, name, rows);
    return { name, rows };
  });
  return [...family].sort((a, b) => b.rows.length - a.rows.length);
}

export function peopleRows(ctx: TemplateContext, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: ctx.pick(PEOPLE),
    city: ctx.pick(["Lisbon", "Osaka", "Lagos", "Austin", "Dublin", "Seoul"]),
    age: ctx.int(18, 90),
  }));
}
