import type { LatencySpec } from "../scenarios/latency-spec.js";
import { latencyClassOf, serviceLatency } from "./tool-latency-classes.js";

/** The tool a profile gives a latency to: its domain, its name and its domain's default latency. */
export interface ProfiledTool {
  readonly domain: string;
  readonly name: string;
  readonly latency: LatencySpec;
}

/** How much slower `service-busy` is than `service`, at the median and at the p95. */
export const BUSY = { median: 2, p95: 2.5 } as const;

/**
 * Latency profiles an episode is generated with (ours: the paper's abstract says only that tool
 * latency is simulated): each gives a tool of the episode its latency. Written into the scenario file explicitly, so an episode
 * does not change when a domain's defaults or the class table do.
 */
export const LATENCY_PROFILES = {
  /** The domains' own defaults: reads fast, searches and settlements slow and heavy-tailed. */
  realistic: (tool: ProfiledTool) => tool.latency,
  /** Everything twice as slow. */
  slow: (tool: ProfiledTool) => scale(tool.latency, 2),
  /** Heavier tails: the p95 of every lognormal three times its median, others turned lognormal. */
  "heavy-tail": (tool: ProfiledTool) => {
    const median = Math.max(1, typical(tool.latency));
    return { lognormal: { median, p95: round(median * 3) } };
  },
  /** Every call delayed by exactly one step: our construction of a one-round setting. */
  "one-round": (_tool: ProfiledTool) => 1,
  /** Each tool as the kind of service call it is (src/dataset/tool-latency-classes.ts). */
  service: (tool: ProfiledTool) => serviceLatency(latencyClassOf(tool.domain, tool.name)),
  /**
   * The same services under load: queues make every call twice as slow at the median and
   * stretch the tail more (the p95 two and a half times the `service` one).
   */
  "service-busy": (tool: ProfiledTool) => {
    const { median, p95 } = serviceLatency(latencyClassOf(tool.domain, tool.name)).lognormal;
    return { lognormal: { median: round(median * BUSY.median), p95: round(p95 * BUSY.p95) } };
  },
} as const satisfies Record<string, (tool: ProfiledTool) => LatencySpec>;

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
