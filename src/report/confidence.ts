import { keyedRng } from "../engine/rng.js";
import { mean, sampleSd } from "../metrics/stats.js";

/**
 * The uncertainty of a mean over episodes: its standard error, and a percentile bootstrap
 * confidence interval. The randomness is injected (a seeded stream in reports, a scripted one in
 * tests), so the same results always give the same interval.
 */

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export interface BootstrapOptions {
  /** Resamples drawn. */
  readonly resamples: number;
  /** A uniform draw in [0, 1). */
  readonly random: () => number;
  /** Coverage, e.g. 0.95. */
  readonly level: number;
}

/** How the reports' intervals are drawn: 2,000 resamples, 95%, a fixed seed (a report is reproducible). */
export const REPORT_BOOTSTRAP = { resamples: 2_000, level: 0.95, seed: 20_240_601 } as const;

/** The report bootstrap on its own stream, keyed by the table, the row and the figure. */
export function reportBootstrap(...key: string[]): BootstrapOptions {
  const rng = keyedRng(REPORT_BOOTSTRAP.seed, ...key);
  return { resamples: REPORT_BOOTSTRAP.resamples, level: REPORT_BOOTSTRAP.level, random: () => rng.next() };
}

/** The standard error of the mean: sample sd / √n; null below two values. */
export function standardError(values: readonly number[]): number | null {
  const sd = sampleSd(values);
  return sd === null ? null : sd / Math.sqrt(values.length);
}

/**
 * The percentile bootstrap interval of a statistic: `resamples` samples of the values drawn with
 * replacement (index ⌊random·n⌋), the statistic of each, and of those sorted the
 * ⌈(1−level)/2·B⌉-th and ⌈(1+level)/2·B⌉-th smallest (nearest rank). null below two values:
 * one value has no spread to resample. When every value is the same, every resample is the
 * sample itself: the interval is its statistic at both ends, found without drawing (the
 * reference agents' tables are mostly such rows: success 1 everywhere).
 */
export function bootstrapInterval<T>(
  values: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions,
): Interval | null {
  const n = values.length;
  if (n < 2 || options.resamples < 1) return null;
  if (allSame(values)) {
    const value = statistic(values);
    return { lower: value, upper: value };
  }
  const stats: number[] = [];
  const sample: T[] = new Array(n);
  for (let b = 0; b < options.resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(options.random() * n)] as T;
    stats.push(statistic(sample));
  }
  stats.sort((a, b) => a - b);
  const rank = (p: number) => Math.min(stats.length, Math.max(1, Math.ceil(p * stats.length)));
  return {
    lower: stats[rank((1 - options.level) / 2) - 1] as number,
    upper: stats[rank((1 + options.level) / 2) - 1] as number,
  };
}

/** The mean, its standard error and bootstrap interval. */
export interface Estimate {
  readonly n: number;
  readonly mean: number | null;
  readonly se: number | null;
  readonly ci: Interval | null;
}

export function estimateMean(values: readonly number[], options: BootstrapOptions): Estimate {
  return {
    n: values.length,
    mean: mean(values),
    se: standardError(values),
    ci: bootstrapInterval(values, (s) => mean(s) as number, options),
  };
}

/**
 * The difference b − a between two conditions measured on the same units (a scenario and seed
 * run in both modes): the mean of the paired differences, its standard error, and the bootstrap
 * interval over pairs (pairs resampled whole, which keeps what the two runs share).
 */
export function pairedDifference(
  pairs: readonly (readonly [number, number])[],
  options: BootstrapOptions,
): Estimate {
  return estimateMean(
    pairs.map(([a, b]) => b - a),
    options,
  );
}

/**
 * The difference mean(b) − mean(a) between two independent samples: its standard error
 * √(se_a² + se_b²), and the bootstrap interval resampling each sample on its own.
 */
export function independentDifference(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions,
): Estimate {
  const ma = mean(a);
  const mb = mean(b);
  const sa = standardError(a);
  const sb = standardError(b);
  let ci: Interval | null = null;
  if (a.length >= 2 && b.length >= 2 && options.resamples >= 1 && allSame(a) && allSame(b)) {
    // Every resample is the samples themselves: the difference, without drawing.
    const difference = (mb as number) - (ma as number);
    ci = { lower: difference, upper: difference };
  } else if (a.length >= 2 && b.length >= 2 && options.resamples >= 1) {
    const diffs: number[] = [];
    for (let r = 0; r < options.resamples; r++) {
      let sumA = 0;
      for (let i = 0; i < a.length; i++) sumA += a[Math.floor(options.random() * a.length)] as number;
      let sumB = 0;
      for (let i = 0; i < b.length; i++) sumB += b[Math.floor(options.random() * b.length)] as number;
      diffs.push(sumB / b.length - sumA / a.length);
    }
    diffs.sort((x, y) => x - y);
    const rank = (p: number) => Math.min(diffs.length, Math.max(1, Math.ceil(p * diffs.length)));
    ci = {
      lower: diffs[rank((1 - options.level) / 2) - 1] as number,
      upper: diffs[rank((1 + options.level) / 2) - 1] as number,
    };
  }
  return {
    n: Math.min(a.length, b.length),
    mean: ma === null || mb === null ? null : mb - ma,
    se: sa === null || sb === null ? null : Math.sqrt(sa * sa + sb * sb),
    ci,
  };
}

/** Whether every value is the same one (Object.is: NaN is itself, 0 and −0 differ). */
function allSame<T>(values: readonly T[]): boolean {
  return values.every((v) => Object.is(v, values[0]));
}
