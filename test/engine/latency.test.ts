import { describe, expect, it } from "vitest";
import { sampleLatency, toClockUnits } from "../../src/engine/latency.js";
import { keyedRng, uniformAt } from "../../src/engine/rng.js";
import type { LatencySpec } from "../../src/scenarios/latency-spec.js";

function samples(spec: LatencySpec, n: number, seed = 7): number[] {
  const rng = keyedRng(seed, "test", JSON.stringify(spec));
  return Array.from({ length: n }, () => sampleLatency(spec, rng));
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

describe("seeded randomness", () => {
  it("gives the same draws for the same seed and key, and different ones otherwise", () => {
    expect(uniformAt(1, ["a"], 0)).toBe(uniformAt(1, ["a"], 0));
    expect(uniformAt(1, ["a"], 0)).not.toBe(uniformAt(2, ["a"], 0));
    expect(uniformAt(1, ["a"], 0)).not.toBe(uniformAt(1, ["b"], 0));
    expect(uniformAt(1, ["a"], 0)).not.toBe(uniformAt(1, ["a"], 1));
  });

  it("draws uniformly in [0, 1)", () => {
    const rng = keyedRng(3, "uniform");
    const xs = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    // The standard error of the mean of 10,000 uniforms is 0.0029; 0.015 is five of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.015);
  });

  it("reproduces a whole sample for a seed", () => {
    const spec: LatencySpec = { lognormal: { median: 4, p95: 9 } };
    expect(samples(spec, 50, 11)).toEqual(samples(spec, 50, 11));
    expect(samples(spec, 50, 11)).not.toEqual(samples(spec, 50, 12));
  });
});

describe("latency distributions", () => {
  it("lognormal: median and p95 within 5% over 10,000 samples", () => {
    const sorted = samples({ lognormal: { median: 4, p95: 9 } }, 10_000).sort((a, b) => a - b);
    expect(Math.abs(quantile(sorted, 0.5) / 4 - 1)).toBeLessThan(0.05);
    expect(Math.abs(quantile(sorted, 0.95) / 9 - 1)).toBeLessThan(0.05);
  });

  it("fixed and bare numbers", () => {
    expect(sampleLatency(3, keyedRng(1))).toBe(3);
    expect(sampleLatency({ fixed: 2.5 }, keyedRng(1))).toBe(2.5);
  });

  it("uniform stays within its bounds and covers them", () => {
    const xs = samples({ uniform: { min: 2, max: 5 } }, 5_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThanOrEqual(5);
    expect(Math.min(...xs)).toBeLessThan(2.05);
    expect(Math.max(...xs)).toBeGreaterThan(4.95);
  });

  it("normal is truncated at zero by redrawing, keeping its mean when far from zero", () => {
    const xs = samples({ normal: { mean: 10, sd: 2 } }, 10_000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - 10)).toBeLessThan(0.1);
    expect(Math.min(...samples({ normal: { mean: 0.5, sd: 3 } }, 2_000))).toBeGreaterThanOrEqual(0);
  });

  it("exponential has the stated mean", () => {
    const xs = samples({ exponential: { mean: 3 } }, 10_000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    // Standard error 3/sqrt(10000) = 0.03; allow five.
    expect(Math.abs(mean - 3)).toBeLessThan(0.15);
  });

  it("empirical draws only listed values, each about equally often", () => {
    const xs = samples({ empirical: [1, 5, 9] }, 9_000);
    expect(new Set(xs)).toEqual(new Set([1, 5, 9]));
    for (const v of [1, 5, 9]) expect(Math.abs(xs.filter((x) => x === v).length - 3000)).toBeLessThan(250);
  });
});

describe("clock units", () => {
  it("makes steps whole and at least one, except an explicit zero", () => {
    expect(toClockUnits(0, "step", 1000)).toBe(0);
    expect(toClockUnits(0.2, "step", 1000)).toBe(1);
    expect(toClockUnits(2.5, "step", 1000)).toBe(3);
    expect(toClockUnits(4.4, "step", 1000)).toBe(4);
  });

  it("turns units into milliseconds in the wall clock", () => {
    expect(toClockUnits(2.5, "wall", 1000)).toBe(2500);
    expect(toClockUnits(3, "wall", 10)).toBe(30);
  });
});
