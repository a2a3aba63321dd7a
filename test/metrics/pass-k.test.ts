import { describe, expect, it } from "vitest";
import { minRunsPerEpisode, passAtK } from "../../src/metrics/pass-k.js";

describe("pass^k", () => {
  const runs = [
    { episode: "e1", success: true },
    { episode: "e1", success: false },
    { episode: "e1", success: true },
    { episode: "e2", success: true },
    { episode: "e2", success: true },
    { episode: "e2", success: true },
  ];

  it("is the mean over episodes of C(c, k) / C(n, k)", () => {
    // e1: n = 3, c = 2; e2: n = 3, c = 3.
    // k=1: (2/3 + 1) / 2 = 5/6.  k=2: (C(2,2)/C(3,2) = 1/3 + 1) / 2 = 2/3.  k=3: (0 + 1) / 2 = 1/2.
    expect(passAtK(runs, 1)).toBeCloseTo(5 / 6, 12);
    expect(passAtK(runs, 2)).toBeCloseTo(2 / 3, 12);
    expect(passAtK(runs, 3)).toBe(0.5);
  });

  it("is null when an episode has fewer than k runs, for no runs, and for k < 1", () => {
    expect(passAtK(runs, 4)).toBeNull();
    expect(passAtK([], 1)).toBeNull();
    expect(passAtK(runs, 0)).toBeNull();
    expect(minRunsPerEpisode(runs)).toBe(3);
    expect(minRunsPerEpisode([...runs, { episode: "e3", success: false }])).toBe(1);
  });
});
