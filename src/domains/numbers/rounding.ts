/**
 * Decimal rounding that gives the same digits on every machine, shared by the domains that
 * compute with floats. Binary noise is cleared first at 15 significant digits (so 0.1 + 0.2 is
 * 0.3 and 1.005 is 1.005, not 1.00499…), then the decimal point is moved in the number's text
 * rather than by multiplying, which would bring the noise back.
 */

export type RoundingMode = "half_up" | "half_even" | "floor" | "ceil" | "truncate";

/** `x` with its decimal point moved `places` to the right (left when negative), exactly. */
function shift(x: number, places: number): number {
  const [mantissa, exponent = "0"] = String(x).split("e");
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/** Rounds a non-negative whole-or-fractional value to an integer. */
function roundMagnitude(s: number, mode: RoundingMode, negative: boolean): number {
  const down = Math.floor(s);
  const fraction = s - down;
  switch (mode) {
    case "half_up": // half away from zero, since s is a magnitude
      return fraction >= 0.5 ? down + 1 : down;
    case "half_even":
      if (fraction !== 0.5) return fraction > 0.5 ? down + 1 : down;
      return down % 2 === 0 ? down : down + 1;
    case "floor":
      return negative && fraction > 0 ? down + 1 : down;
    case "ceil":
      return !negative && fraction > 0 ? down + 1 : down;
    case "truncate":
      return down;
  }
}

/**
 * Rounds to `decimals` places (negative: to tens, hundreds...). half_up rounds halves away from
 * zero. Never returns -0, which JSON cannot carry.
 */
export function roundTo(x: number, decimals: number, mode: RoundingMode = "half_up"): number {
  if (!Number.isFinite(x)) return x;
  const clean = Number(x.toPrecision(15));
  const magnitude = Math.abs(clean);
  // At 1e15 and above a 15-digit value has no fraction left to round.
  if (decimals >= 0 && magnitude >= 1e15) return clean + 0;
  const rounded = shift(roundMagnitude(shift(magnitude, decimals), mode, clean < 0), -decimals);
  return (clean < 0 ? -rounded : rounded) + 0;
}
