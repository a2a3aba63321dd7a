/**
 * Aligning a failed run's action labels with a successful run's (docs/exports.md, "Alignment and
 * the bifurcation point"). Pure functions of two label sequences.
 */

/** Length of a longest common subsequence: how much of the two runs can be aligned in order. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      row[j] =
        a[i - 1] === b[j - 1]
          ? (prev[j - 1] as number) + 1
          : Math.max(prev[j] as number, row[j - 1] as number);
    }
    prev = row;
  }
  return prev[b.length] as number;
}

export function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export interface Bifurcation {
  /**
   * The failed run's action index where the runs part; the failed run's length when it only
   * stopped short of the successful one.
   */
  readonly index: number;
  /** Where, in the successful run, the same point lies: the action it took there (or its length). */
  readonly successIndex: number;
  /**
   * `unaligned`: the failed run's action at `index` has no place in the successful run after
   * what came before (no order-preserving alignment of the prefix exists).
   * `omission`: every action aligns, but the one at `index` comes after actions of the
   * successful run that the failed run never took.
   * `stopped`: the failed run is a prefix of the successful run.
   * `none`: the two runs took the same actions (the failure is in something actions do not show).
   */
  readonly kind: "unaligned" | "omission" | "stopped" | "none";
}

/**
 * The first action of the failed run after which no alignment with the successful run remains
 * consistent with it: the smallest i such that failed[0..i] is not a subsequence of `success`.
 * The leftmost embedding decides it (it is the one that leaves the most room for what follows).
 * If the whole failed run embeds, the runs part where the embedding first skips actions of the
 * successful run: those are what the failed run left out.
 */
export function bifurcation(failed: readonly string[], success: readonly string[]): Bifurcation {
  let next = 0;
  let skip: { index: number; successIndex: number } | null = null;
  for (let i = 0; i < failed.length; i++) {
    const at = success.indexOf(failed[i] as string, next);
    if (at < 0) return { index: i, successIndex: next, kind: "unaligned" };
    if (at > next && skip === null) skip = { index: i, successIndex: next };
    next = at + 1;
  }
  if (skip) return { ...skip, kind: "omission" };
  if (next < success.length) return { index: failed.length, successIndex: next, kind: "stopped" };
  return { index: failed.length, successIndex: success.length, kind: "none" };
}
