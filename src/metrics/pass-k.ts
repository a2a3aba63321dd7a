/** pass^k over repeated runs of the same episodes (metrics.md §5). */

export interface EpisodeRun {
  /** Identifies the episode: runs with the same key are repeats (same scenario and seed). */
  readonly episode: string;
  readonly success: boolean;
}

/**
 * The mean over episodes of C(c, k) / C(n, k), with n runs and c successes each: the chance that
 * k runs drawn without replacement all succeed. null when some episode has fewer than k runs
 * (its term is undefined), when there are no runs, or when k < 1.
 */
export function passAtK(runs: readonly EpisodeRun[], k: number): number | null {
  if (!Number.isInteger(k) || k < 1) return null;
  const tally = new Map<string, { n: number; c: number }>();
  for (const run of runs) {
    const t = tally.get(run.episode) ?? { n: 0, c: 0 };
    t.n += 1;
    if (run.success) t.c += 1;
    tally.set(run.episode, t);
  }
  if (tally.size === 0) return null;
  let sum = 0;
  for (const { n, c } of tally.values()) {
    if (n < k) return null;
    sum += chooseRatio(c, n, k);
  }
  return sum / tally.size;
}

/** C(c, k) / C(n, k) as a product of k factors (c−i)/(n−i): no large binomials. */
function chooseRatio(c: number, n: number, k: number): number {
  if (c < k) return 0;
  let value = 1;
  for (let i = 0; i < k; i++) value *= (c - i) / (n - i);
  return value;
}

/** The fewest runs any episode has: pass^k is defined for k = 1..this. */
export function minRunsPerEpisode(runs: readonly EpisodeRun[]): number {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.episode, (counts.get(run.episode) ?? 0) + 1);
  return counts.size === 0 ? 0 : Math.min(...counts.values());
}
