/** Small numeric helpers shared by the metric families. */

/** a / b, or null when b is 0: a ratio with nothing to divide by has no value (0 would read as the worst score). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1); null below two values. */
export function sampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values) as number;
  let sq = 0;
  for (const v of values) sq += (v - m) * (v - m);
  return Math.sqrt(sq / (values.length - 1));
}

/**
 * The p-th percentile by nearest rank: the ⌈p·n⌉-th smallest value (p in (0, 1]), as a stable
 * sort by `a - b` orders them; null for no values.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * values.length));
  // A typed array sorts numerically without calling a comparator (the pickup latencies of a
  // large log are 124,000 values). It orders what `a - b` calls equal otherwise: every −0 before
  // every 0, and NaN last where `a - b` leaves it anywhere; those cases are settled below.
  const sorted = Float64Array.from(values).sort();
  if (Number.isNaN(sorted[sorted.length - 1])) return [...values].sort((a, b) => a - b)[rank - 1] as number;
  const value = sorted[rank - 1] as number;
  return value === 0 ? zeroAtRank(values, rank) : value;
}

/**
 * The zero (0 or −0) a stable sort by `a - b` puts at `rank`, which holds a zero: the zeros keep
 * their order among themselves, after the negative values.
 */
function zeroAtRank(values: readonly number[], rank: number): number {
  let negatives = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) < 0) negatives += 1;
  let zeros = rank - negatives;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === 0) {
      zeros -= 1;
      if (zeros === 0) return v;
    }
  }
  return 0; // not reached: the rank holds a zero
}

/** The median (mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function clip(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
