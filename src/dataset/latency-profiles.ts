import type { LatencySpec } from "../scenarios/latency-spec.js";

/**
 * Latency profiles an episode is generated with (the paper's ablations vary latency): each turns
 * a tool's default latency into the episode's. Written into the scenario file explicitly, so an
 * episode does not change when a domain's defaults do.
 */
export const LATENCY_PROFILES = {
  /** The domains' own defaults: reads fast, searches and settlements slow and heavy-tailed. */
  realistic: (spec: LatencySpec) => spec,
  /** Everything twice as slow. */
  slow: (spec: LatencySpec) => scale(spec, 2),
  /** Heavier tails: the p95 of every lognormal three times its median, others turned lognormal. */
  "heavy-tail": (spec: LatencySpec) => {
    const median = Math.max(1, typical(spec));
    return { lognormal: { median, p95: round(median * 3) } };
  },
  /** The paper's first setting: every call delayed by exactly one round. */
  "one-round": (_spec: LatencySpec) => 1,
} as const satisfies Record<string, (spec: LatencySpec) => LatencySpec>;

export type LatencyProfileName = keyof typeof LATENCY_PROFILES;
export const LATENCY_PROFILE_NAMES = Object.keys(LATENCY_PROFILES) as LatencyProfileName[];

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function typical(spec: LatencySpec): number {
  if (typeof spec === "number") return spec;
  if ("fixed" in spec) return spec.fixed;
  if ("uniform" in spec) return (spec.uniform.min + spec.uniform.max) / 2;
  if ("normal" in spec) return spec.normal.mean;
  if ("lognormal" in spec) return spec.lognormal.median;
  if ("exponential" in spec) return spec.exponential.mean;
  return spec.empirical.reduce((a, b) => a + b, 0) / spec.empirical.length;
}

function scale(spec: LatencySpec, k: number): LatencySpec {
  if (typeof spec === "number") return round(spec * k);
  if ("fixed" in spec) return { fixed: round(spec.fixed * k) };
  if ("uniform" in spec)
    return { uniform: { min: round(spec.uniform.min * k), max: round(spec.uniform.max * k) } };
  if ("normal" in spec)
    return { normal: { mean: round(spec.normal.mean * k), sd: round(spec.normal.sd * k) } };
  if ("lognormal" in spec)
    return { lognormal: { median: round(spec.lognormal.median * k), p95: round(spec.lognormal.p95 * k) } };
  if ("exponential" in spec) return { exponential: { mean: round(spec.exponential.mean * k) } };
  return { empirical: spec.empirical.map((x) => round(x * k)) };
}
