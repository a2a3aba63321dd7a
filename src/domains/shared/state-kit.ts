import type { z } from "zod";
import type { IdSource } from "./types.js";

/** Small helpers the stateful domains share: id matching, id minting, money and uniqueness checks. */

/** Ids compare the way a person types them: letter case and surrounding spaces do not matter. */
export function sameId(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** Cents, so 3 × 19.99 is 59.97 and not 59.97000000000001. */
export function roundMoney(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The counter rule, which recordings made before ids were drawn from the seed were scored by: the
 * id is the first `${prefix}${n}` from the counter that is not taken. Kept so that those
 * recordings replay to the state their episode left.
 */
export const counterIds: IdSource = {
  text(prefix, counter, taken) {
    let n = counter;
    while (taken(`${prefix}${n}`)) n++;
    return { id: `${prefix}${n}`, next: n + 1 };
  },
  seed: (chain) => chain,
};

/** Whether any of `ids` is `id`, the way a person types it (see sameId). */
export function takenIn(ids: readonly string[]): (id: string) => boolean {
  return (id) => ids.some((t) => sameId(t, id));
}

/** Reports each id that appears more than once (ignoring case) in one list of a state. */
export function checkUnique(
  ctx: z.RefinementCtx,
  path: string | (string | number)[],
  ids: readonly string[],
): void {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const id of ids) {
    const key = id.trim().toUpperCase();
    if (seen.has(key) && !reported.has(key)) {
      reported.add(key);
      ctx.addIssue({
        code: "custom",
        path: Array.isArray(path) ? path : [path],
        message: `${id} appears twice; ids must be unique`,
      });
    }
    seen.add(key);
  }
}

/** Orders text ignoring case, by code point: unlike localeCompare, the same on every machine. */
export function compareText(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
