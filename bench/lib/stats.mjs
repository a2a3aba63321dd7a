// Order statistics for the figures.

export function sorted(values) {
  return Float64Array.from(values).sort();
}

/** The p-th percentile (0–100) by linear interpolation; of an already sorted array when `isSorted`. */
export function percentile(values, p, isSorted = false) {
  const xs = isSorted ? values : sorted(values);
  if (xs.length === 0) return Number.NaN;
  const rank = (p / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo);
}

export function median(values) {
  return percentile(values, 50);
}

/** Median of repetitions with their spread. */
export function summary(values) {
  const xs = sorted(values);
  return { median: percentile(xs, 50, true), min: xs[0], max: xs[xs.length - 1], reps: xs.length };
}

/** Lateness distribution (ms): p50, p99, max. */
export function latenessSummary(values) {
  const xs = sorted(values);
  return {
    count: xs.length,
    p50: percentile(xs, 50, true),
    p99: percentile(xs, 99, true),
    max: xs[xs.length - 1],
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over the items with at most `limit` at once. */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Forced GC, several rounds (finalizers freed by one round free more in the next). */
export async function settledMemory() {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  for (let i = 0; i < 6; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}
