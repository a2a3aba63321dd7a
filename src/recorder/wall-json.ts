/**
 * A line's `wall`, as JSON.stringify writes it, printed from its microseconds. The sink rounds
 * `wall` to the microsecond, and printing such a double went through V8's shortest-digits search
 * (FastDtoa) and a call into its runtime, about 1 k instructions for each line of every call;
 * here it is an integer V8 prints from its cache and three digits from a table.
 *
 * Why it is the same text: below 2^40 ms two doubles differ by less than 0.0005, so the decimal
 * `q.fff` (trailing zeros dropped) is the only decimal of so few digits that reads back as k/1000,
 * which is what the shortest round trip (Number.prototype.toString, JSON) prints. A property test
 * pins it.
 */

/** Past this (about 35 years of a session) the double is printed as it always was. */
const LARGEST = 2 ** 40;

/** ".fff" for each thousandth, trailing zeros dropped; "" for 0. */
const FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, f) =>
  f === 0 ? "" : `.${String(f).padStart(3, "0").replace(/0+$/, "")}`,
);

export function wallJson(wall: number): string {
  const micros = Math.round(wall * 1000);
  // Only a value that is exactly its microseconds over 1000 (the sink's rounding) is printed here.
  if (!(wall < LARGEST) || micros / 1000 !== wall) return `${wall}`;
  const whole = Math.floor(micros / 1000);
  return `${whole}${FRACTIONS[micros - whole * 1000]}`;
}
