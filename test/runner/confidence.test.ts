import { describe, expect, it } from "vitest";
import { mean } from "../../src/metrics/stats.js";
import {
  bootstrapInterval,
  estimateMean,
  independentDifference,
  pairedDifference,
  standardError,
} from "../../src/report/confidence.js";
import { globMatcher, parseEpisodeChoice, sampleScenarios } from "../../src/runner/episodes.js";
import { backoffMs, CircuitBreaker, classifyStatus, DEFAULT_RETRY } from "../../src/runner/http.js";
import { costOf, LIST_PRICES, priceOf } from "../../src/runner/prices.js";
import { defaultTokenField, endpointUrl } from "../../src/runner/provider-config.js";

/** A scripted stream of draws: the test decides every resample. */
function scripted(draws: readonly number[]): () => number {
  let i = 0;
  return () => {
    const value = draws[i++];
    if (value === undefined) throw new Error("the script ran out of draws");
    return value;
  };
}

const meanOf = (values: readonly number[]) => mean(values) as number;

describe("standard errors and bootstrap intervals, against a hand computation", () => {
  // Episode successes 1, 0, 1, 1: mean 0.75; deviations 0.25, −0.75, 0.25, 0.25;
  // squares sum 0.0625·3 + 0.5625 = 0.75; sd = √(0.75/3) = 0.5; SE = 0.5/√4 = 0.25.
  const results = [1, 0, 1, 1];

  it("gives the standard error of a mean", () => {
    expect(standardError(results)).toBe(0.25);
    expect(standardError([1])).toBeNull();
  });

  it("takes the nearest-rank percentiles of the resampled means", () => {
    // Index ⌊4r⌋: draws 0.3 → 1 (a 0), 0.0 → 0, 0.5 → 2, 0.8 → 3.
    const draws = [
      ...[0.3, 0.3, 0.3, 0.3], // 0, 0, 0, 0 → mean 0
      ...[0.0, 0.3, 0.5, 0.8], // 1, 0, 1, 1 → 0.75
      ...[0.0, 0.0, 0.0, 0.0], // 1, 1, 1, 1 → 1
      ...[0.3, 0.3, 0.5, 0.8], // 0, 0, 1, 1 → 0.5
      ...[0.0, 0.5, 0.8, 0.3], // 1, 1, 1, 0 → 0.75
    ];
    // Sorted means 0, 0.5, 0.75, 0.75, 1. At 80%: ranks ⌈0.1·5⌉ = 1 and ⌈0.9·5⌉ = 5 → [0, 1];
    const wide = bootstrapInterval(results, meanOf, { resamples: 5, level: 0.8, random: scripted(draws) });
    expect(wide).toEqual({ lower: 0, upper: 1 });
    // at 40%: ranks ⌈0.3·5⌉ = 2 and ⌈0.7·5⌉ = 4 → [0.5, 0.75].
    const narrow = bootstrapInterval(results, meanOf, { resamples: 5, level: 0.4, random: scripted(draws) });
    expect(narrow).toEqual({ lower: 0.5, upper: 0.75 });
  });

  it("has no interval for fewer than two results", () => {
    expect(bootstrapInterval([1], meanOf, { resamples: 10, level: 0.95, random: () => 0 })).toBeNull();
    expect(estimateMean([], { resamples: 10, level: 0.95, random: () => 0 })).toEqual({
      n: 0,
      mean: null,
      se: null,
      ci: null,
    });
  });

  it("draws nothing when every value is the same: the interval is the value itself", () => {
    const never = () => {
      throw new Error("no draw is needed");
    };
    const options = { resamples: 2_000, level: 0.95, random: never };
    expect(bootstrapInterval([1, 1, 1, 1], meanOf, options)).toEqual({ lower: 1, upper: 1 });
    expect(bootstrapInterval([0.5, 0.5], meanOf, options)).toEqual({ lower: 0.5, upper: 0.5 });
    expect(estimateMean([0, 0, 0], options)).toEqual({ n: 3, mean: 0, se: 0, ci: { lower: 0, upper: 0 } });
    expect(independentDifference([1, 1], [0, 0, 0], options)).toEqual({
      n: 2,
      mean: -1,
      se: 0,
      ci: { lower: -1, upper: -1 },
    });
    // One value apart, and the bootstrap runs (and draws).
    let draws = 0;
    const counted = { resamples: 3, level: 0.95, random: () => (draws++ % 2) / 2 };
    expect(bootstrapInterval([1, 1, 0], meanOf, counted)).not.toBeNull();
    expect(draws).toBe(9);
  });

  it("resamples pairs whole for the difference between two modes", () => {
    // Pairs (async, sync): (0,1), (1,1), (0,0), (1,1): differences 1, 0, 0, 0 → mean 0.25;
    // sd = √((0.5625 + 3·0.0625)/3) = √0.25 = 0.5; SE = 0.25.
    const pairs = [
      [0, 1],
      [1, 1],
      [0, 0],
      [1, 1],
    ] as const;
    // Two resamples: all of pair 0 (mean 1), then pairs 1, 2, 3, 3 (mean 0). At 50%: ranks 1 and 2.
    const estimate = pairedDifference(pairs, {
      resamples: 2,
      level: 0.5,
      random: scripted([0, 0, 0, 0, 0.25, 0.5, 0.75, 0.75]),
    });
    expect(estimate).toEqual({ n: 4, mean: 0.25, se: 0.25, ci: { lower: 0, upper: 1 } });
  });

  it("adds the variances of two independent means", () => {
    // a = 1, 0, 1, 1 (SE 0.25); b = 0, 0 (SE 0): difference −0.75, SE √(0.25² + 0²) = 0.25.
    const estimate = independentDifference([1, 0, 1, 1], [0, 0], {
      resamples: 1,
      level: 0.95,
      // a resampled as 1, 1, 1, 1; b as 0, 0: the one difference is −1.
      random: scripted([0, 0, 0, 0, 0, 0.5]),
    });
    expect(estimate).toEqual({ n: 2, mean: -0.75, se: 0.25, ci: { lower: -1, upper: -1 } });
  });
});

describe("the error policy's parts", () => {
  it("scopes statuses: transient, for the run, or for the episode", () => {
    expect(classifyStatus(429, "slow down", 3)).toBe("transient");
    expect(classifyStatus(503, "overloaded", 1)).toBe("transient");
    expect(classifyStatus(401, "bad key", 5)).toBe("run");
    expect(classifyStatus(404, "no such model", 5)).toBe("run");
    expect(classifyStatus(400, "temperature out of range", 1)).toBe("run");
    expect(classifyStatus(400, "prompt is too long: 210000 tokens", 7)).toBe("episode");
    expect(classifyStatus(400, "some field", 7)).toBe("episode");
  });

  it("jitters the backoff over the upper half of its exponential step", () => {
    // Step 2^(n−1) s capped at 60 s; wait = step/2 + r·step/2.
    expect(backoffMs(DEFAULT_RETRY, 1, () => 0)).toBe(500);
    expect(backoffMs(DEFAULT_RETRY, 3, () => 0.5)).toBe(3000);
    expect(backoffMs(DEFAULT_RETRY, 10, () => 0.999)).toBe(59_970);
  });

  it("opens the breaker after k transport failures in a row, and only in a row", () => {
    const breaker = new CircuitBreaker(3);
    expect(breaker.failure("u", "refused")).toBe(false);
    expect(breaker.failure("u", "refused")).toBe(false);
    breaker.success();
    expect(breaker.failure("u", "refused")).toBe(false);
    expect(breaker.failure("u", "refused")).toBe(false);
    expect(breaker.failure("u", "refused")).toBe(true);
    expect(() => breaker.check()).toThrow(/3 requests in a row to u failed in transport; the last: refused/);
    expect(new CircuitBreaker(0).failure("u", "x")).toBe(false);
  });
});

describe("providers, prices and the selection", () => {
  it("keeps a base URL's query and chooses the token field by model family", () => {
    expect(
      endpointUrl(
        "https://r.openai.azure.com/openai/deployments/d?api-version=2024-10-21",
        "/chat/completions",
      ),
    ).toBe("https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21");
    expect(defaultTokenField("gpt-4.1", true)).toBe("max_completion_tokens");
    expect(defaultTokenField("gpt-4.1", false)).toBe("max_tokens");
    expect(defaultTokenField("o4-mini", false)).toBe("max_completion_tokens");
    expect(defaultTokenField("azure/gpt-5", false)).toBe("max_completion_tokens");
  });

  it("prices a response: uncached input, cached input and output per million", () => {
    const found = priceOf(LIST_PRICES, "claude-sonnet-4-5-20250929");
    expect(found?.name).toBe("claude-sonnet-4-5");
    // 10,000 in of which 4,000 cached, 1,000 out at $3 / $0.30 / $15:
    // 6,000·3 + 4,000·0.3 + 1,000·15 = 18,000 + 1,200 + 15,000 = 34,200 → $0.0342.
    const usage = { inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 1_000, reasoningTokens: 0 };
    expect(costOf(found?.price ?? { input: 0, output: 0 }, usage)).toBeCloseTo(0.0342, 12);
    expect(priceOf(LIST_PRICES, "my-local-model")).toBeNull();
  });

  it("reads --episodes as a count, ids or a glob, and samples reproducibly", () => {
    expect(parseEpisodeChoice("12")).toEqual({ kind: "count", n: 12 });
    expect(parseEpisodeChoice("a, b")).toEqual({ kind: "ids", ids: ["a", "b"] });
    expect(parseEpisodeChoice("asynctool-v2-00*")).toEqual({ kind: "glob", pattern: "asynctool-v2-00*" });
    const match = globMatcher("asynctool-v2-00[12]?");
    expect(["asynctool-v2-0012", "asynctool-v2-0031", "asynctool-v2-001"].map(match)).toEqual([
      true,
      false,
      false,
    ]);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const sample = sampleScenarios(items, 5, 3);
    expect(sample).toEqual(sampleScenarios(items, 5, 3));
    expect(sample).toHaveLength(5);
    expect([...sample].sort((a, b) => a - b)).toEqual(sample);
  });
});
