import { describe, expect, it } from "vitest";
import { sampleLatency, toClockUnits, typicalLatency } from "../../src/engine/latency.js";
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

/**
 * An Rng that repeats a fixed list of draws and counts them. With u1 = 1 − e^−2 and u2 = 0,
 * Box–Muller gives z = √(−2·ln e^−2)·cos 0 = 2; with u2 = 0.5, cos π = −1 and z = −2.
 */
function scripted(draws: readonly number[]) {
  let calls = 0;
  return {
    next: () => draws[calls++ % draws.length] as number,
    get calls() {
      return calls;
    },
  };
}
const Z_PLUS_2 = [1 - Math.exp(-2), 0];
const Z_MINUS_2 = [1 - Math.exp(-2), 0.5];

describe("latency formulas, draw by draw", () => {
  it("uniform: min + u·(max − min)", () => {
    // 2 + 0.25·(6 − 2) = 3.
    expect(sampleLatency({ uniform: { min: 2, max: 6 } }, scripted([0.25]))).toBe(3);
  });

  it("normal: mean + sd·z, on the first draw that is not negative", () => {
    // 10 + 3·2 = 16, from one pair of draws.
    const rng = scripted(Z_PLUS_2);
    expect(sampleLatency({ normal: { mean: 10, sd: 3 } }, rng)).toBeCloseTo(16, 9);
    expect(rng.calls).toBe(2);
    // z = 0 (u1 = 1): x = 0 + 5·0 = 0 is not negative, so the first pair is kept.
    const zero = scripted([0, 0]);
    expect(sampleLatency({ normal: { mean: 0, sd: 5 } }, zero)).toBe(0);
    expect(zero.calls).toBe(2);
  });

  it("normal: falls back to the mean after 32 negative draws", () => {
    // 1 + 1·(−2) = −1 every time: 32 attempts of two draws each, then the mean.
    const rng = scripted(Z_MINUS_2);
    expect(sampleLatency({ normal: { mean: 1, sd: 1 } }, rng)).toBe(1);
    expect(rng.calls).toBe(64);
  });

  it("lognormal: median · (p95 / median)^(z / z95)", () => {
    // z = 2: 4 · 2.25^(2 / 1.6448536…) = 4 · e^(0.8109302·1.2159143) = 10.7221907…
    expect(sampleLatency({ lognormal: { median: 4, p95: 9 } }, scripted(Z_PLUS_2))).toBeCloseTo(
      10.722190703395446,
      9,
    );
  });

  it("exponential: −mean · ln(1 − u)", () => {
    // u = 0.75: −3 · ln 0.25 = 3 · ln 4 = 4.1588830…
    expect(sampleLatency({ exponential: { mean: 3 } }, scripted([0.75]))).toBeCloseTo(4.1588830833596715, 12);
  });

  it("empirical: the value at ⌊u · length⌋", () => {
    expect(sampleLatency({ empirical: [1, 5, 9] }, scripted([0.5]))).toBe(5); // ⌊1.5⌋ = 1
    expect(sampleLatency({ empirical: [1, 5, 9] }, scripted([0.99]))).toBe(9); // ⌊2.97⌋ = 2
  });

  it("makes a negative step count zero", () => {
    expect(toClockUnits(-2, "step", 1000)).toBe(0);
  });
});

describe("typical latency (the handle's hint)", () => {
  it("is the median of each distribution", () => {
    expect(typicalLatency(3)).toBe(3);
    expect(typicalLatency({ fixed: 2.5 })).toBe(2.5);
    expect(typicalLatency({ uniform: { min: 2, max: 6 } })).toBe(4); // (2 + 6) / 2
    expect(typicalLatency({ normal: { mean: 7, sd: 2 } })).toBe(7);
    expect(typicalLatency({ lognormal: { median: 4, p95: 9 } })).toBe(4);
    expect(typicalLatency({ exponential: { mean: 3 } })).toBeCloseTo(3 * Math.LN2, 12); // 3 · ln 2
  });

  it("takes the lower middle of an empirical list sorted as numbers", () => {
    // Sorted numerically [2, 9, 10]: index ⌊(3 − 1) / 2⌋ = 1 → 9 (as text, "10" < "2" < "9" gives 2).
    expect(typicalLatency({ empirical: [10, 9, 2] })).toBe(9);
    // [1, 5, 7, 9]: index ⌊3 / 2⌋ = 1 → 5, the lower of the two middles.
    expect(typicalLatency({ empirical: [9, 1, 7, 5] })).toBe(5);
  });
});
