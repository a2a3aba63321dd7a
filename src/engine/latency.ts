import type { LatencySpec } from "../scenarios/latency-spec.js";
import { type Rng, standardNormal } from "./rng.js";
import type { ClockKind } from "./types.js";

/** z of the 95th percentile of the standard normal: p95 = median · e^(σ·Z95). */
const Z95 = 1.6448536269514722;

/** Draws a latency in latency units (never negative). */
export function sampleLatency(spec: LatencySpec, rng: Rng): number {
  if (typeof spec === "number") return spec;
  if ("fixed" in spec) return spec.fixed;
  if ("uniform" in spec) return spec.uniform.min + rng.next() * (spec.uniform.max - spec.uniform.min);
  if ("normal" in spec) {
    // Truncated at zero by redrawing: clamping would pile mass on exactly 0.
    for (let attempt = 0; attempt < 32; attempt++) {
      const x = spec.normal.mean + spec.normal.sd * standardNormal(rng);
      if (x >= 0) return x;
    }
    return spec.normal.mean;
  }
  if ("lognormal" in spec) {
    const { median, p95 } = spec.lognormal;
    const sigma = Math.log(p95 / median) / Z95;
    return median * Math.exp(sigma * standardNormal(rng));
  }
  if ("exponential" in spec) return -spec.exponential.mean * Math.log(1 - rng.next());
  const list = spec.empirical;
  return list[Math.floor(rng.next() * list.length)] as number;
}

/**
 * Converts latency units to the clock's unit. Steps are whole: a delayed tool takes at least one
 * step (only an explicit 0 is instant); in the wall clock a unit lasts `unitMs` milliseconds.
 */
export function toClockUnits(units: number, clock: ClockKind, unitMs: number): number {
  if (clock === "wall") return units * unitMs;
  if (units <= 0) return 0;
  return Math.max(1, Math.round(units));
}

/** The typical (median) latency of a distribution, in units: what a handle's hint is based on. */
export function typicalLatency(spec: LatencySpec): number {
  if (typeof spec === "number") return spec;
  if ("fixed" in spec) return spec.fixed;
  if ("uniform" in spec) return (spec.uniform.min + spec.uniform.max) / 2;
  if ("normal" in spec) return spec.normal.mean;
  if ("lognormal" in spec) return spec.lognormal.median;
  if ("exponential" in spec) return spec.exponential.mean * Math.LN2;
  const sorted = [...spec.empirical].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}
