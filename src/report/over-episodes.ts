import {
  CATALOGUE,
  type CatalogueEntry,
  figureOf,
  type MetricCatalogue,
  type MetricEntry,
  type Shown,
  shownIn,
} from "../metrics/catalog.js";
import { type EpisodeRun, minRunsPerEpisode, passAtK } from "../metrics/pass-k.js";
import { mean, sampleSd } from "../metrics/stats.js";
import { type BootstrapOptions, bootstrapInterval, type Interval, standardError } from "./confidence.js";
import { formatValue, NONE } from "./format.js";
import { type Column, column } from "./table.js";

/**
 * The catalogue's figures over the episodes of one table row, and their columns: what the
 * aggregate of `report DIR` and the `eval` report both show, built in one place so the two
 * tables cannot drift apart. Each figure aggregates as its catalogue entry's `over` says
 * (metrics.md, "Aggregates over episodes"); its fields in the row's JSON are named after the
 * entry's key:
 *   rate       key (the share), keySe, keyCi, keyOverSeeds (mean ± sd of the per-seed shares,
 *              with two seeds or more); pass^k, when the entry asks for it, in `passK`
 *   mean, sum  key
 *   mean ± sd  key: { mean, sd, se, ci }
 */

/** What the tables' rates and efficiency are, said once above them. */
export const OVER_EPISODES_NOTE =
  "Success and efficiency: mean, standard error (SE) and 95% percentile bootstrap interval over episodes (2,000 resamples, fixed seed).";

export interface MeanSd {
  readonly mean: number | null;
  readonly sd: number | null;
}

/** A mean over episodes with its spread, standard error and 95% bootstrap interval. */
export interface MeanEstimate extends MeanSd {
  readonly se: number | null;
  readonly ci: Interval | null;
}

export type PassK = readonly { readonly k: number; readonly value: number | null }[];

/** One scored episode of a row. */
export interface EpisodeFigures {
  /** Its metrics: the catalogue's figures are read from them. */
  readonly metrics: object;
  readonly seed: number;
  /** Runs with the same episode key are repeats of one episode (for pass^k). */
  readonly episode: string;
}

export interface OverEpisodesOptions {
  readonly where: Exclude<Shown, "episode">;
  /** pass^k applies: the row repeats its episodes (k = 1..the fewest runs any episode has). */
  readonly repeats: boolean;
  /** The draws of a figure's bootstrap interval: a seeded stream per row and figure, so a table is reproducible. */
  readonly bootstrap: (entry: MetricEntry) => BootstrapOptions;
  /** Default: the shipped catalogue. */
  readonly catalogue?: MetricCatalogue;
}

// The fields of a row, read off the shipped catalogue's entries shown in a table.
type In<W extends Shown> = CatalogueEntry extends infer E
  ? E extends { readonly shown: readonly (infer S)[] }
    ? W extends S
      ? E
      : never
    : never
  : never;
type Of<W extends Shown, K extends string> = Extract<In<W>, { readonly over: { readonly kind: K } }>;
type KeyOf<E> = E extends { readonly over: { readonly key: infer K extends string } }
  ? K
  : E extends { readonly name: infer N extends string }
    ? N
    : never;

/** The fields the catalogue gives a row of the table `W` ("aggregate" or "eval"). */
export type OverEpisodeFields<W extends Shown> = {
  readonly [E in Of<W, "rate"> as KeyOf<E>]: number | null;
} & { readonly [E in Of<W, "rate"> as `${KeyOf<E>}Se`]: number | null } & {
  readonly [E in Of<W, "rate"> as `${KeyOf<E>}Ci`]: Interval | null;
} & { readonly [E in Of<W, "rate"> as `${KeyOf<E>}OverSeeds`]: MeanSd | null } & {
  readonly [E in Of<W, "mean" | "sum"> as KeyOf<E>]: number | null;
} & { readonly [E in Of<W, "mean ± sd"> as KeyOf<E>]: MeanEstimate } & {
  /** pass^k for k = 1..n, present when the row repeats its episodes. */
  readonly passK: PassK;
};

/** A figure's field name in the rows' JSON. */
export function keyOf(entry: MetricEntry): string {
  return entry.over.key ?? entry.name;
}

/** A figure's column heading. */
function headOf(entry: MetricEntry): string {
  return entry.over.head ?? entry.label;
}

/** The catalogue's fields of one row: every figure shown in the table, then pass^k. */
export function overEpisodes<W extends Exclude<Shown, "episode">>(
  episodes: readonly EpisodeFigures[],
  options: OverEpisodesOptions & { readonly where: W },
): OverEpisodeFields<W> {
  const fields: Record<string, unknown> = {};
  let passK: { k: number; value: number | null }[] = [];
  for (const entry of shownIn(options.catalogue ?? CATALOGUE, options.where)) {
    const key = keyOf(entry);
    const values = episodes.flatMap((e) => {
      const v = figureOf(e.metrics, entry);
      return v === null ? [] : [Number(v)];
    });
    const meanOf = (sample: readonly number[]) => mean(sample) as number;
    switch (entry.over.kind) {
      case "rate": {
        fields[key] = mean(values);
        fields[`${key}Se`] = standardError(values);
        fields[`${key}Ci`] = bootstrapInterval(values, meanOf, options.bootstrap(entry));
        fields[`${key}OverSeeds`] = overSeeds(episodes, entry);
        if (entry.over.passK) passK = passKOf(episodes, entry, options.repeats);
        break;
      }
      case "mean":
        fields[key] = mean(values);
        break;
      case "sum":
        fields[key] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
        break;
      case "mean ± sd":
        fields[key] = {
          mean: mean(values),
          sd: sampleSd(values),
          se: standardError(values),
          ci: bootstrapInterval(values, meanOf, options.bootstrap(entry)),
        } satisfies MeanEstimate;
        break;
    }
  }
  fields.passK = passK;
  return fields as OverEpisodeFields<W>;
}

/** The rate seed by seed (seeds in numeric order), as mean ± sd over the seeds; null below two seeds. */
function overSeeds(episodes: readonly EpisodeFigures[], entry: MetricEntry): MeanSd | null {
  const seeds = [...new Set(episodes.map((e) => e.seed))].sort((a, b) => a - b);
  const perSeed = seeds.flatMap((seed) => {
    const values = episodes
      .filter((e) => e.seed === seed)
      .flatMap((e) => {
        const v = figureOf(e.metrics, entry);
        return v === null ? [] : [Number(v)];
      });
    return values.length === 0 ? [] : [mean(values) as number];
  });
  return perSeed.length >= 2 ? { mean: mean(perSeed), sd: sampleSd(perSeed) } : null;
}

function passKOf(
  episodes: readonly EpisodeFigures[],
  entry: MetricEntry,
  repeats: boolean,
): { k: number; value: number | null }[] {
  const runs: EpisodeRun[] = episodes.map((e) => ({
    episode: e.episode,
    success: figureOf(e.metrics, entry) === true,
  }));
  const maxK = repeats ? minRunsPerEpisode(runs) : 0;
  return Array.from({ length: maxK }, (_, i) => ({ k: i + 1, value: passAtK(runs, i + 1) }));
}

/**
 * The catalogue's columns for rows of a table, in catalogue order, pass^k last. A rate has its
 * share, SE and 95% CI, and its spread over seeds when some row has one; a mean ± sd has
 * "mean ± sd" and its 95% CI (its SE is in the JSON).
 */
export function overEpisodeColumns<Row extends { readonly passK: PassK }>(
  rows: readonly Row[],
  where: Exclude<Shown, "episode">,
  catalogue: MetricCatalogue = CATALOGUE,
): Column<Row>[] {
  const field = (row: Row, key: string) => (row as unknown as Readonly<Record<string, unknown>>)[key];
  const columns: Column<Row>[] = [];
  for (const entry of shownIn(catalogue, where)) {
    const key = keyOf(entry);
    const head = headOf(entry);
    switch (entry.over.kind) {
      case "rate":
        columns.push(
          column(head, (r) => formatValue(field(r, key) as number | null)),
          column("SE", (r) => formatValue(field(r, `${key}Se`) as number | null)),
          column("95% CI", (r) => interval(field(r, `${key}Ci`) as Interval | null)),
        );
        if (rows.some((r) => field(r, `${key}OverSeeds`) !== null)) {
          columns.push(
            column("Over seeds (mean ± sd)", (r) => meanSd(field(r, `${key}OverSeeds`) as MeanSd | null)),
          );
        }
        break;
      case "mean":
      case "sum":
        columns.push(column(head, (r) => formatValue(field(r, key) as number | null)));
        break;
      case "mean ± sd":
        columns.push(
          column(`${head} (mean ± sd)`, (r) => meanSd(field(r, key) as MeanEstimate)),
          column(`${head} 95% CI`, (r) => interval((field(r, key) as MeanEstimate).ci)),
        );
        break;
    }
  }
  const maxK = Math.max(0, ...rows.map((r) => r.passK.length));
  for (let i = 0; i < maxK; i++) {
    columns.push(column(`pass^${i + 1}`, (r) => formatValue(r.passK[i]?.value ?? null)));
  }
  return columns;
}

export function interval(value: Interval | null): string {
  return value === null ? NONE : `[${formatValue(value.lower)}, ${formatValue(value.upper)}]`;
}

export function meanSd(value: MeanSd | null): string {
  if (value === null || value.mean === null) return NONE;
  return value.sd === null
    ? formatValue(value.mean)
    : `${formatValue(value.mean)} ± ${formatValue(value.sd)}`;
}
