import type { TemplateContext } from "../../dataset/template.js";

/** What the numbers templates share: tolerant number matchers, exact arithmetic, number draws. */

/** A number a person types: matched within a hair, so 2.50 and 2.5 are the same. */
export const approx = (value: number) => ({ $approx: value, $tol: 1e-9 });

/**
 * An expression the user dictated: any spelling that uses every one of these numbers (so two
 * tasks' expressions are never confused). The oracle passes `example`.
 */
export function mentioning(example: string, ...numbers: number[]) {
  const each = numbers.map((n) => `(?=[\\s\\S]*(?<![\\d.])${String(n).replace(".", "\\.")}(?![\\d.]))`);
  return { $regex: `^${each.join("")}`, $example: example };
}

/** The two operands of a commutative operation, in either order. */
export function either(x: unknown, y: unknown) {
  return { a: { $oneOf: [x, y] }, b: { $oneOf: [y, x] } };
}

export function gcdOf(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Prime factors in ascending order, with repeats. */
export function primeFactors(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  for (let p = 2; p * p <= rest; p += p === 2 ? 1 : 2) {
    while (rest % p === 0) {
      out.push(p);
      rest /= p;
    }
  }
  if (rest > 1) out.push(rest);
  return out;
}

export function divisorCount(n: number): number {
  const powers = new Map<number, number>();
  for (const p of primeFactors(n)) powers.set(p, (powers.get(p) ?? 0) + 1);
  return [...powers.values()].reduce((product, k) => product * (k + 1), 1);
}

/** A decimal with `places` digits after the point, between min and max. */
export function decimal(ctx: TemplateContext, min: number, max: number, places = 2): number {
  const scale = 10 ** places;
  return ctx.int(Math.round(min * scale), Math.round(max * scale)) / scale;
}

/** n distinct whole numbers in [min, max], in random order. */
export function distinctInts(ctx: TemplateContext, n: number, min: number, max: number): number[] {
  return ctx.sample(
    Array.from({ length: max - min + 1 }, (_, i) => min + i),
    n,
  );
}
